"""The two changes to the trust store a person makes: trust a key file once its fingerprint
is confirmed with the owner by phone, and revoke a key with the reason.

Each editor shows a refusal inside itself and keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from certdesk import labels
from certdesk.domain.roles import KeyRole
from certdesk.i18n import _
from certdesk.services.changes import Changes
from certdesk.services.context import Context
from certdesk.services.exchange import trust
from certdesk.services.exchange.trust import KeyPreview, TrustedKeyView
from certdesk.services.messages import untrusted
from certdesk.services.team import IMPORT
from certdesk.ui.fingerprint import FingerprintGroups
from certdesk.ui.fonts import fingerprint_font
from certdesk.ui.operations import Operations
from certdesk.ui.roles import allow, may


def _wrapped(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class _Editor(QDialog):
    """A dialog whose refusals show in its own red line, never in a message box."""

    def __init__(self, parent: QWidget, ctx: Context) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ops = Operations(self)
        self.done_changes: Changes | None = None
        self.able = may(ctx, IMPORT)
        self.problem = _wrapped("", "error")
        self.problem.hide()
        self.ops.status.connect(self._refused)

    def _refused(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()

    def _save(self, work: Callable[[], Changes]) -> None:
        if not self.able:  # Enter, where the role greyed the button
            return
        self.problem.hide()
        done = self.ops.now(self.windowTitle(), work, quiet=True)
        if isinstance(done, Changes):
            self.done_changes = done
            super().accept()


class AddKeyDialog(_Editor):
    """A public key file's fingerprint to confirm by phone, then who the key belongs to."""

    def __init__(self, parent: QWidget, ctx: Context, path: Path, preview: KeyPreview) -> None:
        super().__init__(parent, ctx)
        self.path, self.preview = path, preview
        self.setWindowTitle(_("Trust a public key"))
        owner = untrusted(preview.name) if preview.name else _("(no name in the file)")
        intro = _wrapped(
            _("The file {file} holds the public key of {name}.").format(
                file=untrusted(path.name), name=owner
            )
        )
        how = _wrapped(
            _(
                "Call the key's owner on a number you already know (not one written in the "
                "message that brought the file) and ask them to read the fingerprint their "
                "My keys window shows. Trust the key only if all eight groups are the same."
            )
        )
        self.fingerprint = FingerprintGroups(preview.fingerprint, self)
        self.known = _wrapped("", "banner")
        held = preview.trusted
        if held is not None:
            known = _("This key is already in the trust store as {name} ({role}).")
            if held.revoked_at is not None:
                known = _(
                    "This key is in the trust store as {name} ({role}) and was revoked on "
                    "{day}: a revoked key cannot be trusted again."
                )
            day = held.revoked_at.astimezone().strftime("%Y-%m-%d") if held.revoked_at else ""
            self.known.setText(
                known.format(name=held.name, role=labels.key_role(held.role), day=day)
            )
        self.known.setVisible(preview.trusted is not None)
        self.name = QLineEdit(preview.name)
        self.role = QComboBox()
        for code, label in labels.choices(KeyRole):
            self.role.addItem(label, code)
        self.role.currentIndexChanged.connect(lambda _n: self._role_changed())
        self.supplier = QLineEdit()
        self.supplier.setPlaceholderText("123-45-67890")
        self.supplier_hint = _wrapped(
            _("Files signed by a supplier key count for this supplier only.")
        )
        form = QFormLayout()
        form.addRow(_("Owner's name"), self.name)
        form.addRow(_("Role"), self.role)
        form.addRow(_("Supplier's business registration number"), self.supplier)
        form.addRow("", self.supplier_hint)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            _("The fingerprint matches: trust this key"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        allow(self.ok_button, self.able, otherwise=preview.trusted is None)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)  # Enter never trusts a key by accident
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.known, how):
            layout.addWidget(widget)
        layout.addSpacing(6)
        layout.addWidget(self.fingerprint)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(680)
        self._role_changed()

    def chosen_role(self) -> KeyRole:
        return KeyRole(self.role.currentData())

    def _role_changed(self) -> None:
        supplier = self.chosen_role() is KeyRole.SUPPLIER
        self.supplier.setEnabled(supplier)
        self.supplier_hint.setEnabled(supplier)

    def accept(self) -> None:
        """Trust the key as confirmed, or say why not and keep everything typed."""
        role = self.chosen_role()
        name, number = self.name.text(), self.supplier.text()
        bound = number if role is KeyRole.SUPPLIER else None
        ctx, path, shown = self.ctx, self.path, self.preview.fingerprint
        self._save(lambda: trust.trust(ctx, path, name, role, bound, fingerprint=shown))


class RevokeDialog(_Editor):
    """Why a key is no longer trusted, and what revoking it does."""

    def __init__(self, parent: QWidget, ctx: Context, key: TrustedKeyView) -> None:
        super().__init__(parent, ctx)
        self.key = key
        self.setWindowTitle(_("Revoke a key"))
        which = _wrapped(
            _("Revoke the key of {name} ({role})?").format(
                name=key.name, role=labels.key_role(key.role)
            )
        )
        self.fingerprint = QLabel(key.fingerprint)
        self.fingerprint.setFont(fingerprint_font(12))
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.consequences = _wrapped(
            _(
                "Files signed by this key are refused from now on, and certificates that "
                "cite results it signed are marked as signed by a revoked key. A revoked "
                "key cannot be trusted again: to trust its owner again, trust a new key of "
                "theirs."
            )
        )
        self.reason = QLineEdit()
        self.reason.setMaxLength(trust.MAX_REASON)
        self.reason.setPlaceholderText(_("e.g. laptop lost, left the company"))
        form = QFormLayout()
        form.addRow(_("Reason (required)"), self.reason)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            _("Revoke the key"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        allow(self.ok_button, self.able)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (which, self.fingerprint, self.consequences):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)

    def accept(self) -> None:
        ctx, fingerprint, reason = self.ctx, self.key.fingerprint, self.reason.text()
        self._save(lambda: trust.revoke(ctx, fingerprint, reason))
