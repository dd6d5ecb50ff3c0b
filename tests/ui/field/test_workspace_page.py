"""The assessment workspace driven as a user drives it (pytest-qt, offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from certdesk.domain.decision import Severity
from certdesk.services import context
from certdesk.services.assessment import overview, status
from certdesk.services.assessment.workspace import Workspace
from certdesk.ui.field.dialogs import FindingDialog
from certdesk.ui.field.models import ITEM_ID, AssessmentsModel, ItemFilter, ItemTreeModel
from certdesk.ui.field.workspace_page import WorkspacePage
from tests.support.workspace import supplier_and_assessment


def test_answer_by_keyboard_updates_score_and_outcome(page: WorkspacePage, qtbot: QtBot) -> None:
    ws = page.workspace
    page.select("1.1.1")
    before = page.dashboard.total.text()
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_1)
    assert ws.held["1.1.1"].code == "met"
    assert page.dashboard.total.text() != before
    index = page.model.index_of("1.1.1").siblingAtColumn(1)
    assert page.model.data(index) == "Met"
    qtbot.keyClick(page.tree, Qt.Key.Key_J)  # next unanswered
    assert page.pane.item_id == "1.1.2"
    qtbot.keyClick(page.tree, Qt.Key.Key_3)
    assert ws.held["1.1.2"].code == "not_met"
    assert "Provisional: 320 of 322" in page.dashboard.progress.text()
    qtbot.waitUntil(lambda: ws.unsaved == 0)  # saved on the next event-loop tick
    reopened = Workspace(ws.ctx, ws.assessment_id)
    assert {k: h.code for k, h in reopened.held.items()} == {"1.1.1": "met", "1.1.2": "not_met"}


def test_undo_and_redo(page: WorkspacePage, qtbot: QtBot) -> None:
    ws = page.workspace
    page.select("1.1.2")
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_2)
    total_after = page.dashboard.total.text()
    qtbot.waitUntil(lambda: ws.unsaved == 0)
    page.undo()
    assert "1.1.2" not in ws.held
    assert Workspace(ws.ctx, ws.assessment_id).held == {}
    page.redo()
    assert ws.held["1.1.2"].code == "partial"
    assert page.dashboard.total.text() == total_after


def test_na_needs_a_justification(page: WorkspacePage, qtbot: QtBot) -> None:
    page.select("1.1.2")
    page.tree.setFocus()
    with qtbot.waitSignal(page.message) as said:
        qtbot.keyClick(page.tree, Qt.Key.Key_N)
    assert "needs a justification" in said.args[0]
    assert "1.1.2" not in page.workspace.held
    page.pane.note.setPlainText("설계 부서 없음: 이 사업장은 조립만 한다")
    qtbot.keyClick(page.tree, Qt.Key.Key_N)
    assert page.workspace.held["1.1.2"].code == "na"


def test_mandatory_gap_decides_the_outcome(page: WorkspacePage, qtbot: QtBot) -> None:
    page.select("1.1.1")
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_3)
    assert page.workspace.result.decided_by == "knockout"
    assert "mandatory item" in page.dashboard.rule.text()


def test_attach_open_and_remove_evidence(page: WorkspacePage, tmp_path: Path) -> None:
    page.select("1.1.1")
    scan = tmp_path / "정책서.pdf"
    scan.write_bytes(b"%PDF-1.7 policy")
    page.attach("1.1.1", [scan])
    assert page.pane.attached.item(0).text() == "정책서.pdf"
    [held] = Workspace(page.workspace.ctx, page.workspace.assessment_id).evidence["1.1.1"]
    assert held.name == "정책서.pdf"
    page.handle("remove", held.id)
    assert page.pane.attached.item(0).text() == "No evidence attached"
    assert Workspace(page.workspace.ctx, page.workspace.assessment_id).evidence == {}


def test_add_finding_from_the_pane(page: WorkspacePage, monkeypatch: pytest.MonkeyPatch) -> None:
    # A modal dialog cannot wait for a person here: exec() is replaced by one that
    # fills the real dialog's fields and accepts, as a user would.
    def fill_and_accept(dialog: FindingDialog) -> int:
        dialog.severity.setCurrentIndex(dialog.severity.findData("major"))
        dialog.description.setPlainText("승인 서명 없는 보안정책")
        dialog.owner.setText("보안팀")
        return 1

    monkeypatch.setattr(FindingDialog, "exec", fill_and_accept)
    page.select("1.1.1")
    page.handle("finding", "1.1.1")
    shown = page.pane.findings_list.item(0)
    assert "[Major] 승인 서명 없는 보안정책" in shown.text()
    [finding] = page.workspace.findings["1.1.1"]
    assert shown.text().startswith(f"#{finding.id[:8]} ")
    assert finding.id in shown.toolTip()  # the whole id, which a response names
    assert page.workspace.result.facts.open_findings == {Severity.MAJOR: 1}


def test_filters_and_search(page: WorkspacePage, qtbot: QtBot) -> None:
    page.select("1.1.1")
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_1)
    page.filter.setCurrentIndex(page.filter.findData("unanswered"))
    assert not page.view_index("1.1.1").isValid()
    assert page.view_index("1.1.2").isValid()
    page.filter.setCurrentIndex(page.filter.findData("mandatory"))
    assert page.view_index("1.1.1").isValid()
    assert not page.view_index("1.1.2").isValid()
    page.filter.setCurrentIndex(0)
    page.search.setText("DLP")
    visible = page.view_index("3.6.1")
    assert visible.isValid()
    assert not page.view_index("1.1.1").isValid()


def test_self_assessment_hides_assessor_guidance(ctx: context.Context, qtbot: QtBot) -> None:
    aid = supplier_and_assessment(ctx, mode="self")
    page = WorkspacePage(Workspace(ctx, aid))
    qtbot.addWidget(page)
    page.show()
    page.select("1.1.1")
    assert page.pane.guidance.isHidden()
    assert page.pane.guidance_heading.isHidden()
    assert not page.pane.requirement.isHidden()


def test_item_models_pass_qtmodeltester(
    page: WorkspacePage, ctx: context.Context, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(page.model)
    proxy = ItemFilter(page.workspace)
    proxy.setSourceModel(ItemTreeModel(page.workspace))
    proxy.set_filter("gaps", "")
    qtmodeltester.check(proxy)
    qtmodeltester.check(AssessmentsModel(overview.summaries(ctx)))


def test_failed_save_shows_what_the_database_holds(page: WorkspacePage, qtbot: QtBot) -> None:
    ws = page.workspace
    status.set_status(ws.ctx, ws.assessment_id, "final")  # e.g. from another window
    page.select("1.1.1")
    page.tree.setFocus()
    with qtbot.waitSignal(page.message) as said:
        qtbot.keyClick(page.tree, Qt.Key.Key_1)
    assert "is final" in said.args[0]
    assert ws.held == {}
    assert ws.result.unanswered == 322


def test_answer_buttons_show_each_items_answer_when_reused(
    page: WorkspacePage, qtbot: QtBot
) -> None:
    """Moving within one scale keeps the buttons: each item still shows its own answer."""
    page.select("1.1.1")
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_1)
    checked = [b.property("code") for b in page.pane.buttons.buttons() if b.isChecked()]
    assert checked == ["met"]
    before = page.pane.buttons.buttons()
    page.select("1.1.2")  # unanswered, same scale
    assert page.pane.buttons.buttons() == before
    assert not any(b.isChecked() for b in page.pane.buttons.buttons())
    page.select("1.1.1")
    assert [b.property("code") for b in page.pane.buttons.buttons() if b.isChecked()] == ["met"]


def test_a_number_key_answers_only_the_item_in_view(page: WorkspacePage, qtbot: QtBot) -> None:
    """Regression: after a search and Tab into the tree the pane still showed the previous
    item, and key 1 answered it though the tree no longer showed it."""
    page.select("1.1.1")
    page.search.setFocus()
    qtbot.keyClicks(page.search, "DLP")
    assert not page.view_index("1.1.1").isValid()
    shown = page.pane.item_id
    assert shown is not None
    assert shown != "1.1.1"
    assert page.tree.currentIndex().data(ITEM_ID) == shown
    qtbot.keyClick(page.search, Qt.Key.Key_Tab)
    assert page.tree.hasFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_1)
    assert "1.1.1" not in page.workspace.held
    assert page.workspace.held[shown].code == "met"
    page.search.setText("no item says this 가나다")
    assert page.pane.item_id is None
    qtbot.keyClick(page.tree, Qt.Key.Key_1)
    assert set(page.workspace.held) == {shown}


def test_a_note_typed_then_another_item_chosen_is_saved(page: WorkspacePage, qtbot: QtBot) -> None:
    """Regression: the note was saved 600 ms after the last key; choosing another item
    sooner stopped the timer and the note was gone."""
    page.select("1.1.1")
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_1)
    page.pane.note.setFocus()
    qtbot.keyClicks(page.pane.note, "policy v3 seen")  # QTest types Latin keys only
    page.select("1.1.2")  # at once, before the timer
    qtbot.waitUntil(lambda: page.workspace.unsaved == 0)
    reopened = Workspace(page.workspace.ctx, page.workspace.assessment_id)
    assert reopened.held["1.1.1"].note == "policy v3 seen"


def test_a_note_is_saved_when_the_focus_leaves_it(page: WorkspacePage, qtbot: QtBot) -> None:
    page.select("1.1.1")
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_2)
    page.pane.note.setFocus()
    qtbot.keyClicks(page.pane.note, "some teams only")  # QTest types Latin keys only
    qtbot.keyClick(page.pane.note, Qt.Key.Key_Escape)  # back to the list, saved on the way
    assert page.tree.hasFocus()
    qtbot.waitUntil(lambda: page.workspace.unsaved == 0)
    reopened = Workspace(page.workspace.ctx, page.workspace.assessment_id)
    assert reopened.held["1.1.1"].note == "some teams only"


def test_no_note_can_be_typed_where_it_would_be_lost(page: WorkspacePage, qtbot: QtBot) -> None:
    """An unanswered item's note had nowhere to go: typed, then silently dropped."""
    page.select("1.1.2")
    assert not page.pane.note.isEnabled()
    assert "Answer the item first" in page.pane.note.placeholderText()
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_1)
    assert page.pane.note.isEnabled()


