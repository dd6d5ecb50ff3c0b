"""File > New database: where the encrypted file goes and whose it is (a field laptop, or
headquarters). The key goes to this computer's keyring, or a passphrase is asked."""

from __future__ import annotations

from pathlib import Path

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


def free_name(folder: Path, stem: str) -> Path:
    """`stem.db` in `folder`, or `stem-2.db`, `stem-3.db`... whichever does not exist yet."""
    candidate, n = folder / f"{stem}.db", 2
    while candidate.exists():
        candidate, n = folder / f"{stem}-{n}.db", n + 1
    return candidate


class NewDatabaseDialog(QDialog):
    """`path` and `role` hold the choice once accepted."""

    def __init__(self, parent: QWidget | None, folder: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New database"))
        self.path: Path | None = None
        self.role = DatabaseRole.FIELD
        self.location = QLineEdit(str(free_name(folder, "certdesk")))
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(browse)
        self.field = QRadioButton(_("Field: an assessor's or a supplier's laptop"))
        self.hq = QRadioButton(_("Headquarters: collects and verifies suppliers' results"))
        self.field.setChecked(True)
        self.roles = QButtonGroup(self)
        self.roles.addButton(self.field)
        self.roles.addButton(self.hq)
        form = QFormLayout()
        form.addRow(_("File"), where)
        form.addRow(_("Used by"), self.field)
        form.addRow("", self.hq)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        note = QLabel(
            _(
                "The database is encrypted. Its key is kept in this computer's keyring; "
                "where there is none, you choose a passphrase next."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(600, self.sizeHint().height())

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("New database"), self.location.text(), _("CertDesk databases (*.db)")
        )
        if chosen:
            self.location.setText(chosen if chosen.endswith(".db") else f"{chosen}.db")

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.location.setFocus()

    def accept(self) -> None:
        """Take the choice, or say in place why not and keep it."""
        text = self.location.text().strip()
        if not text:
            self._refuse(_("Choose where the database goes."))
            return
        path = Path(text).expanduser()
        if path.suffix != ".db":
            path = path.with_name(path.name + ".db")
        if path.exists():
            self._refuse(_("{file} exists already: choose another name.").format(file=path.name))
            return
        if not path.parent.is_dir():
            self._refuse(_("The folder {folder} does not exist.").format(folder=path.parent))
            return
        self.path = path
        self.role = DatabaseRole.HQ if self.hq.isChecked() else DatabaseRole.FIELD
        super().accept()
