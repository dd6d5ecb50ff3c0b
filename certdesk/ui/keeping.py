"""File > Back up database, Restore from backup, Change database passphrase.

A backup is written in the background under a passphrase typed twice; a restore
shows what the backup says of itself, asks its passphrase (and, where no keyring
exists, a passphrase for the new database), makes a new database and opens it.
Each dialog keeps what was typed when the service refuses it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QWidget

from certdesk import clock
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.ui.file_choice import open_from, save_to, written
from certdesk.ui.operations import Operations, Task
from certdesk.ui.passphrase import PassphraseDialog, ask
from certdesk.ui.settings import Settings

if TYPE_CHECKING:  # the services load after the window shows
    from certdesk.services.context import Context


class Window(Protocol):
    """What the actions need of the main window."""

    @property
    def ctx(self) -> Context | None: ...

    @property
    def ops(self) -> Operations: ...

    def say(self, text: str) -> None: ...

    def open_database(
        self, path: Path, role: str = "field", passphrase: str | None = None
    ) -> None: ...


def _minimum() -> int:
    from certdesk.services.opening import MIN_PASSPHRASE

    return MIN_PASSPHRASE


class KeepingActions:
    def __init__(self, window: Window, parent: QWidget, settings: Settings) -> None:
        self.window, self.parent, self.settings = window, parent, settings
        self.shown: QMessageBox | None = None
        self.dialog: QDialog | None = None

    def populate(self, menu: QMenu, action: Callable[..., QAction]) -> None:
        self.backup_action = action(menu, _("&Back up database…"), self.backup)
        self.restore_action = action(menu, _("&Restore from backup…"), self.restore)
        self.passphrase_action = action(menu, _("Change database &passphrase…"), self.passphrase)

    def update(self) -> None:
        ctx = self.window.ctx
        on_server = ctx is not None and ctx.db.described.key == "server"
        served = _("Not for a database on a server: its administrator keeps and backs it up.")
        self.backup_action.setEnabled(ctx is not None and not on_server)
        self.backup_action.setToolTip(served if on_server else "")
        can_change = ctx is not None and ctx.db.described.with_passphrase
        self.passphrase_action.setEnabled(can_change)
        self.passphrase_action.setToolTip(
            ""
            if can_change or ctx is None
            else served
            if on_server
            else _("This database's key is kept in the computer's keyring: it has no passphrase.")
        )

    # -- backup --------------------------------------------------------------
    def backup(self, target: Path | None = None, passphrase: str | None = None) -> Task | None:
        from certdesk.services import backup

        ctx = self.window.ctx
        if ctx is None:
            return None
        if target is None:
            name = f"{ctx.db.path.stem}-{clock.today().isoformat()}{backup.SUFFIX}"
            target = save_to(self.parent, self.settings, _("Back up database"), name, "*.cdbackup")
            if target is None:
                return None
        if passphrase is None:
            about = _(
                "The backup holds everything in this database, encrypted. Choose a passphrase "
                "for it: it is asked when the backup is restored, on any computer."
            )
            passphrase = ask(
                self.parent, _("Backup passphrase"), about, new=True, minimum=_minimum()
            )
            if passphrase is None:
                return None
        chosen, given = target, passphrase
        return self.window.ops.background(
            _("Writing {file}…").format(file=chosen.name),
            lambda report: backup.write_backup(ctx, chosen, given, report),
            lambda _result: self._written(chosen),
        )

    def _written(self, target: Path) -> None:
        self.window.say(_("wrote {file}").format(file=target))
        text = _("{file} is written. Keep it apart from this computer, with its passphrase.")
        self.shown = written(
            self.parent, _("Back up database"), text.format(file=target.name), target
        )

    # -- restore -------------------------------------------------------------
    def restore(
        self,
        source: Path | None = None,
        target: Path | None = None,
        backup_passphrase: str | None = None,
    ) -> Task | None:
        from certdesk.services import backup

        if source is None:
            picked = open_from(self.parent, self.settings, _("Restore from backup"), "*.cdbackup")
            if not picked:
                return None
            source = picked[0]
        info = self.window.ops.now(_("Restore from backup"), lambda: backup.inspect(source))
        if not isinstance(info, backup.BackupInfo):
            return None
        if target is None:
            target = save_to(self.parent, self.settings, _("Restore into"), "restored.db", "*.db")
            if target is None:
                return None
            target = target if target.suffix == ".db" else target.with_suffix(".db")
        if backup_passphrase is None:
            about = _(
                "A backup of a {role} database, made {made}, with {n} evidence files. "
                "Type the passphrase chosen when it was made."
            ).format(
                role=_role_text(info.role),
                made=info.created[:16].replace("T", " "),
                n=info.evidence,
            )
            backup_passphrase = ask(
                self.parent, _("Backup passphrase"), about, new=False, minimum=_minimum()
            )
            if backup_passphrase is None:
                return None
        new_passphrase = self._new_database_passphrase()
        if new_passphrase == "":
            return None
        chosen, where, given = source, target, backup_passphrase
        return self.window.ops.background(
            _("Restoring {file}…").format(file=chosen.name),
            lambda _report: backup.restore(chosen, where, given, lambda _new: new_passphrase),
            lambda _result: self.window.open_database(where, info.role, new_passphrase),
        )

    def _new_database_passphrase(self) -> str | None:
        """Where no keyring exists, the restored database's passphrase ("" when cancelled)."""
        from certdesk.services import opening

        if not opening.keyring_available():
            from certdesk.ui.dialogs import ask_passphrase

            return ask_passphrase(self.parent, True) or ""
        return None

    # -- passphrase ----------------------------------------------------------
    def passphrase(self) -> ChangePassphraseDialog | None:
        ctx = self.window.ctx
        if ctx is None:
            return None
        about = _(
            "The database is encrypted again under the new passphrase; the old one no longer "
            "opens it. Backups made before keep their own passphrase."
        )
        dialog = ChangePassphraseDialog(self.parent, about, ctx)
        dialog.changed.connect(self.window.ops.changed)
        dialog.accepted.connect(lambda: self.window.say(_("The database passphrase is changed.")))
        self.dialog = dialog
        dialog.open()
        return dialog


class ChangePassphraseDialog(PassphraseDialog):
    """The current passphrase and the new one twice; a refusal is shown in place."""

    changed = Signal(object)

    def __init__(self, parent: QWidget, about: str, ctx: Context) -> None:
        title = _("Change database passphrase")
        super().__init__(parent, title, about, new=True, minimum=_minimum(), with_current=True)
        self.ctx = ctx

    def accept(self) -> None:
        from certdesk.services import keeping

        problem = self.refusal()
        if problem is None:
            try:
                done = keeping.change_passphrase(self.ctx, self.current.text(), self.passphrase())
            except UserError as exc:
                problem = exc.message
        if problem is not None:
            self.problem.setText(problem)
            self.problem.show()
            return
        self.changed.emit(done)
        QDialog.accept(self)


def _role_text(role: str) -> str:
    return _("headquarters") if role == "hq" else _("field")
