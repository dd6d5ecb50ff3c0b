"""The main window, a shell: menus, the page stack, the open database, the language.

What each room does lives in its actions (`ui/field/actions.py`,
`ui/hq/actions.py`) and pages. The shell runs nothing itself: every use case
goes through the operation runner, and every `Changes` it returns reaches the
visible page at once and marks the hidden ones stale, so each refreshes when
it shows again.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialog, QMainWindow, QStackedWidget, QWidget

from certdesk.i18n import _, set_language
from certdesk.ui import settings as options
from certdesk.ui.menus import add_action, language_menu
from certdesk.ui.qt_language import use_qt_language
from certdesk.ui.settings import Settings

if TYPE_CHECKING:  # the rooms, the services and the database load after the window shows
    from PySide6.QtWidgets import QMenu

    from certdesk.services.changes import Changes
    from certdesk.services.context import Context
    from certdesk.ui.field.actions import FieldActions
    from certdesk.ui.field.start_page import StartPage
    from certdesk.ui.field.workspace_page import WorkspacePage
    from certdesk.ui.hq.actions import HqActions
    from certdesk.ui.keeping import KeepingActions
    from certdesk.ui.keys_dialog import KeysDialog
    from certdesk.ui.new_database import NewDatabaseDialog
    from certdesk.ui.operations import Operations


class _Parts(NamedTuple):
    ops: Operations
    field: FieldActions
    hq: HqActions
    keeping: KeepingActions


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self._ctx: Context | None = None
        self._stale: set[int] = set()
        self._parts: _Parts | None = None
        self._bar: dict[str, QMenu] = {}
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.resize(1400, 860)
        geometry = settings.get(options.GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        self._menus()
        self.say(_("Opening the database…"))

    # -- the parts made once the window shows ---------------------------------
    def complete(self) -> _Parts:
        """The operation runner and the rooms' actions, with the menus they fill: made on
        the first tick after the window shows with its menu titles (or at first use)."""
        if self._parts is None:
            from certdesk.ui.field.actions import FieldActions
            from certdesk.ui.hq.actions import HqActions
            from certdesk.ui.keeping import KeepingActions
            from certdesk.ui.operations import Operations

            ops = Operations(self)
            ops.changed.connect(self.changes_made)
            ops.status.connect(self.say)
            settings = self.settings
            self._parts = _Parts(
                ops,
                FieldActions(self, settings),
                HqActions(self, self),
                KeepingActions(self, self, settings),
            )
            self._fill_menus()
        return self._parts

    @property
    def field(self) -> FieldActions:
        return self.complete().field

    @property
    def hq(self) -> HqActions:
        return self.complete().hq

    @property
    def keeping(self) -> KeepingActions:
        return self.complete().keeping

    # -- what the rooms' actions see (ui.pages.Shell) ------------------------
    @property
    def ctx(self) -> Context | None:
        return self._ctx

    @property
    def ops(self) -> Operations:
        return self.complete().ops

    @property
    def start(self) -> StartPage | None:
        return self.field.start

    @property
    def page(self) -> WorkspacePage | None:
        """The open assessment's page, if one is open."""
        return self.field.page

    def say(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def set_title(self, text: str) -> None:
        self.setWindowTitle(f"CertDesk — {text}")

    def show_page(self, page: QWidget) -> None:
        if page is not self.page:
            self.field.leave()
        if self.stack.indexOf(page) < 0:
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        from certdesk.ui.pages import Page

        if id(page) in self._stale and isinstance(page, Page):
            self._stale.discard(id(page))
            page.refresh()
        self._update_actions()

    # -- menus ---------------------------------------------------------------
    def _menus(self) -> None:
        """The menu bar's titles, filled at once when the parts are made, else by them."""
        bar = self.menuBar()
        bar.clear()
        titles = (_("&File"), _("&Edit"), _("&Assessment"), _("Head&quarters"), _("&View"))
        names = ("file", "edit", "assessment", "hq", "view", "help")
        self._bar = {n: bar.addMenu(t) for n, t in zip(names, (*titles, _("&Help")), strict=True)}
        if self._parts is not None:
            self._fill_menus()

    def _fill_menus(self) -> None:
        file = self._bar["file"]
        action = partial(add_action, self)
        self.field.populate(file, action)
        action(file, _("&Assessments"), self.field.show_start, "Ctrl+Home")
        action(file, _("New &database…"), self.new_database)
        action(file, _("&Open database…"), self.choose_database, "Ctrl+O")
        action(file, _("My &keys…"), self.my_keys)
        file.addSeparator()
        self.keeping.populate(file, action)
        self.audit_action = action(file, _("Audit log and &retention…"), self.audit)
        file.addSeparator()
        self.recent_menu = file.addMenu(_("Recent databases"))
        self._recent()
        file.addSeparator()
        action(file, _("&Quit"), self.close, "Ctrl+Q")
        self.field.populate_edit(self._bar["edit"], action)
        self.field.life.populate(self._bar["assessment"], action)
        self.hq.populate(self._bar["hq"], action)
        language_menu(self, self._bar["view"].addMenu(_("Language")), self.switch_language)
        help_menu = self._bar["help"]
        action(help_menu, _("&Guide"), self.show_guide)
        action(help_menu, _("&Keyboard shortcuts"), self.show_shortcuts, "F1")
        action(help_menu, _("&About CertDesk"), self.about)
        self._update_actions()

    @property
    def undo_action(self) -> QAction:
        return self.field.undo_action

    @property
    def redo_action(self) -> QAction:
        return self.field.redo_action

    def _recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_database(Path(p)))
        self.recent_menu.setEnabled(bool(self.settings.recent()))

    def about(self) -> None:
        from certdesk.ui.dialogs import about

        about(self)

    def _update_actions(self) -> None:
        if self._parts is None:
            return
        self.field.update()
        self.hq.update()
        self.keeping.update()
        self.audit_action.setEnabled(self._ctx is not None)
        self.setAcceptDrops(self._ctx is not None)

    # -- what changed --------------------------------------------------------
    def _pages(self) -> list[QWidget]:
        from certdesk.ui.pages import Page

        found = (self.stack.widget(n) for n in range(self.stack.count()))
        return [p for p in found if p is not None and isinstance(p, Page)]

    def changes_made(self, changes: Changes, origin: object = None) -> None:
        """Hand a change to the visible page; the hidden ones refresh when they show."""
        from certdesk.ui.pages import Page

        visible = self.stack.currentWidget()
        for page in self._pages():
            if page is origin:
                continue
            if page is visible and isinstance(page, Page):
                page.apply_changes(changes)
            else:
                self._stale.add(id(page))
        self._update_actions()

    # -- databases -----------------------------------------------------------
    def open_startup_database(self) -> None:
        from certdesk.services import opening

        recent = self.settings.recent()
        use_recent = recent and not os.environ.get("CERTDESK_DB")
        self.open_database(Path(recent[0]) if use_recent else opening.default_path())

    def open_database(self, path: Path, role: str = "field", passphrase: str | None = None) -> None:
        """Open (or create, as `role`) the database at `path`; `passphrase` when known."""
        from certdesk.services import opening
        from certdesk.services.audience import speak_to_window
        from certdesk.services.leftovers import clear_opened
        from certdesk.ui.dialogs import ask_passphrase

        speak_to_window()
        if self._ctx is not None and self._ctx.db.path.resolve() == path.resolve():
            self.field.show_start()  # already open here: nothing to take from anyone
            return
        clear_opened()
        described = path.with_name(path.name + ".certdesk.json")
        first_run = not path.exists() and not described.exists()  # a server's has no file
        ctx = self.ops.now(
            _("Open database"),
            lambda: opening.open_context(
                path, lambda new: passphrase or ask_passphrase(self, new), role
            ),
        )
        if ctx is None:
            return
        self._close_database()
        self._ctx = ctx
        self.settings.add_recent(str(path))
        self._recent()
        self.set_title(path.name)
        if first_run and role == "field":
            self._offer_demo()
        self.field.show_start()
        self.say(_("Database: {path}").format(path=path))

    def _forget_pages(self) -> None:
        for n in reversed(range(self.stack.count())):
            widget = self.stack.widget(n)
            if widget is not None:
                self.stack.removeWidget(widget)
        self.field.forget()
        self.hq.forget()
        self._stale.clear()

    def _close_database(self) -> None:
        self._forget_pages()
        if self._ctx is not None:
            self._ctx.close()
            self._ctx = None

    def _offer_demo(self) -> None:
        from certdesk.services.assessment import demo
        from certdesk.ui.dialogs import wants_demo

        ctx = self._ctx
        if ctx is not None and wants_demo(self):
            self.ops.now(_("Demo"), lambda: demo.create_demo(ctx))

    def choose_database(self) -> None:
        from certdesk.services import opening
        from certdesk.ui.dialogs import choose_database

        chosen = choose_database(self, opening.default_path().parent)
        if chosen is not None:
            self.open_database(chosen)

    def new_database(self) -> NewDatabaseDialog:
        """Ask where and whose; the new database opens once created (one on a server is
        made by the dialog, which says in place why not; it opens with the team's
        passphrase just chosen)."""
        from certdesk.services import opening
        from certdesk.ui.new_database import NewDatabaseDialog

        dialog = NewDatabaseDialog(self, opening.default_path().parent)
        dialog.accepted.connect(
            lambda: (
                self.open_database(dialog.path, dialog.role, dialog.passphrase)
                if dialog.path
                else None
            )
        )
        self.database_dialog = dialog
        dialog.open()
        return dialog

    def audit(self) -> QDialog | None:
        """Verify the audit log; retention periods and the purge."""
        from certdesk.ui.audit_dialog import AuditDialog

        if self._ctx is None:
            return None
        dialog = AuditDialog(self, self._ctx)
        dialog.ops.changed.connect(self.ops.changed)
        self.audit_dialog = dialog
        dialog.open()
        return dialog

    def show_guide(self) -> None:
        from certdesk.ui.guide import show_guide

        self.guide = show_guide(self)

    def show_shortcuts(self) -> None:
        from certdesk.ui.shortcuts import show_shortcuts

        self.shortcuts_box = show_shortcuts(self)

    def my_keys(self) -> KeysDialog:
        from certdesk.services.context import actor
        from certdesk.ui.keys_dialog import KeysDialog

        dialog = KeysDialog(self, self.settings, actor())
        dialog.open()  # window-modal, not a nested loop: tests and users drive it alike
        return dialog

    def open_assessment(self, assessment_id: str) -> None:
        self.field.open_assessment(assessment_id)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        kits = [p for p in paths if p.suffix.lower() == ".cdkit"]
        packages = [p for p in paths if p.suffix.lower() == ".cdpkg"]
        notices = [p for p in paths if p.suffix.lower() == ".cdnotice"]
        if self.hq.active and packages:
            self.hq.import_packages(packages)
        elif (kits or notices) and not self.hq.active:
            for kit in kits:
                self.field.life.import_kit(kit)
            for notice in notices:
                self.field.life.import_notice(notice)
        else:
            self.say(
                _("Drop a result package (.cdpkg) here to import it")
                if self.hq.active
                else _("Drop a kit (.cdkit) or findings (.cdnotice) from headquarters here")
            )
            return
        event.acceptProposedAction()

    def switch_language(self, language: str) -> None:
        """Every text again in `language`: the menus and the pages are made anew."""
        chosen = set_language(language)
        self.settings.language = chosen
        use_qt_language(chosen)
        current = self.page.workspace.assessment_id if self.page else None
        self._forget_pages()
        self._menus()
        self.field.show_start()
        if current:
            self.field.open_assessment(current)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set(options.GEOMETRY, self.saveGeometry())
        self._close_database()
        self.settings.sync()
        from certdesk.services.leftovers import clear_opened

        clear_opened()
        event.accept()


def start_later(window: MainWindow) -> None:
    """Show the window first; make its parts and open the database right after the first
    paint."""
    QTimer.singleShot(0, window.complete)
    QTimer.singleShot(0, window.open_startup_database)
