"""Revoking a certificate (a reason is required) and verifying one by its code, with the
result package it cites if at hand; and the words for where a certificate stands."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from certdesk.i18n import _, pgettext
from certdesk.services.changes import Changes
from certdesk.services.context import Context
from certdesk.services.hq import certificate_seal, certificates
from certdesk.services.hq.certificates import Verdict
from certdesk.services.hq.register_view import RegisterRow
from certdesk.services.team import CERTIFY
from certdesk.ui.file_choice import open_from
from certdesk.ui.operations import Operations
from certdesk.ui.roles import allow, may
from certdesk.ui.settings import Settings

WARNING = "#c62828"
"""The red of `QLabel#error` in the style sheet."""


def standing_label(standing: str, reason: str | None) -> str:
    """A certificate's state in the register, in a few words."""
    words = {
        "valid": pgettext("certificate", "Valid"),
        "expired": pgettext("certificate", "Expired"),
        "revoked": _("Revoked: {reason}"),
        "superseded": _("Superseded on {day}"),
        "signer_revoked": _("Signer's key revoked on {day}"),
    }
    return words.get(standing, standing).format(reason=reason or "—", day=reason or "—")


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.hide()
    return label


class RevokeDialog(QDialog):
    """Revoke one certificate; without a reason it says so in place and writes nothing."""

    def __init__(self, parent: QWidget, ctx: Context, entry: RegisterRow) -> None:
        super().__init__(parent)
        self.ctx, self.entry = ctx, entry
        self.ops = Operations(self)
        self.setWindowTitle(_("Revoke certificate"))
        about = QLabel(
            _(
                "Certificate {code} of {supplier} ({framework}). A revoked certificate stays "
                "in the register and fails every verification; it cannot be reinstated."
            ).format(code=entry.code, supplier=entry.supplier, framework=entry.framework)
        )
        about.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(_("Why the certificate is revoked"))
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        self.error = _error_label()
        self.reason.textChanged.connect(self.error.hide)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.revoke_button = buttons.addButton(_("Revoke"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.able = may(ctx, CERTIFY)
        allow(self.revoke_button, self.able)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Reason"), self.reason)
        form.addRow("", self.error)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def accept(self) -> None:
        if not self.able:  # Enter, where the role greyed the button
            return
        reason = self.reason.toPlainText().strip()
        if not reason:
            self.error.setText(_("write why the certificate is revoked"))
            self.error.show()
            self.reason.setFocus()
            return
        code = self.entry.code
        done = self.ops.now(self.windowTitle(), lambda: certificates.revoke(self.ctx, code, reason))
        if isinstance(done, Changes):
            super().accept()


class VerifyDialog(QDialog):
    """Check a verification code, and that it belongs to a result package if one is chosen;
    or a certificate's PDF by the statement it carries, signed with headquarters' key."""

    def __init__(self, parent: QWidget, ctx: Context, settings: Settings, code: str = "") -> None:
        super().__init__(parent)
        self.ctx, self.settings = ctx, settings
        self.ops = Operations(self)
        self.package: Path | None = None
        self.setWindowTitle(_("Verify a certificate"))
        about = QLabel(
            _(
                "Type the verification code printed on the certificate. To check that it "
                "belongs to a result, choose the result package it was issued for as well."
            )
        )
        about.setWordWrap(True)
        self.code = QLineEdit(code)
        self.code.setPlaceholderText("0000-0000-0000-0000")
        self.package_name = QLineEdit()
        self.package_name.setReadOnly(True)
        self.package_name.setPlaceholderText(_("optional"))
        self.choose_button = QPushButton(_("Choose…"))
        self.choose_button.clicked.connect(self.choose_package)
        self.clear_button = QPushButton(_("Clear"))
        self.clear_button.clicked.connect(lambda: self.set_package(None))
        package = QHBoxLayout()
        package.addWidget(self.package_name, 1)
        package.addWidget(self.choose_button)
        package.addWidget(self.clear_button)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        bold = self.verdict.font()
        bold.setBold(True)
        self.verdict.setFont(bold)
        self.file_name = QLineEdit()
        self.file_name.setReadOnly(True)
        self.file_name.setPlaceholderText(_("or verify the certificate's PDF itself"))
        self.file_button = QPushButton(_("Choose a certificate PDF…"))
        self.file_button.clicked.connect(self.choose_certificate)
        certificate_file = QHBoxLayout()
        certificate_file.addWidget(self.file_name, 1)
        certificate_file.addWidget(self.file_button)
        form = QFormLayout()
        form.addRow(_("Verification code"), self.code)
        form.addRow(_("Result package"), package)
        form.addRow(_("Certificate PDF"), certificate_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.verify_button = buttons.addButton(_("Verify"), QDialogButtonBox.ButtonRole.ActionRole)
        self.verify_button.setDefault(True)
        self.verify_button.clicked.connect(self.verify)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.verdict)
        layout.addWidget(buttons)
        self.set_package(None)
        self.resize(600, self.sizeHint().height())

    def set_package(self, path: Path | None) -> None:
        self.package = path
        self.package_name.setText(str(path) if path else "")
        self.clear_button.setEnabled(path is not None)

    def choose_package(self) -> None:
        chosen = open_from(self, self.settings, _("Result package"), _("Result packages (*.cdpkg)"))
        if chosen:
            self.set_package(chosen[0])

    def choose_certificate(self) -> None:
        chosen = open_from(self, self.settings, _("Certificate PDF"), _("Certificate PDFs (*.pdf)"))
        if chosen:
            self.verify_file(chosen[0])

    def verify_file(self, path: Path) -> Verdict | None:
        """Verify certificate file `path` and say the verdict in words under the form."""
        self.file_name.setText(str(path))
        found = self.ops.now(
            self.windowTitle(), lambda: certificate_seal.verify_file(self.ctx, path)
        )
        if not isinstance(found, Verdict):
            return None
        self._say(found.sentence(path.name), good=found.status == "valid")
        return found

    def verify(self) -> Verdict | None:
        """Verify and say the verdict in words under the form."""
        code, package = self.code.text().strip(), self.package
        if not code:
            self._say(_("Type the verification code first."), good=False)
            return None
        found = self.ops.now(
            self.windowTitle(), lambda: certificates.verify(self.ctx, code, package)
        )
        if not isinstance(found, Verdict):
            return None
        self._say(found.sentence(), good=found.status == "valid")
        return found

    def _say(self, text: str, *, good: bool) -> None:
        self.verdict.setText(text)
        self.verdict.setStyleSheet("" if good else f"color: {WARNING};")
