"""The start screen: suppliers' assessments with progress and outcome."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from certdesk.i18n import _
from certdesk.services import overview
from certdesk.services.database import Context
from certdesk.ui.models import ITEM_ID, AssessmentsModel


class StartPage(QWidget):
    """Emits `open_assessment(id)` and `new_assessment()`."""

    open_assessment = Signal(str)
    new_assessment = Signal()

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        title = QLabel(_("Assessments"))
        title.setObjectName("pageTitle")
        hint = QLabel(_("Double-click an assessment to open it, or start a new one."))
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
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.reload()

    def reload(self) -> None:
        self.model.replace(overview.summaries(self.ctx))
        if self.model.rows:
            self.table.selectRow(0)
        self.open_button.setEnabled(bool(self.model.rows))

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_assessment.emit(str(index.siblingAtColumn(0).data(ITEM_ID)))
