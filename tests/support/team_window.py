"""The window at a colleague's desk of a headquarters team, for tests: the description
opened with the team passphrase, and what a role greys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from certdesk.ui.main_window import MainWindow
from certdesk.ui.passphrase import PassphraseDialog
from tests.support.dialogs import when_shown
from tests.support.exchange import TEAM_PASSPHRASE

NOT_IN_ROLE = "Your role in the headquarters team does not include this."


def open_as(window: MainWindow, described: Path, login: str) -> None:
    """The colleague's desk opens the description; the team's passphrase is typed once."""

    def type_it(dialog: PassphraseDialog) -> None:
        dialog.first.setText(TEAM_PASSPHRASE)
        dialog.accept()

    asked = when_shown(PassphraseDialog, type_it)
    window.open_database(described)
    assert len(asked) == 1
    assert window.ctx is not None
    assert window.ctx.user == login


def close_db(window: MainWindow) -> None:
    """The server's connections closed now, not left to the collector."""
    assert window.ctx is not None
    window.ctx.close()


def greyed(*controls: QWidget | QAction) -> None:
    for control in controls:
        assert not control.isEnabled(), control
        assert control.toolTip() == NOT_IN_ROLE, control


def usable(*controls: QWidget | QAction) -> None:
    for control in controls:
        assert control.isEnabled(), control
        assert control.toolTip() != NOT_IN_ROLE, control
