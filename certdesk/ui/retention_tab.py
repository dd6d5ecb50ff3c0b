"""Retention: how long each kind of data is kept after an assessment is final, what a
purge would destroy today, and the purge itself, confirmed first, with its record.

A period the database refuses stays as typed, with the reason; the purge asks
once more, saying it cannot be undone, and runs in the background (it rewrites
the whole file so that nothing destroyed can be recovered). In a headquarters team on a
server, a person whose role does not include keeping the register reads the periods and
previews the purge; saving and purging are greyed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from certdesk import clock, labels
from certdesk.domain.assessment import RetentionKind
from certdesk.i18n import _, pgettext
from certdesk.services.assessment import retention
from certdesk.services.assessment.retention import KINDS, PurgeReport
from certdesk.services.assessment.retention_preview import PurgePreview, preview
from certdesk.services.context import Context
from certdesk.services.team import IMPORT
from certdesk.ui.operations import Operations, Task
from certdesk.ui.roles import allow, may


def table(headers: list[str], stretch: int) -> QTableWidget:
    """A read-only table of whole rows; column `stretch` takes the room left."""
    shown = QTableWidget(0, len(headers))
    shown.setHorizontalHeaderLabels(headers)
    shown.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    shown.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    shown.verticalHeader().setVisible(False)
    header = shown.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return shown


def fill(shown: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    """Put these rows of text in the table, and only these."""
    shown.setRowCount(len(rows))
    for n, values in enumerate(rows):
        for column, value in enumerate(values):
            shown.setItem(n, column, QTableWidgetItem(value))


def _what(kinds: tuple[str, ...]) -> str:
    if RetentionKind.RECORD in kinds:  # the whole record takes the rest with it
        return labels.retention_kind(RetentionKind.RECORD)
    return ", ".join(labels.retention_kind(k) for k in kinds)


class RetentionTab(QWidget):
    def __init__(self, parent: QWidget, ctx: Context, ops: Operations) -> None:
        super().__init__(parent)
        self.ctx, self.ops = ctx, ops
        about = QLabel(
            _(
                "Periods count from the day an assessment became final. Once one has passed, "
                "a purge destroys that data beyond recovery, and the audit log records it."
            )
        )
        about.setWordWrap(True)
        self.periods: dict[str, QSpinBox] = {}
        self.saved: dict[str, int] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for kind in KINDS:
            spin = QSpinBox()
            spin.setRange(0, 999)  # the database says which periods it takes, and why
            spin.setSuffix(_(" months"))
            self.periods[kind] = spin
            form.addRow(labels.retention_kind(kind), spin)
        self.save_button = QPushButton(_("Save"))
        self.save_button.clicked.connect(self.save)
        self.said = QLabel()
        self.preview_button = QPushButton(_("Preview purge"))
        self.preview_button.clicked.connect(self.show_preview)
        self.purge_button = QPushButton(_("Purge now…"))
        self.purge_button.clicked.connect(self.ask_purge)
        row = QHBoxLayout()
        for widget in (self.save_button, self.said):
            row.addWidget(widget)
        row.addStretch(1)
        for widget in (self.preview_button, self.purge_button):
            row.addWidget(widget)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.counts = table([_("What is destroyed"), pgettext("count", "Assessments")], stretch=1)
        self.counts.setMaximumWidth(520)
        self.found = table(
            [_("Supplier"), _("Cycle"), _("Final since"), _("What goes"), _("Evidence files")],
            stretch=3,
        )
        able = may(ctx, IMPORT)  # the purge destroys records the importers keep
        for control in (self.save_button, self.purge_button, *self.periods.values()):
            allow(control, able)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.counts)
        layout.addWidget(self.found, 1)
        for shown in (self.counts, self.found):
            shown.hide()  # until a preview has something to show
        self.shown: PurgePreview | None = None
        self.confirm: QMessageBox | None = None
        self.purge_choice: QPushButton | None = None
        self.task: Task | None = None
        self.record: PurgeReport | None = None

    def refresh(self) -> None:
        periods = self.ops.now(_("Retention"), lambda: retention.current(self.ctx), quiet=True)
        if isinstance(periods, dict):
            self.saved = dict(periods)
            for kind, spin in self.periods.items():
                spin.setValue(self.saved[kind])

    def save(self) -> bool:
        """Save each changed period; at a refusal, stop there with the value as typed."""
        self.said.clear()
        for kind, spin in self.periods.items():
            value = spin.value()
            if value == self.saved.get(kind):
                continue
            done = self.ops.now(
                _("Retention"), partial(retention.set_months, self.ctx, kind, value)
            )
            if done is None:
                spin.setFocus()
                spin.selectAll()
                return False
            self.saved[kind] = value
        self.said.setText(_("Saved."))
        return True

    def show_preview(self) -> PurgePreview | None:
        found = self.ops.now(_("Preview purge"), lambda: preview(self.ctx))
        if not isinstance(found, PurgePreview):
            return None
        self.shown = found
        nothing = _("Nothing is past its period: a purge today would destroy nothing.")
        self.summary.setText(_("A purge today would destroy:") if found.assessments else nothing)
        self._show(found)
        return found

    def _show(self, found: PurgePreview) -> None:
        fill(self.counts, [(labels.retention_kind(k), str(found.count(k))) for k in KINDS])
        rows = sum(self.counts.rowHeight(n) for n in range(self.counts.rowCount()))
        frame = 2 * self.counts.frameWidth()
        self.counts.setFixedHeight(
            self.counts.horizontalHeader().sizeHint().height() + rows + frame
        )
        fill(
            self.found,
            [
                (
                    a.supplier,
                    a.cycle or "",
                    a.closed.isoformat(),
                    _what(a.kinds),
                    str(a.evidence_files),
                )
                for a in found.assessments
            ],
        )
        for shown in (self.counts, self.found):
            shown.setVisible(bool(found.assessments))

    def ask_purge(self) -> QMessageBox | None:
        """Show what goes, then ask once more; the purge runs only on "Purge now"."""
        found = self.show_preview()
        if found is None or not found.assessments:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Purge now"),
            _(
                "Destroy the expired data of the assessments listed ({n})? It is destroyed "
                "beyond recovery: this cannot be undone."
            ).format(n=len(found.assessments)),
            parent=self,
        )
        self.purge_choice = box.addButton(_("Purge now"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _result: self._answered(box))
        self.confirm = box
        box.open()  # window-modal: tests and people answer it alike
        return box

    def _answered(self, box: QMessageBox) -> None:
        if box.clickedButton() is not self.purge_choice:
            return
        self.task = self.ops.background(
            _("Destroying expired data…"),
            lambda _report: retention.purge(self.ctx),
            self._purged,
        )

    def _purged(self, report: object) -> None:
        if not isinstance(report, PurgeReport):
            return
        self.record = report
        when = clock.now().astimezone().strftime("%Y-%m-%d %H:%M")
        self.summary.setText(
            _(
                "Purged on {when}. Evidence files destroyed: {files}. Assessments whose "
                "personal data and free text were removed: {personal}. Whole assessment "
                "records destroyed: {records}. The audit log records the purge."
            ).format(
                when=when,
                files=report.evidence_files,
                personal=report.personal_data,
                records=report.records,
            )
        )
        if self.shown is not None:  # what went, as shown before the question
            gone = set(report.purged)
            self._show(
                PurgePreview(tuple(a for a in self.shown.assessments if a.assessment in gone))
            )
