"""The self-assessment questionnaire: filled in Excel or LibreOffice, read back.

Sheet `Questionnaire`: one row per applicable item; the answer column has a
drop-down of the item's scale, the note and evidence-reference columns are
free; everything else is locked (sheet protection without a password: it
guards the structure against slips, not against intent). A very hidden sheet
`_certdesk` holds the framework's id, version and content hash, the
assessment id and the item ids in order, so a workbook for another framework
version, or with rows moved, is refused.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Protection
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from certdesk.domain.framework import Framework, Item
from certdesk.formats.problems import InvalidFileError, Problem
from certdesk.formats.xlsx.cells import header, put
from certdesk.i18n import _, language

SHEET, META = "Questionnaire", "_certdesk"
COLUMNS = ("area", "criterion", "item", "requirement", "evidence", "answer", "note", "reference")
ANSWER, NOTE, REFERENCE = 6, 7, 8


def choice(framework: Framework, item: Item, code: str, lang: str) -> str:
    """The drop-down text of an answer: its label and its code, e.g. `충족 (met)`."""
    return f"{framework.answer_label(item.id, code, lang)} ({code})"


@dataclass(frozen=True)
class Meta:
    framework_id: str
    version: str
    content_hash: str
    assessment_id: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    cell: str
    """The answer's cell, e.g. `Questionnaire!F12`."""
    item_cell: str
    item_id: str
    answer: str
    note: str
    reference: str


def write_questionnaire(
    framework: Framework,
    items: list[Item],
    *,
    meta: Meta,
    held: dict[str, tuple[str, str | None]],
    path: Path,
    lang: str,
) -> None:
    with language(lang):
        book = Workbook()
        ws = book.active
        assert ws is not None
        ws.title = SHEET
        header(
            ws,
            [
                _("Area"),
                _("Criterion"),
                _("Item"),
                _("Requirement"),
                _("Evidence that shows it"),
                _("Answer"),
                _("Note"),
                _("Evidence reference"),
            ],
            [8, 9, 9, 60, 45, 22, 40, 24],
        )
        area_of = {i.id: (a.id, c.id) for a in framework.areas for c in a.criteria for i in c.items}
        for n, item in enumerate(items, start=2):
            code, note = held.get(item.id, ("", None))
            values = [
                *area_of[item.id],
                item.id,
                item.requirement.get(lang),
                item.evidence.get(lang),
                choice(framework, item, code, lang) if code else "",
                note or "",
                "",
            ]
            for col, value in enumerate(values, start=1):
                put(ws, n, col, value, wrap=col in (4, 5, 7))
            validation = DataValidation(
                type="list",
                allow_blank=True,
                formula1='"'
                + ",".join(choice(framework, item, c, lang) for c in framework.scale_of(item).codes)
                + '"',
            )
            validation.error = _("Choose an answer from the list.")
            ws.add_data_validation(validation)
            validation.add(ws.cell(row=n, column=ANSWER))
            for col in (ANSWER, NOTE, REFERENCE):
                ws.cell(row=n, column=col).protection = Protection(locked=False)
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        hidden = book.create_sheet(META)
        for n, value in enumerate(
            (meta.framework_id, meta.version, meta.content_hash, meta.assessment_id, *meta.items),
            start=1,
        ):
            put(hidden, n, 1, value)
        hidden.sheet_state = "veryHidden"
        book.save(path)


def _fail(path: Path, message: str, cell: str | None = None) -> InvalidFileError:
    return InvalidFileError([Problem(str(path), message, cell=cell)])


def read_questionnaire(path: Path) -> tuple[Meta, list[Row]]:
    try:
        book = load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise _fail(
            path, _("this is not an Excel workbook (.xlsx) that CertDesk can read")
        ) from None
    if SHEET not in book or META not in book:
        raise _fail(path, _("this is not a CertDesk questionnaire (its sheets are missing)"))
    values = [str(c.value) for c in book[META]["A"] if c.value is not None]
    if len(values) < 4:
        raise _fail(path, _("this is not a CertDesk questionnaire (its sheets are missing)"))
    meta = Meta(values[0], values[1], values[2], values[3], tuple(values[4:]))
    ws = book[SHEET]
    rows: list[Row] = []
    for n in range(2, ws.max_row + 1):
        cells = [ws.cell(row=n, column=c) for c in range(1, len(COLUMNS) + 1)]
        if all(c.value in (None, "") for c in cells):
            continue
        for c in (cells[ANSWER - 1], cells[NOTE - 1], cells[REFERENCE - 1]):
            if c.data_type == "f":
                raise _fail(
                    path,
                    _("formulas are not allowed here; type the value"),
                    f"{SHEET}!{c.coordinate}",
                )
        text = [("" if c.value is None else str(c.value)).strip() for c in cells]
        rows.append(
            Row(
                f"{SHEET}!{cells[ANSWER - 1].coordinate}",
                f"{SHEET}!{cells[2].coordinate}",
                text[2],
                text[ANSWER - 1],
                text[NOTE - 1],
                text[REFERENCE - 1],
            )
        )
    return meta, rows
