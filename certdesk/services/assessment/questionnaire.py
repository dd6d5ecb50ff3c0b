"""The self-assessment questionnaire: out to the supplier as a workbook, and back."""

from __future__ import annotations

from pathlib import Path

from certdesk.domain.answers import Answer as DomainAnswer
from certdesk.errors import UserError
from certdesk.formats.problems import InvalidFileError
from certdesk.formats.xlsx.questionnaire import Meta, read_questionnaire, write_questionnaire
from certdesk.i18n import _
from certdesk.services.assessment.answers import apply_answers
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.changes import Counted, Written
from certdesk.services.library.checks import answer_error, answer_of
from certdesk.services.messages import writing


def export_questionnaire(ws: Workspace, out: Path, language: str) -> Written:
    fw = ws.framework
    items = ws.items()
    meta = Meta(fw.id, fw.version, fw.content_hash, ws.assessment_id, tuple(i.id for i in items))
    held = {k: (h.code, h.note) for k, h in ws.held.items() if h.code}
    with writing(out):
        write_questionnaire(fw, items, meta=meta, held=held, path=out, lang=language)
    return Written(files=(out,), assessment=ws.assessment_id)


def _code(text: str, codes: tuple[str, ...]) -> str:
    """`충족 (met)` or `met` -> `met`; anything else is returned as it is."""
    if text.endswith(")") and "(" in text:
        inner = text[text.rindex("(") + 1 : -1]
        if inner in codes:
            return inner
    return text


def import_questionnaire(ws: Workspace, path: Path) -> Counted:
    """Read a filled questionnaire into the assessment: every answer, or none."""
    try:
        meta, rows = read_questionnaire(path)
    except InvalidFileError as exc:
        raise UserError(str(exc.problems[0]), tuple(str(p) for p in exc.problems[1:])) from None
    if meta.assessment_id != ws.assessment_id:
        where = f"{path.name}: _certdesk!A4"  # the hidden sheet's assessment cell
        msg = _(
            "{file} was made for another assessment, not for {supplier}'s open here; "
            "nothing was imported. Export this assessment's questionnaire and have it filled"
        )
        raise UserError(f"{where}: " + msg.format(file=path.name, supplier=ws.supplier))
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
        code = _code(row.answer, fw.scale_of(item).codes)
        answer = answer_of(code, row.note)
        error = answer_error(fw, row.item_id, answer)
        if error is not None:
            problems.append(f"{where}: {error}")
            continue
        given[row.item_id] = answer
        ref = _("Evidence reference: {ref}").format(ref=row.reference) if row.reference else ""
        notes[row.item_id] = "\n".join(x for x in (row.note, ref) if x)
    if problems:
        raise UserError(problems[0], tuple(problems[1:]))
    return apply_answers(ws.ctx, ws.assessment_id, given, notes)
