"""The field's menu actions: new assessment, imports into the open assessment, exports.

Each runs through the window's operation runner: exports and the CSV import
in the background with a cancel button, every result's `Changes` handed to
the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

from certdesk import clock
from certdesk.i18n import _, current_language
from certdesk.services.changes import Changes, Counted
from certdesk.ui import settings as options
from certdesk.ui.field.lifecycle import AssessmentActions, no_assessment
from certdesk.ui.file_choice import open_from, save_to, written
from certdesk.ui.operations import Task
from certdesk.ui.pages import Shell
from certdesk.ui.settings import Settings

if TYPE_CHECKING:  # the pages and the services load after the window shows
    from certdesk.ui.field.start_page import StartPage
    from certdesk.ui.field.workspace_page import WorkspacePage

EXPORTS = ("pdf", "xlsx", "questionnaire", "oscal")


class FieldActions:
    """The field's pages (the start page, the open assessment) and what the menus do to them."""

    def __init__(self, shell: Shell, settings: Settings) -> None:
        self.shell, self.settings = shell, settings
        self.start: StartPage | None = None
        self.page: WorkspacePage | None = None
        self.exports: list[QAction] = []
        self.needs_assessment: list[QAction] = []
        self.life = AssessmentActions(shell, settings, self.current)
        self.shown: QMessageBox | None = None
        self.preview: QDialog | None = None
        self.register: QDialog | None = None

    def current(self) -> WorkspacePage | None:
        return self.page

    def populate(self, menu: QMenu, action: Callable[..., QAction]) -> None:
        """Add the field's entries to the File menu."""
        menu.setToolTipsVisible(True)  # a greyed entry says why
        self.new_action = action(menu, _("&New assessment…"), self.new_assessment, "Ctrl+N")
        self.kit_action = action(menu, _("Import &kit…"), self.life.import_kit, "Ctrl+K")
        self.suppliers_action = action(menu, _("&Suppliers…"), self.suppliers)
        self.import_action = action(menu, _("&Import answers from CSV…"), self.import_answers)
        exports = menu.addMenu(_("&Export"))
        exports.setToolTipsVisible(True)
        for text, kind, suffix in (
            (_("Gap report (PDF)…"), "pdf", "pdf"),
            (_("Gap workbook (Excel)…"), "xlsx", "xlsx"),
            (_("Self-assessment questionnaire (Excel)…"), "questionnaire", "xlsx"),
            (_("OSCAL assessment results and POA&M…"), "oscal", "json"),
        ):
            entry = exports.addAction(text)
            entry.triggered.connect(lambda _c=False, k=kind, s=suffix: self.export(k, s))
            self.exports.append(entry)
        self.questionnaire_action = action(
            menu, _("Import &questionnaire…"), self.import_questionnaire
        )
        self.needs_assessment = [self.import_action, self.questionnaire_action, *self.exports]

    def populate_edit(self, menu: QMenu, action: Callable[..., QAction]) -> None:
        self.undo_action = action(menu, _("&Undo"), self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = action(menu, _("&Redo"), self.redo, QKeySequence.StandardKey.Redo)

    def update(self) -> None:
        """Entries that act on the open assessment are enabled only while one is open;
        Undo and Redo say what they would undo."""
        ws = self.page.workspace if self.page is not None else None
        undo, redo = (ws.undo_label(), ws.redo_label()) if ws else (None, None)
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setEnabled(redo is not None)
        self.undo_action.setText(_("&Undo {what}").format(what=undo) if undo else _("&Undo"))
        self.redo_action.setText(_("&Redo {what}").format(what=redo) if redo else _("&Redo"))
        page = self.current()
        closed = no_assessment()
        for entry in self.needs_assessment:
            entry.setEnabled(page is not None)
            entry.setToolTip("" if page is not None else closed)
        locked = page is not None and page.workspace.read_only
        for entry in (self.import_action, self.questionnaire_action):
            entry.setEnabled(page is not None and not locked)
            if page is not None and locked:
                entry.setToolTip(page.header.locked_reason() or "")
        for entry in (self.new_action, self.kit_action, self.suppliers_action):
            entry.setEnabled(self.shell.ctx is not None)
        self.life.update()

    # -- pages ---------------------------------------------------------------
    def show_start(self) -> None:
        ctx = self.shell.ctx
        if ctx is None:
            return
        from certdesk.ui.field.start_page import StartPage

        if self.start is None:
            self.start = StartPage(ctx)
            self.start.open_assessment.connect(self.open_assessment)
            self.start.new_assessment.connect(self.new_assessment)
            self.start.archive.connect(self.archive)
        self.shell.show_page(self.start)

    def leave(self) -> None:
        """Close the open assessment's page; an answer given just now is saved first."""
        if self.page is not None:
            self.page.flush()
            self.settings.set(options.SPLITTER, self.page.splitter.saveState())
            self.page.setParent(None)  # out of the window's stack now, deleted soon
            self.page.deleteLater()
            self.page = None

    def forget(self) -> None:
        """Another database or language: the pages are made again when next shown."""
        self.leave()
        if self.start is not None:
            self.start.setParent(None)
            self.start.deleteLater()
            self.start = None

    def open_assessment(self, assessment_id: str) -> None:
        from certdesk.services.assessment.workspace import Workspace
        from certdesk.ui.field.workspace_page import WorkspacePage

        ctx = self.shell.ctx
        if ctx is None:
            return
        workspace = self.shell.ops.now(_("Open assessment"), lambda: Workspace(ctx, assessment_id))
        if not isinstance(workspace, Workspace):
            return
        self.leave()
        page = WorkspacePage(workspace)
        page.message.connect(self.shell.say)
        page.changed.connect(lambda changes: self.shell.changes_made(changes, origin=page))
        state = self.settings.get(options.SPLITTER)
        if not state.isEmpty():
            page.splitter.restoreState(state)
        self.page = page
        self.shell.show_page(page)
        mode = _("self-assessment") if workspace.self_mode else _("on-site assessment")
        self.shell.set_title(f"{workspace.supplier} — {mode}")
        page.tree.setFocus()

    def undo(self) -> None:
        if self.page is not None:
            self.page.undo()
            self.update()

    def redo(self) -> None:
        if self.page is not None:
            self.page.redo()
            self.update()

    # -- menu entries ----------------------------------------------------------
    def new_assessment(self) -> None:
        from certdesk.ui.field.new_assessment import NewAssessmentDialog

        ctx = self.shell.ctx
        if ctx is None:
            return
        dialog = NewAssessmentDialog(ctx, None)
        dialog.ops.changed.connect(self.shell.ops.changed)
        if dialog.exec() and dialog.created:
            self.shell.open_assessment(dialog.created)

    def archive(self, assessment_id: str, archived: bool) -> None:
        from certdesk.services.assessment import status

        ctx = self.shell.ctx
        if ctx is not None:
            title = _("Archive") if archived else _("Bring back")
            self.shell.ops.now(title, lambda: status.archive(ctx, assessment_id, archived))
            done = _("Archived.") if archived else _("Back in the list.")
            self.shell.say(done)

    def suppliers(self) -> QDialog | None:
        """The supplier register, window-modal; what it changes reaches every page."""
        from certdesk.ui.field.suppliers_dialog import SuppliersDialog

        ctx = self.shell.ctx
        if ctx is None:
            return None
        dialog = SuppliersDialog(self.shell.ops.window, ctx)
        dialog.ops.changed.connect(self.shell.ops.changed)
        self.register = dialog
        dialog.open()
        return dialog

    def _page(self) -> WorkspacePage | None:
        page = self.current()
        if page is None:
            self.shell.say(_("Open an assessment first."))
        return page

    def import_answers(self, path: Path | None = None) -> Task | None:
        """Import a CSV of answers into the open assessment, in the background."""
        from certdesk.services.assessment import answers

        page = self._page()
        if page is None:
            return None
        if path is None:
            picked = open_from(page, self.settings, _("Import answers"), _("CSV files (*.csv)"))
            if not picked:
                return None
            path = picked[0]
        page.flush()
        ctx, aid, chosen = page.workspace.ctx, page.workspace.assessment_id, path
        return self.shell.ops.background(
            _("Importing answers…"),
            lambda report: answers.import_answers(ctx, aid, chosen, report),
            self._imported,
        )

    def _imported(self, result: object) -> None:
        if isinstance(result, Counted):
            self.shell.say(_("imported {n} answers").format(n=result.count))

    def export(self, kind: str, suffix: str, path: Path | None = None) -> Task | None:
        """Write a report or export of the open assessment, in the background."""
        from certdesk.services.assessment import questionnaire, reports
        from certdesk.services.files import export_name

        page = self._page()
        if page is None:
            return None
        ws = page.workspace
        if path is None:
            kinds = {
                "pdf": _("gap report"),
                "xlsx": _("gap workbook"),
                "questionnaire": _("questionnaire"),
                "oscal": "OSCAL",
            }
            name = export_name(ws.supplier, ws.cycle, kinds[kind], clock.today(), suffix)
            path = save_to(page, self.settings, _("Export"), name, f"*.{suffix}")
            if path is None:
                return None
        page.flush()
        ctx, aid, lang, target = ws.ctx, ws.assessment_id, current_language(), path
        jobs: dict[str, Callable[[], Changes]] = {
            "pdf": lambda: reports.write_gap_pdf(ctx, aid, target, lang),
            "xlsx": lambda: reports.gap_workbook(ctx, aid, target, lang),
            "questionnaire": lambda: questionnaire.export_questionnaire(ws, target, lang),
            "oscal": lambda: reports.write_oscal(
                ctx, aid, target, target.with_name(target.stem + "-poam.json"), lang
            ),
        }
        return self.shell.ops.background(
            _("Writing {file}…").format(file=target.name),
            lambda _report: jobs[kind](),
            lambda _result: self._written(target),
        )

    def _written(self, target: Path) -> None:
        self.shell.say(_("wrote {file}").format(file=target))
        self.shown = written(
            self.shell.ops.window,
            _("Export"),
            _("{file} is written.").format(file=target.name),
            target,
        )

    def import_questionnaire(self, path: Path | None = None) -> None:
        """Read a filled questionnaire, show what it would change, write it once confirmed."""
        from certdesk.services.assessment import questionnaire
        from certdesk.ui.field.questionnaire_preview import QuestionnairePreview

        page = self._page()
        if page is None:
            return
        if path is None:
            picked = open_from(page, self.settings, _("Import questionnaire"), "*.xlsx")
            if not picked:
                return
            path = picked[0]
        page.flush()
        chosen, ws, title = path, page.workspace, _("Import questionnaire")
        seen = self.shell.ops.now(title, lambda: questionnaire.preview(ws, chosen))
        if seen is None:
            return
        dialog = QuestionnairePreview(self.shell.ops.window, seen, chosen.name)
        self.preview = dialog
        if not dialog.exec() or not seen.writes:
            self.shell.say(_("Nothing was imported."))
            return
        done = self.shell.ops.now(title, lambda: questionnaire.apply_preview(ws, seen))
        self._imported(done)
