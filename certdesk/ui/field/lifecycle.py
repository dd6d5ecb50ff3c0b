"""An assessment's life in the app: a kit comes in, the status moves on, the result goes
back to headquarters.

Import kit (File menu, or a .cdkit dropped on the window) confirms headquarters'
fingerprint the first time. Submit and Make final move the status, the latter
after saying that it locks the assessment. Send to headquarters shows what the
signed package carries before it is written, and where it went after.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QWidget

from certdesk import clock
from certdesk.domain.assessment import Status
from certdesk.i18n import _
from certdesk.services import messages
from certdesk.services.changes import Created, Written
from certdesk.ui.file_choice import last_folder, open_from, remember, written
from certdesk.ui.operations import Task
from certdesk.ui.pages import Shell
from certdesk.ui.settings import Settings

if TYPE_CHECKING:
    from certdesk.ui.field.workspace_page import WorkspacePage


def no_assessment() -> str:
    """Why an entry that acts on an assessment is greyed on the start page."""
    return _("Open an assessment first (File > Assessments).")


class AssessmentActions:
    def __init__(
        self, shell: Shell, settings: Settings, current: Callable[[], WorkspacePage | None]
    ) -> None:
        self.shell, self.settings, self.current = shell, settings, current
        self.shown: QMessageBox | None = None
        """The last "written" message (kept while it shows)."""
        self.responses_dialog: QDialog | None = None

    @property
    def window(self) -> QWidget:
        return self.shell.ops.window

    def populate(self, menu: QMenu, action: Callable[..., QAction]) -> None:
        """The Assessment menu."""
        menu.setToolTipsVisible(True)  # a greyed entry says why
        self.submit_action = action(
            menu, _("&Submit for review"), lambda: self.set_status(Status.SUBMITTED)
        )
        self.final_action = action(menu, _("Make &final…"), lambda: self.set_status(Status.FINAL))
        menu.addSeparator()
        self.findings_action = action(menu, _("F&indings…"), self.findings, "Ctrl+Shift+F")
        menu.addSeparator()
        self.send_action = action(menu, _("Send to &headquarters…"), self.send, "Ctrl+Shift+E")
        menu.addSeparator()
        action(menu, _("Import &findings from headquarters…"), self.import_notice)
        action(menu, _("&Corrective actions…"), self.responses)

    def update(self) -> None:
        page = self.current()
        ws = page.workspace if page is not None else None
        none = no_assessment()
        imported = messages.imported_read_only()
        submit = final = send = findings = None
        if ws is None:
            submit = final = send = findings = none
        elif ws.imported:
            submit = final = send = imported
        else:
            if ws.status is not Status.DRAFT:
                submit = _("Only a draft can be submitted.")
            if ws.final:
                final = _("The assessment is final already.")
            if not ws.from_kit:
                send = _(
                    "Only an assessment started from a headquarters kit can be sent "
                    "(File > Import kit)."
                )
        if ws is not None and ws.self_mode:
            findings = _("A self-assessment has no findings: the assessor records them on site.")
        for entry, reason in (
            (self.submit_action, submit),
            (self.final_action, final),
            (self.send_action, send),
            (self.findings_action, findings),
        ):
            entry.setEnabled(reason is None)
            entry.setToolTip(reason or "")

    def findings(self) -> None:
        page = self.current()
        if page is not None and not page.workspace.self_mode:
            page.show_findings()

    # -- kits ----------------------------------------------------------------
    def import_kit(self, path: Path | None = None) -> str | None:
        """Import a kit and open its assessment; the id, or None if nothing was imported."""
        from certdesk.services.exchange import kit_in
        from certdesk.ui.field.kits import confirm_signer
        from certdesk.ui.passphrase import key_passphrase_ready

        ctx = self.shell.ctx
        if ctx is None:
            return None
        chosen = (
            [path]
            if path is not None
            else open_from(
                self.window, self.settings, _("Import kit"), _("CertDesk kits (*.cdkit)")
            )
        )
        # The kit is encrypted to this user's key: its passphrase first, where one is needed.
        if not chosen or not key_passphrase_ready(self.window):
            return None
        kit = chosen[0]
        signer = self.shell.ops.now(_("Import kit"), lambda: kit_in.kit_signer(kit))
        if not isinstance(signer, str):
            return None
        if not confirm_signer(self.window, kit, signer, kit_in.pinned_fingerprint(ctx)):
            self.shell.say(_("The kit was not imported: its key was not confirmed."))
            return None
        created = self.shell.ops.now(_("Import kit"), lambda: kit_in.import_kit(ctx, kit, signer))
        if not isinstance(created, Created):
            return None
        self.shell.open_assessment(created.id)
        self.shell.say(_("Kit imported: the assessment is open."))
        return created.id

    # -- findings from headquarters --------------------------------------------
    def import_notice(self, path: Path | None = None) -> bool:
        """Import headquarters' findings notice, then show the corrective actions."""
        from certdesk.services.exchange import kit_in, notice_in
        from certdesk.ui.field.kits import confirm_signer
        from certdesk.ui.passphrase import key_passphrase_ready

        ctx = self.shell.ctx
        if ctx is None:
            return False
        title = _("Import findings from headquarters")
        chosen = (
            [path]
            if path is not None
            else open_from(self.window, self.settings, title, _("Findings notices (*.cdnotice)"))
        )
        if not chosen or not key_passphrase_ready(self.window):
            return False
        notice = chosen[0]
        signer = self.shell.ops.now(title, lambda: notice_in.notice_signer(notice))
        if not isinstance(signer, str):
            return False
        if not confirm_signer(self.window, notice, signer, kit_in.pinned_fingerprint(ctx)):
            self.shell.say(_("Nothing was imported: the key was not confirmed."))
            return False
        done = self.shell.ops.now(title, lambda: notice_in.import_notice(ctx, notice, signer))
        if done is None:
            return False
        self.responses()
        return True

    def responses(self) -> None:
        """The corrective actions: every finding received, a response to each."""
        from certdesk.ui.field.responses import ResponsesDialog

        ctx = self.shell.ctx
        if ctx is None:
            return
        self.responses_dialog = ResponsesDialog(self.window, ctx, self.settings)
        self.responses_dialog.open()

    # -- status ----------------------------------------------------------------
    def set_status(self, wanted: Status) -> bool:
        from certdesk.services.assessment import status

        page = self.current()
        if page is None:
            return False
        page.flush()
        ws = page.workspace
        if wanted is Status.FINAL and not self._confirm_final(ws.result.unanswered):
            return False
        done = self.shell.ops.now(
            _("Status"), lambda: status.set_status(ws.ctx, ws.assessment_id, wanted)
        )
        return done is not None

    def _confirm_final(self, unanswered: int) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Make the assessment final"),
            _(
                "A final assessment is locked: no answer, note, evidence or finding can "
                "change afterwards, and this cannot be undone."
            ),
            parent=self.window,
        )
        if unanswered:
            box.setInformativeText(_("{n} items are still unanswered.").format(n=unanswered))
        make = box.addButton(_("Make final"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is make

    # -- sending ----------------------------------------------------------------
    def send(self) -> Task | None:
        """Show what the package carries, then sign and encrypt it in the background."""
        from certdesk.services.exchange import results_out, sending
        from certdesk.services.files import export_name
        from certdesk.ui.field.send_dialog import SendDialog
        from certdesk.ui.passphrase import key_passphrase_ready

        page = self.current()
        if page is None:
            return None
        page.flush()
        ws = page.workspace
        summary = self.shell.ops.now(_("Send"), lambda: sending.summary(ws.ctx, ws.assessment_id))
        if not isinstance(summary, sending.SendSummary):
            return None
        name = export_name(ws.supplier, ws.cycle, _("result"), clock.today(), "cdpkg")
        dialog = SendDialog(
            self.window,
            self.settings,
            summary,
            sending.history(ws.ctx, ws.assessment_id),
            last_folder(self.settings) / name,
        )
        if not dialog.exec() or not key_passphrase_ready(self.window):
            return None
        target = dialog.target()
        remember(self.settings, target)
        ctx, aid = ws.ctx, ws.assessment_id
        return self.shell.ops.background(
            _("Signing and encrypting…"),
            lambda _report: results_out.export_package(ctx, aid, target),
            lambda result: self._sent(result, target),
        )

    def _sent(self, result: object, target: Path) -> None:
        sequence = result.sequence if isinstance(result, Written) else None
        self.shell.say(_("wrote {file}").format(file=target))
        self.shown = written(
            self.window,
            _("Send to headquarters"),
            _(
                "Package {n} is written, signed and encrypted to headquarters. Give it to "
                "headquarters; only they can open it."
            ).format(n=sequence or "?"),
            target,
        )
