"""Workbooks: the gap workbook, and the questionnaire out to suppliers and back."""

from __future__ import annotations

from pathlib import Path

from certdesk.domain.answers import Answer as DomainAnswer
from certdesk.domain.answers import check_answer
from certdesk.domain.framework import NA
from certdesk.errors import UserError
from certdesk.formats.problems import InvalidFileError
from certdesk.formats.xlsx.gap import write_gap_workbook
from certdesk.formats.xlsx.questionnaire import Meta, read_questionnaire, write_questionnaire
from certdesk.i18n import _
from certdesk.services.assessment.answers import apply_answers
from certdesk.services.assessment.reports import gap_report
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.context import Context
from certdesk.services.messages import answer_problem, writing


def gap_workbook(ctx: Context, assessment_id: str, out: Path, language: str) -> Path:
    with writing(out):
        write_gap_workbook(gap_report(ctx, assessment_id), out, language)
    return out


def export_questionnaire(ws: Workspace, out: Path, language: str) -> Path:
    fw = ws.framework
    items = ws.items()
    meta = Meta(fw.id, fw.version, fw.content_hash, ws.assessment_id, tuple(i.id for i in items))
    held = {k: (h.code, h.note) for k, h in ws.held.items() if h.code}
    with writing(out):
        write_questionnaire(fw, items, meta=meta, held=held, path=out, lang=language)
    return out


def _code(text: str, codes: tuple[str, ...]) -> str:
    """`충족 (met)` or `met` -> `met`; anything else is returned as it is."""
    if text.endswith(")") and "(" in text:
        inner = text[text.rindex("(") + 1 : -1]
        if inner in codes:
            return inner
    return text


def import_questionnaire(ws: Workspace, path: Path) -> int:
    """Read a filled questionnaire into the assessment: every answer, or none."""
    try:
        meta, rows = read_questionnaire(path)
    except InvalidFileError as exc:
        raise UserError(str(exc.problems[0]), tuple(str(p) for p in exc.problems[1:])) from None
    fw = ws.framework
    if (meta.framework_id, meta.version, meta.content_hash) != (fw.id, fw.version, fw.content_hash):
        msg = _("{file} is for {id} {version}, but this assessment uses {mine} {mine_version}")
        where = f"{path.name}: _certdesk!A2"  # the hidden sheet's version cell
        raise UserError(
            f"{where}: "
            + msg.format(
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
        where = f"{path.name}: {row.cell}"
        if n >= len(expected) or row.item_id != expected[n]:
            msg = _("{where}: the rows were changed (expected item {item})")
            problems.append(
                msg.format(
                    where=f"{path.name}: {row.item_cell}",
                    item=expected[n] if n < len(expected) else "-",
                )
            )
            continue
        if not row.answer:
            continue
        item = fw.item(row.item_id)
        assert item is not None
        codes = fw.scale_of(item).codes
        code = _code(row.answer, codes)
        answer = DomainAnswer(code, row.note if code == NA else "")
        problem = check_answer(fw, row.item_id, answer)
        if problem is not None:
            problems.append(f"{where}: {answer_problem(problem, row.item_id, row.answer, codes)}")
            continue
        given[row.item_id] = answer
        ref = _("Evidence reference: {ref}").format(ref=row.reference) if row.reference else ""
        notes[row.item_id] = "\n".join(x for x in (row.note, ref) if x)
    if problems:
        raise UserError(problems[0], tuple(problems[1:]))
    return apply_answers(ws.ctx, ws.assessment_id, given, notes)
