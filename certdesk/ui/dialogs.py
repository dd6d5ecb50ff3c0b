"""The shell's own small dialogs: the database passphrase, choosing a database file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

from certdesk.i18n import _


def ask_passphrase(parent: QWidget, new: bool) -> str | None:
    """CERTDESK_PASSPHRASE when set (scripts), else the user's answer; None when cancelled."""
    from certdesk.services import opening

    given = opening.env_passphrase(new)
    if given:
        return given
    prompt = (
        _(
            "No secure keyring is available. Choose a passphrase for the new database "
            "(at least 10 characters):"
        )
        if new
        else _("Database passphrase:")
    )
    text, ok = QInputDialog.getText(
        parent, _("Database passphrase"), prompt, QLineEdit.EchoMode.Password
    )
    return text if ok and text else None


def choose_database(parent: QWidget, folder: Path) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(
        parent, _("Open database"), str(folder), _("CertDesk databases (*.db)")
    )
    return Path(name) if name else None
