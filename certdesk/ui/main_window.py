"""The main window, a shell: menus, the page stack, the open database, the language.

What each room does lives in its actions (`ui/field/actions.py`,
`ui/hq/actions.py`) and pages. The shell runs nothing itself: every use case
goes through the operation runner, and every `Changes` it returns reaches the
visible page at once and marks the hidden ones stale, so each refreshes when
it shows again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QStackedWidget, QWidget

from certdesk import __version__
from certdesk.i18n import _, current_language, set_language
from certdesk.services.changes import Changes
from certdesk.ui import settings as options
from certdesk.ui.field.actions import FieldActions
from certdesk.ui.hq.actions import HqActions
from certdesk.ui.operations import Operations
from certdesk.ui.pages import Page
from certdesk.ui.settings import Settings

if TYPE_CHECKING:  # the services, SQLCipher and the frameworks load after the window shows
    from certdesk.services.context import Context
    from certdesk.ui.field.start_page import StartPage
    from certdesk.ui.field.workspace_page import WorkspacePage


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self._ctx: Context | None = None
        self.start: StartPage | None = None
        self.page: WorkspacePage | None = None
        self._stale: set[int] = set()
        self._ops = Operations(self)
        self._ops.changed.connect(self.changes_made)
        self._ops.status.connect(self.say)
        self.field = FieldActions(self, lambda: self.page)
        self.hq = HqActions(self, self)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.resize(1400, 860)
        geometry = settings.get(options.GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        self._menus()
        self.say(_("Opening the database…"))

    # -- what the rooms' actions see (ui.pages.Shell) ------------------------
    @property
    def ctx(self) -> Context | None:
        return self._ctx

    @property
    def ops(self) -> Operations:
        return self._ops

    def say(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def show_page(self, page: QWidget) -> None:
        if page is not self.page:
            self._drop_workspace()
        if self.stack.indexOf(page) < 0:
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        if id(page) in self._stale and isinstance(page, Page):
            self._stale.discard(id(page))
            page.refresh()
        self._update_actions()

    # -- menus ---------------------------------------------------------------
    def _menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file = bar.addMenu(_("&File"))
        self.field.populate(file, self._action)
        self._action(file, _("&Assessments"), self.show_start, "Ctrl+Home")
        self._action(file, _("&Open database…"), self.choose_database, "Ctrl+O")
        file.addSeparator()
        self.hq.populate(file, self._action)
        self.recent_menu = file.addMenu(_("Recent databases"))
        self._recent()
        file.addSeparator()
        self._action(file, _("&Quit"), self.close, "Ctrl+Q")
        edit = bar.addMenu(_("&Edit"))
        self.undo_action = self._action(edit, _("&Undo"), self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(edit, _("&Redo"), self.redo, QKeySequence.StandardKey.Redo)
        view = bar.addMenu(_("&View"))
        languages = view.addMenu(_("Language"))
        group = QActionGroup(self)
        for code, name in (("ko", "한국어"), ("en", "English")):
            action = languages.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == current_language())
            action.triggered.connect(lambda _c=False, lang=code: self.switch_language(lang))
            group.addAction(action)
        help_menu = bar.addMenu(_("&Help"))
        self._action(help_menu, _("&About CertDesk"), self.about)
        self._update_actions()

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        keys: str | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        # setShortcuts with a list: the first setShortcut() call makes PySide
        # build ~100 enum types (20 ms before the window shows); standard keys
        # get every platform binding (Redo: Ctrl+Y and Ctrl+Shift+Z).
        if isinstance(keys, QKeySequence.StandardKey):
            action.setShortcuts(QKeySequence.keyBindings(keys))
        elif keys is not None:
            action.setShortcuts([QKeySequence(keys)])
        action.triggered.connect(lambda _checked=False: slot())  # never the `checked` flag
        menu.addAction(action)
        return action

    def _recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_database(Path(p)))
        self.recent_menu.setEnabled(bool(self.settings.recent()))

    def _update_actions(self) -> None:
        ws = self.page.workspace if self.page is not None else None
        undo, redo = (ws.undo_label(), ws.redo_label()) if ws else (None, None)
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setEnabled(redo is not None)
        self.undo_action.setText(_("&Undo {what}").format(what=undo) if undo else _("&Undo"))
        self.redo_action.setText(_("&Redo {what}").format(what=redo) if redo else _("&Redo"))
        self.field.update()
        self.hq.update()
        self.setAcceptDrops(self.hq.active)

    # -- what changed --------------------------------------------------------
    def _pages(self) -> list[QWidget]:
        found = (self.stack.widget(n) for n in range(self.stack.count()))
        return [p for p in found if p is not None and isinstance(p, Page)]

    def changes_made(self, changes: Changes, origin: object = None) -> None:
        """Hand a change to the visible page; the hidden ones refresh when they show."""
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

    def open_database(self, path: Path) -> None:
        from certdesk.services import opening
        from certdesk.services.assessment import evidence
        from certdesk.ui.dialogs import ask_passphrase

        evidence.clear_opened()
        first_run = not path.exists()
        ctx = self.ops.now(
            _("Open database"),
            lambda: opening.open_context(path, lambda new: ask_passphrase(self, new), "field"),
        )
        if ctx is None:
            return
        self._close_database()
        self._ctx = ctx
        self.settings.add_recent(str(path))
        self._recent()
        self.setWindowTitle(f"CertDesk — {path.name}")
        if first_run:
            self._offer_demo()
        self.show_start()
        self.say(_("Database: {path}").format(path=path))

    def _close_database(self) -> None:
        self._drop_workspace()
        for page in (self.start, self.hq.portfolio):
            if page is not None:
                self.stack.removeWidget(page)
                page.deleteLater()
        self.start = None
        self.hq.forget()
        if self._ctx is not None:
            self._ctx.close()
            self._ctx = None

    def _offer_demo(self) -> None:
        from certdesk.services.assessment import demo

        wanted = os.environ.get("CERTDESK_DEMO", "")
        if wanted == "no" or self._ctx is None:
            return
        if wanted != "yes":
            answer = QMessageBox.question(
                self,
                _("Welcome to CertDesk"),
                _(
                    "This is a new, encrypted database. Add a demo supplier with a half-finished "
                    "assessment, to see how CertDesk works?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        ctx = self._ctx
        self.ops.now(_("Demo"), lambda: demo.create_demo(ctx))

    def choose_database(self) -> None:
        from certdesk.services import opening
        from certdesk.ui.dialogs import choose_database

        chosen = choose_database(self, opening.default_path().parent)
        if chosen is not None:
            self.open_database(chosen)

    # -- pages ---------------------------------------------------------------
    def show_start(self) -> None:
        if self._ctx is None:
            return
        from certdesk.ui.field.start_page import StartPage

        if self.start is None:
            self.start = StartPage(self._ctx)
            self.start.open_assessment.connect(self.open_assessment)
            self.start.new_assessment.connect(self.field.new_assessment)
        self.show_page(self.start)

    def _drop_workspace(self) -> None:
        if self.page is not None:
            self.page.flush()  # an answer given just now is saved before the page goes
            self.settings.set(options.SPLITTER, self.page.splitter.saveState())
            self.stack.removeWidget(self.page)
            self.page.deleteLater()
            self.page = None

    def open_assessment(self, assessment_id: str) -> None:
        from certdesk.services.assessment.workspace import Workspace
        from certdesk.ui.field.workspace_page import WorkspacePage

        ctx = self._ctx
        if ctx is None:
            return
        workspace = self.ops.now(_("Open assessment"), lambda: Workspace(ctx, assessment_id))
        if not isinstance(workspace, Workspace):
            return
        self._drop_workspace()
        page = WorkspacePage(workspace)
        page.message.connect(self.say)
        page.changed.connect(lambda changes: self.changes_made(changes, origin=page))
        state = self.settings.get(options.SPLITTER)
        if not state.isEmpty():
            page.splitter.restoreState(state)
        self.page = page
        self.show_page(page)
        mode = _("self-assessment") if workspace.self_mode else _("on-site assessment")
        self.setWindowTitle(f"CertDesk — {workspace.supplier} — {mode}")
        page.tree.setFocus()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.hq.import_packages(paths)
            event.acceptProposedAction()

    def undo(self) -> None:
        if self.page is not None:
            self.page.undo()
            self._update_actions()

    def redo(self) -> None:
        if self.page is not None:
            self.page.redo()
            self._update_actions()

    def switch_language(self, language: str) -> None:
        self.settings.language = set_language(language)
        current = self.page.workspace.assessment_id if self.page else None
        self._drop_workspace()
        if self.start is not None:
            self.stack.removeWidget(self.start)
            self.start.deleteLater()
            self.start = None
        self.hq.forget()
        self._menus()
        self.show_start()
        if current:
            self.open_assessment(current)

    def about(self) -> None:
        QMessageBox.about(
            self,
            _("About CertDesk"),
            _(
                "CertDesk {version}\nSupplier security certification, offline.\n\nKorean text is "
                "set in NanumGothic (SIL Open Font License 1.1)."
            ).format(version=__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set(options.GEOMETRY, self.saveGeometry())
        self._close_database()
        self.settings.sync()
        from certdesk.services.assessment import evidence

        evidence.clear_opened()
        event.accept()


def start_later(window: MainWindow) -> None:
    """Show the window first; open the database right after the first paint."""
    QTimer.singleShot(0, window.open_startup_database)
