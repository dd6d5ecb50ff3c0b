"""The certificate as a one-page PDF (reportlab), Korean or English, fonts embedded.

It names the supplier and the scope (site, production processes, framework and its
version), the score and outcome, the validity, who issued it with which of
headquarters' keys, and the verification code with its QR code. The signed statement
(`services.hq.certificate_statement`) rides in the document's keywords.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepInFrame,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from certdesk.domain.certificate import CertificateView
from certdesk.formats.pdf_fonts import BOLD, FONT, NAVY, para, register_fonts
from certdesk.i18n import _, language

NBSP = "\u00a0"
QR_SIZE = 34 * mm
KEY_WIDTH = 42 * mm


def qr_drawing(code: str, size: float = QR_SIZE) -> Drawing:
    """The QR code of `code` (error correction M, a quiet zone of four modules)."""
    drawing = Drawing(size, size)
    drawing.add(QrCodeWidget(code, barLevel="M", barWidth=size, barHeight=size, barBorder=4))
    return drawing


def _styles() -> dict[str, ParagraphStyle]:
    """Lines break at spaces, as Korean is written (between 어절), never inside a word:
    no wordWrap="CJK". A word too long for its line (a hash) is still split."""
    base = ParagraphStyle("b", fontName=FONT, fontSize=10.5, leading=15, splitLongWords=1)
    return {
        "base": base,
        "key": ParagraphStyle("k", parent=base, textColor=NAVY),
        "title": ParagraphStyle(
            "t", parent=base, fontName=BOLD, fontSize=26, leading=34, textColor=NAVY, alignment=1
        ),
        "centre": ParagraphStyle("c", parent=base, alignment=1),
        "code": ParagraphStyle("q", parent=base, fontName=BOLD, fontSize=17, leading=24),
        "small": ParagraphStyle(
            "s", parent=base, fontSize=8.5, leading=12, textColor=colors.HexColor("#555555")
        ),
    }


def _facts(view: CertificateView, st: dict[str, ParagraphStyle], width: float) -> Table:
    fingerprint = (view.signer or "—").replace(" ", NBSP)  # kept on one line
    issuer = _("{user} (fingerprint of headquarters' signing key: {fingerprint})").format(
        user=view.issued_by or "—", fingerprint=fingerprint
    )
    rows = [
        (_("Supplier"), f"{view.supplier} ({view.business_id})"),
        (_("Site"), view.site or "—"),
        (_("Production processes"), ", ".join(view.processes) or "—"),
        (
            _("Framework"),
            _("{title}, version {version}").format(
                title=view.framework, version=view.framework_version or "—"
            ),
        ),
        (_("Score"), view.score),
        (_("Outcome"), view.outcome),
        (_("Valid"), f"{view.issued.isoformat()} – {view.valid_until.isoformat()}"),
        (_("Issued by"), issuer),
    ]
    table = Table(
        [[para(k, st["key"]), para(v, st["base"])] for k, v in rows],
        colWidths=[KEY_WIDTH, width - KEY_WIDTH],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 10.5),  # else cells set Helvetica, unembedded
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _verification(view: CertificateView, st: dict[str, ParagraphStyle], width: float) -> Table:
    words = [
        para(_("Verification code"), st["key"]),
        para(view.code, st["code"]),
        Spacer(1, 2 * mm),
        para(
            _(
                "Ask headquarters to verify this code, or verify this file itself: it "
                "carries headquarters' signature of what it states."
            ),
            st["small"],
        ),
    ]
    side = QR_SIZE + 6 * mm
    box = Table([[qr_drawing(view.code), words]], colWidths=[side, width - side])
    box.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 10.5),
                ("BOX", (0, 0), (-1, -1), 0.5, NAVY),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (0, 0), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    return box


def write_certificate(view: CertificateView, path: Path, lang: str, seal: str = "") -> None:
    """Write the certificate in `lang` (ko or en); `seal`, the signed statement's marker,
    goes into the document's keywords."""
    register_fonts()
    with language(lang):
        st = _styles()
        doc = SimpleDocTemplate(
            str(path),
            pagesize=A4,
            initialFontName=FONT,
            title=_("Certificate"),
            author="CertDesk",
            subject=view.code,
            keywords=[seal] if seal else [],
        )
        story: list[Any] = [
            Spacer(1, 8 * mm),
            Paragraph(escape(_("Certificate")), st["title"]),
            Spacer(1, 4 * mm),
            para(_("of conformity with a supplier security framework"), st["centre"]),
            Spacer(1, 10 * mm),
            _facts(view, st, doc.width),
            Spacer(1, 8 * mm),
            _verification(view, st, doc.width),
            Spacer(1, 8 * mm),
            para(
                _(
                    "Issued by the organisation running CertDesk on the basis of an on-site "
                    "assessment. This is not a certificate of the official certification "
                    "body. Check its validity with the verification code."
                ),
                st["small"],
            ),
            Spacer(1, 3 * mm),
            para(
                _("Bound to result package SHA-256: {sha}").format(sha=view.package_sha256),
                st["small"],
            ),
        ]
        # One page, always: a scope too long for it is drawn smaller, never cut.
        doc.build([KeepInFrame(doc.width, doc.height - 1, story, mode="shrink")])


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
