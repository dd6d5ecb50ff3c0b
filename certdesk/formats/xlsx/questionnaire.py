"""The self-assessment questionnaire: filled in Excel or LibreOffice, read back.

A cover sheet says whose questionnaire it is and how to fill it in. The
questionnaire sheet (named in the chosen language) has one row per applicable
item; the answer column has a drop-down of the item's scale that refuses
anything else, the note and evidence-reference columns are free; everything
else is locked (sheet protection without a password: it guards the structure
against slips, not against intent). It prints on A4 landscape at page width
with its header row on every page. A very hidden sheet `_certdesk` holds the
framework's id, version and content hash, the assessment id and the item ids
in order (column A) and the questionnaire sheet's name (B1), so a workbook for
another framework version, or with rows moved, is refused.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from certdesk.domain.framework import Framework, Item
from certdesk.formats.bounded import XLSX_MAX_BYTES, check_xlsx, damaged, read_regular, sheet_rows
from certdesk.formats.problems import InvalidFileError, Problem
from certdesk.formats.xlsx.cells import fit_rows, header, landscape, put
from certdesk.formats.xlsx.questionnaire_cover import Cover, write_cover
from certdesk.i18n import _, language

SHEET, META = "Questionnaire", "_certdesk"
"""The sheet's name in workbooks written before it was translated, and the hidden sheet."""
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
    row: int
    item_cell: str
    item_id: str
    answer: str
    note: str
    reference: str


def sheet_name() -> str:
    """The questionnaire sheet's name in the current language."""
    return _("Self-assessment")


def columns() -> list[str]:
    """The column headings, in the current language, in the order of COLUMNS."""
    return [
        _("Area"),
        _("Criterion"),
        _("Item"),
        _("Requirement"),
        _("Evidence that shows it"),
        _("Answer"),
        _("Note"),
        _("Evidence reference"),
    ]


def write_questionnaire(
    framework: Framework,
    items: list[Item],
    *,
    meta: Meta,
    cover: Cover,
    held: dict[str, tuple[str, str | None]],
    path: Path,
    lang: str,
) -> None:
    with language(lang):
        book = Workbook()
        ws = book.active
        assert ws is not None
        ws.title = sheet_name()
        header(ws, columns(), [22, 26, 9, 60, 45, 22, 40, 24])
        where = {
            i.id: (f"{a.id} {a.title.get(lang)}", f"{c.id} {c.title.get(lang)}")
            for a in framework.areas
            for c in a.criteria
            for i in c.items
        }
        for n, item in enumerate(items, start=2):
            code, note = held.get(item.id, ("", None))
            values = [
                *where[item.id],
                item.id,
                item.requirement.get(lang),
                item.evidence.get(lang),
                choice(framework, item, code, lang) if code else "",
                note or "",
                "",
            ]
            for col, value in enumerate(values, start=1):
                put(ws, n, col, value, wrap=col in (1, 2, 4, 5, 7))
            codes = framework.scale_of(item).codes
            _answer_list(ws, n, [choice(framework, item, c, lang) for c in codes])
            for col in (ANSWER, NOTE, REFERENCE):
                ws.cell(row=n, column=col).protection = Protection(locked=False)
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        fit_rows(ws)
        landscape(ws, title_rows="1:1")
        write_cover(book.create_sheet(_("Cover"), 0), framework, cover, lang, len(items))
        book.active = 0
        hidden = book.create_sheet(META)
        for n, value in enumerate(
            (meta.framework_id, meta.version, meta.content_hash, meta.assessment_id, *meta.items),
            start=1,
        ):
            put(hidden, n, 1, value)
        put(hidden, 1, 2, ws.title)
        hidden.sheet_state = "veryHidden"
        book.save(path)


def _answer_list(ws: Any, row: int, choices: list[str]) -> None:
    """The answer cell's drop-down: only these answers, anything else refused with a message."""
    validation = DataValidation(
        type="list", allow_blank=True, formula1='"' + ",".join(choices) + '"'
    )
    validation.showErrorMessage = True
    validation.errorStyle = "stop"
    validation.errorTitle = _("Not an answer")
    validation.error = _("Choose an answer from the list.")
    validation.showInputMessage = True
    validation.promptTitle = _("Answer")
    validation.prompt = _("Choose from the list.")
    ws.add_data_validation(validation)
    validation.add(ws.cell(row=row, column=ANSWER))


def _fail(path: Path, message: str, cell: str | None = None) -> InvalidFileError:
    return InvalidFileError([Problem(str(path), message, cell=cell)])


def _not_a_workbook(path: Path) -> InvalidFileError:
    return _fail(path, _("this is not an Excel workbook (.xlsx) that CertDesk can read"))


def read_questionnaire(path: Path) -> tuple[Meta, list[Row]]:
    """The meta data and the filled rows of a questionnaire; its zip is checked first."""
    raw = read_regular(path, XLSX_MAX_BYTES, str(path))
    check_xlsx(raw, str(path))
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except damaged(InvalidFileException):
        raise _not_a_workbook(path) from None
    try:
        if META not in book.sheetnames:
            raise _missing(path)
        meta, name = _meta(path, book[META])
        if name not in book.sheetnames:
            raise _missing(path)
        return meta, _rows(path, book[name], name)
    finally:
        book.close()


def _missing(path: Path) -> InvalidFileError:
    return _fail(path, _("this is not a CertDesk questionnaire (its sheets are missing)"))


def _meta(path: Path, ws: Any) -> tuple[Meta, str]:
    """The meta data, and the questionnaire sheet's name (B1; older files: `Questionnaire`)."""
    values: list[str] = []
    name = SHEET
    for n, cells in sheet_rows(ws, str(path), META, first=1, width=2):
        if n == 1 and len(cells) > 1 and cells[1].value is not None:
            name = str(cells[1].value)[:31]
        if cells and cells[0].value is not None:
            values.append(str(cells[0].value))
    if len(values) < 4:
        raise _missing(path)
    return Meta(values[0], values[1], values[2], values[3], tuple(values[4:])), name


def _rows(path: Path, ws: Any, name: str) -> list[Row]:
    rows: list[Row] = []
    for n, cells in sheet_rows(ws, str(path), name, first=2, width=len(COLUMNS)):
        if all(c.value in (None, "") for c in cells):
            continue
        where = [f"{name}!{get_column_letter(col)}{n}" for col in range(1, len(COLUMNS) + 1)]
        for col in (ANSWER, NOTE, REFERENCE):
            if cells[col - 1].data_type == "f":
                raise _fail(
                    path, _("formulas are not allowed here; type the value"), where[col - 1]
                )
        text = [("" if c.value is None else str(c.value)).strip() for c in cells]
        rows.append(
            Row(
                where[ANSWER - 1],
                n,
                where[2],
                text[2],
                text[ANSWER - 1],
                text[NOTE - 1],
                text[REFERENCE - 1],
            )
        )
    return rows
