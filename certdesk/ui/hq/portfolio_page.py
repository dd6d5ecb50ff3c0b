"""Headquarters' portfolio page: every supplier's standing per framework and site, its trend,
what is in progress and its open work; filters, a drill-down to the supplier's page, and
the management report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from certdesk import clock, labels
from certdesk.domain.supplier import Tier
from certdesk.i18n import _, current_language, ngettext
from certdesk.services.changes import Changes
from certdesk.services.context import Context
from certdesk.services.hq import portfolio
from certdesk.ui.hq.portfolio_charts import PortfolioCharts
from certdesk.ui.hq.portfolio_model import ENTRY, PortfolioFilter, PortfolioModel, outcome_kind
from certdesk.ui.operations import Operations, Task


class PortfolioPage(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.ops = Operations(self)
        self.supplier_page: QWidget | None = None
        title = QLabel(_("Supplier security portfolio"))
        title.setObjectName("pageTitle")
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.model = PortfolioModel()
        self.proxy = PortfolioFilter()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # as the service gives them
        self.table.setSortingEnabled(True)  # by name already; a click on a heading sorts
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(10)  # widths from the first rows, not all thousand
        self.table.doubleClicked.connect(self.open_supplier)
        self.shown = QLabel()
        self.charts = PortfolioCharts()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.counts)
        layout.addWidget(self.charts)
        layout.addLayout(self._filters())
        layout.addWidget(self.table, 1)
        layout.addWidget(self.shown)
        self.refresh()

    def _filters(self) -> QHBoxLayout:
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Supplier or business registration number"))
        self.search.textChanged.connect(lambda text: self._filter(text=text))
        self.tier = QComboBox()
        self.tier.addItem(_("Every tier"), None)
        for tier in Tier:
            self.tier.addItem(labels.tier(tier), tier.value)
        self.tier.currentIndexChanged.connect(lambda _n: self._filter(tier=self.tier.currentData()))
        self.framework = QComboBox()
        self.framework.addItem(_("Every framework"), None)
        lang = current_language()
        for entry in self.ctx.library.entries():
            fw = entry.framework
            if self.framework.findData(fw.id) < 0:
                self.framework.addItem(fw.title.get(lang), fw.id)
        self.framework.currentIndexChanged.connect(
            lambda _n: self._filter(framework=self.framework.currentData())
        )
        self.outcome = QComboBox()
        for text, kind in (
            (_("Every outcome"), None),
            (_("Certified"), "certified"),
            (_("Conditionally certified"), "conditional"),
            (_("Not certified"), "not_certified"),
            (_("No final on-site result"), "none"),
        ):
            self.outcome.addItem(text, kind)
        self.outcome.currentIndexChanged.connect(
            lambda _n: self._filter(outcome=self.outcome.currentData())
        )
        self.cycle = QComboBox()
        self.cycle.addItem(_("Every cycle"), None)
        self.cycle.currentIndexChanged.connect(
            lambda _n: self._filter(cycle=self.cycle.currentData())
        )
        self.overdue = QCheckBox(_("Overdue actions only"))
        self.overdue.toggled.connect(lambda on: self._filter(overdue_only=on))
        self.due = QCheckBox(_("Work due"))
        self.due.setToolTip(
            _(
                "An action overdue, a certificate expiring within 90 days, or no final "
                "on-site result in the latest cycle"
            )
        )
        self.due.toggled.connect(lambda on: self._filter(due_only=on))
        self.report_button = QPushButton(_("Management report…"))
        self.report_button.clicked.connect(lambda _checked=False: self.write_report())
        row = QHBoxLayout()
        filters = (self.search, self.tier, self.framework, self.outcome, self.cycle)
        for widget in (*filters, self.overdue, self.due):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.report_button)
        return row

    def _filter(self, **given: object) -> None:
        self.proxy.set(**given)
        self._count_shown()

    def _count_shown(self) -> None:
        self.charts.show_entries(self.proxy.visible())
        self.shown.setText(
            _("{shown} of {total} shown; double-click a row for the supplier's page").format(
                shown=self.proxy.rowCount(), total=self.model.rowCount()
            )
        )

    def refresh(self) -> None:
        entries = portfolio.summary(self.ctx)
        cycles = sorted({t.cycle for e in entries for t in e.trend if t.cycle})
        self.proxy.latest_cycle = cycles[-1] if cycles else None
        chosen = self.cycle.currentData()
        self.cycle.blockSignals(True)
        while self.cycle.count() > 1:
            self.cycle.removeItem(1)
        for cycle in reversed(cycles):
            self.cycle.addItem(cycle, cycle)
        self.cycle.setCurrentIndex(max(0, self.cycle.findData(chosen)))
        self.cycle.blockSignals(False)
        self.model.replace(entries)
        kinds: dict[str, int] = {}
        for e in entries:
            kinds[outcome_kind(e)] = kinds.get(outcome_kind(e), 0) + 1
        suppliers = len({e.supplier_id for e in entries})
        self.counts.setText(
            ngettext("{n} supplier", "{n} suppliers", suppliers).format(n=suppliers)
            + " · "
            + _(
                "certified {certified}, conditional {conditional}, not certified {not_certified}, "
                "no final result {none}"
            ).format(
                certified=kinds.get("certified", 0),
                conditional=kinds.get("conditional", 0),
                not_certified=kinds.get("not_certified", 0) + kinds.get("incomplete", 0),
                none=kinds.get("none", 0),
            )
            + " · "
            + _("as of {day}").format(day=clock.today().isoformat())
        )
        self.table.resizeColumnsToContents()
        self._count_shown()

    def apply_changes(self, changes: Changes) -> None:
        """Imports, decisions, certificates and trust changes move a supplier's standing."""
        moved = (changes.portfolio, changes.certificates, changes.trust, changes.responses)
        if any(moved) or changes.suppliers:
            self.refresh()

    def open_supplier(self, index: QModelIndex) -> QWidget | None:
        from certdesk.ui.hq.supplier_page import SupplierPageDialog

        entry = index.data(ENTRY) if index.isValid() else None
        if entry is None:
            return None
        dialog = SupplierPageDialog(self, self.ctx, entry.supplier_id)
        self.supplier_page = dialog
        dialog.show()
        return dialog

    def write_report(self, path: Path | None = None) -> Task | None:
        """The management report (PDF, or XLSX by the suffix), in the background."""
        from certdesk.services.files import export_name
        from certdesk.services.hq import portfolio_report
        from certdesk.ui.file_choice import save_to
        from certdesk.ui.settings import Settings

        if path is None:
            name = export_name(_("Portfolio"), None, _("management report"), clock.today(), "pdf")
            path = save_to(self, Settings(), _("Management report"), name, "*.pdf *.xlsx")
            if path is None:
                return None
        ctx, lang, target = self.ctx, current_language(), path
        return self.ops.background(
            _("Writing {file}…").format(file=target.name),
            lambda _report: portfolio_report.write_report(ctx, target, lang),
        )
