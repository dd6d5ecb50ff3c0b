"""The live dashboard: total, outcome and the rule that decided it, areas against minimums."""

from __future__ import annotations

from fractions import Fraction
from typing import Protocol

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from certdesk.domain.framework import Framework
from certdesk.domain.scoring import ScoreResult
from certdesk.i18n import _, current_language

GOOD, WARN, BAD = QColor("#2e7d32"), QColor("#f9a825"), QColor("#c62828")


class Scored(Protocol):
    """What the dashboard draws: an open workspace or a start-page card."""

    @property
    def framework(self) -> Framework: ...

    @property
    def result(self) -> ScoreResult: ...

    def score_text(self, value: Fraction | None) -> str: ...


class AreaChart(QWidget):
    """One bar per area: its score, with a tick at the area's minimum (QPainter)."""

    def __init__(self, workspace: Scored) -> None:
        super().__init__()
        self.workspace = workspace
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(40 * len(workspace.framework.areas) + 10)

    def sizeHint(self) -> QSize:
        return QSize(320, 44 * len(self.workspace.framework.areas) + 10)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_pen = QPen(palette.color(QPalette.ColorRole.WindowText))
        lang, ws = current_language(), self.workspace
        width = self.width() - 16
        top = 4.0
        scale = max((float(a.minimum or 0) for a in ws.framework.areas), default=0)
        full = 5.0 if ws.framework.scoring.method.value == "maturity" else max(1.0, scale)
        for area in ws.framework.areas:
            node = ws.result.areas.get(area.id)
            painter.setPen(text_pen)
            painter.drawText(
                QRectF(8, top, width, 18),
                Qt.AlignmentFlag.AlignLeft,
                f"{area.id}. {area.title.get(lang)}",
            )
            painter.drawText(
                QRectF(8, top, width, 18),
                Qt.AlignmentFlag.AlignRight,
                ws.score_text(node.score if node and node.answered else None),
            )
            bar = QRectF(8, top + 20, width, 12)
            painter.fillRect(bar, palette.color(QPalette.ColorRole.AlternateBase))
            value = float(node.score) if node and node.score is not None else 0.0
            minimum = float(area.minimum) if area.minimum is not None else None
            color = GOOD if minimum is None or value >= minimum else BAD
            if ws.framework.scoring.method.value == "deduction":
                value, color = max(0.0, 1 + value / 60), WARN
            painter.fillRect(
                QRectF(bar.left(), bar.top(), bar.width() * min(value / full, 1.0), bar.height()),
                color,
            )
            if minimum is not None:
                x = bar.left() + bar.width() * minimum / full
                painter.setPen(QPen(palette.color(QPalette.ColorRole.WindowText), 2))
                painter.drawLine(int(x), int(bar.top() - 3), int(x), int(bar.bottom() + 3))
            top += 40
        painter.end()


class Dashboard(QFrame):
    """`compact`: the score beside the areas, not above them (the start page, where the
    list of assessments needs the height)."""

    def __init__(self, workspace: Scored, *, compact: bool = False) -> None:
        super().__init__()
        self.workspace = workspace
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.total = QLabel()
        self.total.setObjectName("total")
        font = self.total.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.total.setFont(font)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        bold = self.outcome.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.2)
        self.outcome.setFont(bold)
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.progress = QLabel()
        self.chart = AreaChart(workspace)
        layout = QVBoxLayout()
        heading = QLabel(_("Score"))
        heading.setObjectName("heading")
        for widget in (heading, self.total, self.outcome, self.rule, self.progress):
            layout.addWidget(widget)
        areas = QLabel(_("Areas against their minimums"))
        areas.setObjectName("heading")
        if compact:
            layout.addStretch(1)
            right = QVBoxLayout()
            right.addWidget(areas)
            right.addWidget(self.chart, 1)
            row = QHBoxLayout(self)
            row.addLayout(layout, 2)
            row.addSpacing(16)
            row.addLayout(right, 3)
        else:
            layout.addSpacing(8)
            layout.addWidget(areas)
            layout.addWidget(self.chart, 1)
            self.setLayout(layout)
        self.refresh()

    def refresh(self) -> None:
        ws, lang = self.workspace, current_language()
        result = ws.result
        if result.unanswered == result.applicable:  # nothing answered: no score, no verdict
            self.total.setText("—")
            self.outcome.setText(_("Not yet scored: answer the first item"))
        else:
            self.total.setText(ws.score_text(result.total))
            outcome = ws.framework.outcome(result.outcome)
            title = outcome.title.get(lang) if outcome else result.outcome
            kind = outcome.kind.value if outcome else ""
            color = {"certified": GOOD, "conditional": WARN}.get(kind, BAD).name()
            self.outcome.setText(f"<span style='color:{color}'>{title}</span>")
        rule = next((r for r in ws.framework.rules if r.id == result.decided_by), None)
        why = rule.explanation.get(lang) if rule and rule.explanation else result.decided_by
        if result.decided_by == "default":
            why = _("No rule matched; the framework's default outcome applies.")
        self.rule.setText(_("Decided by: {why}").format(why=why))
        if result.provisional:
            self.progress.setText(
                _("Provisional: {count} of {total} items are unanswered").format(
                    count=result.unanswered, total=result.applicable
                )
            )
        else:
            self.progress.setText(
                _("Complete: all {total} items answered").format(total=result.applicable)
            )
        self.chart.update()
