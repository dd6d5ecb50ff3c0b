"""The certificate as a one-page PDF (reportlab), Korean or English, fonts embedded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from certdesk.domain.certificate import CertificateView
from certdesk.formats.pdf_fonts import BOLD, FONT, NAVY, para, register_fonts
from certdesk.i18n import _, language


def write_certificate(view: CertificateView, path: Path, lang: str) -> None:
    register_fonts()
    with language(lang):
        base = ParagraphStyle("b", fontName=FONT, fontSize=11, leading=16, wordWrap="CJK")
        title = ParagraphStyle(
            "t", parent=base, fontName=BOLD, fontSize=26, leading=34, textColor=NAVY, alignment=1
        )
        centre = ParagraphStyle("c", parent=base, alignment=1)
        small = ParagraphStyle("s", parent=base, fontSize=8.5, leading=12, textColor=colors.grey)
        rows = [
            [_("Supplier"), f"{view.supplier} ({view.business_id})"],
            [_("Site"), view.site or "—"],
            [_("Framework"), view.framework],
            [_("Outcome"), view.outcome],
            [_("Valid"), f"{view.issued.isoformat()} – {view.valid_until.isoformat()}"],
            [_("Verification code"), view.code],
        ]
        table = Table(
            [[para(k, base), para(v, base)] for k, v in rows], colWidths=[45 * mm, 110 * mm]
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 11),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story: list[Any] = [
            Spacer(1, 25 * mm),
            Paragraph(escape(_("Certificate")), title),
            Spacer(1, 6 * mm),
            Paragraph(escape(_("of conformity with a supplier security framework")), centre),
            Spacer(1, 14 * mm),
            table,
            Spacer(1, 12 * mm),
            Paragraph(
                escape(
                    _(
                        "Issued by the organisation running CertDesk on the basis of an on-site "
                        "assessment. This is not a certificate of the official certification body. "
                        "Check its validity with the verification code."
                    )
                ),
                small,
            ),
            Spacer(1, 4 * mm),
            Paragraph(
                escape(_("Bound to result package SHA-256: {sha}").format(sha=view.package_sha256)),
                small,
            ),
        ]
        SimpleDocTemplate(
            str(path), pagesize=A4, initialFontName=FONT, title=_("Certificate"), author="CertDesk"
        ).build(story)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
