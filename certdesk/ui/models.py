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
from certdesk.services.overview import AssessmentSummary
from certdesk.services.workspace import Workspace

Index = QModelIndex | QPersistentModelIndex
ITEM_ID = Qt.ItemDataRole.UserRole + 1
KIND = Qt.ItemDataRole.UserRole + 2
STATUS_COLORS = {"met": "#2e7d32", "partial": "#f9a825", "not_met": "#c62828", NA: "#757575"}


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
            row.status_text,
            f"{row.answered}/{row.applicable}",
            row.score_text,
            row.outcome_text,
        ]
        return values[index.column()]

    def replace(self, rows: list[AssessmentSummary]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


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
        if not self.hasIndex(row, column, parent) or row >= len(owner.children):
            return QModelIndex()
        return self.createIndex(row, column, owner.children[row])

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
        if not index.isValid():
            return None
        node: _Node = index.internalPointer()
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._color(node, index.column())
        values = {
            ITEM_ID: node.id,
            KIND: node.kind,
            Qt.ItemDataRole.ToolTipRole: node.title if index.column() == 0 else None,
        }
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(node, index.column())
        return values.get(role)

    def _color(self, node: _Node, column: int) -> QBrush | None:
        if column != 1 or node.kind != "item":
            return None
        held = self.workspace.held.get(node.id)
        color = STATUS_COLORS.get(held.code or "") if held else None
        return QBrush(QColor(color)) if color else None

    def _text(self, node: _Node, column: int) -> str:
        result = self.workspace.result
        if column == 0:
            mark = " ★" if node.kind == "item" and self._mandatory(node.id) else ""
            return f"{node.id}  {node.title}{mark}"
        if node.kind == "item":
            held = self.workspace.held.get(node.id)
            if column == 1:
                return self.workspace.answer_label(held.code) if held and held.code else "—"
            score = result.items.get(node.id)
            return "" if score is None or score.value is None else f"{float(score.value):.2f}"
        scores = result.areas if node.kind == "area" else result.criteria
        summed = scores.get(node.id)
        if summed is None:
            return ""
        if column == 1:
            return f"{summed.answered}/{summed.applicable}"
        return self.workspace.score_text(summed.score)

    def _mandatory(self, item_id: str) -> bool:
        item = self.workspace.framework.item(item_id)
        return bool(item and item.mandatory)

    def refresh_item(self, item_id: str) -> None:
        """Repaint an item and its ancestors after its answer changed."""
        node = self.by_id.get(item_id)
        while node is not None and node is not self.root:
            top = self.createIndex(node.row, 0, node)
            self.dataChanged.emit(top, self.createIndex(node.row, 2, node))
            node = node.parent

    def index_of(self, node_id: str) -> QModelIndex:
        node = self.by_id.get(node_id)
        return QModelIndex() if node is None else self.createIndex(node.row, 0, node)


class ItemFilter(QSortFilterProxyModel):
    """Filters items (unanswered, gaps, mandatory, with findings, differing claims) and text."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.mode = "all"
        self.text = ""
        self.setRecursiveFilteringEnabled(True)

    def set_filter(self, mode: str, text: str) -> None:
        self.mode, self.text = mode, text.strip().lower()
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if model.data(index, KIND) != "item":
            return self.mode == "all" and not self.text
        item_id = str(model.data(index, ITEM_ID))
        if self.text and self.text not in str(model.data(index)).lower():
            return False
        return self.workspace.matches(item_id, self.mode)
