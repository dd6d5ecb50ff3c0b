"""Reading a filled questionnaire back: every check before anything is written.

A row's answer is taken as the supplier saw or typed it: the drop-down's
`충족 (met)`, the label alone in Korean or English (`충족`, `Met`), or the code.
Every message names the cell, its column heading and row, and the answers in
the words of the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from certdesk.domain.answers import Answer as DomainAnswer
from certdesk.domain.answers import AnswerProblem, check_answer
from certdesk.domain.framework import NA, Framework, Item
from certdesk.errors import UserError
from certdesk.formats.problems import InvalidFileError
from certdesk.formats.xlsx.questionnaire import ANSWER, Row, columns, read_questionnaire
from certdesk.i18n import _, current_language
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.library.checks import answer_of

LOCALES = ("ko", "en")


@dataclass(frozen=True)
class Filled:
    """The answers and notes a questionnaire gives, all of them checked."""

    answers: dict[str, DomainAnswer]
    notes: dict[str, str]


def spellings(framework: Framework, item: Item) -> dict[str, str]:
    """Every way of writing an answer to `item` that is taken, folded, to its code."""
    known: dict[str, str] = {}
    for code in framework.scale_of(item).codes:
        known[code.casefold()] = code
        for lang in LOCALES:
            label = framework.answer_label(item.id, code, lang)
            known[label.casefold()] = code
            known[f"{label} ({code})".casefold()] = code
    return known


def _where(path: Path, row: Row, column: int) -> str:
    heading = columns()[column - 1]
    cell = row.cell if column == ANSWER else row.item_cell
    return _("{file}: {cell} ({column}, row {row})").format(
        file=path.name, cell=cell, column=heading, row=row.row
    )


def _problem(framework: Framework, item: Item, given: str, problem: AnswerProblem) -> str:
    lang = current_language()
    labels = ", ".join(
        framework.answer_label(item.id, c, lang) for c in framework.scale_of(item).codes
    )
    na = framework.answer_label(item.id, NA, lang)
    texts = {
        AnswerProblem.OFF_SCALE: _(
            "'{given}' is not an answer for item {item}; choose one of: {choices}"
        ),
        AnswerProblem.NA_NOT_ALLOWED: _("item {item} cannot be answered '{na}'"),
        AnswerProblem.NA_NOT_ALLOWED_MANDATORY: _(
            "item {item} is mandatory and cannot be answered '{na}'"
        ),
        AnswerProblem.NA_NEEDS_JUSTIFICATION: _(
            "item {item} answered '{na}' needs the reason in the {note} column"
        ),
        AnswerProblem.UNKNOWN_ITEM: _("unknown item '{item}'"),
    }
    return texts[problem].format(
        given=given, item=item.id, choices=labels, na=na, note=columns()[6]
    )


def read_filled(ws: Workspace, path: Path) -> Filled:
    """The questionnaire at `path` checked against the assessment open in `ws`.

    Raises a UserError naming the first problem (and listing the others).
    """
    try:
        meta, rows = read_questionnaire(path)
    except InvalidFileError as exc:
        raise UserError(str(exc.problems[0]), tuple(str(p) for p in exc.problems[1:])) from None
    if meta.assessment_id != ws.assessment_id:
        msg = _(
            "{file} was made for another assessment, not for {supplier}'s open here; "
            "nothing was imported. Export this assessment's questionnaire and have it filled"
        )
        raise UserError(msg.format(file=path.name, supplier=ws.supplier))
    fw = ws.framework
    if (meta.framework_id, meta.version, meta.content_hash) != (fw.id, fw.version, fw.content_hash):
        msg = _("{file} is for {id} {version}, but this assessment uses {mine} {mine_version}")
        raise UserError(
            msg.format(
                file=path.name,
                id=meta.framework_id,
                version=meta.version,
                mine=fw.id,
                mine_version=fw.version,
            )
        )
    expected = [i.id for i in ws.items()]
    problems: list[str] = []
    if list(meta.items) != expected:
        problems.append(
            _("{file}: the questionnaire was made for another set of items").format(file=path.name)
        )
    given: dict[str, DomainAnswer] = {}
    notes: dict[str, str] = {}
    for n, row in enumerate(rows):
        if n >= len(expected) or row.item_id != expected[n]:
            msg = _("{where}: the rows were changed (expected item {item})")
            problems.append(
                msg.format(
                    where=_where(path, row, 3), item=expected[n] if n < len(expected) else "-"
                )
            )
            continue
        if not row.answer:
            continue
        item = fw.item(row.item_id)
        assert item is not None
        code = spellings(fw, item).get(row.answer.casefold())
        answer = answer_of(code or row.answer, row.note)
        problem = check_answer(fw, row.item_id, answer) if code else AnswerProblem.OFF_SCALE
        if problem is not None:
            text = _problem(fw, item, row.answer, problem)
            problems.append(f"{_where(path, row, ANSWER)}: {text}")
            continue
        given[row.item_id] = answer
        ref = _("Evidence reference: {ref}").format(ref=row.reference) if row.reference else ""
        notes[row.item_id] = "\n".join(x for x in (row.note, ref) if x)
    if problems:
        raise UserError(problems[0], tuple(problems[1:]))
    return Filled(given, notes)
