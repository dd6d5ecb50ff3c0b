"""Issuing a certificate: choose an imported final on-site result, read what the
certificate will say, then choose where its PDF goes (the service writes it)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from certdesk import clock
from certdesk.i18n import _, current_language
from certdesk.services.context import Context
from certdesk.services.files import export_name
from certdesk.services.hq import certificates
from certdesk.services.hq.certifiable import Certifiable, certifiable
from certdesk.services.hq.certificates import Issued
from certdesk.services.team import CERTIFY
from certdesk.ui.file_choice import save_to, written
from certdesk.ui.hq.tables import chosen_row, fill, row_table
from certdesk.ui.operations import Operations
from certdesk.ui.roles import allow, may
from certdesk.ui.settings import Settings

LANGUAGES = (("ko", "한국어"), ("en", "English"))
"""The certificate's own language, named in itself."""


class IssueDialog(QDialog):
    def __init__(self, parent: QWidget, ctx: Context, settings: Settings) -> None:
        super().__init__(parent)
        self.ctx, self.settings = ctx, settings
        self.ops = Operations(self)
        self.issued: Issued | None = None
        self.able = may(ctx, CERTIFY)  # the results and the preview read for every role
        self.message: QMessageBox | None = None
        self.rows: list[Certifiable] = []
        self.setWindowTitle(_("Issue certificate"))
        self.resize(980, 640)
        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(1 if current_language() == "en" else 0)
        self.language.currentIndexChanged.connect(lambda _at: self.refresh())
        self.show_all = QCheckBox(_("Show results that cannot be certified"))
        self.show_all.toggled.connect(lambda _on: self.refresh())
        self.table = row_table(
            [_("Supplier"), _("Site"), _("Framework"), _("Cycle"), _("Score"), _("Outcome")],
            stretch=2,
        )
        self.table.itemSelectionChanged.connect(self._preview)
        self.empty = QLabel(
            _("No final on-site result imported from a signed package can be certified.")
        )
        self.empty.setWordWrap(True)
        self.says: dict[str, QLabel] = {}
        preview = QGroupBox(_("Preview"))
        form = QFormLayout(preview)
        for key, title in (
            ("supplier", _("Supplier")),
            ("site", _("Site")),
            ("processes", _("Production processes")),
            ("framework", _("Framework")),
            ("score", _("Score")),
            ("outcome", _("Outcome")),
            ("valid", _("Valid")),
        ):
            self.says[key] = QLabel()
            self.says[key].setWordWrap(True)
            form.addRow(title, self.says[key])
        self.refusal = QLabel()
        self.refusal.setObjectName("error")
        self.refusal.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.issue_button = buttons.addButton(
            _("Issue and save PDF…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.show_all)
        top.addStretch(1)
        top.addWidget(QLabel(_("Certificate language")))
        top.addWidget(self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(preview)
        layout.addWidget(self.refusal)
        layout.addWidget(buttons)
        self.refresh()

    @property
    def wording(self) -> str:
        return str(self.language.currentData())

    def refresh(self) -> None:
        before = self.selected()
        every = certifiable(self.ctx, self.wording)
        self.rows = every if self.show_all.isChecked() else [c for c in every if not c.refusal]
        fill(
            self.table,
            [
                (c.supplier, c.site or "—", c.framework, c.cycle or "—", c.score, c.outcome)
                for c in self.rows
            ],
        )
        ids = [c.assessment for c in self.rows]
        if self.rows:
            self.table.selectRow(
                ids.index(before.assessment) if before and before.assessment in ids else 0
            )
        self.empty.setVisible(not self.rows)
        self._preview()

    def selected(self) -> Certifiable | None:
        at = chosen_row(self.table)
        return self.rows[at] if at is not None and at < len(self.rows) else None

    def _preview(self) -> None:
        chosen = self.selected()
        if chosen is None:
            for label in self.says.values():
                label.setText("—")
        else:
            until = chosen.valid_until.isoformat() if chosen.valid_until else "—"
            valid = "—" if chosen.refusal else f"{chosen.valid_from.isoformat()} – {until}"
            shown = {
                "supplier": f"{chosen.supplier} ({chosen.business_id})",
                "site": chosen.site or "—",
                "processes": ", ".join(chosen.processes) or "—",
                "framework": _("{title}, version {version}").format(
                    title=chosen.framework, version=chosen.version
                ),
                "score": chosen.score,
                "outcome": chosen.outcome,
                "valid": valid,
            }
            for key, text in shown.items():
                self.says[key].setText(text)
        refusal = chosen.refusal if chosen else None
        self.refusal.setText(refusal or "")
        self.refusal.setVisible(bool(refusal))
        allow(self.issue_button, self.able, otherwise=chosen is not None and not refusal)

    def accept(self) -> None:
        """Ask where the PDF goes, then issue; the dialog closes once it is written."""
        chosen = self.selected()
        if chosen is None or chosen.refusal or not self.able:
            return
        name = export_name(chosen.supplier, chosen.cycle, _("certificate"), clock.today(), "pdf")
        path = save_to(self, self.settings, self.windowTitle(), name, _("PDF files (*.pdf)"))
        if path is None:
            return
        wording, aid = self.wording, chosen.assessment
        done = self.ops.now(
            self.windowTitle(), lambda: certificates.issue(self.ctx, aid, path, wording)
        )
        if not isinstance(done, Issued):
            self.refresh()
            return
        self.issued = done
        view = done.certificate
        self.message = written(
            self.parentWidget() or self,
            self.windowTitle(),
            _("Certificate {code} issued, valid until {until}.").format(
                code=view.code, until=view.valid_until.isoformat()
            ),
            path,
        )
        super().accept()
