"""Headquarters' review of corrective actions: the suppliers' responses with their
evidence, accepted (the finding closes) or rejected with a note saying why; and,
on a second tab, the corrective actions that are past their due date.

A refused decision (a rejection without a note, a response decided meanwhile)
is said under the note, which keeps what was typed; nothing is written.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from certdesk import labels
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.changes import Changes
from certdesk.services.context import Context
from certdesk.services.hq import review
from certdesk.services.hq.review import LateAction, QueueEntry
from certdesk.services.team import REVIEW
from certdesk.ui.hq.review_detail import ResponseDetail
from certdesk.ui.hq.tables import chosen_row, fill, row_table
from certdesk.ui.operations import Operations
from certdesk.ui.roles import may


class ReviewDialog(QDialog):
    """Every decision it takes goes out through `ops.changed`."""

    def __init__(self, parent: QWidget, ctx: Context) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ops = Operations(self)
        self.setWindowTitle(_("Review corrective actions"))
        self.resize(1150, 760)
        self.rows: list[QueueEntry] = []
        self.late: list[LateAction] = []
        self.shown = QComboBox()
        self.shown.addItem(_("Waiting for a decision"), "pending")
        self.shown.addItem(_("All responses"), "all")
        self.shown.currentIndexChanged.connect(lambda _at: self.refresh())
        self.table = row_table(
            [
                _("Supplier"),
                _("Finding"),
                _("Severity"),
                _("Due"),
                _("Action taken"),
                _("Done on"),
                _("Files"),
                _("Decision"),
            ],
            stretch=4,
        )
        self.table.itemSelectionChanged.connect(self._chosen)
        self.empty = QLabel()
        self.detail = ResponseDetail(able=may(ctx, REVIEW))  # every role reads the responses
        self.detail.accept_button.clicked.connect(lambda: self.decide(accept=True))
        self.detail.reject_button.clicked.connect(lambda: self.decide(accept=False))
        self.detail.open_button.clicked.connect(self.open_file)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._responses_tab(), _("Responses"))
        self.late_table = row_table(
            [
                _("Supplier"),
                _("Finding"),
                _("Severity"),
                _("Description"),
                _("Owner"),
                _("Due"),
                _("Days late"),
            ],
            stretch=3,
        )
        self.late_empty = QLabel(_("No corrective action is past its due date."))
        late = QWidget()
        late_layout = QVBoxLayout(late)
        late_layout.addWidget(self.late_table, 1)
        late_layout.addWidget(self.late_empty)
        self.tabs.addTab(late, _("Overdue actions"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.refresh()

    def _responses_tab(self) -> QWidget:
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Show")))
        top.addWidget(self.shown)
        top.addStretch(1)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.empty)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([260, 420])
        tab = QWidget()
        QVBoxLayout(tab).addWidget(split)
        return tab

    @property
    def pending_only(self) -> bool:
        return bool(self.shown.currentData() == "pending")

    def refresh(self) -> None:
        """Read the responses and the late actions again; the chosen response stays chosen."""
        before = self.selected()
        self.rows = review.queue(self.ctx, pending_only=self.pending_only)
        fill(
            self.table,
            [
                (
                    r.supplier,
                    r.finding[:8],
                    labels.severity(r.severity),
                    r.due or "—",
                    r.action,
                    r.done_on,
                    str(len(r.evidence)),
                    labels.decision(r.decision),
                )
                for r in self.rows
            ],
        )
        ids = [r.response for r in self.rows]
        keep = before.response if before else None
        if self.rows:
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        self.empty.setText(
            _("No response waits for a decision.")
            if self.pending_only
            else _("No response received yet.")
        )
        self.empty.setVisible(not self.rows)
        self._chosen()
        self.late = review.late_actions(self.ctx)
        fill(
            self.late_table,
            [
                (
                    a.supplier,
                    a.finding[:8],
                    labels.severity(a.severity),
                    a.description,
                    a.owner or "—",
                    a.due,
                    str(a.days_late),
                )
                for a in self.late
            ],
        )
        self.late_empty.setVisible(not self.late)
        self.tabs.setTabText(1, _("Overdue actions ({n})").format(n=len(self.late)))

    def apply_changes(self, changes: Changes) -> None:
        """A response imported, a decision taken, a result replaced: read again."""
        if changes.responses or changes.portfolio:
            self.refresh()

    def selected(self) -> QueueEntry | None:
        at = chosen_row(self.table)
        return self.rows[at] if at is not None and at < len(self.rows) else None

    def _chosen(self) -> None:
        self.detail.show_entry(self.selected())

    def decide(self, *, accept: bool) -> None:
        """Accept or reject the chosen response with the note typed; a refusal is said
        in place and keeps the note."""
        chosen = self.selected()
        if chosen is None or not self.detail.able:
            return
        note = self.detail.note.toPlainText()
        try:
            changes = review.decide(self.ctx, chosen.response, accept, note)
        except UserError as exc:
            self.detail.refuse(exc.message)
            return
        self.ops.changed.emit(changes)
        self.detail.show_entry(None)
        self.refresh()

    def open_file(self) -> None:
        """Open the chosen evidence file with the program the system gives its kind."""
        evidence_id = self.detail.chosen_file()
        if evidence_id is None:
            return
        path = self.ops.now(_("Open"), lambda: review.open_evidence(self.ctx, evidence_id))
        if path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
