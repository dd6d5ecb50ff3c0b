"""The answers CSV: item_id,answer[,note], in UTF-8 (with or without BOM) or CP949.

Read strictly: a quotation mark left open is refused at its row rather than
swallowing the rest of the file into one cell, and the rows and the cells are
bounded in number and length.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from certdesk.formats.bounded import too_large
from certdesk.formats.problems import InvalidFileError, Problem
from certdesk.i18n import _

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 10_000
"""Answer rows after the header; the largest bundled framework has 322 items."""
MAX_CELL = 10_000
"""Characters in one cell (the csv module itself stops at 131,072)."""
REQUIRED = ("item_id", "answer")


@dataclass(frozen=True)
class AnswerRow:
    row: int
    """The row number as a spreadsheet shows it (the header is row 1)."""
    item_id: str
    answer: str
    note: str


def decode(raw: bytes) -> str:
    """UTF-8 (a BOM is dropped), else CP949 as Korean Excel saves it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp949")


def _row_problem(name: str, row: int, message: str) -> InvalidFileError:
    return InvalidFileError([Problem(name, _("row {row}").format(row=row) + ": " + message)])


def _columns(name: str, cells: list[str]) -> dict[str, int]:
    header = [h.strip().lower() for h in cells]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        msg = _("the header row must name the columns item_id and answer (missing: {cols})")
        raise InvalidFileError([Problem(name, msg.format(cols=", ".join(missing)), 1)])
    return {c: header.index(c) for c in (*REQUIRED, "note") if c in header}


def _check(name: str, number: int, cells: list[str]) -> None:
    if number > MAX_ROWS + 1:
        msg = _("the file has more than {limit} rows of answers").format(limit=MAX_ROWS)
        raise InvalidFileError([Problem(name, msg)])
    if any(len(cell) > MAX_CELL for cell in cells):
        msg = _("a cell is longer than {limit} characters").format(limit=MAX_CELL)
        raise _row_problem(name, number, msg)


def read_answers(raw: bytes, name: str) -> list[AnswerRow]:
    if len(raw) > MAX_BYTES:
        raise too_large(name, len(raw), MAX_BYTES)
    try:
        text = decode(raw)
    except UnicodeDecodeError:
        msg = _("the file is neither UTF-8 nor CP949 text")
        raise InvalidFileError([Problem(name, msg)]) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    col: dict[str, int] = {}
    rows: list[AnswerRow] = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            _check(name, number, cells)
            if number == 1:
                col = _columns(name, cells)
            elif any(c.strip() for c in cells):
                item_id, answer, note = (
                    cells[col[c]].strip() if c in col and col[c] < len(cells) else ""
                    for c in ("item_id", "answer", "note")
                )
                rows.append(AnswerRow(number, item_id, answer, note))
    except csv.Error as exc:
        if "field larger" in str(exc):  # the csv module's own limit on a cell
            msg = _("a cell is longer than {limit} characters").format(limit=MAX_CELL)
        else:
            msg = _("a quotation mark is not closed, or text follows the closing one")
        raise _row_problem(name, number + 1, msg) from None
    if number == 0:
        _columns(name, [])
    return rows
