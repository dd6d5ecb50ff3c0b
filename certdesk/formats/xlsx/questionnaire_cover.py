"""The questionnaire's cover sheet: whose it is, and how to fill it in and send it back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl.styles import Alignment, Font

from certdesk.domain.framework import Framework
from certdesk.formats.xlsx.cells import landscape, put
from certdesk.i18n import _


@dataclass(frozen=True)
class Cover:
    """Whose questionnaire it is, for its cover sheet."""

    supplier: str
    site: str | None
    cycle: str | None
    assessment: str


def write_cover(ws: Any, framework: Framework, cover: Cover, lang: str, count: int) -> None:
    """Fill `ws` as the cover: title, the facts of the assessment, the instructions."""
    put(ws, 1, 1, _("Self-assessment questionnaire"))
    ws.cell(row=1, column=1).font = Font(bold=True, size=16)
    facts = [
        (_("Supplier"), cover.supplier),
        (_("Site"), cover.site or "—"),
        (_("Framework"), f"{framework.title.get(lang)} {framework.version}"),
        (_("Cycle"), cover.cycle or "—"),
        (_("Items to answer"), str(count)),
        (_("Assessment"), cover.assessment),
    ]
    for n, (name, value) in enumerate(facts, start=3):
        put(ws, n, 1, name)
        ws.cell(row=n, column=1).font = Font(bold=True)
        put(ws, n, 2, value)
    steps = [
        _("How to fill it in"),
        _(
            "1. On the sheet {sheet}, choose an answer for each item from the list in the "
            "Answer column."
        ).format(sheet=_("Self-assessment")),
        _(
            "2. Write what you do, or why an item does not apply to you, in the Note column; "
            "'Not applicable' needs a reason there."
        ),
        _("3. Name the document that shows it (title, version) in the Evidence reference column."),
        _("4. Do not add, move or delete rows, and keep the file as .xlsx."),
        _(
            "5. Send the saved file back to whoever sent it to you; it can be imported only "
            "into the assessment it was made for."
        ),
    ]
    start = len(facts) + 4
    for n, line in enumerate(steps, start=start):
        put(ws, n, 1, line)
        cell = ws.cell(row=n, column=1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=n, start_column=1, end_row=n, end_column=2)
        ws.row_dimensions[n].height = 32
    ws.cell(row=start, column=1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90
    ws.protection.sheet = True
    landscape(ws)
