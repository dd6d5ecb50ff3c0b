"""Back up, restore and a new passphrase from the real window, on real encrypted databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from certdesk.services import opening
from certdesk.services.assessment import overview
from certdesk.ui.keeping import ChangePassphraseDialog
from certdesk.ui.main_window import MainWindow

BACKUP_PASSPHRASE = "a long backup passphrase"


def test_a_backup_made_in_the_window_is_restored_and_opened(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    assert window.ctx is not None
    before = [(s.supplier, s.answered) for s in overview.summaries(window.ctx)]
    target = tmp_path / "trip.cdbackup"
    assert window.keeping.backup_action.isEnabled()
    window.keeping.backup(target, BACKUP_PASSPHRASE)
    qtbot.waitUntil(lambda: window.keeping.shown is not None, timeout=30000)
    assert target.exists()
    assert window.keeping.shown is not None
    assert "trip.cdbackup is written" in window.keeping.shown.text()
    restored = tmp_path / "restored.db"
    window.keeping.restore(target, restored, BACKUP_PASSPHRASE)
    qtbot.waitUntil(
        lambda: window.ctx is not None and window.ctx.db.path == restored, timeout=30000
    )
    assert window.start is not None
    assert [(r.supplier, r.answered) for r in window.start.model.rows] == before


def test_a_wrong_backup_passphrase_is_said_in_one_line_and_nothing_opens(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "certdesk.ui.operations.QMessageBox.warning",
        lambda _parent, _title, text: shown.append(text),
    )
    target = tmp_path / "trip.cdbackup"
    window.keeping.backup(target, BACKUP_PASSPHRASE)
    qtbot.waitUntil(lambda: window.keeping.shown is not None, timeout=30000)
    opened = window.ctx
    window.keeping.restore(target, tmp_path / "restored.db", "not the passphrase at all")
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert len(shown) == 1
    assert "backup passphrase is not right" in shown[0]
    assert "\n" not in shown[0]
    assert window.ctx is opened
    assert not (tmp_path / "restored.db").exists()


def test_a_keyring_database_offers_no_passphrase_change(window: MainWindow) -> None:
    action = window.keeping.passphrase_action
    assert not action.isEnabled()
    assert "keyring" in action.toolTip()


@pytest.mark.usefixtures("no_keyring")
def test_the_passphrase_is_changed_in_place_and_a_wrong_current_one_is_refused(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.ctx is not None
    path = window.ctx.db.path
    assert window.keeping.passphrase_action.isEnabled()
    window.keeping.passphrase_action.trigger()
    dialog = window.keeping.dialog
    assert isinstance(dialog, ChangePassphraseDialog)
    dialog.current.setText("a wrong passphrase")
    dialog.first.setText("a brand new passphrase")
    dialog.second.setText("a brand new passphrase")
    dialog.accept()
    assert dialog.isVisible()
    assert "current passphrase is not right" in dialog.problem.text()
    assert dialog.first.text() == "a brand new passphrase"
    dialog.current.setText("correct horse battery staple")  # the no_keyring fixture's
    dialog.accept()
    assert not dialog.isVisible()
    assert "passphrase is changed" in window.statusBar().currentMessage()
    window.ctx.close()
    again = opening.open_context(path, lambda _new: "a brand new passphrase", None)
    again.close()
