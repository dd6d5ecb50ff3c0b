"""Passphrases where no secure keyring exists: typed twice, refused in the dialog with
what was typed kept, and the first start ends on an open database, not a blank window."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from certdesk.services import own_keys
from certdesk.ui.keys_dialog import KeysDialog
from certdesk.ui.main_window import MainWindow
from certdesk.ui.passphrase import PassphraseDialog, strength
from certdesk.ui.settings import Settings
from tests.support.dialogs import when_shown

GOOD = "correct horse battery staple"


@pytest.fixture
def without_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    keyring.set_keyring(FailKeyring())
    monkeypatch.setenv("CERTDESK_DEMO", "no")
    own_keys.use_key_passphrase(None)


def test_a_new_passphrase_is_refused_in_the_dialog_until_it_will_be_taken(
    qtbot: QtBot, qapp: QApplication
) -> None:
    dialog = PassphraseDialog(None, "t", "about", new=True, minimum=12)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.first.setText("short")
    dialog.accept()
    assert dialog.isVisible()
    assert "at least 12 characters" in dialog.problem.text()
    assert dialog.first.text() == "short"  # nothing typed is thrown away
    assert "too short" in dialog.rating.text()
    dialog.first.setText(GOOD)
    dialog.second.setText(GOOD + "!")
    dialog.accept()
    assert "differ" in dialog.problem.text()
    assert dialog.isVisible()
    dialog.second.setText(GOOD)
    assert dialog.rating.text() == "strong"
    dialog.accept()
    assert not dialog.isVisible()
    assert dialog.passphrase() == GOOD


def test_strength_grows_with_length() -> None:
    assert strength("a" * 11, 12).startswith("too short")
    assert strength("abcdefghijkl", 12).startswith("fair")
    assert strength(GOOD, 12) == "strong"


@pytest.mark.usefixtures("without_keyring")
def test_the_first_start_retries_a_too_short_passphrase_and_opens(
    qtbot: QtBot, tmp_path: Path
) -> None:
    def type_twice(dialog: PassphraseDialog) -> None:
        dialog.first.setText("too short")
        dialog.accept()  # refused: the dialog stays, with the reason
        assert dialog.isVisible()
        dialog.first.setText(GOOD)
        dialog.second.setText(GOOD)
        dialog.accept()

    seen = when_shown(PassphraseDialog, type_twice)
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()
    window.open_database(tmp_path / "certdesk.db")
    assert seen
    assert seen[0].new
    assert "lost passphrase loses the data" in " ".join(
        label.text() for label in seen[0].findChildren(type(seen[0].problem))
    )
    assert window.ctx is not None
    assert window.field.new_action.isEnabled()
    window.close()


@pytest.mark.usefixtures("without_keyring")
def test_keys_without_a_keyring_ask_for_their_passphrase(qtbot: QtBot, qapp: QApplication) -> None:
    def choose(dialog: PassphraseDialog) -> None:
        dialog.first.setText(GOOD)
        dialog.second.setText(GOOD)
        dialog.accept()

    asked = when_shown(PassphraseDialog, choose)
    keys = KeysDialog(None, Settings(), "kim")
    qtbot.addWidget(keys)
    keys.make_keys()
    assert asked
    assert len(keys.fingerprint.text().split()) == 8
    own_keys.use_key_passphrase(None)
    assert own_keys.needs_key_passphrase()
    own_keys.use_key_passphrase(GOOD)
    assert own_keys.own_fingerprint() == keys.fingerprint.text()
    own_keys.use_key_passphrase(None)
