"""Headquarters' screens: the per-file outcome of an import, and the portfolio."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from certdesk.i18n import _
from certdesk.services.exchange.results_in import ImportOutcome


def _table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    return table


class ImportResults(QDialog):
    """What happened to each file of an import: imported, already present, or refused."""

    def __init__(self, outcomes: list[ImportOutcome], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import result packages"))
        names = {
            "imported": _("imported"),
            "present": _("already present"),
            "refused": _("refused"),
        }
        rows = [
            [
                o.file.rsplit("/", 1)[-1],
                names.get(o.status, o.status),
                "; ".join([o.reason, *o.differences]).strip("; "),
            ]
            for o in outcomes
        ]
        self.table = _table([_("File"), _("Result"), _("Reason")], rows)
        refused = sum(1 for o in outcomes if o.status == "refused")
        summary = QLabel(
            _("{n} files: {ok} imported or present, {bad} refused").format(
                n=len(outcomes), ok=len(outcomes) - refused, bad=refused
            )
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(900, 420)


class PortfolioPage(QWidget):
    """Every supplier's latest outcome, self-assessed score, open and overdue work."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        super().__init__()
        title = QLabel(_("Supplier security portfolio"))
        title.setObjectName("pageTitle")

        def number(value: Any) -> str:
            return "—" if value is None else f"{float(value):.3f}".rstrip("0").rstrip(".")

        table_rows = []
        for row in rows:
            latest, own = row["assessor"] or {}, row["self_assessed"] or {}
            trend = " → ".join(number(t["total"]) for t in row["trend"])
            table_rows.append(
                [
                    row["supplier"],
                    row["business_id"],
                    latest.get("outcome_title", "—"),
                    number(latest.get("total")),
                    number(own.get("total")),
                    trend,
                    str(row["open_findings"]),
                    str(row["overdue_findings"]),
                    ", ".join(c["valid_until"] for c in row["certificates_expiring"]),
                ]
            )
        self.table = _table(
            [
                _("Supplier"),
                _("Business registration number"),
                _("Outcome"),
                _("Total"),
                _("Self-assessed"),
                _("Trend"),
                _("Open findings"),
                _("Overdue"),
                _("Certificate expiring"),
            ],
            table_rows,
        )
        self.table.setSortingEnabled(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
