"""Headquarters reviews corrective actions in the dialog, on a real database: a rejection
needs a note (refused in place, nothing written), a decision leaves the queue, and the
overdue tab lists the open findings past their due date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from certdesk import clock
from certdesk.domain.dates import add_months
from certdesk.services.changes import Changes
from certdesk.services.hq import corrective, review
from certdesk.ui.hq.review_page import ReviewDialog
from certdesk.ui.hq.tables import column
from tests.support.exchange import table_digest
from tests.support.hq_world import EVIDENCE, LATE, MAJOR, MINOR, HqWorld, hq_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[HqWorld]:
    made = hq_world(tmp_path, clock.today())
    with made.hq.acting() as ctx:
        yield made
        ctx.close()


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    return window


@pytest.fixture
def dialog(world: HqWorld, host: QWidget, qtbot: QtBot) -> ReviewDialog:
    shown = ReviewDialog(host, world.ctx)
    shown.open()
    qtbot.waitExposed(shown)
    return shown


def _choose(dialog: ReviewDialog, finding: str) -> None:
    dialog.table.selectRow(column(dialog.table, 1).index(finding[:8]))
    assert dialog.detail.entry is not None
    assert dialog.detail.entry.finding == finding


def _decisions(world: HqWorld) -> dict[str, tuple[str, str | None]]:
    return {e.finding: (e.decision.value, e.note) for e in review.queue(world.ctx)}


def test_one_response_is_accepted_and_another_rejected_with_a_note(
    world: HqWorld, dialog: ReviewDialog, qtbot: QtBot, warned: list[str]
) -> None:
    major, minor = world.findings[MAJOR], world.findings[MINOR]
    changes: list[Changes] = []
    dialog.ops.changed.connect(changes.append)
    assert sorted(column(dialog.table, 1)) == sorted([major[:8], minor[:8]])
    assert sorted(column(dialog.table, 2)) == ["Major", "Minor"]
    assert column(dialog.table, 6) == ["1", "1"]
    assert column(dialog.table, 7) == ["Pending", "Pending"]

    _choose(dialog, major)
    assert MAJOR in dialog.detail.finding.text()
    assert EVIDENCE[MAJOR] in dialog.detail.files.item(0).text()
    before = table_digest(world.ctx)
    qtbot.keyClicks(dialog.detail.note, "   ")
    qtbot.mouseClick(dialog.detail.reject_button, Qt.MouseButton.LeftButton)
    assert dialog.detail.error.isVisible()
    assert dialog.detail.error.text() == "write why the response is rejected"
    assert dialog.detail.note.toPlainText() == "   "  # what was typed stays
    assert table_digest(world.ctx) == before
    assert changes == []
    assert dialog.detail.entry is not None
    assert dialog.detail.entry.finding == major

    dialog.detail.note.insertPlainText("증적이 조치를 보여주지 않음")  # Korean: no key clicks
    assert not dialog.detail.error.isVisible()
    qtbot.mouseClick(dialog.detail.reject_button, Qt.MouseButton.LeftButton)
    assert [c.responses for c in changes] == [True]
    assert column(dialog.table, 1) == [minor[:8]]  # only the pending one is left
    assert _decisions(world)[major] == ("rejected", "증적이 조치를 보여주지 않음")

    _choose(dialog, minor)
    assert dialog.detail.note.toPlainText() == ""
    qtbot.mouseClick(dialog.detail.accept_button, Qt.MouseButton.LeftButton)
    assert dialog.rows == []
    assert dialog.empty.isVisible()
    assert _decisions(world)[minor] == ("accepted", None)
    states = {r.finding: r.finding_status.value for r in corrective.received(world.ctx)}
    assert states == {major: "open", minor: "closed"}

    dialog.shown.setCurrentIndex(dialog.shown.findData("all"))
    by_finding = dict(zip(column(dialog.table, 1), column(dialog.table, 7), strict=True))
    assert by_finding == {major[:8]: "Rejected", minor[:8]: "Accepted"}
    _choose(dialog, major)
    assert "증적이 조치를 보여주지 않음" in dialog.detail.decided.text()
    assert not dialog.detail.accept_button.isEnabled()
    assert not dialog.detail.reject_button.isEnabled()
    assert warned == []


def test_the_overdue_tab_lists_open_findings_past_their_due_date(
    world: HqWorld, dialog: ReviewDialog
) -> None:
    late = world.findings[LATE]
    assert dialog.tabs.tabText(1) == "Overdue actions (1)"
    assert column(dialog.late_table, 1) == [late[:8]]
    assert column(dialog.late_table, 3) == [LATE]
    assert column(dialog.late_table, 4) == ["박보안"]
    assert column(dialog.late_table, 6) == ["30"]
    review.decide(world.ctx, _response(world, MINOR), accept=True)
    review.decide(world.ctx, _response(world, MAJOR), accept=False, note="재조치 필요")
    later = add_months(world.today, 13)
    clock.fix(datetime.combine(later, time(9, 30)).astimezone())
    try:
        dialog.refresh()
    finally:
        clock.fix(None)
    # the rejected response leaves its finding open and now late; the accepted one closed it
    assert sorted(column(dialog.late_table, 1)) == sorted([late[:8], world.findings[MAJOR][:8]])
    assert dialog.tabs.tabText(1) == "Overdue actions (2)"
    assert dialog.late_empty.isHidden()


def _response(world: HqWorld, text: str) -> str:
    [found] = [e.response for e in review.queue(world.ctx) if e.finding == world.findings[text]]
    return found


def test_an_evidence_file_opens_decrypted(
    world: HqWorld, dialog: ReviewDialog, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr("certdesk.ui.hq.review_page.QDesktopServices.openUrl", opened.append)
    _choose(dialog, world.findings[MAJOR])
    qtbot.mouseClick(dialog.detail.open_button, Qt.MouseButton.LeftButton)
    [url] = opened
    path = Path(url.toLocalFile())
    assert path.name == EVIDENCE[MAJOR]
    assert path.read_bytes() == f"evidence of {MAJOR}".encode()
