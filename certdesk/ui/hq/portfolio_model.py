"""The portfolio's table: one row per supplier, framework and site; filters on top of it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from certdesk import labels
from certdesk.i18n import _
from certdesk.services.hq.portfolio import PortfolioEntry

Index = QModelIndex | QPersistentModelIndex
ENTRY = Qt.ItemDataRole.UserRole + 1
SORT = Qt.ItemDataRole.UserRole + 2
GOOD, WARN, BAD = QColor("#2e7d32"), QColor("#a66f00"), QColor("#c62828")


def trend_text(entry: PortfolioEntry) -> str:
    """The counting on-site totals over the cycles, oldest first, in the framework's way."""
    shown = [t.text for t in entry.trend if t.mode == "onsite"][-4:]
    return " → ".join(shown) if shown else "—"


def outcome_kind(entry: PortfolioEntry) -> str:
    """The standing's kind of outcome (certified, conditional, not_certified), or none."""
    return entry.assessor.outcome_kind if entry.assessor else "none"


class PortfolioModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[PortfolioEntry] = []
        self.cells: list[list[str]] = []
        """Each row's texts, made once when the rows are replaced (a thousand rows repaint
        and sort without building a string twice)."""

    @staticmethod
    def headers() -> list[str]:
        return [
            _("Supplier"),
            _("Business registration number"),
            _("Tier"),
            _("Framework"),
            _("Site"),
            _("Outcome"),
            _("Total"),
            _("Self-assessed"),
            _("Trend"),
            _("In progress"),
            _("Open findings"),
            _("Overdue"),
            _("Certificate expiring"),
        ]

    def replace(self, rows: list[PortfolioEntry]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.cells = [self._values(e) for e in rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 13

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    @staticmethod
    def _values(e: PortfolioEntry) -> list[str]:
        return [
            e.supplier,
            e.business_id,
            labels.tier(e.tier),
            e.framework_title,
            e.site or "—",
            e.assessor.outcome_title if e.assessor else _("no final on-site result"),
            e.assessor.total_text if e.assessor else "—",
            e.self_assessed.total_text if e.self_assessed else "—",
            trend_text(e),
            str(e.in_progress) if e.in_progress else "",
            str(e.open_findings) if e.open_findings else "",
            str(e.overdue_findings) if e.overdue_findings else "",
            ", ".join(c.valid_until.isoformat() for c in e.certificates_expiring),
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells[index.row()][column]
        if role == ENTRY:
            return e
        if role == SORT:
            numbers = {
                6: e.assessor.total if e.assessor else -1,
                7: e.self_assessed.total if e.self_assessed else -1,
                9: e.in_progress,
                10: e.open_findings,
                11: e.overdue_findings,
            }
            return numbers.get(column, self.cells[index.row()][column])
        if role == Qt.ItemDataRole.ForegroundRole:
            return _shade(e, column)
        return None


def _shade(e: PortfolioEntry, column: int) -> QBrush | None:
    """The outcome in its colour; overdue work in red."""
    if column == 5:
        shades = {"certified": GOOD, "conditional": WARN, "none": QColor("gray")}
        return QBrush(shades.get(outcome_kind(e), BAD))
    if column == 11 and e.overdue_findings:
        return QBrush(BAD)
    return None


class PortfolioFilter(QSortFilterProxyModel):
    """Text (supplier or number), tier, framework, outcome, and overdue work only."""

    def __init__(self) -> None:
        super().__init__()
        self.text, self.tier, self.framework, self.outcome = "", None, None, None
        self.cycle: str | None = None
        self.overdue_only = False
        self.due_only = False
        self.latest_cycle: str | None = None
        """The newest cycle of any counting result: "due" means not assessed in it."""
        self.setSortRole(SORT)

    def visible(self) -> list[PortfolioEntry]:
        """The entries the filters let through, in the table's order."""
        model = self.sourceModel()
        assert isinstance(model, PortfolioModel)
        return [
            model.rows[self.mapToSource(self.index(r, 0)).row()] for r in range(self.rowCount())
        ]

    def set(self, **given: Any) -> None:
        self.beginFilterChange()
        for key, value in given.items():
            setattr(self, key, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PortfolioModel)
        e = model.rows[source_row]
        wanted = self.text.strip().lower()
        checks = (
            not wanted or wanted in e.supplier.lower() or wanted in e.business_id,
            self.tier is None or (e.tier or "") == self.tier,
            self.framework is None or e.framework == self.framework,
            self.outcome is None or outcome_kind(e) == self.outcome,
            self.cycle is None or any(t.cycle == self.cycle for t in e.trend),
            not self.due_only or is_due(e, self.latest_cycle),
            not self.overdue_only or e.overdue_findings > 0,
        )
        return all(checks)


def is_due(e: PortfolioEntry, latest_cycle: str | None) -> bool:
    """Work is due: an action overdue, a certificate expiring, or no final on-site result
    in the latest cycle (a reassessment to plan)."""
    stale = e.assessor is None or (latest_cycle is not None and e.assessor.cycle != latest_cycle)
    return e.overdue_findings > 0 or bool(e.certificates_expiring) or stale
