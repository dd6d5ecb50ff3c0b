"""The outcome of an import at headquarters, file by file."""

from __future__ import annotations

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
from certdesk.services.exchange.inbound import ImportOutcome, ImportStatus


def table_of(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    """A read-only table of texts."""
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

    def __init__(self, outcomes: tuple[ImportOutcome, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import result packages"))
        names = {
            ImportStatus.IMPORTED: _("imported"),
            ImportStatus.PRESENT: _("already present"),
            ImportStatus.REFUSED: _("refused"),
        }
        rows = [
            [
                o.file.rsplit("/", 1)[-1],
                names[o.status],
                "; ".join([o.reason, *o.differences]).strip("; "),
            ]
            for o in outcomes
        ]
        self.table = table_of([_("File"), _("Result"), _("Reason")], rows)
        refused = sum(1 for o in outcomes if not o.accepted)
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
