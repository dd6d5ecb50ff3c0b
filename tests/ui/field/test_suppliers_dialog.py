"""The supplier register and the start page's archive, in the real window on a real database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from certdesk.services.assessment import suppliers
from certdesk.ui.field.suppliers_dialog import SuppliersDialog
from certdesk.ui.main_window import MainWindow
from tests.support.workspace import OTHER_BUSINESS_ID


def _register(window: MainWindow) -> SuppliersDialog:
    window.field.suppliers_action.trigger()
    dialog = window.field.register
    assert isinstance(dialog, SuppliersDialog)
    assert dialog.isVisible()
    return dialog


def _column(dialog: SuppliersDialog, column: int) -> list[str]:
    cells = (dialog.table.item(n, column) for n in range(dialog.table.rowCount()))
    return [cell.text() if cell is not None else "" for cell in cells]


def test_a_supplier_is_added_and_a_refusal_keeps_what_was_typed(
    window: MainWindow, qtbot: QtBot, warned: list[str]
) -> None:
    dialog = _register(window)
    assert len(dialog.rows) == 1  # the demo supplier
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert editor is not None
    assert editor.isVisible()
    editor.name.setText("새빛전자")
    editor.business_id.setText(OTHER_BUSINESS_ID)
    editor.contact_name.setText("박보안")
    editor.contact_email.setText("park at saebit")
    editor.sites.setPlainText("구미 사업장\n평택 사업장\n")
    editor.processes.setText("설계, 사출")
    editor.accept()
    assert warned == ["'park at saebit' is not an e-mail address"]
    assert editor.isVisible()
    assert editor.sites.toPlainText() == "구미 사업장\n평택 사업장\n"
    editor.contact_email.setText("park@saebit.example")
    editor.accept()
    assert not editor.isVisible()
    assert "새빛전자" in _column(dialog, 0)
    [added] = [s for s in suppliers.list_suppliers(dialog.ctx) if s.name == "새빛전자"]
    assert added.sites == ("구미 사업장", "평택 사업장")
    assert added.processes == ("설계", "사출")


def test_an_edit_reaches_the_start_page_and_archive_hides_the_supplier(
    window: MainWindow, qtbot: QtBot, warned: list[str]
) -> None:
    dialog = _register(window)
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert editor is not None
    assert editor.business_id.isReadOnly()
    editor.name.setText("(Demo) 한빛정밀(주)")
    editor.accept()
    assert warned == []
    assert _column(dialog, 0) == ["(Demo) 한빛정밀(주)"]
    assert window.start is not None
    assert window.start.model.rows[0].supplier == "(Demo) 한빛정밀(주)"
    dialog.table.selectRow(0)
    assert dialog.archive_button.text() == "Archive"
    qtbot.mouseClick(dialog.archive_button, Qt.MouseButton.LeftButton)
    assert dialog.rows == []
    assert dialog.empty.isVisible()
    dialog.show_archived.setChecked(True)
    assert _column(dialog, 6) == ["Archived"]
    dialog.table.selectRow(0)
    assert dialog.archive_button.text() == "Bring back"
    qtbot.mouseClick(dialog.archive_button, Qt.MouseButton.LeftButton)
    assert _column(dialog, 6) == ["Active"]


def test_the_start_page_archives_an_assessment_and_brings_it_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    start = window.start
    assert start is not None
    row, pia = start.model.rows  # the first row is selected
    qtbot.mouseClick(start.archive_button, Qt.MouseButton.LeftButton)
    assert [r.id for r in start.model.rows] == [pia.id]
    start.show_archived.setChecked(True)
    archived = next(r for r in start.model.rows if r.id == row.id)
    shown = start.model.rows.index(archived)
    assert start.model.index(shown, 5).data().endswith("· Archived")
    start.table.selectRow(shown)
    assert start.archive_button.text() == "Bring back"
    qtbot.mouseClick(start.archive_button, Qt.MouseButton.LeftButton)
    start.show_archived.setChecked(False)
    assert {r.id for r in start.model.rows} == {row.id, pia.id}
