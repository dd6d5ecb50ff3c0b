"""The main window: menus, the start page and the assessment workspace."""

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
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
)

from certdesk import __version__
from certdesk.errors import UserError
from certdesk.i18n import _, current_language, set_language
from certdesk.ui.settings import Settings

if TYPE_CHECKING:
    from certdesk.services import context
    from certdesk.ui.start_page import StartPage
    from certdesk.ui.tasks import Task
    from certdesk.ui.workspace_page import WorkspacePage

# The window shows before the services, SQLCipher and the frameworks load: the
# modules that need them are imported when first used.


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.ctx: context.Context | None = None
        self.start: StartPage | None = None
        self.page: WorkspacePage | None = None
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.resize(1400, 860)
        geometry = settings.blob("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._menus()
        self.statusBar().showMessage(_("Opening the database…"))

    # -- menus ---------------------------------------------------------------
    def _menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file = bar.addMenu(_("&File"))
        self.new_action = self._action(file, _("&New assessment…"), self.new_assessment, "Ctrl+N")
        self._action(file, _("&Assessments"), self.show_start, "Ctrl+Home")
        self._action(file, _("&Open database…"), self.choose_database, "Ctrl+O")
        self.import_action = self._action(file, _("&Import answers from CSV…"), self.import_answers)
        exports = file.addMenu(_("&Export"))
        for text, kind, suffix in (
            (_("Gap report (PDF)…"), "pdf", "pdf"),
            (_("Gap workbook (Excel)…"), "xlsx", "xlsx"),
            (_("Self-assessment questionnaire (Excel)…"), "questionnaire", "xlsx"),
            (_("OSCAL assessment results and POA&M…"), "oscal", "json"),
        ):
            action = exports.addAction(text)
            action.triggered.connect(lambda _c=False, k=kind, s=suffix: self.export(k, s))
        self._action(file, _("Import &questionnaire…"), self.import_questionnaire)
        self.packages_action = self._action(
            file, _("Import result &packages…"), self.choose_packages
        )
        self.portfolio_action = self._action(file, _("&Portfolio"), self.show_portfolio)
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
        self._update_undo()
        self._hq_actions()

    def _action(
        self,
        menu: object,
        text: str,
        slot: object,
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
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_database(Path(p)))
        self.recent_menu.setEnabled(bool(self.settings.recent()))

    def _update_undo(self) -> None:
        ws = self.page.workspace if self.page else None
        self.undo_action.setEnabled(bool(ws and ws.can_undo()))
        self.redo_action.setEnabled(bool(ws and ws.can_redo()))

    # -- databases -----------------------------------------------------------
    def _passphrase(self, new: bool) -> str | None:
        from certdesk.services import opening

        given = opening.env_passphrase(new)
        if given:
            return given
        prompt = (
            _(
                "No secure keyring is available. Choose a passphrase for the new database "
                "(at least 10 characters):"
            )
            if new
            else _("Database passphrase:")
        )
        text, ok = QInputDialog.getText(
            self, _("Database passphrase"), prompt, QLineEdit.EchoMode.Password
        )
        return text if ok and text else None

    def open_startup_database(self) -> None:
        from certdesk.services import opening

        recent = self.settings.recent()
        path = (
            Path(recent[0])
            if recent and not os.environ.get("CERTDESK_DB")
            else (opening.default_path())
        )
        self.open_database(path)

    def open_database(self, path: Path) -> None:
        from certdesk.services import context, opening
        from certdesk.services.assessment import evidence

        evidence.clear_opened()
        first_run = not path.exists()
        try:
            db = opening.open_database(path, self._passphrase, "field")
        except UserError as exc:
            self.statusBar().showMessage(exc.message)
            QMessageBox.warning(self, _("Open database"), exc.message)
            return
        if self.ctx is not None:
            self.ctx.db.close()
        self.ctx = context.Context(db)
        self.settings.add_recent(str(path))
        self._recent()
        self.setWindowTitle(f"CertDesk — {path.name}")
        self._hq_actions()
        if first_run:
            self._offer_demo()
        self.show_start()
        self.statusBar().showMessage(_("Database: {path}").format(path=path), 8000)

    def _offer_demo(self) -> None:
        wanted = os.environ.get("CERTDESK_DEMO", "")
        if wanted == "no":
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
        from certdesk.services.assessment import demo

        assert self.ctx is not None
        demo.create_demo(self.ctx)

    def choose_database(self) -> None:
        from certdesk.services import opening

        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Open database"),
            str(opening.default_path().parent),
            _("CertDesk databases (*.db)"),
        )
        if name:
            self.open_database(Path(name))

    # -- pages ---------------------------------------------------------------
    def show_start(self) -> None:
        if self.ctx is None:
            return
        from certdesk.ui.start_page import StartPage

        self._drop_page()
        if self.start is None:
            self.start = StartPage(self.ctx)
            self.start.open_assessment.connect(self.open_assessment)
            self.start.new_assessment.connect(self.new_assessment)
            self.stack.addWidget(self.start)
        else:
            self.start.ctx = self.ctx
            self.start.reload()
        self.stack.setCurrentWidget(self.start)
        self._update_undo()

    def _drop_page(self) -> None:
        if self.page is not None:
            self.page.flush()  # an answer given just now is saved before the page goes
            self._save_layout()
            self.stack.removeWidget(self.page)
            self.page.deleteLater()
            self.page = None

    def open_assessment(self, assessment_id: str) -> None:
        from certdesk.services.assessment.workspace import Workspace
        from certdesk.ui.workspace_page import WorkspacePage

        if self.ctx is None:
            return
        loaded = (
            [r.workspace for r in self.start.model.rows if r.id == assessment_id]
            if (self.start is not None and self.stack.currentWidget() is self.start)
            else []
        )
        try:
            workspace = loaded[0] if loaded else Workspace(self.ctx, assessment_id)
        except UserError as exc:
            QMessageBox.warning(self, _("Open assessment"), exc.message)
            return
        self._drop_page()
        self.page = WorkspacePage(workspace)
        self.page.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.page.changed.connect(self._update_undo)
        state = self.settings.blob("workspace/splitter")
        if state is not None:
            self.page.splitter.restoreState(state)
        self.stack.addWidget(self.page)
        self.stack.setCurrentWidget(self.page)
        mode = _("self-assessment") if workspace.self_mode else _("on-site assessment")
        self.setWindowTitle(f"CertDesk — {workspace.supplier} — {mode}")
        self.page.tree.setFocus()
        self._update_undo()

    def new_assessment(self) -> None:
        from certdesk.ui.new_assessment import NewAssessmentDialog

        if self.ctx is None:
            return
        dialog = NewAssessmentDialog(self.ctx, None)
        if dialog.exec() and dialog.created:
            self.open_assessment(dialog.created)

    def import_answers(self, path: Path | None = None) -> Task | None:
        """Import a CSV of answers into the open assessment, in the background."""
        from certdesk.services.assessment import answers
        from certdesk.ui.tasks import Task

        if self.page is None or self.ctx is None:
            self.statusBar().showMessage(_("Open an assessment first."), 8000)
            return None
        if path is None:
            name, _filter = QFileDialog.getOpenFileName(
                self, _("Import answers"), "", _("CSV files (*.csv)")
            )
            if not name:
                return None
            path = Path(name)
        self.page.flush()
        ctx, assessment = self.ctx, self.page.workspace.assessment_id
        task = Task(
            self,
            _("Importing answers…"),
            lambda report: answers.import_answers(ctx, assessment, path, report),
        )
        task.done.connect(lambda count: self._imported(assessment, int(count)))
        task.error.connect(self._import_failed)
        return task

    def _hq_actions(self) -> None:
        hq = self.ctx is not None and self.ctx.db.role == "hq"
        self.packages_action.setEnabled(hq)
        self.portfolio_action.setEnabled(hq)
        self.setAcceptDrops(hq)

    def choose_packages(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Import result packages"), "", _("Result packages (*.cdpkg)")
        )
        if names:
            self.import_packages([Path(n) for n in names])

    def import_packages(self, paths: list[Path], show: bool = True) -> Task | None:
        """Verify and import result packages in the background; show each file's outcome."""
        from certdesk.services.exchange import results_in
        from certdesk.ui.tasks import Task

        if self.ctx is None or self.ctx.db.role != "hq":
            self.statusBar().showMessage(
                _("only a headquarters database imports result packages (certdesk init --role hq)"),
                8000,
            )
            return None
        ctx = self.ctx
        task = Task(
            self,
            _("Importing {n} files…").format(n=len(paths)),
            lambda _report: results_in.import_files(ctx, paths),
        )
        task.done.connect(lambda outcomes: self._imported_packages(outcomes, show))
        task.error.connect(self._task_failed)
        return task

    def _imported_packages(self, outcomes: object, show: bool) -> None:
        from certdesk.ui.hq import ImportResults

        assert isinstance(outcomes, list)
        self.last_import = ImportResults(outcomes, self)
        if show:
            self.last_import.open()
        self.show_start()

    def show_portfolio(self) -> None:
        from certdesk.services.hq import portfolio
        from certdesk.ui.hq import PortfolioPage

        if self.ctx is None:
            return
        try:
            rows = portfolio.summary(self.ctx)
        except UserError as exc:
            self.statusBar().showMessage(exc.message, 8000)
            return
        self._drop_page()
        old = getattr(self, "portfolio", None)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.portfolio = PortfolioPage(rows)
        self.stack.addWidget(self.portfolio)
        self.stack.setCurrentWidget(self.portfolio)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.import_packages(paths)
            event.acceptProposedAction()

    def export(self, kind: str, suffix: str, path: Path | None = None) -> Task | None:
        """Write a report or export of the open assessment, in the background."""
        from certdesk.services.assessment import questionnaire, reports
        from certdesk.ui.tasks import Task

        if self.page is None or self.ctx is None:
            self.statusBar().showMessage(_("Open an assessment first."), 8000)
            return None
        if path is None:
            name, _filter = QFileDialog.getSaveFileName(
                self, _("Export"), f"{self.page.workspace.supplier}.{suffix}", f"*.{suffix}"
            )
            if not name:
                return None
            path = Path(name)
        self.page.flush()
        ctx, ws, lang, target = self.ctx, self.page.workspace, current_language(), path
        jobs: dict[str, Callable[[], object]] = {
            "pdf": lambda: reports.write_gap_pdf(ctx, ws.assessment_id, target, lang),
            "xlsx": lambda: questionnaire.gap_workbook(ctx, ws.assessment_id, target, lang),
            "questionnaire": lambda: questionnaire.export_questionnaire(ws, target, lang),
            "oscal": lambda: reports.write_oscal(
                ctx, ws.assessment_id, target, target.with_name(target.stem + "-poam.json"), lang
            ),
        }
        task = Task(
            self, _("Writing {file}…").format(file=target.name), lambda _report: jobs[kind]()
        )
        task.done.connect(
            lambda _r: self.statusBar().showMessage(_("wrote {file}").format(file=target), 8000)
        )
        task.error.connect(self._task_failed)
        return task

    def import_questionnaire(self) -> None:
        from certdesk.services.assessment import questionnaire

        if self.page is None:
            self.statusBar().showMessage(_("Open an assessment first."), 8000)
            return
        name, _filter = QFileDialog.getOpenFileName(self, _("Import questionnaire"), "", "*.xlsx")
        if not name:
            return
        self.page.flush()
        try:
            count = questionnaire.import_questionnaire(self.page.workspace, Path(name))
        except UserError as exc:
            QMessageBox.warning(
                self, _("Import questionnaire"), "\n".join((exc.message, *exc.details[:9]))
            )
            return
        self._imported(self.page.workspace.assessment_id, count)

    def _task_failed(self, error: object) -> None:
        if isinstance(error, UserError):
            QMessageBox.warning(self, _("Export"), error.message)
        elif isinstance(error, BaseException):
            raise error

    def _imported(self, assessment: str, count: int) -> None:
        self.open_assessment(assessment)
        self.statusBar().showMessage(_("imported {n} answers").format(n=count), 8000)

    def _import_failed(self, error: object) -> None:
        from certdesk.services.assessment.answers import CancelledError

        if isinstance(error, CancelledError):
            self.statusBar().showMessage(_("Import cancelled: nothing was changed."), 8000)
        elif isinstance(error, UserError):
            QMessageBox.warning(self, _("Import answers"), error.message)
        elif isinstance(error, BaseException):
            raise error

    def undo(self) -> None:
        if self.page:
            self.page.apply(self.page.workspace.undo())
            self._update_undo()

    def redo(self) -> None:
        if self.page:
            self.page.apply(self.page.workspace.redo())
            self._update_undo()

    def switch_language(self, language: str) -> None:
        self.settings.language = set_language(language)
        current = self.page.workspace.assessment_id if self.page else None
        self._drop_page()
        if self.start is not None:
            self.stack.removeWidget(self.start)
            self.start.deleteLater()
            self.start = None
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

    def _save_layout(self) -> None:
        if self.page is not None:
            self.settings.set_blob("workspace/splitter", self.page.splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_layout()
        self.settings.set_blob("window/geometry", self.saveGeometry())
        self.settings.sync()
        if self.page is not None:
            self.page.flush()
        if self.ctx is not None:
            from certdesk.services.assessment import evidence

            self.ctx.db.close()
            evidence.clear_opened()
        event.accept()


def start_later(window: MainWindow) -> None:
    """Show the window first; open the database right after the first paint."""
    QTimer.singleShot(0, window.open_startup_database)
