"""The self-assessment questionnaire: out to the supplier as a workbook, and back.

Back in, a questionnaire is read and checked first (`read_filled`), compared
with what the assessment holds (`preview`: new, changed and unchanged
answers), and only then written, in one transaction and one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from certdesk.formats.xlsx.questionnaire import Meta, write_questionnaire
from certdesk.formats.xlsx.questionnaire_cover import Cover
from certdesk.services.assessment.answers import apply_answers
from certdesk.services.assessment.questionnaire_in import Filled, read_filled
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.changes import Counted, Written
from certdesk.services.messages import writing


def export_questionnaire(ws: Workspace, out: Path, language: str) -> Written:
    fw = ws.framework
    items = ws.items()
    meta = Meta(fw.id, fw.version, fw.content_hash, ws.assessment_id, tuple(i.id for i in items))
    cover = Cover(ws.supplier, ws.site, ws.cycle, ws.assessment_id)
    held = {k: (h.code, h.note) for k, h in ws.held.items() if h.code}
    with writing(out):
        write_questionnaire(fw, items, meta=meta, cover=cover, held=held, path=out, lang=language)
    return Written(files=(out,), assessment=ws.assessment_id)


@dataclass(frozen=True)
class Change:
    item: str
    before: str | None
    """The answer held before (its label), None where there was none."""
    after: str
    note_changed: bool


@dataclass(frozen=True)
class Preview:
    """What importing a checked questionnaire would do, before it does it."""

    filled: Filled
    new: tuple[Change, ...]
    changed: tuple[Change, ...]
    unchanged: int

    @property
    def writes(self) -> int:
        return len(self.new) + len(self.changed)


def preview(ws: Workspace, path: Path) -> Preview:
    """Read and check `path`; say which answers are new, changed or the same."""
    filled = read_filled(ws, path)
    new: list[Change] = []
    changed: list[Change] = []
    unchanged = 0
    for item_id, answer in filled.answers.items():
        held = ws.held.get(item_id)
        after = ws.answer_label(answer.code, item_id)
        note = filled.notes.get(item_id) or answer.justification or None
        if held is None or held.code is None:
            new.append(Change(item_id, None, after, bool(note)))
        elif held.code != answer.code or (held.note or None) != note:
            before = ws.answer_label(held.code, item_id)
            changed.append(Change(item_id, before, after, (held.note or None) != note))
        else:
            unchanged += 1
    return Preview(filled, tuple(new), tuple(changed), unchanged)


def apply_preview(ws: Workspace, seen: Preview) -> Counted:
    """Write what `seen` showed as new or changed; one undo step for all of it."""
    wanted = {c.item for c in (*seen.new, *seen.changed)}
    given = {k: v for k, v in seen.filled.answers.items() if k in wanted}
    notes = {k: v for k, v in seen.filled.notes.items() if k in wanted}
    return apply_answers(ws.ctx, ws.assessment_id, given, notes)


def import_questionnaire(ws: Workspace, path: Path) -> Counted:
    """Read a filled questionnaire into the assessment: every answer, or none."""
    filled = read_filled(ws, path)
    return apply_answers(ws.ctx, ws.assessment_id, filled.answers, filled.notes)
