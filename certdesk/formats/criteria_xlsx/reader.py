"""Reads a framework workbook back into criteria data, remembering each value's cell."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from certdesk.formats.bounded import (
    XLSX_MAX_BYTES,
    XLSX_MAX_COLUMNS,
    check_xlsx,
    damaged,
    read_regular,
    sheet_rows,
)
from certdesk.formats.criteria_xlsx.layout import (
    AREAS,
    CRITERIA,
    FRAMEWORK_SHEET,
    ITEMS,
    LEVELS,
    LIST_COLUMNS,
    OUTCOMES,
    PROFILES,
    RULES,
    SCALES,
    SCOPE,
    SHEETS,
    VERSION_SHEETS,
    Row,
    Sheet,
    set_path,
)
from certdesk.formats.criteria_xlsx.versions import assemble_versions
from certdesk.formats.problems import DocPath, InvalidFileError, Problem
from certdesk.i18n import _

ID_COLUMNS = frozenset(
    {
        "id",
        "code",
        "scale",
        "outcome",
        "area",
        "criterion",
        "version",
        "from_version",
        "item",
        "same",
        "merged_into",
        "default_scale",
        "default_profile",
        "decision.default",
    }
)
_WIDEST = 18_278
"""Column ZZZ, the last one openpyxl can name: the header row is read that wide."""
Cells = dict[DocPath, str]
Parent = tuple[DocPath, dict[str, Any]]


class _Reader:
    def __init__(self, path: Path) -> None:
        self.name = str(path)
        self.cells: Cells = {}

    def fail(self, cell: str, message: str) -> InvalidFileError:
        return InvalidFileError([Problem(self.name, message, cell=cell)])

    def value(self, cell: Any, column: str, where: str) -> Any:
        if cell.data_type == "f":
            raise self.fail(where, _("formulas are not allowed here; type the value"))
        value = cell.value
        if value is None or value == "":
            return None
        if column in LIST_COLUMNS:
            return [p.strip() for p in str(value).split(",") if p.strip()]
        if column in ID_COLUMNS and isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if column in ID_COLUMNS and isinstance(value, float):
            raise self.fail(where, _("type this id as text, not as a number"))
        if not isinstance(value, str | int | float | bool):
            raise self.fail(where, _("expected text, a number or TRUE/FALSE"))
        return value

    def framework(self, ws: Worksheet) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for number, row in sheet_rows(ws, self.name, FRAMEWORK_SHEET, first=2, width=2):
            if len(row) < 2 or row[0].value in (None, ""):
                continue
            key, where = str(row[0].value), f"{FRAMEWORK_SHEET}!B{number}"
            path = tuple(key.split("."))
            if path in self.cells:
                raise self.fail(f"{FRAMEWORK_SHEET}!A{number}", _("this key appears twice"))
            value = self.value(row[1], key, where)
            self._remember(path, where)
            if value is not None:
                set_path(data, key, value)
        return data

    def _remember(self, path: DocPath, where: str) -> None:
        for end in range(1, len(path) + 1):
            self.cells.setdefault(path[:end], where)

    def header(self, ws: Worksheet, sheet: Sheet) -> list[str]:
        """The column names in the sheet's first row (at most XLSX_MAX_COLUMNS)."""
        first = sheet_rows(ws, self.name, sheet.name, first=1, width=_WIDEST)
        _row, cells = next(first, (1, ()))
        names = ["" if c.value is None else str(c.value) for c in cells]
        while names and not names[-1]:
            names.pop()
        if len(names) > XLSX_MAX_COLUMNS:
            msg = _("the sheet '{sheet}' has more than {limit} columns")
            where = f"{sheet.name}!{get_column_letter(len(names))}1"
            raise self.fail(where, msg.format(sheet=sheet.name, limit=XLSX_MAX_COLUMNS))
        return names

    def rows(self, ws: Worksheet, sheet: Sheet) -> list[Row]:
        """(row number, record, cell of each column) for every non-empty row."""
        names = self.header(ws, sheet)
        letters = [get_column_letter(n) for n in range(1, len(names) + 1)]
        for col, name in enumerate(names):
            if name and names.index(name) != col:
                raise self.fail(f"{sheet.name}!{letters[col]}1", _("this column appears twice"))
        found: list[Row] = []
        width = max(len(names), 1)
        for number, row in sheet_rows(ws, self.name, sheet.name, first=2, width=width):
            record: dict[str, Any] = {}
            where: dict[str, str] = {}
            for name, letter, cell in zip(names, letters, row, strict=False):
                if not name:
                    continue
                where[name] = f"{sheet.name}!{letter}{number}"
                value = self.value(cell, name, where[name])
                if value is not None:
                    set_path(record, name, value)
            if record:
                if sheet.required_list:
                    record.setdefault(sheet.required_list, [])
                if sheet.required_mapping:
                    record.setdefault(sheet.required_mapping, {})
                found.append((number, record, where))
        return found

    def place(self, sheet: Sheet, row: int, where: dict[str, str], path: DocPath) -> None:
        """Remember the cells of the record found at `row`, now at `path`."""
        self.cells[path] = f"{sheet.name}!A{row}"
        for column, cell in where.items():
            if column != sheet.parent:
                self._remember((*path, *column.split(".")), cell)

    def top(self, sheet: Sheet, rows: list[Row], base: DocPath) -> list[dict[str, Any]]:
        for n, (row, _record, where) in enumerate(rows):
            self.place(sheet, row, where, (*base, n))
        return [record for _row, record, _where in rows]


