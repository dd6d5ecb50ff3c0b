"""Writes a framework's data as a workbook (openpyxl)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from certdesk.formats.criteria_xlsx.layout import (
    ABOUT_SHEET,
    AREAS,
    CRITERIA,
    FRAMEWORK_SHEET,
    ITEMS,
    LEVELS,
    OUTCOMES,
    OWN_SHEETS,
    PROFILES,
    RULES,
    SCALES,
    SCOPE,
    Sheet,
    columns,
    flatten,
)
from certdesk.formats.criteria_xlsx.versions import version_records
from certdesk.formats.xlsx.cells import landscape
from certdesk.i18n import _

HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
WIDE = ("ko", "en")


def _records(data: dict[str, Any]) -> dict[Sheet, list[dict[str, Any]]]:
    scales = data.get("scales", [])
    areas = data.get("areas", [])
    return {
        SCOPE: [flatten(f) for f in data.get("scope", {}).get("fields", [])],
        SCALES: [flatten(s, frozenset({"levels"})) for s in scales],
        LEVELS: [{"scale": s["id"], **flatten(lv)} for s in scales for lv in s["levels"]],
        OUTCOMES: [flatten(o) for o in data.get("outcomes", [])],
        RULES: [flatten(r) for r in data.get("decision", {}).get("rules", [])],
        PROFILES: [flatten(p) for p in data.get("profiles", [])],
        AREAS: [flatten(a, frozenset({"criteria"})) for a in areas],
        CRITERIA: [
            {"area": a["id"], **flatten(c, frozenset({"items"}))}
            for a in areas
            for c in a["criteria"]
        ],
        ITEMS: [
            {"criterion": c["id"], **flatten(i)}
            for a in areas
            for c in a["criteria"]
            for i in c["items"]
        ],
    }


def _put(ws: Worksheet, row: int, col: int, value: Any) -> None:
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text is text: never a formula, whatever it starts with


def _header(ws: Worksheet, names: list[str]) -> None:
    for col, name in enumerate(names, start=1):
        _put(ws, 1, col, name)
        cell = ws.cell(row=1, column=col)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = 60 if name.endswith(WIDE) else 16
    ws.freeze_panes = "B2" if len(names) > 1 else "A2"
    ws.auto_filter.ref = ws.dimensions
    landscape(ws, title_rows="1:1")


def _about(ws: Worksheet, data: dict[str, Any]) -> None:
    lines = [
        _("CertDesk framework workbook"),
        f"{data.get('id')} {data.get('version')}",
        _("Edit the texts and values, then run:"),
        "certdesk frameworks import-xlsx FILE.xlsx -o FILE.yaml",
        _("Each sheet holds one kind of record; the layout is in docs/criteria-xlsx.md."),
        _("An empty cell means the value is not set. Lists are comma-separated."),
        _("Clear content_hash on the Framework sheet after changing the content."),
    ]
    for row, line in enumerate(lines, start=1):
        _put(ws, row, 1, line)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 100


def write_workbook(data: dict[str, Any], path: Path) -> None:
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = ABOUT_SHEET
    _about(about, data)
    main = book.create_sheet(FRAMEWORK_SHEET)
    _header(main, ["key", "value"])
    main.column_dimensions["A"].width = 40
    main.column_dimensions["B"].width = 100
    for row, (key, value) in enumerate(flatten(data, OWN_SHEETS).items(), start=2):
        _put(main, row, 1, key)
        _put(main, row, 2, value)
        main.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    for sheet, rows in {**_records(data), **version_records(data)}.items():
        ws = book.create_sheet(sheet.name)
        names = columns(sheet, rows)
        _header(ws, names)
        for r, record in enumerate(rows, start=2):
            for c, name in enumerate(names, start=1):
                if name in record:
                    _put(ws, r, c, record[name])
                if name.endswith(WIDE):
                    ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
    book.save(path)
