"""Asking for a passphrase where no secure keyring exists: for a database or for the
user's key files.

A new passphrase is typed twice, checked for length in the dialog itself (a
refusal keeps the dialog open with what was typed), rated as the user types,
and comes with the warning that matters: without it the data cannot be opened
by anyone.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from certdesk.i18n import _

STRONG = 20
"""Characters from which a passphrase counts as strong (four or five words)."""


def strength(text: str, minimum: int) -> str:
    """A plain rating of a passphrase: length counts most; a mix of kinds helps a little."""
    length = len(unicodedata.normalize("NFC", text))
    kinds = sum(
        (
            any(c.islower() for c in text),
            any(c.isupper() for c in text),
            any(c.isdigit() for c in text),
            any(not c.isalnum() for c in text),
            any(ord(c) > 0x7F for c in text),
        )
    )
    if length < minimum:
        return _("too short: at least {n} characters").format(n=minimum)
    if length >= STRONG or (length >= minimum + 4 and kinds >= 3):
        return _("strong")
    return _("fair: a few more words make it strong")


class PassphraseDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        about: str,
        *,
        new: bool,
        minimum: int,
        with_current: bool = False,
    ) -> None:
        super().__init__(parent)
        self.new, self.minimum, self.with_current = new, minimum, with_current
        self.setWindowTitle(title)
        self.setMinimumWidth(480)  # the explanations read as lines, not a column
        intro = QLabel(about)
        intro.setWordWrap(True)
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.rating = QLabel()
        self.problem = QLabel()
        self.problem.setObjectName("badges")  # the red, bold style
        self.problem.setWordWrap(True)
        form = QFormLayout()
        if with_current:
            form.addRow(_("Current passphrase"), self.current)
            form.addRow(_("New passphrase"), self.first)
        else:
            self.current.hide()
            form.addRow(_("Passphrase"), self.first)
        if new:
            form.addRow(_("Repeat it"), self.second)
            form.addRow(_("Strength"), self.rating)
            self.first.textChanged.connect(self._rate)
            self._rate()
        else:
            self.second.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        if new:
            warning = QLabel(
                _(
                    "Write it down and keep it somewhere safe. Without it nobody can open "
                    "what it protects, not even CertDesk's makers: a lost passphrase loses "
                    "the data."
                )
            )
            warning.setWordWrap(True)
            layout.addWidget(warning)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.problem.hide()

    def _rate(self) -> None:
        self.rating.setText(strength(self.first.text(), self.minimum))

    def accept(self) -> None:
        """Close only with a passphrase that will be taken; else say why and stay open."""
        problem = self.refusal()
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            return
        super().accept()

    def refusal(self) -> str | None:
        if self.with_current and not self.current.text():
            return _("Type the current passphrase.")
        text = self.first.text()
        if not text:
            return _("Type the passphrase.")
        if self.new and len(unicodedata.normalize("NFC", text)) < self.minimum:
            return _("The passphrase needs at least {n} characters.").format(n=self.minimum)
        if self.new and self.second.text() != text:
            return _("The two passphrases differ: type the same one twice.")
        return None

    def passphrase(self) -> str:
        return self.first.text()


def ask(parent: QWidget | None, title: str, about: str, *, new: bool, minimum: int) -> str | None:
    dialog = PassphraseDialog(parent, title, about, new=new, minimum=minimum)
    return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None


def key_passphrase_ready(parent: QWidget | None) -> bool:
    """Where keys live in passphrase-protected files, ask for it once; False if cancelled."""
    from certdesk.services import own_keys
    from certdesk.services.opening import MIN_PASSPHRASE

    if not own_keys.needs_key_passphrase():
        return True
    new = not own_keys.keys_exist()
    about = (
        _(
            "No secure keyring is available on this computer: your keys will be kept in "
            "files protected by a passphrase. Choose it now."
        )
        if new
        else _("Your keys are kept in files protected by a passphrase. Type it to use them.")
    )
    given = ask(parent, _("Key passphrase"), about, new=new, minimum=MIN_PASSPHRASE)
    if given is None:
        return False
    own_keys.use_key_passphrase(given)
    return True
