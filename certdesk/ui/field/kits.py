"""A kit from headquarters into the app: its signer confirmed by a person, then opened.

The first kit pins headquarters' key. Before that, the app shows the key's
fingerprint in eight groups of four characters, to be read aloud over the
phone with headquarters on a number the assessor already knows; only when
every group matches does the user accept it. A kit signed by the pinned key
imports at once; one signed by another key asks again, saying the key changed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from certdesk.i18n import _
from certdesk.services.messages import untrusted
from certdesk.ui.fingerprint import FingerprintGroups


class FingerprintDialog(QDialog):
    """The signer's fingerprint, big and numbered; accepted only by a deliberate click."""

    def __init__(self, parent: QWidget | None, file: Path, fingerprint: str, *, changed: bool):
        super().__init__(parent)
        self.setWindowTitle(_("Confirm headquarters' key"))
        intro = QLabel(
            _(
                "The file {file} is signed by a headquarters key this database does not know yet."
            ).format(file=untrusted(file.name))
            if not changed
            else _(
                "The file {file} is signed by a different headquarters key than the one "
                "this database trusts. Accept it only if headquarters tells you it has "
                "changed its key."
            ).format(file=untrusted(file.name))
        )
        intro.setWordWrap(True)
        how = QLabel(
            _(
                "Call headquarters' security team on a number you already know (not one "
                "written in the e-mail that brought the file) and ask them to read their "
                "key's fingerprint. Accept only if all eight groups below are the same."
            )
        )
        how.setWordWrap(True)
        shown = FingerprintGroups(fingerprint, self)
        self.groups = shown.groups
        buttons = QDialogButtonBox()
        self.accept_button = buttons.addButton(
            _("All groups match: trust this key"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(how)
        layout.addWidget(shown)
        layout.addWidget(buttons)


def confirm_signer(parent: QWidget, file: Path, fingerprint: str, pinned: str | None) -> bool:
    """True when the kit or notice may be imported: signed by the pinned key, or confirmed now."""
    if pinned == fingerprint:
        return True
    dialog = FingerprintDialog(parent, file, fingerprint, changed=pinned is not None)
    return dialog.exec() == QDialog.DialogCode.Accepted
