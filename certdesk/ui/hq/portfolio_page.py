"""Headquarters' portfolio page: every supplier's standing, self-assessed score, open work."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from certdesk.services.changes import Changes
from certdesk.services.context import Context
from certdesk.services.hq import portfolio, portfolio_report
from certdesk.ui.hq.import_results import table_of


class PortfolioPage(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.title)
        self.table = table_of([], [])
        self.layout_.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        report = portfolio_report.report_of(portfolio.summary(self.ctx))
        self.title.setText(report.title)
        fresh = table_of(list(report.headings), [list(row) for row in report.rows])
        fresh.setSortingEnabled(True)
        self.layout_.replaceWidget(self.table, fresh)
        self.table.deleteLater()
        self.table = fresh

    def apply_changes(self, changes: Changes) -> None:
        """Imports, decisions, certificates and trust changes move a supplier's standing."""
        if changes.portfolio or changes.certificates or changes.trust or changes.responses:
            self.refresh()
