"""The main window on a first run: demo offered, start page, workspace, language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu
from pytestqt.qtbot import QtBot

from certdesk.services.assessment.workspace import Workspace
from certdesk.ui.field.new_assessment import NewAssessmentDialog, current_cycle
from certdesk.ui.main_window import MainWindow
from certdesk.ui.settings import Settings


def test_first_run_creates_database_with_demo(window: MainWindow, isolated_home: Path) -> None:
    assert (isolated_home / "certdesk.db").exists()
    assert window.start is not None
    row, pia = window.start.model.rows  # the on-site assessment first, then the PIA
    assert row.supplier.startswith("(Demo)")
    assert pia.supplier == row.supplier
    assert row.answered == row.applicable // 2
    assert pia.answered == pia.applicable  # the privacy impact assessment, complete
    assert "(provisional)" in row.outcome_text
    assert not window.start.empty.isVisibleTo(window.start)
    assert Settings().recent() == [str(isolated_home / "certdesk.db")]


def test_open_assessment_answer_and_undo_from_the_menu(window: MainWindow) -> None:
    assert window.start is not None
    window.open_assessment(window.start.model.rows[0].id)
    page = window.page
    assert page is not None
    target = page.workspace.next_unanswered(None)
    assert target is not None
    page.select(target)
    page.answer(target, "met", "")
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert target not in page.workspace.held
    assert window.redo_action.isEnabled()
    window.redo_action.trigger()
    assert page.workspace.held[target].code == "met"


def test_menu_shortcuts_include_every_platform_binding(window: MainWindow) -> None:
    assert window.field.new_action.shortcut().toString() == "Ctrl+N"
    assert "Ctrl+Z" in [k.toString() for k in window.undo_action.shortcuts()]
    redo = [k.toString() for k in window.redo_action.shortcuts()]
    assert {"Ctrl+Y", "Ctrl+Shift+Z"} <= set(redo)


def test_new_assessment_dialog(window: MainWindow, qtbot: QtBot) -> None:
    assert window.ctx is not None
    dialog = NewAssessmentDialog(window.ctx)
    qtbot.addWidget(dialog)
    dialog.name.setText("새빛전자")
    dialog.business_id.setText("124-81-00998")
    dialog.site.setText("구미 사업장")
    dialog.processes.setText("설계, 조립")
    dialog.framework.setCurrentIndex(dialog.framework.findData("personal-information"))
    dialog.mode.setCurrentIndex(dialog.mode.findData("self"))
    assert dialog.cycle.text() == current_cycle()
    dialog.accept()
    assert dialog.created is not None
    window.open_assessment(dialog.created)
    assert window.page is not None
    assert window.page.workspace.self_mode
    assert window.page.workspace.framework.id == "personal-information"


def test_bad_business_number_keeps_the_dialog_open(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.ctx is not None
    shown: list[str] = []
    monkeypatch.setattr(
        "certdesk.ui.operations.QMessageBox.warning",
        lambda _parent, _title, text: shown.append(text),
    )
    dialog = NewAssessmentDialog(window.ctx)
    qtbot.addWidget(dialog)
    dialog.name.setText("X")
    dialog.business_id.setText("123")
    dialog.site.setText("Gumi")
    dialog.processes.setText("moulding")
    dialog.accept()
    assert dialog.created is None
    assert "not a valid business registration number" in shown[0]


def test_switch_language_rebuilds_in_korean(window: MainWindow) -> None:
    window.switch_language("ko")
    try:
        titles = [a.text() for a in window.menuBar().actions()]
        assert titles[0] == "파일(&F)"
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)  # Qt's own words too
        assert [b.text() for b in box.buttons()] == ["취소"]
        assert window.start is not None
        assert window.start.model.headers()[0] == "협력업체"
        assert Settings().language == "ko"
    finally:
        window.switch_language("en")


def _answers_csv(path: Path, window: MainWindow) -> Path:
    assert window.page is not None
    ids = [i.id for i in window.page.workspace.items()]
    path.write_text("item_id,answer,note\n" + "".join(f"{i},met,\n" for i in ids), encoding="utf-8")
    return path


def test_import_runs_in_the_background(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    assert window.start is not None
    window.open_assessment(window.start.model.rows[0].id)
    task = window.field.import_answers(_answers_csv(tmp_path / "a.csv", window))
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=20000) as done:
        pass
    assert done.args[0].count == 322
    assert window.page is not None
    assert window.page.workspace.result.unanswered == 0


def test_cancelled_import_changes_nothing(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    assert window.start is not None
    window.open_assessment(window.start.model.rows[0].id)
    assert window.page is not None
    before = dict(window.page.workspace.held)
    task = window.field.import_answers(_answers_csv(tmp_path / "a.csv", window))
    assert task is not None
    task.cancelled.set()  # as the Cancel button does
    with qtbot.waitSignal(task.error, timeout=20000):
        pass
    assert "nothing was changed" in window.statusBar().currentMessage()
    assert window.ctx is not None
    fresh = Workspace(window.ctx, window.page.workspace.assessment_id)
    assert fresh.held == before


@pytest.mark.parametrize(
    ("kind", "suffix"),
    [("pdf", "pdf"), ("xlsx", "xlsx"), ("questionnaire", "xlsx"), ("oscal", "json")],
)
def test_exports_run_in_the_background(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, kind: str, suffix: str
) -> None:
    assert window.start is not None
    window.open_assessment(window.start.model.rows[0].id)
    target = tmp_path / f"out.{suffix}"
    task = window.field.export(kind, suffix, target)
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=30000):
        pass
    assert target.stat().st_size > 1000
    if kind == "oscal":
        assert (tmp_path / "out-poam.json").exists()


def test_headquarters_imports_packages_and_shows_the_portfolio(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from certdesk.services.assessment import answers
    from certdesk.services.exchange import results_out
    from tests.support.exchange import Actor, kit_assessment

    field, hq = Actor(tmp_path / "field", "field"), Actor(tmp_path / "hq", "hq")
    aid = kit_assessment(hq, field, tmp_path)
    with field.acting() as ctx:
        answers.answer(ctx, aid, "1.1.1", "met")
        results_out.export_package(ctx, aid, tmp_path / "good.cdpkg")
    (tmp_path / "bad.cdpkg").write_bytes(b"not a package")
    with hq.acting() as ctx:
        ctx.close()
        monkeypatch.setenv("CERTDESK_DB", str(ctx.db.path))
        main = MainWindow(Settings())
        qtbot.addWidget(main)
        main.show()
        main.open_database(ctx.db.path)
        assert main.hq.packages_action.isEnabled()
        task = main.hq.import_packages(
            [tmp_path / "good.cdpkg", tmp_path / "bad.cdpkg"], show=False
        )
        assert task is not None
        with qtbot.waitSignal(task.done, timeout=20000):
            pass
        assert main.hq.last_import is not None
        table = main.hq.last_import.table
        assert [_cell(table, r, 1) for r in range(2)] == ["imported", "refused"]
        assert "not a CertDesk result package" in _cell(table, 1, 2)
        main.hq.show_portfolio()
        assert main.hq.portfolio is not None
        shown = main.hq.portfolio.proxy
        assert shown.rowCount() == 1
        assert shown.index(0, 1).data() == "124-81-00998"
        assert shown.index(0, 9).data() == "1"  # a draft: in progress, never the standing
        assert shown.index(0, 5).data() == "no final on-site result"
        main.close()


def _cell(table: Any, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return str(item.text())


def test_leaving_the_workspace_saves_the_last_answer(window: MainWindow) -> None:
    assert window.start is not None
    aid = window.start.model.rows[0].id
    window.open_assessment(aid)
    page = window.page
    assert page is not None
    target = page.workspace.next_unanswered(None)
    assert target is not None
    page.answer(target, "met", "")
    assert page.workspace.unsaved == 1  # the save waits for the next tick...
    window.field.show_start()  # ...but leaving the page does not lose it
    assert window.ctx is not None
    assert Workspace(window.ctx, aid).held[target].code == "met"


def test_every_file_menu_entry_opens_its_dialog(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: File > Import answers from CSV crashed before its dialog opened (the
    menu handed `checked` to the path parameter). Each entry is triggered as a click."""
    from PySide6.QtWidgets import QFileDialog

    assert window.start is not None
    window.open_assessment(window.start.model.rows[0].id)
    assert window.page is not None
    csv_file = _answers_csv(tmp_path / "a.csv", window)
    asked: list[str] = []

    def chosen(*args: Any, **_kw: Any) -> tuple[str, str]:
        asked.append(str(args[1]))
        return (str(csv_file), "") if len(asked) == 1 else ("", "")

    def chosen_many(*args: Any, **kw: Any) -> tuple[list[str], str]:
        name, kind = chosen(*args, **kw)
        return ([name] if name else []), kind

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", chosen_many)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", chosen)
    window.field.import_action.trigger()
    qtbot.waitUntil(lambda: "imported" in window.statusBar().currentMessage(), timeout=20000)
    window.field.questionnaire_action.trigger()  # the dialog is cancelled: nothing happens
    window.field.kit_action.trigger()  # cancelled too
    for entry in window.field.exports:
        entry.trigger()
    assert len(asked) == 3 + len(window.field.exports)


def test_help_lists_the_keyboard_shortcuts(window: MainWindow) -> None:
    help_menu = window.menuBar().actions()[-1].menu()
    assert isinstance(help_menu, QMenu)
    [entry] = [a for a in help_menu.actions() if "shortcuts" in a.text()]
    entry.trigger()
    text = window.shortcuts_box.text()
    assert "Next / previous unanswered item" in text
    assert "Ctrl+K" in text
    window.shortcuts_box.close()


def test_the_start_page_lists_many_assessments_on_a_1366x768_laptop(
    window: MainWindow, qtbot: QtBot
) -> None:
    from certdesk.services.assessment import create, suppliers

    assert window.ctx is not None
    assert window.start is not None
    [demo] = suppliers.list_suppliers(window.ctx)
    for n in range(11):
        create.new_assessment(window.ctx, demo.id, "industrial-security", "self", site=f"S{n}")
    window.start.refresh()
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.width() == 1366)
    QApplication.processEvents()
    table = window.start.table
    last_visible = table.rowAt(table.viewport().height() - 2)
    assert last_visible == -1 or last_visible >= 7  # at least eight rows in view
    assert table.viewport().height() >= 8 * table.rowHeight(0)
