"""Undo and redo of every change to an assessment, on a real encrypted database."""

from __future__ import annotations

from pathlib import Path

import pytest

from certdesk.domain.assessment import FindingStatus
from certdesk.domain.decision import Severity
from certdesk.errors import UserError
from certdesk.services import context
from certdesk.services.assessment import answers, evidence, findings, status
from certdesk.services.assessment.finding_view import FindingFields
from certdesk.services.assessment.workspace import Workspace
from tests.support.workspace import new_context, supplier_and_assessment


@pytest.fixture
def ctx(tmp_path: Path) -> context.Context:
    return new_context(tmp_path / "db")


def _codes(ctx: context.Context, aid: str) -> dict[str, str | None]:
    return {k: h.code for k, h in Workspace(ctx, aid).held.items()}


def test_an_answer_and_its_note(ctx: context.Context) -> None:
    aid = supplier_and_assessment(ctx)
    answers.record_answer(ctx, aid, "1.1.1", "met")
    answers.record_answer(ctx, aid, "1.1.1", "met", "정책서 확인")
    assert ctx.history.undo_label(aid) == "note 1.1.1"
    changes = ctx.history.undo(aid)
    assert changes is not None
    assert (changes.assessment, changes.items) == (aid, frozenset({"1.1.1"}))
    assert Workspace(ctx, aid).held["1.1.1"].note is None
    assert ctx.history.undo_label(aid) == "answer 1.1.1"
    ctx.history.undo(aid)
    assert _codes(ctx, aid) == {}
    ctx.history.redo(aid)
    ctx.history.redo(aid)
    assert Workspace(ctx, aid).held["1.1.1"].note == "정책서 확인"


def test_an_import_is_undone_as_one_step(ctx: context.Context, tmp_path: Path) -> None:
    aid = supplier_and_assessment(ctx)
    answers.record_answer(ctx, aid, "1.1.1", "not_met")
    csv = tmp_path / "a.csv"
    csv.write_text("item_id,answer,note\n1.1.1,met,\n1.1.2,partial,\n", encoding="utf-8")
    answers.import_answers(ctx, aid, csv)
    assert ctx.history.undo_label(aid) == "import of 2 answers"
    ctx.history.undo(aid)
    assert _codes(ctx, aid) == {"1.1.1": "not_met"}  # what the import replaced is back
    ctx.history.redo(aid)
    assert _codes(ctx, aid) == {"1.1.1": "met", "1.1.2": "partial"}


def test_findings_added_edited_closed_and_deleted(ctx: context.Context) -> None:
    aid = supplier_and_assessment(ctx)
    added = findings.add_finding(ctx, aid, "major", "계정 미삭제", item_id="3.3.5")
    fields = FindingFields(Severity.MINOR, "계정 1건 미삭제", "3.3.5", "즉시 삭제", "보안팀")
    findings.edit_finding(ctx, added.id, fields)
    findings.set_finding_status(ctx, added.id, FindingStatus.CLOSED)
    findings.delete_finding(ctx, added.id)
    assert findings.findings_of(ctx, aid) == []
    ctx.history.undo(aid)  # the deletion
    [back] = findings.findings_of(ctx, aid)
    assert (back.id, back.status) == (added.id, FindingStatus.CLOSED)
    ctx.history.undo(aid)  # the closing
    ctx.history.undo(aid)  # the edit
    [first] = findings.findings_of(ctx, aid)
    assert (first.severity, first.description, first.status) == (
        Severity.MAJOR,
        "계정 미삭제",
        FindingStatus.OPEN,
    )
    assert ctx.history.undo_label(aid) == "finding on 3.3.5"
    ctx.history.undo(aid)  # the addition
    assert findings.findings_of(ctx, aid) == []
    ctx.history.redo(aid)
    assert [f.id for f in findings.findings_of(ctx, aid)] == [added.id]


def _sealed(ctx: context.Context) -> list[Path]:
    folder = ctx.db.evidence_dir
    return sorted(folder.iterdir()) if folder.exists() else []


def test_evidence_added_is_kept_for_redo_then_destroyed(
    ctx: context.Context, tmp_path: Path
) -> None:
    aid = supplier_and_assessment(ctx)
    scan = tmp_path / "정책서.pdf"
    scan.write_bytes(b"%PDF policy")
    added = evidence.add_file(ctx, aid, "1.1.1", scan)
    [sealed] = _sealed(ctx)
    ctx.history.undo(aid)
    assert Workspace(ctx, aid).evidence == {}
    assert _sealed(ctx) == [sealed]  # kept while redo can bring it back
    ctx.history.redo(aid)
    assert evidence.open_file(ctx, added.id).read_bytes() == b"%PDF policy"
    ctx.history.undo(aid)
    ctx.history.forget(aid)  # leaving the assessment: the way back is gone
    assert _sealed(ctx) == []


def test_removed_evidence_comes_back_until_forgotten(ctx: context.Context, tmp_path: Path) -> None:
    aid = supplier_and_assessment(ctx)
    scan = tmp_path / "출입대장.pdf"
    scan.write_bytes(b"%PDF visitors")
    added = evidence.add_file(ctx, aid, "2.4.1", scan)
    evidence.remove(ctx, added.id)
    assert ctx.history.undo_label(aid) == "removing 출입대장.pdf"
    ctx.history.undo(aid)
    assert evidence.open_file(ctx, added.id).read_bytes() == b"%PDF visitors"
    ctx.history.redo(aid)
    ctx.history.forget(aid)
    assert _sealed(ctx) == []


def test_undo_after_final_says_so(ctx: context.Context) -> None:
    aid = supplier_and_assessment(ctx)
    answers.record_answer(ctx, aid, "1.1.1", "met")
    status.set_status(ctx, aid, "final")
    with pytest.raises(UserError, match="final and can no longer change"):
        ctx.history.undo(aid)
    assert _codes(ctx, aid) == {"1.1.1": "met"}


def test_an_answer_waiting_to_be_saved_can_be_undone(ctx: context.Context) -> None:
    aid = supplier_and_assessment(ctx)
    ws = Workspace(ctx, aid)
    ws.set_answer("1.1.1", "partial", None, defer=True)
    assert ws.undo_label() == "answer 1.1.1"
    ws.undo()  # saves it first, then undoes it
    assert _codes(ctx, aid) == {}
    assert ws.held == {}
