"""The management report of the supplier portfolio: PDF and XLSX."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from certdesk.domain.report import PortfolioReport
from certdesk.formats.pdf_fonts import BOLD, FONT, NAVY, para, register_fonts
from certdesk.formats.xlsx.cells import header, put
from certdesk.i18n import _, language


def write_pdf(report: PortfolioReport, path: Path, lang: str) -> None:
    register_fonts()
    with language(lang):
        base = ParagraphStyle("b", fontName=FONT, fontSize=8.5, leading=11, wordWrap="CJK")
        title = ParagraphStyle(
            "t", parent=base, fontName=BOLD, fontSize=18, leading=24, textColor=NAVY
        )
        lines = [f"{k}: {v}" for k, v in report.outcomes]
        table = Table(
            [list(report.headings), *([para(c, base) for c in row] for row in report.rows)],
            repeatRows=1,
            colWidths=[w * mm for w in (38, 27, 22, 28, 22, 28, 16, 16, 13, 13, 13, 25)],
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 8.5),
                    ("FONT", (0, 0), (-1, 0), BOLD, 8.5),
                    ("BACKGROUND", (0, 0), (-1, 0), NAVY),
                    ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story: list[Any] = [
            para(report.title, title),
            Paragraph(
                _("As of {day}; {n} suppliers").format(
                    day=report.as_of.isoformat(), n=len(report.rows)
                ),
                base,
            ),
            Spacer(1, 4 * mm),
            para("\n".join(lines), base),
            Spacer(1, 6 * mm),
            table,
        ]
        SimpleDocTemplate(
            str(path),
            pagesize=landscape(A4),
            initialFontName=FONT,
            title=report.title,
            author="CertDesk",
            leftMargin=15 * mm,
            rightMargin=15 * mm,
        ).build(story)


def write_xlsx(report: PortfolioReport, path: Path, lang: str) -> None:
    with language(lang):
        book = Workbook()
        ws = book.active
        assert ws is not None
        ws.title = _("Portfolio")
        header(ws, list(report.headings), [30, 16, 18, 24, 16, 22, 10, 12, 10, 10, 10, 18])
        for n, row in enumerate(report.rows, start=2):
            for col, value in enumerate(row, start=1):
                put(ws, n, col, value)
        ws.auto_filter.ref = ws.dimensions
        summary = book.create_sheet(_("Outcomes"))
        header(summary, [_("Outcome"), _("Suppliers")], [30, 12])
        counts = report.outcomes
        for n, (outcome, count) in enumerate(counts, start=2):
            put(summary, n, 1, outcome)
            put(summary, n, 2, count)
        chart = BarChart()
        chart.title = _("Suppliers by outcome")
        chart.add_data(
            Reference(summary, min_col=2, min_row=1, max_row=len(counts) + 1), titles_from_data=True
        )
        chart.set_categories(Reference(summary, min_col=1, min_row=2, max_row=len(counts) + 1))
        summary.add_chart(chart, "D2")
        book.save(path)
