"""The lists of headquarters' desks: read-only tables of texts, one row chosen at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


def row_table(headers: Sequence[str], stretch: int | None = None) -> QTableWidget:
    """A table whose rows are chosen whole, one at a time; `stretch` gives way to the rest."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return table


def fill(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    """Put the texts in, each cell's whole text also in its tooltip (a cell may be cut)."""
    table.clearSelection()
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(r, c, item)


def chosen_row(table: QTableWidget) -> int | None:
    """The row chosen, if one is."""
    selected = table.selectionModel().selectedRows()
    return selected[0].row() if selected else None


def column(table: QTableWidget, at: int) -> list[str]:
    cells = (table.item(n, at) for n in range(table.rowCount()))
    return [cell.text() if cell is not None else "" for cell in cells]


def when(moment: datetime | None) -> str:
    """A moment in the user's time zone, to the minute; a dash for none."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "—"
