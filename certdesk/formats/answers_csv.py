"""The answers CSV: item_id,answer[,note], in UTF-8 (with or without BOM) or CP949."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from certdesk.formats.problems import InvalidFileError, Problem
from certdesk.i18n import _

MAX_BYTES = 20 * 1024 * 1024
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


def read_answers(raw: bytes, name: str) -> list[AnswerRow]:
    if len(raw) > MAX_BYTES:
        raise InvalidFileError([Problem(name, _("the file is too large"))])
    try:
        text = decode(raw)
    except UnicodeDecodeError:
        msg = _("the file is neither UTF-8 nor CP949 text")
        raise InvalidFileError([Problem(name, msg)]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        msg = _("the header row must name the columns item_id and answer (missing: {cols})")
        raise InvalidFileError([Problem(name, msg.format(cols=", ".join(missing)), 1)])
    col = {name: header.index(name) for name in (*REQUIRED, "note") if name in header}
    rows: list[AnswerRow] = []
    for number, cells in enumerate(reader, start=2):
        if any(c.strip() for c in cells):
            padded = cells + [""] * (len(header) - len(cells))
            item_id, answer, note = (
                padded[col[c]].strip() if c in col else "" for c in ("item_id", "answer", "note")
            )
            rows.append(AnswerRow(number, item_id, answer, note))
    return rows
