"""The start screen: suppliers' assessments with progress and outcome."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from certdesk.domain.roles import DatabaseRole
from certdesk.i18n import _
from certdesk.services.assessment import overview
from certdesk.services.changes import Changes
from certdesk.services.context import Context
from certdesk.ui.field.models import ITEM_ID, AssessmentsModel


class StartPage(QWidget):
    """Emits `open_assessment(id)`, `new_assessment()` and `archive(id, archived)`."""

    open_assessment = Signal(str)
    new_assessment = Signal()
    archive = Signal(str, bool)

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        hq = ctx.role is DatabaseRole.HQ
        title = QLabel(_("Imported results") if hq else _("Assessments"))
        title.setObjectName("pageTitle")
        hint = QLabel(
            _(
                "Headquarters database: results imported from suppliers, read-only as signed. "
                "Double-click one to see it."
            )
            if hq
            else _("Double-click an assessment to open it, or start a new one.")
        )
        hint.setWordWrap(True)
        self.empty = QLabel(
            _(
                "No results yet: issue kits (Headquarters > Kits) and import what comes back "
                "(Headquarters > Import result packages)."
            )
            if hq
            else _(
                "No assessments yet: start one with New assessment, or import a kit from "
                "headquarters (File > Import kit)."
            )
        )
        self.empty.setObjectName("banner")
        self.empty.setWordWrap(True)
        self.model = AssessmentsModel([])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open)
        new = QPushButton(_("New assessment…"))
        new.clicked.connect(self.new_assessment)
        self.open_button = QPushButton(_("Open"))
        self.open_button.clicked.connect(lambda: self._open(self.table.currentIndex()))
        buttons = self._buttons(new)
        self.detail_title = QLabel()
        self.detail_title.setObjectName("heading")
        self.detail = QWidget()
        self.detail_layout = QHBoxLayout(self.detail)
        self.detail_layout.setContentsMargins(0, 0, 0, 0)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail_title)
        lower_layout.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)  # the list grows with the window; the outcome less
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([420, 280])
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.refresh()

    def _buttons(self, new: QPushButton) -> QHBoxLayout:
        self.archive_button = QPushButton(_("Archive"))
        self.archive_button.setToolTip(
            _("Keep the assessment, out of this list; 'Show archived' brings it back.")
        )
        self.archive_button.clicked.connect(self._archive)
        self.show_archived = QCheckBox(_("Show archived"))
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.archive_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_archived)
        return buttons

    def refresh(self) -> None:
        chosen = self.selected()
        self.model.replace(overview.summaries(self.ctx, archived=self.show_archived.isChecked()))
        if self.model.rows:
            at = self.model.row_of(chosen.id) if chosen else -1
            self.table.selectRow(max(at, 0))
            self.table.scrollTo(self.table.currentIndex())
        self.open_button.setEnabled(bool(self.model.rows))
        self.empty.setVisible(not self.model.rows and not self.show_archived.isChecked())
        self._archive_button()

    def selected(self) -> overview.AssessmentSummary | None:
        at = self.table.currentIndex().row()
        return self.model.rows[at] if 0 <= at < len(self.model.rows) else None

    def _archive_button(self) -> None:
        chosen = self.selected()
        self.archive_button.setEnabled(chosen is not None)
        archived = chosen is not None and chosen.archived
        self.archive_button.setText(_("Bring back") if archived else _("Archive"))

    def _archive(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.archive.emit(chosen.id, not chosen.archived)

    def apply_changes(self, changes: Changes) -> None:
        """A new or removed assessment reloads the list; a change inside one, its row."""
        if changes.assessments or changes.suppliers:
            self.refresh()
        elif changes.assessment and changes.of(changes.assessment):
            fresh = overview.summary_of(self.ctx, changes.assessment)
            if fresh is not None:
                self.model.replace_row(fresh)
                if self.table.currentIndex().row() == self.model.row_of(fresh.id):
                    self._show_detail(self.table.currentIndex(), QModelIndex())

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The selected assessment's outcome and areas, read-only, below the table."""
        from certdesk.ui.field.dashboard import Dashboard

        while self.detail_layout.count():
            taken = self.detail_layout.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self._archive_button()
        if not current.isValid():
            self.detail_title.clear()
            return
        row = self.model.rows[current.row()]
        self.detail_title.setText(f"{row.supplier} — {row.framework}")
        self.detail_layout.addWidget(Dashboard(row.card, compact=True), 1)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_assessment.emit(str(index.siblingAtColumn(0).data(ITEM_ID)))
