"""The supplier register: every supplier with its contact, sites and production processes;
add, edit, archive and bring back.

The editor keeps what was typed when the database refuses it (a bad e-mail, a
site an assessment still names): the message says why and the dialog stays. In a
headquarters team on a server, a person whose role does not include keeping the
register reads it, and opens a record to read it, with what would change it greyed.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from certdesk import labels
from certdesk.domain.roles import DatabaseRole
from certdesk.domain.supplier import Tier
from certdesk.i18n import _, pgettext
from certdesk.services.assessment import suppliers
from certdesk.services.assessment.supplier_edit import (
    SupplierFields,
    add_supplier,
    archive_supplier,
    edit_supplier,
)
from certdesk.services.assessment.suppliers import SupplierView
from certdesk.services.changes import Changes
from certdesk.services.context import Context
from certdesk.services.team import IMPORT
from certdesk.ui.operations import Operations
from certdesk.ui.roles import allow, may


def _split(text: str, separator: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(separator) if part.strip())


class SupplierEditor(QDialog):
    """One supplier's record; a new one when `known` is None."""

    def __init__(self, parent: QWidget, ctx: Context, known: SupplierView | None) -> None:
        super().__init__(parent)
        self.ctx, self.known = ctx, known
        self.ops = Operations(self)
        self.saved: Changes | None = None
        self.setWindowTitle(_("Edit supplier") if known else _("New supplier"))
        self.name = QLineEdit(known.name if known else "")
        self.business_id = QLineEdit(known.business_id if known else "")
        self.business_id.setPlaceholderText("123-45-67890")
        self.business_id.setReadOnly(known is not None)
        if known is not None:
            self.business_id.setToolTip(_("Kits and result files name the supplier by it."))
        self.contact_name = QLineEdit(known.contact_name or "" if known else "")
        self.contact_email = QLineEdit(known.contact_email or "" if known else "")
        self.contact_phone = QLineEdit(known.contact_phone or "" if known else "")
        self.sites = QPlainTextEdit("\n".join(known.sites) if known else "")
        self.sites.setPlaceholderText(_("one site a line, e.g. Gumi plant"))
        self.sites.setTabChangesFocus(True)
        self.sites.setFixedHeight(80)
        self.processes = QLineEdit(", ".join(known.processes) if known else "")
        self.tier = QComboBox()
        self.tier.addItem(_("Not classed"), None)
        for tier in Tier:
            self.tier.addItem(labels.tier(tier), tier.value)
        self.tier.setCurrentIndex(max(0, self.tier.findData(known.tier if known else None)))
        self.processes.setPlaceholderText(_("comma-separated, e.g. design, moulding, assembly"))
        form = QFormLayout()
        form.addRow(_("Supplier name"), self.name)
        form.addRow(_("Business registration number"), self.business_id)
        form.addRow(_("Contact"), self.contact_name)
        form.addRow(_("E-mail"), self.contact_email)
        form.addRow(_("Phone"), self.contact_phone)
        form.addRow(_("Sites"), self.sites)
        form.addRow(_("Production processes"), self.processes)
        if ctx.role is DatabaseRole.HQ:  # headquarters classes its suppliers
            form.addRow(_("Tier"), self.tier)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        if not may(ctx, IMPORT):
            self._only_to_read(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def _only_to_read(self, buttons: QDialogButtonBox) -> None:
        """For a person whose role does not keep the register: the record, to read."""
        self.setWindowTitle(_("Supplier"))
        for field in (self.name, self.contact_name, self.contact_email, self.contact_phone):
            field.setReadOnly(True)
        self.processes.setReadOnly(True)
        self.sites.setReadOnly(True)
        allow(self.tier, False)
        allow(self.save_button, False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))

    def fields(self) -> SupplierFields:
        return SupplierFields(
            self.name.text(),
            self.contact_name.text(),
            self.contact_email.text(),
            self.contact_phone.text(),
            _split(self.sites.toPlainText(), "\n"),
            _split(self.processes.text(), ","),
            self.tier.currentData(),
        )

    def accept(self) -> None:
        """Save, or say why not and keep everything typed."""
        if not self.save_button.isEnabled():
            return  # Enter in a record this person may only read
        fields, known = self.fields(), self.known
        if known is not None:
            done = self.ops.now(
                self.windowTitle(), lambda: edit_supplier(self.ctx, known.id, fields)
            )
        else:
            number = self.business_id.text()
            done = self.ops.now(self.windowTitle(), lambda: add_supplier(self.ctx, number, fields))
        if isinstance(done, Changes):
            self.saved = done
            super().accept()


