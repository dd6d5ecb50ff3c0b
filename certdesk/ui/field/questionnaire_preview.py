"""Before a filled questionnaire is written: which answers are new, which change, which stay."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from certdesk.i18n import _, ngettext
from certdesk.services.assessment.questionnaire import Preview


def summary(seen: Preview) -> str:
    parts = [
        ngettext("{n} new answer", "{n} new answers", len(seen.new)).format(n=len(seen.new)),
        ngettext("{n} changed", "{n} changed", len(seen.changed)).format(n=len(seen.changed)),
        ngettext("{n} unchanged", "{n} unchanged", seen.unchanged).format(n=seen.unchanged),
    ]
    return " · ".join(parts)


class QuestionnairePreview(QDialog):
    """The rows the import would write; Import writes them as one step that Undo takes back."""

    def __init__(self, parent: QWidget | None, seen: Preview, file_name: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import questionnaire"))
        self.setMinimumSize(640, 420)
        layout = QVBoxLayout(self)
        head = QLabel(_("{file}: {summary}").format(file=file_name, summary=summary(seen)))
        head.setWordWrap(True)
        layout.addWidget(head)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [_("Item"), _("Now"), _("From the questionnaire"), _("Note")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for change in (*seen.changed, *seen.new):
            row = self.table.rowCount()
            self.table.insertRow(row)
            note = _("changed") if change.note_changed and change.before else ""
            if change.note_changed and not change.before:
                note = _("added")
            for col, text in enumerate(
                (change.item, change.before or _("not answered"), change.after, note)
            ):
                self.table.setItem(row, col, QTableWidgetItem(text))
        layout.addWidget(self.table, 1)
        if seen.writes:
            hint = _("Import writes these answers; Edit > Undo takes them all back.")
        else:
            hint = _("The questionnaire holds nothing new: there is nothing to import.")
        layout.addWidget(QLabel(hint))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        if seen.writes:
            self.ok = buttons.addButton(
                ngettext("Import {n} answer", "Import {n} answers", seen.writes).format(
                    n=seen.writes
                ),
                QDialogButtonBox.ButtonRole.AcceptRole,
            )
            self.ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