def test_not_applicable_asks_for_its_justification_in_the_note(
    page: WorkspacePage, qtbot: QtBot
) -> None:
    page.select("1.1.3")
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_N)
    assert "1.1.3" not in page.workspace.held
    assert page.pane.note.hasFocus()
    assert "required" in page.pane.note.placeholderText()
    qtbot.keyClicks(page.pane.note, "no such process")  # QTest types Latin keys only
    qtbot.keyClick(page.pane.note, Qt.Key.Key_Tab)  # Tab leaves the note, and saves
    assert not page.pane.note.hasFocus()
    assert "\t" not in page.pane.note.toPlainText()
    qtbot.waitUntil(lambda: page.workspace.unsaved == 0)
    held = Workspace(page.workspace.ctx, page.workspace.assessment_id).held["1.1.3"]
    assert (held.code, held.note) == ("na", "no such process")


def test_tab_walks_the_pane_from_the_answers_to_add_finding(
    page: WorkspacePage, qtbot: QtBot
) -> None:
    page.select("1.1.1")
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_1)
    first = page.pane.buttons.buttons()[0]
    first.setFocus()
    reached = []
    for _ in range(20):
        reached.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert page.pane.note in reached
    assert page.pane.attach_button in reached
    assert page.pane.finding_button in reached
    assert reached.index(page.pane.note) < reached.index(page.pane.finding_button)


