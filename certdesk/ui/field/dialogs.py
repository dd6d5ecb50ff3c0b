"""Small dialogs of the workspace: a finding, a sighted document."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from certdesk import clock, labels
from certdesk.domain.decision import Severity
from certdesk.i18n import _


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class FindingDialog(QDialog):
    def __init__(self, item_id: str, days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Finding for item {item}").format(item=item_id))
        self.severity = QComboBox()
        for code, text in labels.choices(Severity):
            self.severity.addItem(text, code)
        self.description = QPlainTextEdit()
        self.action = QPlainTextEdit()
        self.owner = QLineEdit()
        due = clock.today() + timedelta(days=days)
        self.due = QDateEdit(QDate(due.year, due.month, due.day))
        self.due.setCalendarPopup(True)
        form = QFormLayout()
        form.addRow(_("Severity"), self.severity)
        form.addRow(_("What was found"), self.description)
        form.addRow(_("Corrective action"), self.action)
        form.addRow(_("Owner"), self.owner)
        form.addRow(_("Due date"), self.due)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))

    def values(self) -> dict[str, str | None]:
        return {
            "severity": str(self.severity.currentData()),
            "description": self.description.toPlainText(),
            "corrective_action": self.action.toPlainText() or None,
            "owner": self.owner.text() or None,
            "due": self.due.date().toString("yyyy-MM-dd"),
        }


class SightedDialog(QDialog):
    """A document that may not leave its protected zone: recorded as seen, not copied."""

    def __init__(self, item_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Sighted document for item {item}").format(item=item_id))
        self.title = QLineEdit()
        self.version = QLineEdit()
        self.where = QLineEdit()
        self.shown_by = QLineEdit()
        form = QFormLayout()
        form.addRow(_("Document title"), self.title)
        form.addRow(_("Version or date"), self.version)
        form.addRow(_("Where it was seen"), self.where)
        form.addRow(_("Shown by"), self.shown_by)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))
