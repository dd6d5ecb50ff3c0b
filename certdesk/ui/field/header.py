"""The workspace's header: whose assessment, which kind, its status, and why it is locked."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from certdesk import labels
from certdesk.i18n import _, current_language
from certdesk.services import messages
from certdesk.services.assessment.workspace import Workspace


class WorkspaceHeader(QWidget):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.title = QLabel()
        self.title.setObjectName("workspaceTitle")
        self.details = QLabel()
        self.details.setObjectName("workspaceDetails")
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        for label in (self.title, self.details, self.banner):
            layout.addWidget(label)
        self.refresh()

    def refresh(self) -> None:
        ws = self.workspace
        where = f"{ws.supplier} · {ws.site}" if ws.site else ws.supplier
        self.title.setText(where)
        parts = [
            labels.mode(ws.mode),
            ws.framework.title.get(current_language()),
            _("cycle {cycle}").format(cycle=ws.cycle) if ws.cycle else "",
            _("assessor {name}").format(name=ws.assessor) if ws.assessor else "",
            _("status: {status}").format(status=labels.status(ws.status)),
        ]
        self.details.setText("  ·  ".join(p for p in parts if p))
        self.banner.setText(self.locked_reason() or "")
        self.banner.setVisible(ws.read_only)

    def locked_reason(self) -> str | None:
        """Why nothing here can change, in the user's words (None: it can)."""
        if self.workspace.final:
            return _(
                "This assessment is final: you can read and export it, but no answer, note, "
                "evidence or finding can change any more."
            )
        if self.workspace.imported:
            return messages.imported_read_only()
        return None
