"""Writing cells safely: text stays text, never a formula."""

from __future__ import annotations

import re
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters a workbook cannot hold (openpyxl refuses them): shown as \\xNN."""


def put(ws: Worksheet, row: int, col: int, value: Any, wrap: bool = False) -> None:
    """Write a value; text is stored as text, and text that a spreadsheet could take
    for a formula is marked with a quote prefix so it is shown, never run."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def header(ws: Worksheet, names: list[str], widths: list[int]) -> None:
    for col, (name, width) in enumerate(zip(names, widths, strict=True), start=1):
        put(ws, 1, col, name)
        cell = ws.cell(row=1, column=col)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


def landscape(ws: Worksheet, title_rows: str | None = None) -> None:
    """Print on A4 landscape, as wide as the page, as many pages down as it takes;
    `title_rows` (e.g. "1:1") repeat on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if title_rows:
        ws.print_title_rows = title_rows


def _lines(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide (wide East Asian
    characters count twice)."""
    from math import ceil
    from unicodedata import east_asian_width

    total = 0
    for line in text.split("\n"):
        chars = sum(2 if east_asian_width(c) in "WF" else 1 for c in line)
        total += max(1, ceil(chars / max(width - 1, 1)))
    return total


def fit_rows(ws: Worksheet, first: int = 2, line_height: float = 15.0) -> None:
    """Set each row's height to show its wrapped text whole: spreadsheet programs do not
    all measure rows again when they open a file, and printed pages then cut text."""
    widths = {
        letter: dim.width or 8.43 for letter, dim in ws.column_dimensions.items() if dim.width
    }
    for number, row in enumerate(ws.iter_rows(min_row=first), start=first):
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                width = widths.get(cell.column_letter, 8.43)
                lines = max(lines, _lines(cell.value, width))
        if lines > 1:
            ws.row_dimensions[number].height = min(409.0, lines * line_height)
            for cell in row:  # the row's short values beside the wrapped text, at its top
                if not cell.alignment.wrap_text:
                    cell.alignment = Alignment(vertical="top")
