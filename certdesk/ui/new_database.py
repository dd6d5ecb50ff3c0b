"""File > New database: where the encrypted file goes and whose it is (a field laptop, or
headquarters). The key goes to this computer's keyring, or a passphrase is asked.

Or a headquarters team's database on a PostgreSQL server: the file is then its
description (no secret in it) with the team's evidence folder beside it. It is made on
the server before the dialog closes, after the team's passphrase is chosen, so that a
refusal (an address that is none, a server that cannot be reached) is said in place and
keeps what was typed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from certdesk.domain.roles import DatabaseRole
from certdesk.i18n import _
from certdesk.ui.dialogs import DESCRIBED
from certdesk.ui.operations import Operations

ADDRESS_FORM = "postgresql://user@host/dbname?sslmode=verify-full"


def _taken(path: Path) -> bool:
    """A database is there already: a file, or a server's description."""
    return path.exists() or path.with_name(path.name + DESCRIBED).exists()


def free_name(folder: Path, stem: str) -> Path:
    """`stem.db` in `folder`, or `stem-2.db`, `stem-3.db`... whichever does not exist yet."""
    candidate, n = folder / f"{stem}.db", 2
    while _taken(candidate):
        candidate, n = folder / f"{stem}-{n}.db", n + 1
    return candidate


def unbroken(text: str, term: str) -> str:
    """`text` in which `term` is never broken across lines (not even at its hyphens)."""
    kept = term.replace(" ", "\u00a0").replace("-", "-\u2060")  # a word joiner
    return text.replace(term, kept)


def ask_team_passphrase(parent: QWidget, new: bool) -> str | None:
    """The team's passphrase for the audit key of a database on a server, chosen now:
    CERTDESK_PASSPHRASE when set (scripts), else typed twice; None when cancelled."""
    from certdesk.services import opening

    given = opening.env_passphrase(new)
    if given:
        return given
    from certdesk.ui.passphrase import ask

    about = _(
        "Choose the team's passphrase. It seals the team's audit key in the description "
        "file; each colleague types it once, the first time their CertDesk opens the database."
    )
    return ask(parent, _("Team passphrase"), about, new=new, minimum=opening.MIN_PASSPHRASE)


class NewDatabaseDialog(QDialog):
    """`path` and `role` hold the choice once accepted; for a database made on a server,
    `passphrase` holds the team's passphrase to open it with."""

    def __init__(self, parent: QWidget | None, folder: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New database"))
        self.path: Path | None = None
        self.role = DatabaseRole.FIELD
        self.passphrase: str | None = None
        self._asked: str | None = None  # kept for another try at the same server
        self._cancelled = False
        self.ops = Operations(self)
        self.ops.status.connect(self._refused_on_server)
        self.location = QLineEdit(str(free_name(folder, "certdesk")))
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(browse)
        self.field = QRadioButton(_("Field: an assessor's or a supplier's laptop"))
        self.hq = QRadioButton(_("Headquarters: collects and verifies suppliers' results"))
        self.server = QRadioButton(_("Headquarters team on a PostgreSQL server"))
        self.field.setChecked(True)
        self.roles = QButtonGroup(self)
        for choice in (self.field, self.hq, self.server):
            self.roles.addButton(choice)
        self.form = form = QFormLayout()
        form.addRow(_("File"), where)
        form.addRow(_("Used by"), self.field)
        form.addRow("", self.hq)
        form.addRow("", self.server)
        self._server_rows(form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)  # room to spare goes below the fields, not between them
        layout.addWidget(buttons)
        self.server.toggled.connect(self._show_server)
        self._show_server(False)
        self._fit(620)

    def _server_rows(self, form: QFormLayout) -> None:
        """The server's address, and where its password comes from."""
        self.address = QLineEdit()
        self.address.setPlaceholderText(ADDRESS_FORM)
        note = _(
            "The password comes from your pass file (~/.pgpass), never from CertDesk. "
            "Keep sslmode=verify-full: the server's certificate is then checked."
        )
        self.server_note = QLabel(unbroken(note, "sslmode=verify-full"))
        self.server_note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.server_note.setWordWrap(True)
        form.addRow(_("Server"), self.address)
        form.addRow("", self.server_note)

    def _show_server(self, on: bool) -> None:
        """The server's address and its note, only for a database on a server."""
        self.form.setRowVisible(self.address, on)
        self.form.setRowVisible(self.server_note, on)
        self.note.setText(
            _(
                "The file describes the server, with no secret in it; the team's evidence "
                "folder goes beside it, so choose a folder the team shares. Next you choose "
                "the team's passphrase."
            )
            if on
            else _(
                "The database is encrypted. Its key is kept in this computer's keyring; "
                "where there is none, you choose a passphrase next."
            )
        )
        self.error.hide()
        if self.isVisible():
            self._fit(self.width())
        if on:
            self.address.setFocus()

    def _fit(self, width: int) -> None:
        """As tall as the wrapped notes need at this width, no taller."""
        layout = self.layout()
        self.resize(width, layout.totalHeightForWidth(width) if layout else self.height())

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("New database"), self.location.text(), _("CertDesk databases (*.db)")
        )
        if chosen:
            self.location.setText(chosen if chosen.endswith(".db") else f"{chosen}.db")

    def _refuse(self, text: str, field: QLineEdit | None = None) -> None:
        self.error.setText(text)
        self.error.show()
        (field or self.location).setFocus()

    def _refused_on_server(self, text: str) -> None:
        if self._cancelled:  # the passphrase was not given: nothing to say
            self.error.hide()
        else:
            self._refuse(text, self.address)

    def _chosen_path(self) -> Path | None:
        """Where the database goes, or None after saying in place why not there."""
        text = self.location.text().strip()
        if not text:
            self._refuse(_("Choose where the database goes."))
            return None
        path = Path(text).expanduser()
        if path.suffix != ".db":
            path = path.with_name(path.name + ".db")
        if _taken(path):
            self._refuse(_("{file} exists already: choose another name.").format(file=path.name))
            return None
        if not path.parent.is_dir():
            self._refuse(_("The folder {folder} does not exist.").format(folder=path.parent))
            return None
        return path

    def accept(self) -> None:
        """Take the choice, or say in place why not and keep it."""
        path = self._chosen_path()
        if path is None:
            return
        if self.server.isChecked() and not self._made_on_server(path):
            return
        self.path = path
        self.role = DatabaseRole.FIELD if self.field.isChecked() else DatabaseRole.HQ
        super().accept()

    def _made_on_server(self, path: Path) -> bool:
        """Make the database on the server; False after saying in place why not."""
        from certdesk.services import server_db

        address = self.address.text().strip()
        if not address:
            self._refuse(_("Give the server's address, as {form}.").format(form=ADDRESS_FORM))
            return False
        self.error.hide()
        self._cancelled = False
        made = self.ops.now(
            self.windowTitle(),
            lambda: server_db.create_server(path, address, self._team_passphrase).close(),
            quiet=True,  # a refusal goes to the line under the fields
        )
        self.passphrase = self._asked
        return made is not None

    def _team_passphrase(self, new: bool) -> str | None:
        if self._asked is None:
            self._asked = ask_team_passphrase(self, new)
            self._cancelled = self._asked is None
        return self._asked
