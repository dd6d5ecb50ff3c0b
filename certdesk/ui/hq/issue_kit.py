"""Issuing a kit at headquarters: for which supplier and site, against which framework,
profile and scope, in which mode, due when, encrypted to whom, written where.

A refusal (no supplier chosen, a due date already past, a required scope field
left empty) says why and keeps the dialog and everything typed; nothing is written.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from certdesk import clock, labels
from certdesk.domain.assessment import Mode
from certdesk.domain.framework import Framework
from certdesk.domain.roles import KeyRole
from certdesk.domain.supplier import normalize_business_id
from certdesk.errors import UserError
from certdesk.i18n import _, current_language
from certdesk.services.assessment.suppliers import SupplierView, list_suppliers
from certdesk.services.context import Context
from certdesk.services.exchange import kit_out, trust
from certdesk.services.exchange.kit_out import KitIssued
from certdesk.services.files import export_name
from certdesk.services.team import IMPORT
from certdesk.ui.file_choice import last_folder, remember, save_to, written
from certdesk.ui.operations import Operations
from certdesk.ui.profile_choice import ProfileChoice
from certdesk.ui.roles import allow, may
from certdesk.ui.scope_form import ScopeForm
from certdesk.ui.settings import Settings

DUE_DAYS = 30


class IssueKitDialog(QDialog):
    def __init__(self, parent: QWidget, ctx: Context, settings: Settings) -> None:
        super().__init__(parent)
        self.ctx, self.settings = ctx, settings
        self.ops = Operations(self)
        self.issued: KitIssued | None = None
        self.shown: QMessageBox | None = None
        self.setWindowTitle(_("Issue kit"))
        self.suppliers = list_suppliers(ctx)
        self.keys = [k for k in trust.trusted(ctx) if not k.revoked]
        self.frameworks = [e.framework for e in ctx.library.entries()]
        self.supplier = QComboBox()
        self.supplier.addItem(_("Choose a supplier…"), None)
        for known in self.suppliers:
            self.supplier.addItem(f"{known.name} ({known.business_id})", known.id)
        self.site = QComboBox()
        self.site.setEditable(True)
        lang = current_language()
        self.framework = QComboBox()
        for fw in self.frameworks:
            self.framework.addItem(f"{fw.title.get(lang)} ({fw.version})", fw.id)
        self.profile = ProfileChoice()
        self.mode, self.recipient = QComboBox(), QComboBox()
        self.mode.addItem(_("On-site assessment"), Mode.ONSITE.value)
        self.mode.addItem(_("Self-assessment by the supplier"), Mode.SELF.value)
        self.recipient.setToolTip(
            _("Encrypted to a trusted key: only that key opens the kit and may answer it.")
        )
        self.due = QDateEdit()
        self.file = QLineEdit()
        self.suggested = ""
        self.scope_box = ScopeForm()
        self._layout()
        self.supplier.currentIndexChanged.connect(self._supplier_changed)
        self.framework.currentIndexChanged.connect(self._framework_changed)
        self.mode.currentIndexChanged.connect(self._recipients)
        self._framework_changed()
        self._supplier_changed()
        self.resize(640, self.sizeHint().height())

    def _layout(self) -> None:
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        due = clock.today() + timedelta(days=DUE_DAYS)
        self.due.setDate(QDate(due.year, due.month, due.day))
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.file, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow(_("Supplier"), self.supplier)
        form.addRow(_("Site"), self.site)
        form.addRow(_("Framework"), self.framework)
        form.addRow(self.scope_box)
        form.addRow(_("Applicability profiles"), self.profile)
        form.addRow(_("Mode"), self.mode)
        form.addRow(_("Due date"), self.due)
        form.addRow(_("Encrypted to"), self.recipient)
        form.addRow(_("File"), where)
        self.form = form
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.issue_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.issue_button.setText(_("Issue"))
        self.able = may(self.ctx, IMPORT)
        allow(self.issue_button, self.able)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen_supplier(self) -> SupplierView | None:
        return next((s for s in self.suppliers if s.id == self.supplier.currentData()), None)

    def chosen_framework(self) -> Framework | None:
        return next((f for f in self.frameworks if f.id == self.framework.currentData()), None)

    # -- following the choices -------------------------------------------------
    def _supplier_changed(self) -> None:
        known = self.chosen_supplier()
        self.site.clear()
        self.site.addItems(list(known.sites) if known else [])
        self.site.setEditText(known.sites[0] if known and len(known.sites) == 1 else "")
        name = export_name(known.name if known else "", None, _("kit"), clock.today(), "cdkit")
        suggestion = str(last_folder(self.settings) / name)
        if self.file.text() in ("", self.suggested):  # a path the person chose stays
            self.file.setText(suggestion)
        self.suggested = suggestion
        self._recipients()

    def _framework_changed(self) -> None:
        fw = self.chosen_framework()
        self.profile.set_framework(fw)
        site = next((f for f in fw.scope if f.id == "site"), None) if fw else None
        label = self.form.labelForField(self.site)
        if isinstance(label, QLabel):
            label.setText(_("Site") + (" *" if site and site.required else ""))
        self.scope_box.set_fields(tuple(f for f in (fw.scope if fw else ()) if f.id != "site"))

    def _recipients(self) -> None:
        """An on-site kit goes to an assessor's key, a self-assessment to the supplier's own."""
        chosen = self.recipient.currentData()
        self.recipient.clear()
        self.recipient.addItem(_("Not encrypted"), None)
        known = self.chosen_supplier()
        digits = normalize_business_id(known.business_id) if known else None
        onsite = self.mode.currentData() == Mode.ONSITE.value
        for key in self.keys:
            fits = (
                key.role is KeyRole.ASSESSOR if onsite else bool(digits) and key.supplier == digits
            )
            if fits:
                text = f"{key.name} · {labels.key_role(key.role)} · {key.fingerprint}"
                self.recipient.addItem(text, key.fingerprint)
        self.recipient.setCurrentIndex(max(0, self.recipient.findData(chosen)))

    def browse(self) -> None:
        name = Path(self.file.text()).name or self.suggested
        chosen = save_to(self, self.settings, _("Issue kit"), name, _("CertDesk kits (*.cdkit)"))
        if chosen is not None:
            self.file.setText(str(chosen))

    # -- issuing ----------------------------------------------------------------
    @property
    def scope_edits(self) -> dict[str, QLineEdit]:
        return self.scope_box.edits

    def scope(self) -> dict[str, Any]:
        return self.scope_box.values()

    def target(self) -> Path:
        path = Path(self.file.text().strip()).expanduser()
        if not path.is_absolute():
            path = last_folder(self.settings) / path
        return path if path.suffix.lower() == ".cdkit" else path.with_name(path.name + ".cdkit")

    def _issue(self) -> KitIssued:
        known, fw = self.chosen_supplier(), self.chosen_framework()
        if known is None:
            raise UserError(_("choose the supplier the kit is for"))
        if fw is None:
            raise UserError(_("choose the framework the kit is for"))
        site, scope = self.site.currentText().strip() or None, self.scope()
        missing = fw.missing_scope({**scope, "site": site})
        if missing:
            names = ", ".join(f.label.get(current_language()) for f in missing)
            raise UserError(_("fill in the scope first: {fields}").format(fields=names))
        picked = self.due.date()
        due = date(picked.year(), picked.month(), picked.day())
        if due < clock.today():
            raise UserError(_("the due date has passed: choose today or a later day"))
        if not self.file.text().strip():
            raise UserError(_("choose where to write the kit"))
        return kit_out.issue_kit(
            self.ctx,
            known.business_id,
            fw.id,
            self.target(),
            mode=str(self.mode.currentData()),
            site=site,
            profile=self.profile.value(),
            scope=scope or None,
            due=due.isoformat(),
            to=self.recipient.currentData(),
        )

    def accept(self) -> None:
        """Write the kit, or say why not and keep everything typed."""
        from certdesk.ui.passphrase import key_passphrase_ready

        if not self.able or not key_passphrase_ready(self):
            return  # Enter, where the role greyed the button
        done = self.ops.now(self.windowTitle(), self._issue)
        if not isinstance(done, KitIssued):
            return
        self.issued = done
        path = done.files[0]
        remember(self.settings, path)
        recipient = self.recipient.currentText() if self.recipient.currentData() else None
        text = (
            _("The kit is written, signed and encrypted to {recipient}.").format(
                recipient=recipient
            )
            if recipient
            else _("The kit is written and signed; it is not encrypted.")
        )
        confirm = _(
            "Whoever imports it confirms headquarters' fingerprint with you: {fingerprint}"
        ).format(fingerprint=done.fingerprint)
        self.shown = written(
            self.parentWidget() or self, self.windowTitle(), f"{text} {confirm}", path
        )
        super().accept()
