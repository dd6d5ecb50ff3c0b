"""Audit and retention, for any database: check the audit log and read its newest
database events; set how long each kind of data is kept, see what a purge would
destroy, and purge.

The check's result is said in words: every entry intact, or each break with the
record it belongs to and what is wrong, as a sentence.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from certdesk.i18n import _
from certdesk.services.assessment import audit_log, listing
from certdesk.services.assessment.audit_log import AuditReport
from certdesk.services.context import Context
from certdesk.ui.operations import Operations
from certdesk.ui.retention_tab import RetentionTab, fill, table

GOOD, BAD = "color: #2e7d32; font-weight: bold;", "color: #c62828; font-weight: bold;"


def reason(code: str) -> str:
    """What a break's reason code means, as a sentence; an unknown code as it is."""
    said = {
        "altered": _("this entry was changed after it was written"),
        "missing": _("entries before this one were removed"),
        "out_of_order": _("this entry is out of its place: entries were moved or renumbered"),
        "unsealed": _(
            "this entry has no seal: it was added, or its seal removed, outside CertDesk"
        ),
        "seal": _("this entry, or the order of entries, no longer matches its seal"),
        "head": _("the newest entries were cut off"),
    }
    return said.get(code, code)


def action(code: str) -> str:
    """What a database event's action code means; an unknown code as it is."""
    said = {
        "supplier.add": _("Supplier added"),
        "supplier.edit": _("Supplier changed"),
        "supplier.archive": _("Supplier archived"),
        "supplier.restore": _("Supplier brought back"),
        "database.backup": _("Database backed up"),
        "database.restore": _("Database restored from a backup"),
        "database.passphrase": _("Database passphrase changed"),
        "keys.trust": _("Key trusted"),
        "keys.revoke": _("Key revoked"),
        "kit.issue": _("Kit issued"),
        "kit.pin": _("Headquarters' key taken from a kit"),
        "notice.import": _("Findings imported from headquarters"),
        "package.import": _("Result package imported"),
        "response.send": _("Corrective-action responses sent"),
        "retention.set": _("Retention period changed"),
        "retention.purge": _("Expired data destroyed"),
        "database.move": _("Database copied to a server"),
        "database.moved_in": _("Database moved in from a file"),
        "team.add": _("Person added to the team"),
        "certificate.issue": _("Certificate issued"),
        "certificate.revoke": _("Certificate revoked"),
        "finding.decide": _("Decision on a corrective action"),
        "finding.response": _("Corrective-action response received"),
        "notice.send": _("Findings sent to the supplier"),
        "answer.set": _("Answer given"),
        "answer.clear": _("Answer cleared"),
        "assessment.create": _("Assessment created"),
        "assessment.status": _("Assessment status changed"),
        "evidence.remove": _("Evidence removed"),
        "evidence.add": _("Evidence attached"),
        "evidence.restore": _("Evidence brought back"),
        "evidence.sighted": _("Document sighted"),
        "finding.add": _("Finding recorded"),
        "finding.edit": _("Finding changed"),
        "finding.delete": _("Finding deleted"),
        "assessment.archive": _("Assessment archived"),
        "assessment.restore": _("Assessment brought back"),
        "export.gap_pdf": _("Gap report exported (PDF)"),
        "export.gap_xlsx": _("Gap workbook exported (Excel)"),
        "export.oscal": _("Exported as OSCAL"),
        "export.package": _("Result package exported"),
    }
    return said.get(code, code)


class AuditTab(QWidget):
    """The check on demand, and the newest entries of the database's chain."""

    def __init__(self, parent: QWidget, ctx: Context, ops: Operations) -> None:
        super().__init__(parent)
        self.ctx, self.ops = ctx, ops
        about = QLabel(
            _(
                "Every change is written to the audit log, chained and sealed, so that an "
                "entry changed, removed or reordered outside CertDesk shows when it is checked."
            )
        )
        about.setWordWrap(True)
        self.verify_button = QPushButton(_("Verify now"))
        self.verify_button.clicked.connect(self.verify)
        self.verdict = QLabel(_("Not checked yet."))
        self.verdict.setWordWrap(True)
        self.breaks = table([_("Record"), _("Entry"), _("What is wrong")], stretch=2)
        self.breaks.hide()
        heading = QLabel(_("Newest database events"))
        heading.setObjectName("heading")
        self.recent = table([_("When"), _("Who"), _("What")], stretch=2)
        row = QHBoxLayout()
        row.addWidget(self.verify_button)
        row.addWidget(self.verdict, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(row)
        layout.addWidget(self.breaks, 1)
        layout.addWidget(heading)
        layout.addWidget(self.recent, 2)
        self.report: AuditReport | None = None

    def verify(self) -> AuditReport | None:
        report = self.ops.now(_("Audit log"), lambda: audit_log.verify(self.ctx))
        if not isinstance(report, AuditReport):
            return None
        self.report = report
        if report.ok:
            self.verdict.setStyleSheet(GOOD)
            if report.entries == 0:
                self.verdict.setText("✔ " + _("The audit log has no entries yet."))
            else:
                text = (
                    _("All {n} entries are intact.")
                    if report.entries != 1
                    else _("The one entry is intact.")
                )
                self.verdict.setText("✔ " + text.format(n=report.entries))
        else:
            self.verdict.setStyleSheet(BAD)
            self.verdict.setText(
                "✘ "
                + _(
                    "The audit log was changed outside CertDesk ({n} entries checked; what "
                    "is wrong is listed below). Keep this database as it is and tell whoever "
                    "is responsible for security."
                ).format(n=report.entries)
            )
        names = self._chain_names() if report.breaks else {}
        fill(
            self.breaks,
            [(self._where(b.chain, names), str(b.seq), reason(b.reason)) for b in report.breaks],
        )
        self.breaks.setVisible(bool(report.breaks))
        return report

    def _chain_names(self) -> dict[str, str]:
        """The database's chain, and each assessment's by its supplier and cycle."""
        names = {audit_log.DATABASE_CHAIN: _("The database")}
        for row in listing.list_assessments(self.ctx):
            names[row.id] = " · ".join(v for v in (row.supplier, row.cycle) if v)
        return names

    @staticmethod
    def _where(chain: str, names: dict[str, str]) -> str:
        return names.get(chain) or _("assessment {id}").format(id=chain[:8])

    def refresh(self) -> None:
        lines = audit_log.recent(self.ctx)
        fill(
            self.recent,
            [
                (line.at.astimezone().strftime("%Y-%m-%d %H:%M"), line.actor, action(line.action))
                for line in lines
            ],
        )


class AuditDialog(QDialog):
    """Audit log and retention. Every change it makes goes out through `ops.changed`."""

    def __init__(self, parent: QWidget, ctx: Context) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ops = Operations(self)
        self.setWindowTitle(_("Audit and retention"))
        self.resize(900, 600)
        self.audit = AuditTab(self, ctx, self.ops)
        self.retention = RetentionTab(self, ctx, self.ops)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.audit, _("Audit log"))
        self.tabs.addTab(self.retention, _("Retention"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.ops.changed.connect(lambda _changes: self.audit.refresh())  # its own record
        self.refresh()

    def refresh(self) -> None:
        self.audit.refresh()
        self.retention.refresh()
