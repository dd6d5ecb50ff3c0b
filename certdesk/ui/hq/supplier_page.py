"""One supplier as headquarters follows it: the results over the cycles with a trend chart,
its self-assessment beside the on-site result per area, open findings and certificates."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from certdesk import labels
from certdesk.i18n import _
from certdesk.services.context import Context
from certdesk.services.hq.supplier_page import ResultRow, SupplierPage, supplier_page

ONSITE, SELF = QColor("#1f4e79"), QColor("#a66f00")


class TrendChart(QWidget):
    """The totals that count, cycle by cycle: on-site results in blue, self-assessments in
    amber (QPainter; a result still in progress is not drawn)."""

    def __init__(self, results: tuple[ResultRow, ...]) -> None:
        super().__init__()
        self.results = [r for r in results if r.counts]
        self.cycles = sorted({r.cycle or "—" for r in self.results})
        self.setMinimumHeight(180)

    def sizeHint(self) -> QSize:
        return QSize(560, 200)

    def _point(self, r: ResultRow, area: QRectF, top: float) -> QPointF:
        n = self.cycles.index(r.cycle or "—")
        x = area.left() + (area.width() * (n + 0.5) / max(len(self.cycles), 1))
        return QPointF(x, area.bottom() - area.height() * min(float(r.total) / top, 1.0))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        area = QRectF(44, 12, self.width() - 60, self.height() - 40)
        top = max([1.0, *(float(r.total) for r in self.results)])
        painter.setPen(QPen(QColor("#cccccc"), 1))
        for step in range(5):
            y = area.bottom() - area.height() * step / 4
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(text)
            label = f"{top * step / 4 * 100:.0f}%" if top <= 1 else f"{top * step / 4:.1f}"
            painter.drawText(QRectF(0, y - 8, 40, 16), Qt.AlignmentFlag.AlignRight, label)
            painter.setPen(QPen(QColor("#cccccc"), 1))
        painter.setPen(text)
        for n, cycle in enumerate(self.cycles):
            x = area.left() + area.width() * (n + 0.5) / len(self.cycles)
            painter.drawText(
                QRectF(x - 50, area.bottom() + 4, 100, 18), Qt.AlignmentFlag.AlignCenter, cycle
            )
        for mode, color in (("onsite", ONSITE), ("self", SELF)):
            points = [self._point(r, area, top) for r in self.results if r.mode == mode]
            painter.setPen(QPen(color, 2))
            for a, b in pairwise(points):
                painter.drawLine(a, b)
            painter.setBrush(color)
            for p in points:
                painter.drawEllipse(p, 4, 4)
        painter.end()


def _table(headings: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headings))
    table.setHorizontalHeaderLabels(headings)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class SupplierPageDialog(QDialog):
    def __init__(self, parent: QWidget | None, ctx: Context, supplier_id: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.page: SupplierPage = supplier_page(ctx, supplier_id)
        p = self.page
        self.setWindowTitle(p.name)
        self.resize(980, 680)
        title = QLabel(p.name)
        title.setObjectName("pageTitle")
        facts = QLabel(
            " · ".join(
                (
                    p.business_id,
                    _("Tier: {tier}").format(tier=p.tier),
                    _("Contact: {contact}").format(contact=p.contact),
                    _("Sites: {sites}").format(sites=", ".join(p.sites) or "—"),
                    _("Processes: {processes}").format(processes=", ".join(p.processes) or "—"),
                )
            )
        )
        facts.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._results(), _("Results over the cycles"))
        self.tabs.addTab(self._comparison(), _("Self-assessed beside on-site"))
        self.tabs.addTab(self._findings(), _("Open findings ({n})").format(n=len(p.findings)))
        self.tabs.addTab(
            _table(
                [_("Code"), _("Cycle"), _("Valid until"), _("State")],
                [
                    [c.code, c.cycle or "—", c.valid_until.isoformat(), c.state]
                    for c in p.certificates
                ],
            ),
            _("Certificates ({n})").format(n=len(p.certificates)),
        )
        self.tabs.addTab(self._responses(), _("Responses ({n})").format(n=self.responses_count))
        self.tabs.addTab(self._kits(), _("Kits ({n})").format(n=self.kits_count))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(facts)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)

    def _results(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        legend = QLabel(
            _(
                "Blue: on-site results (final); amber: self-assessments (sent). "
                "Results in progress are not drawn."
            )
        )
        self.chart = TrendChart(self.page.results)
        rows = [
            [
                r.cycle or "—",
                labels.mode(r.mode),
                r.site or "—",
                r.framework,
                labels.status(r.status) + ("" if r.counts else " · " + _("in progress")),
                r.total_text,
                r.outcome_title,
            ]
            for r in reversed(self.page.results)
        ]
        self.results_table = _table(
            [
                _("Cycle"),
                _("Mode"),
                _("Site"),
                _("Framework"),
                _("Status"),
                _("Total"),
                _("Outcome"),
            ],
            rows,
        )
        layout.addWidget(self.chart)
        layout.addWidget(legend)
        layout.addWidget(self.results_table, 1)
        return box

    def _comparison(self) -> QWidget:
        rows = [
            [
                f"{a.area}. {a.title}",
                a.self_assessed,
                a.onsite,
                "—" if a.gap is None else f"{a.gap * 100:+.1f}",
            ]
            for a in self.page.comparison
        ]
        self.comparison_table = _table(
            [_("Area"), _("Self-assessed"), _("On-site"), _("Difference (points)")], rows
        )
        return self.comparison_table

    def _responses(self) -> QWidget:
        from certdesk.services.hq import review

        mine = [e for e in review.queue(self.ctx) if e.business_id == self.page.business_id]
        self.responses_count = len(mine)
        rows = [
            [
                f"#{e.finding[:8]}",
                labels.severity(e.severity),
                e.action,
                e.done_on,
                labels.decision(e.decision),
                e.note or "",
            ]
            for e in reversed(mine)
        ]
        self.responses_table = _table(
            [
                _("Finding"),
                _("Severity"),
                _("Action taken"),
                _("Done on"),
                _("Decision"),
                _("Note"),
            ],
            rows,
        )
        return self.responses_table

    def _kits(self) -> QWidget:
        from certdesk.services.exchange import kit_list
        from certdesk.ui.hq.kits_page import kit_state_label

        mine = [k for k in kit_list.issued_kits(self.ctx) if k.business_id == self.page.business_id]
        self.kits_count = len(mine)
        rows = [
            [
                k.issued_at.astimezone().strftime("%Y-%m-%d"),
                k.framework,
                labels.mode(k.mode),
                k.site or "—",
                k.due.isoformat() if k.due else "—",
                kit_state_label(k.state),
                k.returned_at.astimezone().strftime("%Y-%m-%d") if k.returned_at else "",
            ]
            for k in mine
        ]
        self.kits_table = _table(
            [
                _("Issued"),
                _("Framework"),
                _("Mode"),
                _("Site"),
                _("Due"),
                _("State"),
                _("Returned"),
            ],
            rows,
        )
        return self.kits_table

    def _findings(self) -> QWidget:
        rows = [
            [
                f"#{f.id[:8]}",
                f.cycle or "—",
                f.item or "—",
                f.severity,
                f.due or "—",
                (_("overdue") if f.overdue else ""),
                f.description,
            ]
            for f in self.page.findings
        ]
        self.findings_table = _table(
            [_("Finding"), _("Cycle"), _("Item"), _("Severity"), _("Due"), "", _("Description")],
            rows,
        )
        return self.findings_table
