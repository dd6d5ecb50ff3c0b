"""The shell's own small dialogs: passphrase, database file, the first run's demo, About."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from certdesk import __version__
from certdesk.i18n import _


def ask_passphrase(parent: QWidget, new: bool) -> str | None:
    """CERTDESK_PASSPHRASE when set (scripts), else the user's answer; None when cancelled."""
    from certdesk.services import opening

    given = opening.env_passphrase(new)
    if given:
        return given
    from certdesk.ui.passphrase import ask

    about = (
        _(
            "No secure keyring is available on this computer. Choose a passphrase for the "
            "new database: it encrypts everything in it."
        )
        if new
        else _("Type the passphrase of the database.")
    )
    return ask(parent, _("Database passphrase"), about, new=new, minimum=opening.MIN_PASSPHRASE)


DESCRIBED = ".certdesk.json"


def database_of(chosen: Path) -> Path:
    """The database a chosen file stands for: a server database is opened by its
    description file (`NAME.db.certdesk.json`), a file database by itself."""
    if chosen.name.endswith(".db" + DESCRIBED):
        return chosen.with_name(chosen.name[: -len(DESCRIBED)])
    return chosen


def choose_database(parent: QWidget, folder: Path) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Open database"),
        str(folder),
        _("CertDesk databases (*.db *.db.certdesk.json)"),
    )
    return database_of(Path(name)) if name else None


def wants_demo(parent: QWidget) -> bool:
    """Whether the user wants the demo in a new database (CERTDESK_DEMO=yes|no for scripts)."""
    wanted = os.environ.get("CERTDESK_DEMO", "")
    if wanted in ("yes", "no"):
        return wanted == "yes"
    answer = QMessageBox.question(
        parent,
        _("Welcome to CertDesk"),
        _(
            "This is a new, encrypted database. Add a demo supplier with a half-finished "
            "assessment, to see how CertDesk works?"
        ),
    )
    return answer == QMessageBox.StandardButton.Yes


def about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        _("About CertDesk"),
        _(
            "CertDesk {version}\nSupplier security certification, offline.\n\nKorean text is "
            "set in NanumGothic (SIL Open Font License 1.1)."
        ).format(version=__version__),
    )