class SuppliersDialog(QDialog):
    """The register. Every change it makes goes out through `ops.changed`."""

    def __init__(self, parent: QWidget, ctx: Context) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.able = may(ctx, IMPORT)
        self.ops = Operations(self)
        self.editor: SupplierEditor | None = None
        self.setWindowTitle(_("Suppliers"))
        self.resize(1100, 520)
        self.rows: list[SupplierView] = []
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [
                _("Supplier"),
                _("Business registration number"),
                _("Contact"),
                _("Sites"),
                _("Production processes"),
                pgettext("count", "Assessments"),
                _("Status"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the contact gives way
        self.table.doubleClicked.connect(lambda _index: self.edit(read=True))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.show_archived = QCheckBox(_("Show archived suppliers"))
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        self.add_button = QPushButton(_("New supplier…"))
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.clicked.connect(self.edit)
        self.archive_button = QPushButton(_("Archive"))
        self.archive_button.clicked.connect(self.toggle_archive)
        buttons = QHBoxLayout()
        for widget in (self.add_button, self.edit_button, self.archive_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.show_archived)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.empty = QLabel(_("No suppliers yet: add one, or import a kit from headquarters."))
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(close)
        self.refresh()

    def refresh(self, chosen: str | None = None) -> None:
        chosen = chosen or self.selected_id()
        self.rows = suppliers.list_suppliers(self.ctx, archived=self.show_archived.isChecked())
        self.table.setRowCount(len(self.rows))
        for n, row in enumerate(self.rows):
            contact = " · ".join(
                v for v in (row.contact_name, row.contact_email, row.contact_phone) if v
            )
            values = (
                row.name,
                row.business_id,
                contact,
                ", ".join(row.sites),
                ", ".join(row.processes),
                str(row.assessments),
                _("Archived") if row.archived else _("Active"),
            )
            for column, value in enumerate(values):
                self.table.setItem(n, column, QTableWidgetItem(value))
            if row.id == chosen:
                self.table.selectRow(n)
        self.empty.setVisible(not self.rows)
        self._selection_changed()

    def selected(self) -> SupplierView | None:
        at = self.table.currentRow()
        return self.rows[at] if 0 <= at < len(self.rows) and self.table.selectedItems() else None

    def selected_id(self) -> str | None:
        chosen = self.selected()
        return chosen.id if chosen else None

    def _selection_changed(self) -> None:
        chosen = self.selected()
        allow(self.add_button, self.able)
        allow(self.edit_button, self.able, otherwise=chosen is not None)
        allow(self.archive_button, self.able, otherwise=chosen is not None)
        archived = chosen is not None and chosen.archived
        self.archive_button.setText(_("Bring back") if archived else _("Archive"))

    def _editor(self, known: SupplierView | None) -> None:
        self.editor = SupplierEditor(self, self.ctx, known)
        self.editor.ops.changed.connect(self.ops.changed)
        self.editor.accepted.connect(self.refresh)
        self.editor.open()  # window-modal: tests and people drive it alike

    def add(self) -> None:
        if self.able:
            self._editor(None)

    def edit(self, read: bool = False) -> None:
        """The chosen record, to edit; or to read (a double-click) for whom may not edit."""
        chosen = self.selected()
        if chosen is not None and (self.able or read):
            self._editor(chosen)

    def toggle_archive(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.able:
            return
        wanted = not chosen.archived
        self.ops.now(self.windowTitle(), lambda: archive_supplier(self.ctx, chosen.id, wanted))
        self.refresh(chosen.id)
