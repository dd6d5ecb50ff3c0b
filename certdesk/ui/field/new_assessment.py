"""The new-assessment dialog: supplier, site and processes, framework, profile, mode, cycle."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from certdesk import clock
from certdesk.domain.assessment import Mode
from certdesk.i18n import _, current_language
from certdesk.services.assessment import create, suppliers
from certdesk.services.assessment.suppliers import NewSupplier
from certdesk.services.changes import Created
from certdesk.services.context import Context
from certdesk.ui.operations import Operations


def current_cycle(today: date | None = None) -> str:
    today = today or clock.today()
    return f"{today.year}-H{1 if today.month <= 6 else 2}"


class NewAssessmentDialog(QDialog):
    def __init__(self, ctx: Context, parent: QDialog | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ops = Operations(self)
        self.created: str | None = None
        self.setWindowTitle(_("New assessment"))
        self.supplier = QComboBox()
        self.supplier.setEditable(False)
        self.supplier.addItem(_("New supplier…"), None)
        for known in suppliers.list_suppliers(ctx):
            self.supplier.addItem(f"{known.name} ({known.business_id})", known.id)
        self.name = QLineEdit()
        self.business_id = QLineEdit()
        self.business_id.setPlaceholderText("123-45-67890")
        self.site = QLineEdit()
        self.processes = QLineEdit()
        self.processes.setPlaceholderText(_("comma-separated, e.g. design, moulding, assembly"))
        self.framework = QComboBox()
        lang = current_language()
        self.entries = [e.framework for e in ctx.library.entries()]
        for fw in self.entries:
            self.framework.addItem(f"{fw.title.get(lang)} ({fw.version})", fw.id)
        self.profile = QComboBox()
        self.mode = QComboBox()
        self.mode.addItem(_("On-site assessment"), Mode.ONSITE.value)
        self.mode.addItem(_("Self-assessment by the supplier"), Mode.SELF.value)
        self.cycle = QLineEdit(current_cycle())
        form = QFormLayout()
        form.addRow(_("Supplier"), self.supplier)
        form.addRow(_("Supplier name"), self.name)
        form.addRow(_("Business registration number"), self.business_id)
        form.addRow(_("Site"), self.site)
        form.addRow(_("Production processes in scope"), self.processes)
        form.addRow(_("Framework"), self.framework)
        form.addRow(_("Applicability profile"), self.profile)
        form.addRow(_("Mode"), self.mode)
        form.addRow(_("Cycle"), self.cycle)
        self.form = form
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Who is assessed, against what, and how.")))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.supplier.currentIndexChanged.connect(self._supplier_changed)
        self.framework.currentIndexChanged.connect(self._framework_changed)
        self._supplier_changed()
        self._framework_changed()
        self.resize(560, self.sizeHint().height())

    def _supplier_changed(self) -> None:
        new = self.supplier.currentData() is None
        for widget in (self.name, self.business_id):
            widget.setVisible(new)
            label = self.form.labelForField(widget)
            if label is not None:
                label.setVisible(new)

    def _framework_changed(self) -> None:
        self.profile.clear()
        lang = current_language()
        fw = next((f for f in self.entries if f.id == self.framework.currentData()), None)
        for profile in fw.profiles if fw else ():
            self.profile.addItem(profile.title.get(lang), profile.id)
        self.profile.setEnabled(self.profile.count() > 0)

    def _create(self) -> Created:
        known = self.supplier.currentData()
        supplier = known or NewSupplier(self.name.text(), self.business_id.text())
        processes = [p.strip() for p in self.processes.text().split(",") if p.strip()]
        return create.new_assessment(
            self.ctx,
            supplier,
            str(self.framework.currentData()),
            str(self.mode.currentData()),
            site=self.site.text().strip() or None,
            cycle=self.cycle.text().strip() or None,
            profile=self.profile.currentData(),
            scope={"processes": processes} if processes else None,
        )

    def accept(self) -> None:
        """Create the supplier (if new) and the assessment in one go, or keep the dialog open."""
        done = self.ops.now(_("New assessment"), self._create)
        if isinstance(done, Created):
            self.created = done.id
            super().accept()
