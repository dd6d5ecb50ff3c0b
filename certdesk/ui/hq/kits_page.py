"""The kits headquarters issued and where each stands: sent, overdue (marked), returned.

"Issue kit…" opens the issuing dialog; the list follows every kit it writes and
every import that answers one.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from certdesk import labels
from certdesk.i18n import _
from certdesk.services.changes import Changes
from certdesk.services.context import Context
from certdesk.services.exchange.kit_list import KitState, KitView, issued_kits
from certdesk.services.exchange.kit_out import KitIssued
from certdesk.services.team import IMPORT
from certdesk.ui.hq.issue_kit import IssueKitDialog
from certdesk.ui.operations import Operations
from certdesk.ui.roles import allow, may
from certdesk.ui.settings import Settings

OVERDUE = QBrush(QColor("#c62828"))


def kit_state_label(code: KitState | str) -> str:
    return {
        KitState.SENT: _("Sent"),
        KitState.OVERDUE: _("Overdue"),
        KitState.RETURNED: _("Returned"),
    }[KitState(code)]


def _day(kit: KitView) -> str:
    return kit.issued_at.astimezone().strftime("%Y-%m-%d")


def details(kit: KitView) -> str:
    """The selected kit beyond its row: recipient, profile, who issued it, its result."""
    parts = [
        _("Encrypted to {name}").format(name=kit.recipient)
        if kit.recipient
        else _("Not encrypted"),
        _("Profile: {profile}").format(profile=kit.profile_title or "—"),
        _("Issued by {user} on {day}").format(user=kit.issued_by, day=_day(kit)),
    ]
    if kit.returned_at is not None:
        parts.append(
            _("Returned {day}").format(day=kit.returned_at.astimezone().strftime("%Y-%m-%d"))
        )
        if kit.result_status is not None:
            parts.append(labels.status(kit.result_status))
        parts.append(_("total {score}").format(score=kit.score or "—"))
        if kit.outcome:
            parts.append(kit.outcome)
    return " · ".join(parts)


class KitsDialog(QDialog):
    """The kits issued. Every change it makes goes out through `ops.changed`."""

    def __init__(self, parent: QWidget, ctx: Context, settings: Settings) -> None:
        super().__init__(parent)
        self.ctx, self.settings = ctx, settings
        self.ops = Operations(self)
        self.issuer: IssueKitDialog | None = None
        self.rows: list[KitView] = []
        self.setWindowTitle(_("Kits"))
        self.resize(1100, 520)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [_("Supplier"), _("Site"), _("Framework"), _("Mode"), _("Due"), _("State"), _("Issued")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the framework gives way
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.show_state = QComboBox()
        self.show_state.addItem(_("All kits"), None)
        for state in KitState:
            self.show_state.addItem(kit_state_label(state), state.value)
        self.show_state.currentIndexChanged.connect(lambda _at: self.refresh())
        self.issue_button = QPushButton(_("Issue kit…"))
        self.issue_button.clicked.connect(self.issue)
        self.able = may(ctx, IMPORT)  # the kits are read by every role; issuing is importing's
        allow(self.issue_button, self.able)
        bar = QHBoxLayout()
        bar.addWidget(self.issue_button)
        bar.addStretch(1)
        bar.addWidget(QLabel(_("Show")))
        bar.addWidget(self.show_state)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.empty = QLabel()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.empty)
        layout.addWidget(close)
        self.refresh()

    def refresh(self, chosen: str | None = None) -> None:
        chosen = chosen or self.selected_id()
        wanted = self.show_state.currentData()
        every = issued_kits(self.ctx)
        self.rows = [k for k in every if wanted is None or k.state == wanted]
        self.table.setRowCount(len(self.rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for n, kit in enumerate(self.rows):
            values = (
                f"{kit.supplier} ({kit.business_id})",
                kit.site or "—",
                f"{kit.framework} ({kit.version})",
                labels.mode(kit.mode),
                kit.due.isoformat() if kit.due else "—",
                kit_state_label(kit.state),
                _day(kit),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if kit.state is KitState.OVERDUE:
                    item.setForeground(OVERDUE)
                    if column in (4, 5):
                        item.setFont(bold)
                self.table.setItem(n, column, item)
            if kit.id == chosen:
                self.table.selectRow(n)
        self.empty.setText(_("No kits in this state.") if every else _("No kits issued yet."))
        self.empty.setVisible(not self.rows)
        self._selection_changed()

    def selected(self) -> KitView | None:
        at = self.table.currentRow()
        return self.rows[at] if 0 <= at < len(self.rows) and self.table.selectedItems() else None

    def selected_id(self) -> str | None:
        chosen = self.selected()
        return chosen.id if chosen else None

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.detail.setText(details(chosen) if chosen else "")
        self.detail.setVisible(chosen is not None)

    def apply_changes(self, changes: Changes) -> None:
        """A kit written, a result imported, a key or supplier changed: read the list again."""
        if isinstance(changes, KitIssued):  # the new kit, shown and chosen
            if self.show_state.currentData() not in (None, KitState.SENT.value):
                self.show_state.blockSignals(True)
                self.show_state.setCurrentIndex(0)
                self.show_state.blockSignals(False)
            self.refresh(changes.kit)
        elif changes.kits or changes.portfolio or changes.trust or changes.suppliers:
            self.refresh()

    def issue(self) -> None:
        if not self.able:
            return
        self.issuer = IssueKitDialog(self, self.ctx, self.settings)
        self.issuer.ops.changed.connect(self.ops.changed)
        self.issuer.ops.changed.connect(self.apply_changes)
        self.issuer.open()  # window-modal: tests and people drive it alike
