"""Send to headquarters: what the package will carry, where it goes, what went before."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from certdesk import labels
from certdesk.domain.assessment import Status
from certdesk.i18n import _, ngettext
from certdesk.services.exchange.sending import SendSummary, Sent
from certdesk.ui.file_choice import save_to
from certdesk.ui.settings import Settings


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return _("{n} KB").format(n=max(1, round(size / 1024)) if size else 0)
    return _("{n} MB").format(n=f"{size / (1024 * 1024):.1f}")


def _when(at: str) -> str:
    return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")


class SendDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        settings: Settings,
        summary: SendSummary,
        sent: list[Sent],
        target: Path,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("Send to headquarters"))
        self.setMinimumWidth(620)
        s = summary
        form = QFormLayout()
        where = f"{s.supplier} · {s.site}" if s.site else s.supplier
        rows = [
            (_("Assessment"), where),
            (_("Framework"), s.framework),
            (_("Cycle"), s.cycle or "—"),
            (_("Status"), labels.status(s.status)),
            (_("Answered"), _("{n} of {total} items").format(n=s.answered, total=s.applicable)),
            (
                _("Evidence"),
                ngettext("{n} file", "{n} files", s.evidence_files).format(n=s.evidence_files)
                + f" ({size_text(s.evidence_bytes)})"
                + (", " + _("{n} sighted documents").format(n=s.sighted) if s.sighted else ""),
            ),
            (_("Findings"), str(s.findings)),
            (_("Score"), f"{s.total} · {s.outcome}"),
            (_("Encrypted to"), s.recipient or "—"),
        ]
        for label, value in rows:
            shown = QLabel(value)
            shown.setWordWrap(True)
            form.addRow(label, shown)
        self.path = QLineEdit(str(target))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(_("Write to"), row)
        self.history = QListWidget()
        for entry in sent:
            self.history.addItem(
                _("{when}: package {n} by {who}, {file}").format(
                    when=_when(entry.at), n=entry.sequence, who=entry.actor, file=entry.file or "—"
                )
            )
        if not sent:
            self.history.addItem(_("Nothing sent yet"))
        self.history.setMaximumHeight(100)
        note = QLabel(
            _(
                "The package is signed with your key and encrypted to headquarters' key: "
                "only headquarters can open it. Carry it on a USB stick or send it by e-mail."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.send_button = buttons.addButton(
            _("Sign and write"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.draft_warning = QLabel(
            _(
                "This assessment is not final yet: headquarters receives it as work in "
                "progress and cannot certify from it. If it is done, close this and choose "
                "Assessment > Make final first."
            )
        )
        self.draft_warning.setObjectName("banner")
        self.draft_warning.setWordWrap(True)
        self.draft_warning.setVisible(s.status is not Status.FINAL)
        layout.addWidget(self.draft_warning)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(QLabel(_("Sent before")))
        layout.addWidget(self.history)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        chosen = save_to(
            self,
            self.settings,
            _("Write the result package"),
            Path(self.path.text()).name,
            _("CertDesk result packages (*.cdpkg)"),
        )
        if chosen is not None:
            self.path.setText(str(chosen))

    def target(self) -> Path:
        return Path(self.path.text().strip())
