"""Headquarters' certificate register: every certificate issued, where it stands today
(valid, expired, revoked and why, superseded, its signer's key revoked); issue one
from an imported on-site result, revoke one with a reason, verify a code."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from certdesk.i18n import _
from certdesk.services.changes import Changes
from certdesk.services.context import Context
from certdesk.services.hq.register_view import RegisterRow, register_rows
from certdesk.services.team import CERTIFY
from certdesk.ui.hq.certificate_checks import RevokeDialog, VerifyDialog, standing_label
from certdesk.ui.hq.certificate_issue import IssueDialog
from certdesk.ui.hq.tables import chosen_row, fill, row_table
from certdesk.ui.operations import Operations
from certdesk.ui.roles import allow, may
from certdesk.ui.settings import Settings


class CertificatesDialog(QDialog):
    """The register. Every change it makes goes out through `ops.changed`."""

    def __init__(self, parent: QWidget, ctx: Context, settings: Settings) -> None:
        super().__init__(parent)
        self.ctx, self.settings = ctx, settings
        self.ops = Operations(self)
        self.issuer: IssueDialog | None = None
        self.revoker: RevokeDialog | None = None
        self.verifier: VerifyDialog | None = None
        self.rows: list[RegisterRow] = []
        self.setWindowTitle(_("Certificates"))
        self.resize(1150, 560)
        self.table = row_table(
            [
                _("Verification code"),
                _("Supplier"),
                _("Site"),
                _("Framework"),
                _("Issued"),
                _("Valid until"),
                _("State"),
            ],
            stretch=3,
        )
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.issue_button = QPushButton(_("Issue certificate…"))
        self.issue_button.clicked.connect(self.issue)
        self.revoke_button = QPushButton(_("Revoke…"))
        self.revoke_button.clicked.connect(self.revoke)
        self.verify_button = QPushButton(_("Verify…"))
        self.verify_button.clicked.connect(self.verify)  # verifying is reading: every role
        self.able = may(ctx, CERTIFY)
        allow(self.issue_button, self.able)
        buttons = QHBoxLayout()
        for button in (self.issue_button, self.revoke_button, self.verify_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.empty = QLabel(_("No certificate issued yet."))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        before = self.selected()
        self.rows = register_rows(self.ctx)
        fill(
            self.table,
            [
                (
                    r.code,
                    f"{r.supplier} ({r.business_id})",
                    r.site or "—",
                    f"{r.framework} {r.version}",
                    r.issued.isoformat(),
                    r.valid_until.isoformat(),
                    standing_label(r.standing, r.reason),
                )
                for r in self.rows
            ],
        )
        codes = [r.code for r in self.rows]
        if before is not None and before.code in codes:
            self.table.selectRow(codes.index(before.code))
        self.empty.setVisible(not self.rows)
        self._selection_changed()

    def apply_changes(self, changes: Changes) -> None:
        """Certificates issued or revoked, results replaced, keys revoked: read again."""
        if changes.certificates or changes.portfolio or changes.trust:
            self.refresh()

    def selected(self) -> RegisterRow | None:
        at = chosen_row(self.table)
        return self.rows[at] if at is not None and at < len(self.rows) else None

    def _selection_changed(self) -> None:
        chosen = self.selected()
        allow(
            self.revoke_button,
            self.able,
            otherwise=chosen is not None and chosen.standing != "revoked",
        )

    def issue(self) -> None:
        if not self.able:
            return
        self.issuer = IssueDialog(self, self.ctx, self.settings)
        self.issuer.ops.changed.connect(self.ops.changed)
        self.issuer.accepted.connect(self.refresh)
        self.issuer.open()  # window-modal: tests and people drive it alike

    def revoke(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.able:
            return
        self.revoker = RevokeDialog(self, self.ctx, chosen)
        self.revoker.ops.changed.connect(self.ops.changed)
        self.revoker.accepted.connect(self.refresh)
        self.revoker.open()

    def verify(self) -> None:
        chosen = self.selected()
        self.verifier = VerifyDialog(self, self.ctx, self.settings, chosen.code if chosen else "")
        self.verifier.open()
