"""The findings pane driven as an assessor drives it: filter, edit, close, delete, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from certdesk.domain.assessment import FindingStatus
from certdesk.services.assessment import findings
from certdesk.services.assessment.finding_view import FindingView
from certdesk.services.assessment.workspace import Workspace
from certdesk.ui.field.findings_pane import FindingsDialog
from certdesk.ui.field.workspace_page import WorkspacePage
from tests.support.dialogs import when_shown


def _add(page: WorkspacePage, item: str, severity: str, text: str) -> str:
    ws = page.workspace
    created = findings.add_finding(ws.ctx, ws.assessment_id, severity, text, item_id=item)
    page.refresh()
    return created.id


@pytest.fixture
def two(page: WorkspacePage) -> tuple[str, str]:
    return (
        _add(page, "1.1.1", "major", "No approved security policy"),
        _add(page, "1.1.2", "minor", "Review record missing"),
    )


def _pane(page: WorkspacePage, qtbot: QtBot, chosen: str | None = None) -> FindingsDialog:
    dialog = page.show_findings(chosen)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # as a person's click would; keys then go to the dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _stored(page: WorkspacePage, finding_id: str) -> FindingView:
    ws = page.workspace
    return next(f for f in findings.findings_of(ws.ctx, ws.assessment_id) if f.id == finding_id)


def test_filters_by_severity_state_and_words(
    page: WorkspacePage, qtbot: QtBot, two: tuple[str, str]
) -> None:
    pane = _pane(page, qtbot)
    assert [f.id for f in pane.rows] == list(two)  # most severe first
    severity = pane.table.item(0, 2)
    assert severity is not None
    assert severity.text() == "Major"  # a label, never the code
    pane.severity_filter.setCurrentIndex(pane.severity_filter.findData("minor"))
    assert [f.id for f in pane.rows] == [two[1]]
    pane.severity_filter.setCurrentIndex(0)
    pane.search.setText("policy")
    assert [f.id for f in pane.rows] == [two[0]]
    assert "1 of 2" in pane.status.text()


def test_typed_edit_is_kept_when_another_finding_is_chosen_and_undo_restores_it(
    page: WorkspacePage, qtbot: QtBot, two: tuple[str, str]
) -> None:
    pane = _pane(page, qtbot, two[1])
    pane.description.setFocus()
    pane.description.selectAll()
    qtbot.keyClicks(pane.description, "Review record of 2026 missing")
    pane.table.setCurrentCell(0, 0)  # another finding: what was typed is saved first
    assert _stored(page, two[1]).description == "Review record of 2026 missing"
    assert pane.current is not None
    assert pane.current.id == two[0]
    shown = page.pane.findings_list  # the workspace shows the change at once
    page.select("1.1.2")
    assert "Review record of 2026 missing" in shown.item(0).text()
    pane.undo_button.click()
    assert _stored(page, two[1]).description == "Review record missing"


def test_an_empty_description_is_refused_and_the_choice_stays(
    page: WorkspacePage, qtbot: QtBot, two: tuple[str, str]
) -> None:
    pane = _pane(page, qtbot, two[0])
    pane.description.clear()
    said: list[str] = []

    def read_and_accept(box: QMessageBox) -> None:
        said.append(box.text())
        box.accept()

    when_shown(QMessageBox, read_and_accept)
    pane.table.setCurrentCell(1, 0)
    assert said
    assert "describe the finding" in said[0]
    assert pane.current is not None
    assert pane.current.id == two[0]
    assert pane.table.currentRow() == 0
    assert _stored(page, two[0]).description == "No approved security policy"


def test_close_then_reopen_and_the_workspace_follows(
    page: WorkspacePage, qtbot: QtBot, two: tuple[str, str]
) -> None:
    pane = _pane(page, qtbot, two[0])
    pane.close_finding.click()
    assert _stored(page, two[0]).status is FindingStatus.CLOSED
    assert pane.close_finding.text() == "Reopen"
    assert "1.1.1" not in page.workspace.findings  # only open findings stand on the item
    pane.state_filter.setCurrentIndex(pane.state_filter.findData("closed"))
    assert [f.id for f in pane.rows] == [two[0]]
    pane.close_finding.click()
    assert _stored(page, two[0]).status is FindingStatus.OPEN


def test_delete_asks_and_undo_brings_it_back(
    page: WorkspacePage, qtbot: QtBot, two: tuple[str, str]
) -> None:
    pane = _pane(page, qtbot, two[1])
    when_shown(QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    pane.delete_button.click()
    ws = page.workspace
    assert [f.id for f in findings.findings_of(ws.ctx, ws.assessment_id)] == [two[0]]
    assert "1.1.2" not in ws.findings
    pane.undo_button.click()
    assert _stored(page, two[1]).description == "Review record missing"
    assert [f.id for f in pane.rows] == list(two)


def test_tab_leaves_the_description_and_saves_it(
    page: WorkspacePage, qtbot: QtBot, two: tuple[str, str]
) -> None:
    pane = _pane(page, qtbot, two[0])
    pane.description.setFocus()
    assert pane.description.hasFocus()
    pane.description.moveCursor(pane.description.textCursor().MoveOperation.End)
    qtbot.keyClicks(pane.description, " for visitors")
    qtbot.keyClick(pane.description, Qt.Key.Key_Tab)
    assert "\t" not in pane.description.toPlainText()
    assert QApplication.focusWidget() is pane.action
    assert _stored(page, two[0]).description == "No approved security policy for visitors"


def test_met_with_a_major_finding_is_pointed_out(
    page: WorkspacePage, qtbot: QtBot, two: tuple[str, str]
) -> None:
    page.select("1.1.1")
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_1)  # met, while a major finding stands open
    assert page.pane.contradiction.isVisibleTo(page.pane)
    pane = _pane(page, qtbot, two[0])
    assert "full marks" in pane.warning.text()
    pane.severity.setCurrentIndex(pane.severity.findData("minor"))
    pane.severity.activated.emit(pane.severity.currentIndex())
    assert not page.pane.contradiction.isVisibleTo(page.pane)
    assert pane.warning.text() == ""


def test_closing_the_dialog_saves_what_was_typed(
    page: WorkspacePage, qtbot: QtBot, two: tuple[str, str]
) -> None:
    pane = _pane(page, qtbot, two[1])
    pane.owner.setText("Security team")
    pane.close()
    assert _stored(page, two[1]).owner == "Security team"
    assert Workspace(page.workspace.ctx, page.workspace.assessment_id).findings["1.1.2"][0].owner
