"""The assessment workspace: item tree, item pane and live dashboard side by side."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from certdesk.domain.framework import NA
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.changes import Changes
from certdesk.ui.field.dashboard import Dashboard
from certdesk.ui.field.header import WorkspaceHeader
from certdesk.ui.field.item_pane import ItemPane
from certdesk.ui.field.models import ITEM_ID, KIND, ItemFilter, ItemTreeModel
from certdesk.ui.operations import Operations

if TYPE_CHECKING:  # the findings' and evidence's use cases load when first used
    from certdesk.ui.field.findings_pane import FindingsDialog


class WorkspacePage(QWidget):
    """Emits `message(text)` for the status bar and `changed(Changes)` after every edit."""

    message = Signal(str)
    changed = Signal(object)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.findings_dialog: FindingsDialog | None = None
        self.ops = Operations(self)
        self.ops.status.connect(self.message)
        self.model = ItemTreeModel(workspace)
        self.proxy = ItemFilter(workspace)
        self.proxy.setSourceModel(self.model)
        self.filter = QComboBox()
        filters = [
            ("all", _("All items")),
            ("unanswered", _("Unanswered")),
            ("gaps", _("Gaps")),
            ("mandatory", _("Mandatory")),
            ("findings", _("With findings")),
        ]
        if workspace.claims:
            filters.append(("differs", _("Claim differs from verdict")))
        for key, text in filters:
            self.filter.addItem(text, key)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search items (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeView()
        self._use(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: ResizeToContents would re-measure every row on each answer.
        for column, width in ((1, 96), (2, 64)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.pane = ItemPane(workspace)
        self.dashboard = Dashboard(workspace)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.filter)
        bar.addWidget(self.search, 1)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.tree)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pane)
        self.splitter.addWidget(self.dashboard)
        self.splitter.setSizes([520, 520, 340])
        self.header = WorkspaceHeader(workspace)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)
        self._connect()
        self.tree.expandToDepth(0)
        first = self.workspace.next_unanswered(None) or (self.workspace.items()[0].id)
        self.select(first)

    def _connect(self) -> None:
        self.filter.currentIndexChanged.connect(self._refilter)
        self.search.textChanged.connect(self._refilter)
        self.pane.answered.connect(self.answer)
        self.pane.attach.connect(self.attach)
        self.pane.request.connect(self.handle)
        self.pane.note.escaped.connect(self.tree.setFocus)
        self._shortcuts()

    def _shortcuts(self) -> None:
        def bind(keys: str, slot: object) -> None:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        for position in range(1, 7):
            bind(str(position), lambda p=position: self._answer_by_position(p))
        bind("N", lambda: self._answer_code(NA))
        bind("Delete", lambda: self._answer_code(None))
        bind("J", lambda: self._jump(backwards=False))
        bind("K", lambda: self._jump(backwards=True))
        bind("Ctrl+F", self.search.setFocus)

    def _answer_by_position(self, position: int) -> None:
        item = self.workspace.framework.item(self.pane.item_id or "")
        if item is None:
            return
        levels = self.workspace.framework.scale_of(item).levels
        if position <= len(levels):
            self._answer_code(levels[position - 1].code)

    def _answer_code(self, code: str | None) -> None:
        shown = self.tree.currentIndex()
        if self.pane.item_id and shown.data(ITEM_ID) == self.pane.item_id:
            self.answer(self.pane.item_id, code, self.pane.note.toPlainText())

    def answer(self, item_id: str, code: str | None, note: str) -> None:
        if code == NA and not note.strip():
            self.message.emit(_("Not applicable needs a justification: type it in the note"))
            self.pane.await_justification()
            return
        self.pane.justifying = False  # another answer, or the justification came
        try:
            changes = self.workspace.set_answer(item_id, code, note, defer=True)
        except UserError as exc:
            self.message.emit(exc.message)
            self.pane.show_item(item_id)
            return
        self._show(changes)
        QTimer.singleShot(0, self.flush)  # saved on the next tick, after the repaint

    def flush(self) -> None:
        """Write deferred answers; if that fails, show what the database really holds."""
        try:
            self.workspace.flush()
        except UserError as exc:
            self.message.emit(exc.message)
            self.apply_changes(Changes(assessment=self.workspace.assessment_id, every_item=True))

    def _run(self, title: str, work: Callable[[], object], *, applied: bool = False) -> bool:
        """A use case of the page: run it, show its changes here and tell the window.

        `applied`: the workspace took the change in already (its own undo and redo).
        """
        self.flush()  # answers typed before come first, in the database and in undo
        changes = self.ops.now(title, work, quiet=True)
        if isinstance(changes, Changes):
            if not applied:
                self.workspace.apply(changes)
            self._show(changes)
        return changes is not None

    def attach(self, item_id: str, paths: list[Path]) -> None:
        from certdesk.services.assessment import evidence

        ctx, aid = self.workspace.ctx, self.workspace.assessment_id
        for path in paths:
            if not self._run(_("Attach"), partial(evidence.add_file, ctx, aid, item_id, path)):
                break
            self.message.emit(_("Attached {name} (encrypted in the store)").format(name=path.name))

    def handle(self, action: str, target: str) -> None:
        """Evidence and finding actions of the item pane."""
        from certdesk.services.assessment import evidence, findings
        from certdesk.ui.field.dialogs import FindingDialog, SightedDialog

        ctx, aid, item_id = self.workspace.ctx, self.workspace.assessment_id, self.pane.item_id
        if action == "open":
            try:
                path = evidence.open_file(ctx, target)
            except UserError as exc:
                self.message.emit(exc.message)
                return
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        elif action == "remove":
            self._run(_("Remove"), lambda: evidence.remove(ctx, target))
        elif action == "sighted":
            dialog = SightedDialog(item_id or "", self)
            if dialog.exec():
                self._run(
                    _("Sighted document"),
                    lambda: evidence.add_sighted(
                        ctx,
                        aid,
                        item_id,
                        title=dialog.title.text(),
                        version=dialog.version.text() or None,
                        seen_where=dialog.where.text() or None,
                        shown_by=dialog.shown_by.text() or None,
                    ),
                )
        elif action == "edit-finding":
            self.show_findings(target)
        elif action == "finding":
            days = self.workspace.framework.lifecycle.corrective_action_days
            found = FindingDialog(item_id or "", days, self)
            if found.exec():
                values = found.values()
                self._run(
                    _("Finding"),
                    lambda: findings.add_finding(
                        ctx,
                        aid,
                        str(values["severity"]),
                        str(values["description"]),
                        item_id=item_id,
                        corrective_action=values["corrective_action"],
                        owner=values["owner"],
                        due=values["due"],
                    ),
                )

    def took(self, changes: Changes) -> None:
        """A change made by a dialog of this page (the findings): hold it and show it."""
        self.workspace.apply(changes)
        self._show(changes)

    def show_findings(self, chosen: str | None = None) -> FindingsDialog:
        from certdesk.ui.field.findings_pane import FindingsDialog

        """The findings pane of this assessment, on the chosen finding."""
        self.flush()
        dialog = FindingsDialog(self, chosen)
        dialog.go_to.connect(lambda item_id: self._go_to(dialog, item_id))
        self.findings_dialog = dialog
        dialog.open()
        return dialog

    def _go_to(self, dialog: FindingsDialog, item_id: str) -> None:
        dialog.close()
        self.select(item_id)

    def undo(self) -> None:
        self._run(_("Undo"), self.workspace.undo, applied=True)

    def redo(self) -> None:
        self._run(_("Redo"), self.workspace.redo, applied=True)

    def _show(self, changes: Changes) -> None:
        """Show a change made here, and tell the window so the other pages follow."""
        self._repaint(changes)
        self.changed.emit(changes)

    def apply_changes(self, changes: Changes) -> None:
        """A change made elsewhere (another page, a background import, the command line)."""
        if changes.assessment != self.workspace.assessment_id:
            return
        self.workspace.apply(changes)
        self._repaint(changes)

    def refresh(self) -> None:
        self.apply_changes(Changes(assessment=self.workspace.assessment_id, every_item=True))

    def _repaint(self, changes: Changes) -> None:
        if changes.every_item:
            self.model.beginResetModel()
            self.model.clear_cache()
            self.model.endResetModel()
            self.tree.expandToDepth(0)
        else:
            for item_id in changes.items | changes.attachments:
                self.model.refresh_item(item_id)
        self.dashboard.refresh()
        if changes.status or changes.every_item:
            self.header.refresh()
        shown = self.pane.item_id
        touched = changes.items | changes.attachments
        if changes.every_item or changes.status or shown in touched:
            self.pane.show_item(shown)
        elif len(changes.items) == 1:
            self.select(next(iter(changes.items)))

    def _jump(self, backwards: bool) -> None:
        target = self.workspace.next_unanswered(self.pane.item_id, backwards)
        if target is None:
            self.message.emit(_("Every item is answered."))
        else:
            self.select(target)

    def select(self, item_id: str) -> None:
        index = self.view_index(item_id)
        if not index.isValid():
            self.filter.setCurrentIndex(0)
            self.search.clear()
            index = self.view_index(item_id)
        self.tree.scrollTo(index)
        self.tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _use(self, model: ItemTreeModel | ItemFilter) -> None:
        if self.tree.model() is model:
            return
        self.tree.setModel(model)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.expandToDepth(0)

    def view_index(self, item_id: str) -> QModelIndex:
        """The index of an item in what the tree shows (the model, or the filter)."""
        source = self.model.index_of(item_id)
        return source if self.tree.model() is self.model else self.proxy.mapFromSource(source)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.data(KIND) == "item":
            self.pane.show_item(str(current.data(ITEM_ID)))

    def _refilter(self) -> None:
        current = self.pane.item_id
        self.proxy.set_filter(str(self.filter.currentData()), self.search.text())
        filtering = self.proxy.visible is not None
        # Without a filter the tree shows the model itself: no proxy in every paint.
        self._use(self.proxy if filtering else self.model)
        if current and self.view_index(current).isValid():
            self.select(current)
        else:  # the pane shows only an item the tree shows: keys never answer a hidden one
            shown = self.proxy.visible
            first = next(
                (i.id for i in self.workspace.items() if shown is None or i.id in shown), None
            )
            if first is None:
                self.tree.selectionModel().clearCurrentIndex()
                self.pane.show_item(None)
            else:
                self.select(first)
        if filtering:
            self.tree.expandAll()
