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
