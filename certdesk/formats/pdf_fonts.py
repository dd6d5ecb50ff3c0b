"""What every CertDesk PDF shares: the embedded Korean-capable font, colours, paragraphs."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.graphics import shapes
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from certdesk.paths import fonts_dir

FONT, BOLD = "NanumGothic", "NanumGothic-Bold"
NAVY = colors.HexColor("#1F3864")


def register_fonts() -> None:
    """Register NanumGothic (embedded as a subset in every PDF) once."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(fonts_dir() / "NanumGothic.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(fonts_dir() / "NanumGothicBold.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
        # Charts start drawing in this default font; make it the embedded one.
        shapes.STATE_DEFAULTS["fontName"] = FONT


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)
