"""Every finding of an assessment in one place: filter, edit, close, reopen, delete, undo.

The table lists the findings (open ones first by default); the form below holds
the chosen one. What is typed is saved when the focus leaves a field, when
another finding is chosen and when the dialog closes; a refusal (an empty
description) says why and keeps the text and the choice where they are. Every
change is one step of the assessment's undo, here (Undo) and in the workspace.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Protocol

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from certdesk import labels
from certdesk.domain.assessment import FindingStatus
from certdesk.domain.decision import Severity
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment.finding_view import FindingFields, FindingView
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.changes import Changes
from certdesk.ui.field.note_edit import NoteEdit

COLUMNS = 6
NO_DUE = QDate(2000, 1, 1)


class FindingsHost(Protocol):
    """What the dialog needs of the page that opens it (the workspace page): its parent
    widget, the open workspace, and the page's own save, show and undo."""

    workspace: Workspace

    def flush(self) -> None: ...
    def took(self, changes: Changes) -> None: ...
    def undo(self) -> None: ...


def met_with_major_text() -> str:
    return _(
        "This item is answered with full marks but carries an open major finding: "
        "check the answer or the finding."
    )


def _combo(choices: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    for code, text in choices:
        combo.addItem(text, code)
    return combo


class FindingsDialog(QDialog):
    go_to = Signal(str)
    """The user wants to see the finding's item in the workspace."""

    def __init__(self, page: FindingsHost, chosen: str | None = None) -> None:
        super().__init__(page if isinstance(page, QWidget) else None)
        self.page, self.ws = page, page.workspace
        self.setWindowTitle(_("Findings"))
        self.resize(960, 680)
        self.all: list[FindingView] = []
        self.rows: list[FindingView] = []
        self.current: FindingView | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters())
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setHorizontalHeaderLabels(
            [_("Finding"), _("Item"), _("Severity"), _("State"), _("Due"), _("What was found")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda row, *_a: self._choose(row))
        layout.addWidget(self.table, 2)
        layout.addLayout(self._form(), 3)
        self.warning = QLabel()
        self.warning.setObjectName("banner")
        self.warning.setWordWrap(True)
        layout.addWidget(self.warning)
        layout.addLayout(self._buttons())
        chain = (self.severity, self.description, self.action, self.owner, self.due)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)  # down the form, as it reads
        self.reload(chosen)

    # -- building ------------------------------------------------------------
    def _filters(self) -> QHBoxLayout:
        self.severity_filter = _combo([("", _("All severities")), *labels.choices(Severity)])
        self.state_filter = _combo(
            [
                (FindingStatus.OPEN.value, _("Open findings")),
                (FindingStatus.CLOSED.value, _("Closed findings")),
                ("", _("All findings")),
            ]
        )
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search findings"))
        self.search.setClearButtonEnabled(True)
        for combo in (self.severity_filter, self.state_filter):
            combo.currentIndexChanged.connect(lambda _i: self._refilter())
        self.search.textChanged.connect(lambda _t: self._refilter())
        row = QHBoxLayout()
        row.addWidget(self.severity_filter)
        row.addWidget(self.state_filter)
        row.addWidget(self.search, 1)
        return row

    def _form(self) -> QFormLayout:
        self.item_label = QLabel()
        self.go_button = QPushButton(_("Show the item"))
        self.go_button.clicked.connect(self._go)
        where = QHBoxLayout()
        where.addWidget(self.item_label, 1)
        where.addWidget(self.go_button)
        self.severity = _combo(labels.choices(Severity))
        self.severity.activated.connect(lambda _i: self.save())
        self.description = NoteEdit(self)
        self.description.left.connect(self.save)
        self.action = NoteEdit(self)
        self.action.setPlaceholderText(_("What the supplier must do"))
        self.action.left.connect(self.save)
        self.owner = QLineEdit()
        self.owner.editingFinished.connect(self.save)
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setMinimumDate(NO_DUE)  # the lowest date stands for none: a QDateEdit has no blank
        self.due.setSpecialValueText(_("No due date"))
        self.due.editingFinished.connect(self.save)
        form = QFormLayout()
        form.addRow(_("Item"), where)
        form.addRow(_("Severity"), self.severity)
        form.addRow(_("What was found"), self.description)
        form.addRow(_("Corrective action"), self.action)
        form.addRow(_("Owner"), self.owner)
        form.addRow(_("Due date"), self.due)
        return form

    def _buttons(self) -> QHBoxLayout:
        self.status = QLabel()
        self.close_finding = QPushButton()
        self.close_finding.clicked.connect(self._toggle)
        self.delete_button = QPushButton(_("Delete…"))
        self.delete_button.clicked.connect(self._delete)
        self.undo_button = QPushButton(_("Undo"))
        self.undo_button.clicked.connect(self._undo)
        done = QPushButton(_("Close"))
        done.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        for button in (self.close_finding, self.delete_button, self.undo_button, done):
            row.addWidget(button)
        return row

    # -- showing -------------------------------------------------------------
    def reload(self, keep: str | None = None) -> None:
        from certdesk.services.assessment import findings

        self.all = findings.findings_of(self.ws.ctx, self.ws.assessment_id)
        self._refilter(keep)

    def _refilter(self, keep: str | None = None) -> None:
        keep = keep or (self.current.id if self.current else None)
        severity, state = self.severity_filter.currentData(), self.state_filter.currentData()
        words = self.search.text().strip().casefold()
        self.rows = [
            f
            for f in self.all
            if (not severity or f.severity.value == severity)
            and (not state or f.status.value == state or f.id == keep)
            and (not words or words in self._text_of(f).casefold())
        ]
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for n, f in enumerate(self.rows):
            self._fill_row(n, f)
        chosen = next((n for n, f in enumerate(self.rows) if f.id == keep), 0)
        self.table.setCurrentCell(chosen if self.rows else -1, 0)
        self.table.blockSignals(False)  # the form is filled here, not by the table's signal
        self._show(self.rows[chosen] if self.rows else None)
        self.status.setText(
            _("{shown} of {total} findings shown").format(shown=len(self.rows), total=len(self.all))
        )

    def _fill_row(self, n: int, f: FindingView) -> None:
        values = (
            "#" + f.short_id,
            f.item_id or "—",
            labels.severity(f.severity),
            labels.finding_status(f.status),
            f.due or "—",
            f.description.splitlines()[0] if f.description else "",
        )
        for col, text in enumerate(values):
            cell = QTableWidgetItem(text)
            cell.setToolTip(_("Finding ID {id}").format(id=f.id) if col == 0 else text)
            self.table.setItem(n, col, cell)

    def _warn(self) -> None:
        f = self.current
        warn = f is not None and f.item_id is not None and self.ws.met_with_major(f.item_id)
        self.warning.setText(met_with_major_text() if warn else "")
        self.warning.setVisible(warn)

    @staticmethod
    def _text_of(f: FindingView) -> str:
        parts = (f.id, f.item_id, f.description, f.corrective_action, f.owner)
        return " ".join(x for x in parts if x)

    def _show(self, f: FindingView | None) -> None:
        self.current = f
        editable = f is not None and not self.ws.read_only
        for widget in (self.severity, self.description, self.action, self.owner, self.due):
            widget.setEnabled(editable)
        self.close_finding.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        self.go_button.setEnabled(f is not None and f.item_id is not None)
        undoable = self.ws.ctx.history.undo_label(self.ws.assessment_id) is not None
        self.undo_button.setEnabled(not self.ws.read_only and undoable)
        if f is None:
            for text_field in (self.description, self.action):
                text_field.clear()
            self.owner.clear()
            self.item_label.setText("—")
            self._warn()
            return
        self.item_label.setText(f.item_id or _("The whole assessment"))
        self.severity.setCurrentIndex(max(0, self.severity.findData(f.severity.value)))
        self.description.setPlainText(f.description)
        self.action.setPlainText(f.corrective_action or "")
        self.owner.setText(f.owner or "")
        day = date.fromisoformat(f.due) if f.due else None
        self.due.setDate(QDate(day.year, day.month, day.day) if day else NO_DUE)
        self.close_finding.setText(
            _("Reopen") if f.status is FindingStatus.CLOSED else _("Close finding")
        )
        self._warn()

    def _choose(self, row: int) -> None:
        if not 0 <= row < len(self.rows) or self.rows[row] == self.current:
            return
        wanted = self.rows[row].id
        if not self.save():
            self._select(self.current)
            return
        self._refilter(wanted)

    def _select(self, f: FindingView | None) -> None:
        row = next((n for n, x in enumerate(self.rows) if f and x.id == f.id), -1)
        self.table.blockSignals(True)
        self.table.setCurrentCell(row, 0)
        self.table.blockSignals(False)

    # -- changing ------------------------------------------------------------
    def typed(self) -> FindingFields | None:
        """The fields as typed, or None when nothing differs from what is stored."""
        f = self.current
        if f is None or self.ws.read_only:
            return None
        fields = FindingFields(
            Severity(str(self.severity.currentData())),
            self.description.toPlainText(),
            f.item_id,
            self.action.toPlainText() or None,
            self.owner.text() or None,
            None if self.due.date() == NO_DUE else self.due.date().toString("yyyy-MM-dd"),
        )
        stored = FindingFields(
            f.severity, f.description, f.item_id, f.corrective_action, f.owner, f.due
        )
        return None if fields == stored else fields

    def save(self) -> bool:
        """Keep what is typed for the chosen finding; False (and why) if it was refused."""
        from certdesk.services.assessment import findings

        fields = self.typed()
        if fields is None or self.current is None:
            return True
        finding_id = self.current.id
        if not self._apply(lambda: findings.edit_finding(self.ws.ctx, finding_id, fields)):
            return False
        self.all = findings.findings_of(self.ws.ctx, self.ws.assessment_id)
        self.current = next((f for f in self.all if f.id == finding_id), None)
        for n, f in enumerate(self.rows):
            if f.id == finding_id and self.current is not None:
                self.rows[n] = self.current
                self._fill_row(n, self.current)
        self._warn()
        self.status.setText(_("Saved."))
        return True

    def _apply(self, work: object) -> bool:
        assert callable(work)
        self.page.flush()
        try:
            changes = work()
        except UserError as exc:
            self.status.setText(exc.message)
            QMessageBox.warning(self, _("Findings"), exc.message)
            return False
        if isinstance(changes, Changes):
            self.page.took(changes)
        return True

    def _toggle(self) -> None:
        from certdesk.services.assessment import findings

        f = self.current
        if f is None or not self.save():
            return
        wanted = FindingStatus.OPEN if f.status is FindingStatus.CLOSED else FindingStatus.CLOSED
        if self._apply(lambda: findings.set_finding_status(self.ws.ctx, f.id, wanted)):
            self.reload(f.id)

    def _delete(self) -> None:
        from certdesk.services.assessment import findings

        f = self.current
        if f is None:
            return
        asked = QMessageBox.question(
            self,
            _("Delete finding"),
            _("Delete finding #{id}? Undo brings it back.").format(id=f.short_id),
        )
        if asked != QMessageBox.StandardButton.Yes:
            return
        self.current = None  # what was typed for it goes with it
        if self._apply(lambda: findings.delete_finding(self.ws.ctx, f.id)):
            self.status.setText(_("Finding #{id} deleted.").format(id=f.short_id))
            self.reload()

    def _undo(self) -> None:
        if not self.save():
            return
        keep = self.current.id if self.current else None
        self.page.undo()
        self.reload(keep)

    def _go(self) -> None:
        if self.current is not None and self.current.item_id and self.save():
            self.go_to.emit(self.current.item_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.save():
            event.accept()
        else:
            event.ignore()