def test_undo_after_adding_a_finding_removes_the_finding(
    page: WorkspacePage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: an answer given just before was written after the finding, so Ctrl+Z
    undid the answer instead of the finding."""

    def fill_and_accept(dialog: FindingDialog) -> int:
        dialog.description.setPlainText("검토 기록 없음")
        return 1

    monkeypatch.setattr(FindingDialog, "exec", fill_and_accept)
    page.select("1.1.2")
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_3)  # deferred: written on the next tick
    page.handle("finding", "1.1.2")  # at once
    assert page.workspace.undo_label() is not None
    assert "finding" in page.workspace.undo_label().lower()  # type: ignore[union-attr]
    page.undo()
    assert page.workspace.findings.get("1.1.2", []) == []
    assert page.workspace.held["1.1.2"].code == "not_met"


def test_nothing_answered_reads_not_yet_scored_never_zero(page: WorkspacePage) -> None:
    assert page.dashboard.total.text() == "—"
    assert "Not yet scored" in page.dashboard.outcome.text()
    assert "Not certified" not in page.dashboard.outcome.text()
    area = page.model.index(0, 2)
    assert page.model.data(area) == "—"
    item = page.model.index_of("1.1.1").siblingAtColumn(2)
    assert page.model.data(item) == ""
    page.select("1.1.1")
    page.answer("1.1.1", "met", "")
    assert page.dashboard.total.text() != "—"
    assert page.model.data(page.model.index_of("1.1.1").siblingAtColumn(2)) == "100.0%"
