"""The new-assessment dialog: who is assessed (supplier, its scope as the framework asks for
it), against what (framework, profile, mode, cycle), by whom and when (assessors, dates
on site, the supplier's contact), and whether it follows the supplier's self-assessment.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from certdesk import clock, labels
from certdesk.domain.assessment import Mode
from certdesk.domain.framework import Framework, ScopeField
from certdesk.domain.text import LocalText
from certdesk.errors import UserError
from certdesk.i18n import _, current_language
from certdesk.services.assessment import create, listing, suppliers
from certdesk.services.assessment.suppliers import NewSupplier
from certdesk.services.changes import Created
from certdesk.services.context import Context
from certdesk.ui.operations import Operations
from certdesk.ui.profile_choice import ProfileChoice
from certdesk.ui.scope_form import ScopeForm


def current_cycle(today: date | None = None) -> str:
    today = today or clock.today()
    return f"{today.year}-H{1 if today.month <= 6 else 2}"


def default_scope() -> tuple[ScopeField, ...]:
    """What a framework that declares no scope still records: the site and processes."""
    lang = current_language()
    return (
        ScopeField("site", LocalText({lang: _("Site")})),
        ScopeField("processes", LocalText({lang: _("Production processes")}), multiple=True),
    )


def _day(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


class NewAssessmentDialog(QDialog):
    def __init__(self, ctx: Context, parent: QDialog | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ops = Operations(self)
        self.created: str | None = None
        self.setWindowTitle(_("New assessment"))
        self.supplier = QComboBox()
        self.supplier.addItem(_("New supplier…"), None)
        for known in suppliers.list_suppliers(ctx):
            self.supplier.addItem(f"{known.name} ({known.business_id})", known.id)
        self.name = QLineEdit()
        self.business_id = QLineEdit()
        self.business_id.setPlaceholderText("123-45-67890")
        self.framework = QComboBox()
        lang = current_language()
        self.entries = [e.framework for e in ctx.library.entries()]
        for fw in self.entries:
            self.framework.addItem(f"{fw.title.get(lang)} ({fw.version})", fw.id)
        self.profile = ProfileChoice()
        self.mode = QComboBox()
        self.mode.addItem(_("On-site assessment"), Mode.ONSITE.value)
        self.mode.addItem(_("Self-assessment by the supplier"), Mode.SELF.value)
        self.follows = QComboBox()
        self.cycle = QLineEdit(current_cycle())
        self.assessors = QLineEdit()
        self.assessors.setPlaceholderText(_("names, comma-separated"))
        today = clock.today()
        self.visit_from, self.visit_to = QDateEdit(), QDateEdit()
        for edit in (self.visit_from, self.visit_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(today.year, today.month, today.day))
        self.contact = QLineEdit()
        self.contact.setPlaceholderText(_("name, role, phone or e-mail"))
        self.scope_box = ScopeForm()
        self._layout()
        self.supplier.currentIndexChanged.connect(self._supplier_changed)
        self.framework.currentIndexChanged.connect(self._framework_changed)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self._framework_changed()
        self._supplier_changed()
        self.resize(620, self.sizeHint().height())

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(_("Supplier"), self.supplier)
        form.addRow(_("Supplier name"), self.name)
        form.addRow(_("Business registration number"), self.business_id)
        form.addRow(_("Framework"), self.framework)
        form.addRow(self.scope_box)
        form.addRow(_("Applicability profiles"), self.profile)
        form.addRow(_("Mode"), self.mode)
        form.addRow(_("Follows the self-assessment"), self.follows)
        form.addRow(_("Cycle"), self.cycle)
        form.addRow(_("Assessors"), self.assessors)
        form.addRow(_("On site from"), self.visit_from)
        form.addRow(_("On site until"), self.visit_to)
        form.addRow(_("Supplier's contact"), self.contact)
        self.form = form
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Who is assessed, against what, by whom and when.")))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _show_row(self, widget: QWidget, shown: bool) -> None:
        widget.setVisible(shown)
        label = self.form.labelForField(widget)
        if label is not None:
            label.setVisible(shown)

    @property
    def site(self) -> QLineEdit:
        return self.scope_edits["site"]

    @property
    def processes(self) -> QLineEdit:
        return self.scope_edits["processes"]

    def chosen_framework(self) -> Framework | None:
        return next((f for f in self.entries if f.id == self.framework.currentData()), None)

    # -- following the choices -------------------------------------------------
    def _supplier_changed(self) -> None:
        new = self.supplier.currentData() is None
        for widget in (self.name, self.business_id):
            self._show_row(widget, new)
        self._mode_changed()

    def _framework_changed(self) -> None:
        fw = self.chosen_framework()
        self.profile.set_framework(fw)
        self._scope_rows(fw)
        self._mode_changed()

    @property
    def scope_edits(self) -> dict[str, QLineEdit]:
        return self.scope_box.edits

    def _scope_rows(self, fw: Framework | None) -> None:
        """One row per scope field the framework asks for (the site always)."""
        fields = tuple(fw.scope) if fw and fw.scope else default_scope()
        if not any(f.id == "site" for f in fields):
            fields = (default_scope()[0], *fields)
        self.scope_box.set_fields(fields)

    def _mode_changed(self) -> None:
        onsite = self.mode.currentData() == Mode.ONSITE.value
        for widget in (self.visit_from, self.visit_to):
            self._show_row(widget, onsite)
        self.follows.clear()
        self.follows.addItem(_("None: start without the supplier's claims"), None)
        known, fw = self.supplier.currentData(), self.framework.currentData()
        if onsite and known and fw:
            for earlier in listing.followable(self.ctx, str(known), str(fw)):
                day = earlier.created.astimezone().strftime("%Y-%m-%d")
                text = f"{earlier.cycle or '—'} · {labels.status(earlier.status)} · {day}"
                self.follows.addItem(text, earlier.id)
        self._show_row(self.follows, onsite and self.follows.count() > 1)

    # -- creating ---------------------------------------------------------------
    def scope(self) -> dict[str, Any]:
        """The scope as typed: the framework's fields, the dates on site, the contact."""
        scope = self.scope_box.values(leave_out=("site",))
        if self.mode.currentData() == Mode.ONSITE.value:
            scope["visit_from"], scope["visit_to"] = _day(self.visit_from), _day(self.visit_to)
        if self.contact.text().strip():
            scope["contact"] = self.contact.text().strip()
        return scope

    def _create(self) -> Created:
        scope = self.scope()
        site = self.site.text().strip() or None
        fw = self.chosen_framework()
        missing = fw.missing_scope({**scope, "site": site}) if fw else []
        if missing:
            names = ", ".join(f.label.get(current_language()) for f in missing)
            raise UserError(_("fill in the scope first: {fields}").format(fields=names))
        if scope.get("visit_to", "") < scope.get("visit_from", ""):
            raise UserError(_("the last day on site comes before the first"))
        known = self.supplier.currentData()
        supplier = known or NewSupplier(self.name.text(), self.business_id.text())
        assessors = [n.strip() for n in self.assessors.text().split(",") if n.strip()]
        return create.new_assessment(
            self.ctx,
            supplier,
            str(self.framework.currentData()),
            str(self.mode.currentData()),
            site=site,
            cycle=self.cycle.text().strip() or None,
            profile=self.profile.value(),
            assessor=", ".join(assessors) or None,
            scope=scope or None,
            follows=self.follows.currentData(),
        )

    def accept(self) -> None:
        """Create the supplier (if new) and the assessment in one go, or keep the dialog open."""
        done = self.ops.now(_("New assessment"), self._create)
        if isinstance(done, Created):
            self.created = done.id
            super().accept()
