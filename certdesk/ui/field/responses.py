"""The supplier's corrective actions: the findings headquarters sent, a response to each.

The list shows every finding received (its severity, due date, and whether it
is answered or sent); the form below holds the response to the selected one:
what was done, the day it was done, the files that show it. What is typed is
saved when the focus leaves, when another finding is chosen and when the
dialog closes; Send writes the signed response file for headquarters.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from certdesk import clock, labels
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.context import Context
from certdesk.services.exchange import responding
from certdesk.services.exchange.responding import Received
from certdesk.services.files import export_name
from certdesk.ui.field.note_edit import NoteEdit
from certdesk.ui.file_choice import open_from, save_to, written
from certdesk.ui.settings import Settings


def state_text(r: Received) -> str:
    if r.sent_at is not None:
        return _("Sent {day}").format(day=r.sent_at.astimezone().strftime("%Y-%m-%d"))
    return _("Answered, not sent") if r.answered else _("To answer")


class ResponsesDialog(QDialog):
    def __init__(self, parent: QWidget | None, ctx: Context, settings: Settings) -> None:
        super().__init__(parent)
        self.ctx, self.settings = ctx, settings
        self.setWindowTitle(_("Corrective actions"))
        self.resize(900, 640)
        self.rows: list[Received] = []
        self.current: Received | None = None
        self.files: list[Path] = []
        self.shown: QMessageBox | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "The findings headquarters sent you. Write what you did for each, the day it "
                "was done and the files that show it, then send the responses."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [_("Finding"), _("Item"), _("Severity"), _("Due"), _("State")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda row, *_a: self._choose(row))
        layout.addWidget(self.table, 2)
        layout.addLayout(self._form(), 3)
        bottom = QHBoxLayout()
        self.status = QLabel()
        bottom.addWidget(self.status, 1)
        self.send_button = QPushButton(_("Send responses to headquarters…"))
        self.send_button.clicked.connect(lambda _checked=False: self.send())
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        bottom.addWidget(self.send_button)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.reload()

    def _form(self) -> QFormLayout:
        """The response to the chosen finding: what, when, which files."""
        form = QFormLayout()
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.requested = QLabel()
        self.requested.setWordWrap(True)
        self.action = NoteEdit(self)
        self.action.setPlaceholderText(_("What was done, by whom"))
        self.action.left.connect(self.save)
        self.done_edit = QDateEdit(self)
        self.done_edit.setCalendarPopup(True)
        self.done_edit.setDisplayFormat("yyyy-MM-dd")
        self.done_set = QCheckBox(_("Done"), self)
        self.done_set.toggled.connect(self.done_edit.setEnabled)
        self.done_set.toggled.connect(lambda _on: self.save())
        self.done_edit.editingFinished.connect(self.save)
        when = QHBoxLayout()
        when.addWidget(self.done_set)
        when.addWidget(self.done_edit, 1)
        self.evidence = QListWidget(self)
        self.evidence.setMaximumHeight(90)
        add, remove = QPushButton(_("Add files…")), QPushButton(_("Remove"))
        add.clicked.connect(self._add_files)
        remove.clicked.connect(self._remove_file)
        files = QHBoxLayout()
        files.addWidget(self.evidence, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        files.addLayout(buttons)
        form.addRow(_("Finding"), self.description)
        form.addRow(_("Requested action"), self.requested)
        form.addRow(_("Action taken"), self.action)
        form.addRow(_("Done on"), when)
        form.addRow(_("Evidence"), files)
        return form

    # -- showing -------------------------------------------------------------
    def reload(self, keep: str | None = None) -> None:
        self.rows = responding.received(self.ctx)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for n, r in enumerate(self.rows):
            values = (
                "#" + r.id[:8],
                r.item_id or "—",
                labels.severity(r.severity),
                r.due or "—",
                state_text(r),
            )
            for col, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setToolTip(r.id if col == 0 else r.description)
                self.table.setItem(n, col, cell)
        self.table.blockSignals(False)
        chosen = next((n for n, r in enumerate(self.rows) if r.id == keep), 0)
        if self.rows:
            self.table.setCurrentCell(chosen, 0)
            self._show(self.rows[chosen])
        self.send_button.setEnabled(any(r.answered for r in self.rows))

    def _choose(self, row: int) -> None:
        if not 0 <= row < len(self.rows) or self.rows[row] is self.current:
            return
        if not self.save():
            return
        self._show(self.rows[row])

    def _show(self, r: Received) -> None:
        self.current = r
        self.description.setText(r.description)
        self.requested.setText(r.requested or "—")
        self.action.setPlainText(r.action)
        self.done_set.blockSignals(True)
        self.done_set.setChecked(r.done_on is not None)
        self.done_set.blockSignals(False)
        self.done_edit.setEnabled(r.done_on is not None)
        day = QDate.fromString(r.done_on, "yyyy-MM-dd") if r.done_on else None
        today = clock.today()
        self.done_edit.setDate(day or QDate(today.year, today.month, today.day))
        self.files = list(r.evidence)
        self._list_files()

    def _list_files(self) -> None:
        self.evidence.clear()
        for path in self.files:
            self.evidence.addItem(path.name)

    # -- changing ------------------------------------------------------------
    def save(self) -> bool:
        """Keep what is typed for the current finding; False (and why) if it was refused."""
        r = self.current
        if r is None:
            return True
        action = self.action.toPlainText()
        done = self.done_edit.date().toString("yyyy-MM-dd") if self.done_set.isChecked() else None
        if (action, done, tuple(self.files)) == (r.action, r.done_on, r.evidence):
            return True
        try:
            responding.save_response(self.ctx, r.id, action, done, self.files)
        except UserError as exc:
            self.status.setText(exc.message)
            QMessageBox.warning(self, _("Corrective actions"), exc.message)
            return False
        self.status.setText(_("Saved."))
        self.rows = responding.received(self.ctx)
        self.current = next(x for x in self.rows if x.id == r.id)
        for n, x in enumerate(self.rows):
            cell = self.table.item(n, 4)
            if x.id == r.id and cell is not None:
                cell.setText(state_text(x))
        self.send_button.setEnabled(any(x.answered for x in self.rows))
        return True

    def _add_files(self) -> None:
        picked = open_from(self, self.settings, _("Add evidence"), _("All files (*)"))
        if picked:
            self.files.extend(p for p in picked if p not in self.files)
            self._list_files()
            self.save()

    def _remove_file(self) -> None:
        row = self.evidence.currentRow()
        if 0 <= row < len(self.files):
            del self.files[row]
            self._list_files()
            self.save()

    def send(self, path: Path | None = None) -> Path | None:
        """Write the signed response file for the current finding's result."""
        if not self.save() or self.current is None:
            return None
        aid = self.current.assessment
        if path is None:
            name = export_name(_("corrective actions"), None, _("response"), clock.today(), "cdpkg")
            path = save_to(self, self.settings, _("Send responses"), name, "*.cdpkg")
            if path is None:
                return None
        try:
            done = responding.send_responses(self.ctx, aid, path)
        except UserError as exc:
            QMessageBox.warning(self, _("Send responses"), exc.message)
            return None
        self.reload(self.current.id)
        self.shown = written(
            self,
            _("Send responses"),
            _("{file} is written: send it to headquarters.").format(file=done.files[0].name),
            done.files[0],
        )
        return done.files[0]

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.save():
            event.accept()
        else:
            event.ignore()
