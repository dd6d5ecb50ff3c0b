"""In the window, a failed item of a framework that proposes findings says so in its
findings list, until a finding is written for it (assessors only)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from certdesk.services import context
from certdesk.services.assessment import findings
from certdesk.services.assessment.workspace import Workspace
from certdesk.ui.field.workspace_page import WorkspacePage
from tests.support.frameworks import proposing
from tests.support.workspace import supplier_and_assessment


def _lines(page: WorkspacePage) -> list[str]:
    shown = page.pane.findings_list
    return [shown.item(n).text() for n in range(shown.count())]


def test_a_failed_item_shows_its_proposed_finding_until_one_is_written(
    ctx: context.Context, qtbot: QtBot, tmp_path: Path
) -> None:
    ctx.library.install(proposing(tmp_path))
    aid = supplier_and_assessment(ctx, "test-conformity", profile="design-data")
    page = WorkspacePage(Workspace(ctx, aid))
    qtbot.addWidget(page)
    page.show()
    page.select("B.1.2")
    assert _lines(page) == ["No open findings"]
    page.answer("B.1.2", "not_met", "")
    page.flush()
    page.select("B.1.2")
    [line] = _lines(page)
    assert line.startswith("Proposed finding (Major)")
    changes = findings.add_finding(ctx, aid, "minor", "No restore test", item_id="B.1.2")
    page.apply_changes(changes)
    page.select("B.1.2")
    assert [t for t in _lines(page) if "Proposed" in t] == []
    assert any("No restore test" in t for t in _lines(page))