def _not_a_workbook(path: Path) -> InvalidFileError:
    msg = _("this is not an Excel workbook (.xlsx) that CertDesk can read")
    return InvalidFileError([Problem(str(path), msg)])


def _open(path: Path) -> Any:
    """The workbook at `path`, opened only once its zip is known to unpack to little."""
    raw = read_regular(path, XLSX_MAX_BYTES, str(path))
    check_xlsx(raw, str(path))
    try:
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except damaged(InvalidFileException):
        raise _not_a_workbook(path) from None


def read_workbook(path: Path) -> tuple[dict[str, Any], Cells]:
    """The criteria data in a workbook and the cell each value came from."""
    book = _open(path)
    reader = _Reader(path)
    try:
        names = book.sheetnames
        missing = [s for s in (FRAMEWORK_SHEET, *(s.name for s in SHEETS)) if s not in names]
        if missing:
            msg = _("the sheet '{sheet}' is missing").format(sheet=missing[0])
            raise InvalidFileError([Problem(str(path), msg)])
        data = reader.framework(book[FRAMEWORK_SHEET])
        rows = {s: reader.rows(book[s.name], s) for s in SHEETS}
        rows |= {s: reader.rows(book[s.name], s) for s in VERSION_SHEETS if s.name in names}
    finally:
        book.close()
    _assemble(reader, data, rows)
    assemble_versions(reader, data, rows)
    return data, reader.cells


def _assemble(reader: _Reader, data: dict[str, Any], rows: dict[Sheet, list[Row]]) -> None:
    if rows[SCOPE]:
        fields = reader.top(SCOPE, rows[SCOPE], ("scope", "fields"))
        data.setdefault("scope", {})["fields"] = fields
    data["scales"] = reader.top(SCALES, rows[SCALES], ("scales",))
    data["outcomes"] = reader.top(OUTCOMES, rows[OUTCOMES], ("outcomes",))
    rules = reader.top(RULES, rows[RULES], ("decision", "rules"))
    data.setdefault("decision", {})["rules"] = rules
    if rows[PROFILES]:
        data["profiles"] = reader.top(PROFILES, rows[PROFILES], ("profiles",))
    data["areas"] = reader.top(AREAS, rows[AREAS], ("areas",))
    scales: list[Parent] = [(("scales", n), s) for n, s in enumerate(data["scales"])]
    _children(reader, scales, "levels", LEVELS, rows[LEVELS])
    areas: list[Parent] = [(("areas", n), a) for n, a in enumerate(data["areas"])]
    _children(reader, areas, "criteria", CRITERIA, rows[CRITERIA])
    criteria: list[Parent] = [
        ((*path, "criteria", n), c) for path, a in areas for n, c in enumerate(a["criteria"])
    ]
    _children(reader, criteria, "items", ITEMS, rows[ITEMS])


def _children(
    reader: _Reader,
    parents: list[Parent],
    key: str,
    sheet: Sheet,
    rows: list[Row],
) -> None:
    """Attach each row, in row order, to the record its parent column names."""
    index = {str(p.get("id")): (path, p) for path, p in parents}
    for _path, parent in parents:
        parent.setdefault(key, [])
    column = sheet.parent or "id"
    for row, record, where in rows:
        owner = record.pop(column, None)
        if owner not in index:
            msg = _("there is no '{id}' to attach this row to").format(id=owner)
            raise reader.fail(where.get(column, f"{sheet.name}!A{row}"), msg)
        path, parent = index[owner]
        reader.place(sheet, row, where, (*path, key, len(parent[key])))
        parent[key].append(record)
