"""One response under review: the finding it answers, what the supplier did and the
files that show it, the decision so far, and the note and buttons to decide."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from certdesk import labels
from certdesk.domain.assessment import ResponseDecision
from certdesk.i18n import _
from certdesk.services.hq.review import QueueEntry
from certdesk.ui.hq.tables import when
from certdesk.ui.roles import allow


def _size(count: int) -> str:
    return f"{count / 1024:.0f} KB" if count >= 1024 else f"{count} B"


class ResponseDetail(QWidget):
    """`able`: this person's role decides responses; without it everything reads."""

    def __init__(self, able: bool = True) -> None:
        super().__init__()
        self.able = able
        self.entry: QueueEntry | None = None
        self.finding = QLabel()
        self.requested = QLabel()
        self.action = QLabel()
        self.decided = QLabel()
        for label in (self.finding, self.requested, self.action, self.decided):
            label.setWordWrap(True)
        self.files = QListWidget()
        self.files.setMaximumHeight(90)
        self.open_button = QPushButton(_("Open"))
        self.files.itemDoubleClicked.connect(lambda _item: self.open_button.click())
        self.files.currentRowChanged.connect(lambda _row: self._enable())
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(_("A note on the decision; a rejection must say why."))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.note.textChanged.connect(self.error.hide)
        self.accept_button = QPushButton(_("Accept"))
        self.reject_button = QPushButton(_("Reject"))
        files = QHBoxLayout()
        files.addWidget(self.files, 1)
        files.addWidget(self.open_button)
        form = QFormLayout()
        form.addRow(_("Finding"), self.finding)
        form.addRow(_("Corrective action asked"), self.requested)
        form.addRow(_("Action taken"), self.action)
        form.addRow(_("Evidence"), files)
        form.addRow(_("Decision"), self.decided)
        form.addRow(_("Note"), self.note)
        form.addRow("", self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.show_entry(None)

    def show_entry(self, entry: QueueEntry | None) -> None:
        """Show a response (none: empty and nothing to press); a note being typed for
        the same response stays."""
        if entry is None or self.entry is None or entry.response != self.entry.response:
            self.note.clear()
            self.error.hide()
        self.entry = entry
        self.files.clear()
        if entry is None:
            for label in (self.finding, self.requested, self.action, self.decided):
                label.clear()
            self._enable()
            return
        self.finding.setText(
            f"{labels.severity(entry.severity)} · {entry.description}\n"
            + _("{supplier} · due {due}").format(supplier=entry.supplier, due=entry.due or "—")
        )
        self.requested.setText(entry.requested or "—")
        self.action.setText(
            _("{action}\nDone on {day}").format(action=entry.action, day=entry.done_on)
        )
        for held in entry.evidence:
            item = QListWidgetItem(f"{held.name}  ({_size(held.size)})")
            item.setData(Qt.ItemDataRole.UserRole, held.id)
            self.files.addItem(item)
        if not entry.evidence:
            self.files.addItem(_("No files"))
        if entry.decision is ResponseDecision.PENDING:
            self.decided.setText(labels.decision(entry.decision))
        else:
            self.decided.setText(
                _("{decision} by {who} on {when}").format(
                    decision=labels.decision(entry.decision),
                    who=entry.decided_by or "—",
                    when=when(entry.decided_at),
                )
                + (f"\n{entry.note}" if entry.note else "")
            )
        self.files.setCurrentRow(0)
        self._enable()

    def chosen_file(self) -> str | None:
        item = self.files.currentItem()
        found = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return str(found) if found else None

    def refuse(self, text: str) -> None:
        """Say in place why the decision was not taken; what was typed stays."""
        self.error.setText(text)
        self.error.show()
        self.note.setFocus()

    def _enable(self) -> None:
        pending = self.entry is not None and self.entry.decision is ResponseDecision.PENDING
        for widget in (self.note, self.accept_button, self.reject_button):
            allow(widget, self.able, otherwise=pending)
        self.open_button.setEnabled(self.chosen_file() is not None)
