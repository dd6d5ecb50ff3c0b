"""Qt item models over the services' read models."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from certdesk.domain.framework import NA
from certdesk.i18n import _, current_language
from certdesk.services.assessment.overview import AssessmentSummary
from certdesk.services.assessment.workspace import Workspace

Index = QModelIndex | QPersistentModelIndex
ITEM_ID = Qt.ItemDataRole.UserRole + 1
KIND = Qt.ItemDataRole.UserRole + 2
STATUS_COLORS = {"met": "#2e7d32", "partial": "#f9a825", "not_met": "#c62828", NA: "#757575"}
SHOWN = 64  # characters of an item's text in the tree; the whole text is its tooltip
BRUSHES = {code: QBrush(QColor(color)) for code, color in STATUS_COLORS.items()}


class AssessmentsModel(QAbstractTableModel):
    """The start screen's table: one row per assessment."""

    def __init__(self, rows: list[AssessmentSummary]) -> None:
        super().__init__()
        self.rows = rows

    def headers(self) -> list[str]:
        return [
            _("Supplier"),
            _("Site"),
            _("Framework"),
            _("Mode"),
            _("Cycle"),
            _("Status"),
            _("Progress"),
            _("Score"),
            _("Outcome"),
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 9

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ITEM_ID:
            return row.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = [
            row.supplier,
            row.site or "",
            row.framework,
            row.mode_text,
            row.cycle or "",
            f"{row.status_text} · {_('Archived')}" if row.archived else row.status_text,
            f"{row.answered}/{row.applicable}",
            row.score_text,
            row.outcome_text,
        ]
        return values[index.column()]

    def replace(self, rows: list[AssessmentSummary]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_of(self, assessment_id: str) -> int:
        return next((n for n, r in enumerate(self.rows) if r.id == assessment_id), -1)

    def replace_row(self, row: AssessmentSummary) -> None:
        """One assessment's row changed (its progress, score or status)."""
        at = self.row_of(row.id)
        if at < 0:
            return
        self.rows[at] = row
        self.dataChanged.emit(self.index(at, 0), self.index(at, self.columnCount() - 1))


class _Node:
    def __init__(self, kind: str, node_id: str, title: str, parent: _Node | None) -> None:
        self.kind, self.id, self.title, self.parent = kind, node_id, title, parent
        self.children: list[_Node] = []
        self.row = 0 if parent is None else len(parent.children)


class ItemTreeModel(QAbstractItemModel):
    """Areas > criteria > items, with each node's answer, progress and score."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.root = _Node("root", "", "", None)
        self.by_id: dict[str, _Node] = {}
        self._texts: dict[tuple[int, int], str] = {}
        lang = current_language()
        applicable = {i.id for i in workspace.items()}
        for area in workspace.framework.areas:
            a = self._add("area", area.id, area.title.get(lang), self.root)
            for criterion in area.criteria:
                items = [i for i in criterion.items if i.id in applicable]
                if not items:
                    continue
                c = self._add("criterion", criterion.id, criterion.title.get(lang), a)
                for item in items:
                    self._add("item", item.id, item.requirement.get(lang), c)

    def _add(self, kind: str, node_id: str, title: str, parent: _Node) -> _Node:
        node = _Node(kind, node_id, title, parent)
        parent.children.append(node)
        self.by_id[node_id] = node
        return node

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        owner = parent.internalPointer() if parent.isValid() else self.root
        if 0 <= row < len(owner.children) and 0 <= column < 3 and parent.column() <= 0:
            return self.createIndex(row, column, owner.children[row])
        return QModelIndex()

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid():
            return QModelIndex()
        node: _Node = child.internalPointer()
        up = node.parent
        if up is None or up is self.root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.column() > 0:
            return 0
        owner = parent.internalPointer() if parent.isValid() else self.root
        return len(owner.children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [_("Item"), _("Answer"), _("Score")][section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks for many roles on every paint: answer the common ones from
        # a cache that refresh_item() clears, and the rest without building anything.
        if role == Qt.ItemDataRole.DisplayRole:
            key = (index.internalId(), index.column())
            text = self._texts.get(key)
            if text is None:
                text = self._texts[key] = self._text(index.internalPointer(), index.column())
            return text
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._color(index.internalPointer(), index.column())
        if role == ITEM_ID:
            return index.internalPointer().id
        if role == KIND:
            return index.internalPointer().kind
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return index.internalPointer().title
        return None

    def _color(self, node: _Node, column: int) -> QBrush | None:
        if column != 1 or node.kind != "item":
            return None
        held = self.workspace.held.get(node.id)
        return BRUSHES.get(held.code or "") if held else None

    def clear_cache(self) -> None:
        self._texts.clear()

    def _text(self, node: _Node, column: int) -> str:
        result = self.workspace.result
        if column == 0:
            mark = "★ " if node.kind == "item" and self._mandatory(node.id) else ""
            title = node.title if len(node.title) <= SHOWN else node.title[: SHOWN - 1] + "…"
            return f"{node.id}  {mark}{title}"  # short text: shaping Hangul costs per glyph
        if node.kind == "item":
            held = self.workspace.held.get(node.id)
            if column == 1:
                return self.workspace.answer_label(held.code) if held and held.code else "—"
            score = result.items.get(node.id)
            unscored = score is None or score.value is None or not (held and held.code)
            # An unanswered item is not yet scored: a blank, never a zero that reads as a gap.
            return "" if unscored or score is None else self.workspace.score_text(score.value)
        scores = result.areas if node.kind == "area" else result.criteria
        summed = scores.get(node.id)
        if summed is None:
            return ""
        if column == 1:
            return f"{summed.answered}/{summed.applicable}"
        return "—" if summed.answered == 0 else self.workspace.score_text(summed.score)

    def _mandatory(self, item_id: str) -> bool:
        item = self.workspace.framework.item(item_id)
        return bool(item and item.mandatory)

    def refresh_item(self, item_id: str) -> None:
        """Repaint an item and its ancestors after its answer changed."""
        node = self.by_id.get(item_id)
        while node is not None and node is not self.root:
            top = self.createIndex(node.row, 0, node)
            for column in range(3):
                self._texts.pop((top.internalId(), column), None)
            self.dataChanged.emit(top, self.createIndex(node.row, 2, node))
            node = node.parent

    def index_of(self, node_id: str) -> QModelIndex:
        node = self.by_id.get(node_id)
        return QModelIndex() if node is None else self.createIndex(node.row, 0, node)


class ItemFilter(QSortFilterProxyModel):
    """Filters items (unanswered, gaps, mandatory, with findings, differing claims) and text.

    The visible ids are worked out once per change of filter, so a row's test is
    a set lookup and an answer never makes the proxy rescan 300 rows.
    """

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.mode = "all"
        self.text = ""
        self.visible: set[str] | None = None
        self.setDynamicSortFilter(False)

    def set_filter(self, mode: str, text: str) -> None:
        self.beginFilterChange()
        self.mode, self.text = mode, text.strip().lower()
        self.visible = None if mode == "all" and not self.text else self._visible_ids()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _visible_ids(self) -> set[str]:
        source = self.sourceModel()
        assert isinstance(source, ItemTreeModel)
        shown: set[str] = set()
        for node_id, found in source.by_id.items():
            if found.kind != "item" or not self.workspace.matches(node_id, self.mode):
                continue
            if self.text and self.text not in f"{found.id} {found.title}".lower():
                continue
            node: _Node | None = found
            while node is not None and node is not source.root:
                shown.add(node.id)
                node = node.parent
        return shown

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self.visible is None:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return str(index.data(ITEM_ID)) in self.visible
