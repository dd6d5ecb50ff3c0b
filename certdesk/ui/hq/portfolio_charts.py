"""The portfolio's charts, over the suppliers shown: how many hold each outcome, the mean
on-site score cycle by cycle, and a heat map of the areas of the weakest suppliers
(QPainter; they follow the filters)."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise
from statistics import mean

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QHBoxLayout, QWidget

from certdesk.i18n import _
from certdesk.services.hq.portfolio import PortfolioEntry
from certdesk.ui.hq.portfolio_model import BAD, GOOD, WARN, outcome_kind

HEAT_ROWS = 10


def _heat(value: float | None) -> QColor:
    """Red below 60%, amber to 80%, green above; grey where the area has no score."""
    if value is None:
        return QColor("#dddddd")
    return BAD if value < 0.6 else WARN if value < 0.8 else GOOD


class _Panel(QWidget):
    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.entries: list[PortfolioEntry] = []
        self.setMinimumHeight(170)

    def sizeHint(self) -> QSize:
        return QSize(380, 190)

    def show_entries(self, entries: list[PortfolioEntry]) -> None:
        self.entries = entries
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(text)
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(4, 0, self.width() - 8, 18), Qt.AlignmentFlag.AlignLeft, self.title)
        font.setBold(False)
        painter.setFont(font)
        self.draw(painter, QRectF(4, 22, self.width() - 8, self.height() - 26), text)
        painter.end()

    def draw(self, painter: QPainter, area: QRectF, text: QColor) -> None:
        raise NotImplementedError


class OutcomeBars(_Panel):
    def kinds(self) -> list[tuple[str, int, QColor]]:
        counted: dict[str, int] = defaultdict(int)
        for e in self.entries:
            counted[outcome_kind(e)] += 1
        return [
            (_("Certified"), counted["certified"], GOOD),
            (_("Conditional"), counted["conditional"], WARN),
            (_("Not certified"), counted["not_certified"] + counted["incomplete"], BAD),
            (_("No final result"), counted["none"], QColor("gray")),
        ]

    def draw(self, painter: QPainter, area: QRectF, text: QColor) -> None:
        rows = self.kinds()
        top = max([1, *(n for _t, n, _c in rows)])
        height = area.height() / len(rows)
        for k, (title, n, color) in enumerate(rows):
            y = area.top() + k * height
            painter.setPen(text)
            painter.drawText(
                QRectF(area.left(), y, 120, height), Qt.AlignmentFlag.AlignVCenter, title
            )
            bar = QRectF(
                area.left() + 124, y + height * 0.2, (area.width() - 170) * n / top, height * 0.6
            )
            painter.fillRect(bar, color)
            painter.drawText(
                QRectF(bar.right() + 4, y, 44, height), Qt.AlignmentFlag.AlignVCenter, str(n)
            )


class CycleTrend(_Panel):
    def means(self) -> list[tuple[str, float]]:
        by_cycle: dict[str, list[float]] = defaultdict(list)
        for e in self.entries:
            for point in e.trend:
                if point.mode == "onsite" and point.cycle:
                    by_cycle[point.cycle].append(float(point.total))
        return [(c, mean(v)) for c, v in sorted(by_cycle.items())]

    def draw(self, painter: QPainter, area: QRectF, text: QColor) -> None:
        points = self.means()
        plot = QRectF(area.left() + 36, area.top() + 4, area.width() - 44, area.height() - 26)
        painter.setPen(QPen(QColor("#cccccc"), 1))
        for step in range(5):
            y = plot.bottom() - plot.height() * step / 4
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(text)
            painter.drawText(
                QRectF(area.left(), y - 8, 32, 16), Qt.AlignmentFlag.AlignRight, f"{step * 25}%"
            )
            painter.setPen(QPen(QColor("#cccccc"), 1))
        if not points:
            return
        width = plot.width() / len(points)
        spots = [
            (plot.left() + width * (n + 0.5), plot.bottom() - plot.height() * min(v, 1.0))
            for n, (_c, v) in enumerate(points)
        ]
        painter.setPen(QPen(QColor("#1f4e79"), 2))
        for (x1, y1), (x2, y2) in pairwise(spots):
            painter.drawLine(int(x1), int(y1), int(x2), int(y2))
        for (x, y), (cycle, value) in zip(spots, points, strict=True):
            painter.setBrush(QColor("#1f4e79"))
            painter.drawEllipse(QRectF(x - 3, y - 3, 6, 6))
            painter.setPen(text)
            painter.drawText(
                QRectF(x - 40, plot.bottom() + 4, 80, 16), Qt.AlignmentFlag.AlignCenter, cycle
            )
            painter.drawText(
                QRectF(x - 40, y - 20, 80, 16), Qt.AlignmentFlag.AlignCenter, f"{value * 100:.0f}%"
            )
            painter.setPen(QPen(QColor("#1f4e79"), 2))


class AreaHeatMap(_Panel):
    def weakest(self) -> list[PortfolioEntry]:
        held = [e for e in self.entries if e.assessor is not None]
        return sorted(held, key=lambda e: float(e.assessor.total if e.assessor else 0))[:HEAT_ROWS]

    def draw(self, painter: QPainter, area: QRectF, text: QColor) -> None:
        rows = self.weakest()
        if not rows:
            return
        areas = sorted({k for e in rows if e.assessor for k in e.assessor.areas})
        name_w = 110
        cell_w = (area.width() - name_w) / max(len(areas), 1)
        cell_h = (area.height() - 16) / HEAT_ROWS
        painter.setPen(text)
        for c, key in enumerate(areas):
            painter.drawText(
                QRectF(area.left() + name_w + c * cell_w, area.top(), cell_w, 14),
                Qt.AlignmentFlag.AlignCenter,
                key,
            )
        for r, e in enumerate(rows):
            y = area.top() + 16 + r * cell_h
            painter.setPen(text)
            painter.drawText(
                QRectF(area.left(), y, name_w - 4, cell_h),
                Qt.AlignmentFlag.AlignVCenter,
                e.supplier,
            )
            for c, key in enumerate(areas):
                value = e.assessor.areas.get(key) if e.assessor else None
                cell = QRectF(area.left() + name_w + c * cell_w + 1, y + 1, cell_w - 2, cell_h - 2)
                painter.fillRect(cell, _heat(None if value is None else float(value)))


class PortfolioCharts(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.outcomes = OutcomeBars(_("Suppliers by outcome"))
        self.trend = CycleTrend(_("Mean on-site score by cycle"))
        self.heat = AreaHeatMap(_("Areas of the weakest suppliers"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for panel in (self.outcomes, self.trend, self.heat):
            layout.addWidget(panel, 1)

    def show_entries(self, entries: list[PortfolioEntry]) -> None:
        for panel in (self.outcomes, self.trend, self.heat):
            panel.show_entries(entries)
