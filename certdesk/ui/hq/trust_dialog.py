"""Headquarters' trust store: the keys whose signatures it accepts, adding one from its
public key file, revoking one with the reason, and the history of both.

Nothing is stored before a person has compared the key's fingerprint with its owner
(`AddKeyDialog`); every change it makes goes out through `ops.changed`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from certdesk import labels
from certdesk.i18n import _
from certdesk.services.changes import Changes, Created
from certdesk.services.context import Context
from certdesk.services.exchange import trust
from certdesk.services.exchange.trust import TrustedKeyView
from certdesk.services.exchange.trust_history import TrustAction, TrustChange, history
from certdesk.services.team import IMPORT
from certdesk.ui.fonts import fingerprint_font
from certdesk.ui.hq.trust_editors import AddKeyDialog, RevokeDialog
from certdesk.ui.operations import Operations
from certdesk.ui.roles import allow, may


def _day(at: datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d")


def _minute(at: datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def state_of(key: TrustedKeyView) -> str:
    """Active, or revoked with the day and the reason."""
    if key.revoked_at is None:
        return _("Active")
    if not key.revoked_reason:
        return _("Revoked on {day}").format(day=_day(key.revoked_at))
    return _("Revoked on {day}: {reason}").format(
        day=_day(key.revoked_at), reason=key.revoked_reason
    )


def _table(headers: list[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], mono_column: int) -> None:
    table.setRowCount(len(rows))
    mono = fingerprint_font(10)
    for n, row in enumerate(rows):
        for column, value in enumerate(row):
            item = QTableWidgetItem(value)
            if column == mono_column:
                item.setFont(mono)
            table.setItem(n, column, item)


class TrustDialog(QDialog):
    """The trust store, its two changes, and its history."""

    def __init__(self, parent: QWidget, ctx: Context) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ops = Operations(self)
        self.adding: AddKeyDialog | None = None
        self.revoking: RevokeDialog | None = None
        self.rows: list[TrustedKeyView] = []
        self.changes: list[TrustChange] = []
        self.setWindowTitle(_("Trusted keys"))
        self.resize(1180, 560)
        about = QLabel(
            _(
                "Headquarters accepts a result or a response only when it is signed by a key "
                "trusted here: an assessor's key for any supplier, a supplier's key for its "
                "own supplier only."
            )
        )
        about.setWordWrap(True)
        self.table = _table(
            [_("Name"), _("Role"), _("Supplier"), _("Fingerprint"), _("Added"), _("State")], 5
        )
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = QPushButton(_("Add key file…"))
        self.add_button.clicked.connect(lambda: self.add_key())  # noqa: PLW0108 - not `checked`
        self.revoke_button = QPushButton(_("Revoke…"))
        self.revoke_button.clicked.connect(self.revoke)
        self.able = may(ctx, IMPORT)  # every role reads the keys; changing them is importing's
        allow(self.add_button, self.able)
        self.show_revoked = QCheckBox(_("Show revoked keys"))
        self.show_revoked.toggled.connect(lambda _on: self.refresh())
        self.empty = QLabel(
            _("No trusted keys yet: add the public key file an assessor or a supplier sent you.")
        )
        self.empty.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.revoke_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_revoked)
        keys_page = QWidget()
        keys_layout = QVBoxLayout(keys_page)
        keys_layout.addLayout(buttons)
        keys_layout.addWidget(self.table, 1)
        keys_layout.addWidget(self.empty)
        self.history = _table(
            [_("When"), _("By"), _("Change"), _("Name"), _("Role"), _("Fingerprint"), _("Reason")],
            6,
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(keys_page, _("Keys"))
        self.tabs.addTab(self.history, _("History"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.refresh()

    def refresh(self, chosen: str | None = None) -> None:
        """Read the trust store and its history again; keep (or select) `chosen`."""
        chosen = chosen or self.selected_fingerprint()
        every = trust.trusted(self.ctx)
        self.rows = [k for k in every if self.show_revoked.isChecked() or not k.revoked]
        _fill(
            self.table,
            [
                [
                    k.name,
                    labels.key_role(k.role),
                    k.business_number or "—",
                    k.fingerprint,
                    _day(k.added_at),
                    state_of(k),
                ]
                for k in self.rows
            ],
            3,
        )
        for n, key in enumerate(self.rows):
            if key.fingerprint == chosen:
                self.table.selectRow(n)
        self.empty.setVisible(not every)
        self._fill_history()
        self._selection_changed()

    def _fill_history(self) -> None:
        self.changes = history(self.ctx)
        words = {TrustAction.TRUSTED: _("Trusted"), TrustAction.REVOKED: _("Revoked")}
        _fill(
            self.history,
            [
                [
                    _minute(c.at),
                    c.actor,
                    words[c.action],
                    c.name or "—",
                    labels.key_role(c.role) if c.role else "—",
                    c.fingerprint,
                    c.reason or "",
                ]
                for c in self.changes
            ],
            5,
        )

    def apply_changes(self, changes: Changes) -> None:
        if changes.trust:
            self.refresh()

    def selected(self) -> TrustedKeyView | None:
        at = self.table.currentRow()
        return self.rows[at] if 0 <= at < len(self.rows) and self.table.selectedItems() else None

    def selected_fingerprint(self) -> str | None:
        chosen = self.selected()
        return chosen.fingerprint if chosen else None

    def _selection_changed(self) -> None:
        chosen = self.selected()
        allow(self.revoke_button, self.able, otherwise=chosen is not None and not chosen.revoked)

    def add_key(self, path: Path | None = None) -> AddKeyDialog | None:
        """Show a public key file's fingerprint to confirm (None: ask for the file)."""
        if not self.able:
            return None
        if path is None:
            name, _filter = QFileDialog.getOpenFileName(
                self, _("Trust a public key"), "", _("Public key files (*.pub)")
            )
            if not name:
                return None
            path = Path(name)
        chosen = path
        preview = self.ops.now(_("Trust a public key"), lambda: trust.preview_key(self.ctx, chosen))
        if not isinstance(preview, trust.KeyPreview):
            return None
        self.adding = AddKeyDialog(self, self.ctx, chosen, preview)
        self.adding.ops.changed.connect(self.ops.changed)
        self.adding.accepted.connect(self._added)
        self.adding.open()  # window-modal: tests and people drive it alike
        return self.adding

    def _added(self) -> None:
        done = self.adding.done_changes if self.adding else None
        self.refresh(done.id if isinstance(done, Created) else None)

    def revoke(self) -> RevokeDialog | None:
        chosen = self.selected()
        if chosen is None or chosen.revoked or not self.able:
            return None
        self.revoking = RevokeDialog(self, self.ctx, chosen)
        self.revoking.ops.changed.connect(self.ops.changed)
        self.revoking.accepted.connect(lambda: self._revoked(chosen.fingerprint))
        self.revoking.open()
        return self.revoking

    def _revoked(self, fingerprint: str) -> None:
        self.show_revoked.blockSignals(True)
        self.show_revoked.setChecked(True)  # the key stays in sight, with its reason
        self.show_revoked.blockSignals(False)
        self.refresh(fingerprint)
