"""My keys: make them once, show their fingerprint, hand the public half to headquarters.

The private keys stay on this computer (in the keyring, or in files sealed with the
passphrase); what leaves it is the public key file, whose fingerprint headquarters
checks with its owner by phone before trusting it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from certdesk.i18n import _
from certdesk.ui.file_choice import save_to, written
from certdesk.ui.fonts import fingerprint_font
from certdesk.ui.operations import Operations
from certdesk.ui.settings import Settings


class KeysDialog(QDialog):
    def __init__(self, parent: QWidget | None, settings: Settings, user: str) -> None:
        super().__init__(parent)
        self.settings = settings
        self.ops = Operations(self)
        self.setWindowTitle(_("My keys"))
        about = QLabel(
            _(
                "Your keys sign what you send (results, responses) and open what is sent "
                "to you (kits). The private keys never leave this computer; give "
                "headquarters the public key file, and read them its fingerprint by phone."
            )
        )
        about.setWordWrap(True)
        self.fingerprint = QLabel()
        mono = fingerprint_font(13)
        self.fingerprint.setFont(mono)
        self.name = QLineEdit(user)
        self.create_button = QPushButton(_("Create my keys"))
        self.create_button.clicked.connect(self.make_keys)
        self.export_button = QPushButton(_("Export public key…"))
        self.export_button.clicked.connect(lambda: self.export())  # noqa: PLW0108 - not `checked`
        form = QFormLayout()
        form.addRow(_("Fingerprint"), self.fingerprint)
        form.addRow(_("Your name in the key file"), self.name)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.create_button)
        layout.addWidget(self.export_button)
        layout.addWidget(close)
        self.shown: object = None
        self.refresh()

    def refresh(self) -> None:
        from certdesk.services import own_keys
        from certdesk.ui.passphrase import key_passphrase_ready

        if own_keys.keys_exist() and not key_passphrase_ready(self):
            self.fingerprint.setText(_("locked: the key passphrase was not given"))
            self.create_button.hide()
            self.export_button.setEnabled(False)
            return
        held = self.ops.now(_("My keys"), own_keys.own_fingerprint, quiet=True)
        have = isinstance(held, str)
        self.fingerprint.setText(held if isinstance(held, str) else _("no keys yet"))
        self.create_button.setVisible(not have)
        self.export_button.setEnabled(have)

    def make_keys(self) -> None:
        from certdesk.services import own_keys
        from certdesk.ui.passphrase import key_passphrase_ready

        if not key_passphrase_ready(self):
            return
        self.ops.now(_("My keys"), own_keys.init_keys)
        self.refresh()

    def export(self, path: Path | None = None) -> Path | None:
        from certdesk.services import own_keys
        from certdesk.ui.passphrase import key_passphrase_ready

        name = self.name.text().strip()
        if path is None:
            path = save_to(
                self,
                self.settings,
                _("Export public key"),
                _("{name} public key.pub").format(name=name or "CertDesk"),
                _("Public key files (*.pub)"),
            )
            if path is None:
                return None
        target = path
        if not key_passphrase_ready(self):
            return None
        if self.ops.now(_("My keys"), lambda: own_keys.export_public(target, name)) is None:
            return None
        self.shown = written(
            self, _("My keys"), _("The public key is written: give it to headquarters."), target
        )
        return target
