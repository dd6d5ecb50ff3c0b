"""The portfolio page and a supplier's page in the real window, over real imported results."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QTableWidget
from pytestqt.qtbot import QtBot

from certdesk.services.assessment import findings, status
from certdesk.services.exchange import results_in, results_out
from certdesk.services.hq.portfolio import PortfolioEntry
from certdesk.ui.hq.portfolio_model import PortfolioFilter, PortfolioModel
from certdesk.ui.hq.portfolio_page import PortfolioPage
from certdesk.ui.hq.supplier_page import SupplierPageDialog
from tests.support.exchange import Actor, kit_assessment
from tests.support.workspace import answer_all


@pytest.fixture
def hq(tmp_path: Path, clock: date) -> Actor:
    """Two suppliers: one with a submitted self-assessment and a final on-site result with
    an open major finding, one with only a draft on-site result."""
    field, supplier, hq = (
        Actor(tmp_path / "field", "field"),
        Actor(tmp_path / "supplier", "field"),
        Actor(tmp_path / "hq", "hq"),
    )
    hq_key = hq.public_file("hq")
    made = []
    own = kit_assessment(hq, supplier, tmp_path, mode="self", profile="standard", trust_as="한빛")
    with supplier.acting() as ctx:
        answer_all(ctx, own, tmp_path, code="partial")
        status.set_status(ctx, own, "submitted")
        made.append(results_out.export_package(ctx, own, tmp_path / "s.cdpkg", hq_key).files[0])
    aid = kit_assessment(hq, field, tmp_path, profile="standard")
    with field.acting() as ctx:
        answer_all(ctx, aid, tmp_path)
        due = (clock - timedelta(days=1)).isoformat()
        findings.add_finding(ctx, aid, "major", "계정 미삭제", item_id="3.3.5", due=due)
        status.set_status(ctx, aid, "final")
        made.append(results_out.export_package(ctx, aid, tmp_path / "o.cdpkg", hq_key).files[0])
    other = kit_assessment(hq, field, tmp_path, business_id="220-81-62517", name="새빛전자")
    with field.acting() as ctx:
        made.append(results_out.export_package(ctx, other, tmp_path / "d.cdpkg", hq_key).files[0])
    with hq.acting() as ctx:
        assert [o.status for o in results_in.import_files(ctx, made).outcomes] == ["imported"] * 3
    return hq


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


def _column(page: PortfolioPage, column: int) -> list[str]:
    return [str(page.proxy.index(r, column).data()) for r in range(page.proxy.rowCount())]


def test_the_portfolio_filters_and_drills_down_to_the_supplier(
    hq: Actor, qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    with hq.acting() as ctx:
        page = PortfolioPage(ctx)
        qtbot.addWidget(page)
        assert _column(page, 0) == ["새빛전자", "한빛정밀"]
        assert _column(page, 5)[0] == "no final on-site result"
        assert _column(page, 5)[1].startswith("Conditionally certified")
        assert _column(page, 6)[1] == "100.0%"  # a percentage, never a fraction
        assert "2 suppliers" in page.counts.text()
        bars = {title: n for title, n, _colour in page.charts.outcomes.kinds()}
        assert bars == {"Certified": 0, "Conditional": 1, "Not certified": 0, "No final result": 1}
        assert [e.supplier for e in page.charts.heat.weakest()] == ["한빛정밀"]
        page.due.setChecked(True)  # an overdue action; no final result
        assert _column(page, 0) == ["새빛전자", "한빛정밀"]
        page.due.setChecked(False)
        page.overdue.setChecked(True)
        assert _column(page, 0) == ["한빛정밀"]
        assert page.charts.outcomes.entries == page.proxy.visible()  # charts follow filters
        page.overdue.setChecked(False)
        page.outcome.setCurrentIndex(page.outcome.findData("none"))
        assert _column(page, 0) == ["새빛전자"]
        page.outcome.setCurrentIndex(0)
        page.search.setText("124-81")
        assert _column(page, 0) == ["한빛정밀"]
        dialog = page.open_supplier(page.proxy.index(0, 0))
        assert isinstance(dialog, SupplierPageDialog)
        qtbot.addWidget(dialog)
        results = dialog.results_table
        assert results.rowCount() == 2
        assert [_cell(results, r, 1) for r in range(2)] == ["On-site", "Self-assessment"]
        assert dialog.comparison_table.rowCount() == 5
        assert _cell(dialog.comparison_table, 0, 1) == "50.0%"  # all partial
        assert _cell(dialog.comparison_table, 0, 2) == "100.0%"
        assert dialog.findings_table.rowCount() == 1
        assert _cell(dialog.findings_table, 0, 5) == "overdue"
        kits = dialog.kits_table
        assert [_cell(kits, r, 5) for r in range(kits.rowCount())] == ["Returned", "Returned"]
        assert dialog.responses_table.rowCount() == 0
        task = page.write_report(tmp_path / "board.pdf")
        assert task is not None
        with qtbot.waitSignal(task.done, timeout=30000):
            pass
        assert (tmp_path / "board.pdf").stat().st_size > 1000


def _entry(name: str, cycles: list[str], overdue: int = 0) -> PortfolioEntry:
    from certdesk.domain.assessment import Mode
    from certdesk.services.hq.portfolio import Standing, TrendPoint

    standing = Standing(
        f"a-{name}",
        cycles[-1],
        "industrial-security",
        0.9,
        "90.0%",
        "certified",
        "Certified",
        {"1": 0.9},
        "certified",
    )
    return PortfolioEntry(
        f"s-{name}",
        name,
        "124-81-00998",
        None,
        "industrial-security",
        "ISMS",
        None,
        standing,
        None,
        0,
        tuple(TrendPoint(c, Mode.ONSITE, 0.9, "90.0%") for c in cycles),
        overdue,
        overdue,
        (),
    )


def test_filters_by_cycle_and_by_work_due(qapp: QApplication) -> None:
    model, shown = PortfolioModel(), PortfolioFilter()
    shown.setSourceModel(model)
    model.replace(
        [
            _entry("current", ["2026-H1", "2026-H2"]),
            _entry("behind", ["2025-H2", "2026-H1"]),
            _entry("late", ["2026-H2"], overdue=2),
        ]
    )
    shown.latest_cycle = "2026-H2"
    shown.set(cycle="2026-H1")
    assert [e.supplier for e in shown.visible()] == ["current", "behind"]
    shown.set(cycle=None, due_only=True)
    assert [e.supplier for e in shown.visible()] == ["behind", "late"]
