"""A change made elsewhere refreshes exactly what it names, on every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from certdesk.services.assessment import answers, create, suppliers
from certdesk.services.changes import Changes
from certdesk.ui.hq.portfolio_page import PortfolioPage
from certdesk.ui.main_window import MainWindow
from tests.support.workspace import new_context


class Calls:
    """Counts the calls of a method, and what they were called with."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
        self.args: list[tuple[object, ...]] = []
        original = getattr(owner, name)

        def spy(*args: object) -> object:
            self.args.append(args)
            return original(*args)

        monkeypatch.setattr(owner, name, spy)


def test_workspace_repaints_only_the_item_changed_elsewhere(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.start is not None
    assert window.ctx is not None
    aid = window.start.model.rows[0].id
    window.open_assessment(aid)
    page = window.page
    assert page is not None
    target = page.workspace.next_unanswered(None)
    assert target is not None
    repainted = Calls(monkeypatch, page.model, "refresh_item")
    dashboard = Calls(monkeypatch, page.dashboard, "refresh")
    changes = answers.record_answer(window.ctx, aid, target, "met")  # e.g. another window
    window.changes_made(changes)
    assert repainted.args == [(target,)]
    assert len(dashboard.args) == 1
    index = page.model.index_of(target).siblingAtColumn(1)
    assert page.model.data(index) == "Met"
    assert page.workspace.held[target].code == "met"
    window.changes_made(Changes(assessment="another assessment", items=frozenset({target})))
    assert repainted.args == [(target,)]  # not this assessment: nothing repainted


def test_a_hidden_start_page_is_stale_until_it_shows(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.start is not None
    assert window.ctx is not None
    start = window.start
    window.open_assessment(start.model.rows[0].id)
    reloaded = Calls(monkeypatch, start, "refresh")
    suppliers.add_supplier(window.ctx, "새빛전자", "124-81-00998")
    made = create.new_assessment(window.ctx, "새빛전자", "industrial-security", "self")
    window.changes_made(made)
    assert reloaded.args == []  # hidden: only marked stale
    window.field.show_start()
    assert len(reloaded.args) == 1
    assert made.id in [r.id for r in start.model.rows]
    window.field.show_start()
    assert len(reloaded.args) == 1  # no longer stale


def test_the_start_page_refreshes_one_row_for_a_change_inside_it(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.start is not None
    assert window.ctx is not None
    start = window.start
    row, _pia = start.model.rows
    reloaded = Calls(monkeypatch, start, "refresh")
    replaced = Calls(monkeypatch, start.model, "replace_row")
    item = [i.id for i in window.ctx.library.find("industrial-security").items()][-1]
    window.changes_made(answers.record_answer(window.ctx, row.id, item, "met"))
    assert reloaded.args == []
    assert len(replaced.args) == 1
    assert start.model.rows[0].answered == row.answered + 1


def test_the_portfolio_follows_what_headquarters_changed(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = new_context(tmp_path, role="hq")
    page = PortfolioPage(ctx)
    qtbot.addWidget(page)
    reloaded = Calls(monkeypatch, page, "refresh")
    page.apply_changes(Changes(assessment="a", items=frozenset({"1.1.1"})))
    assert reloaded.args == []
    for flag in ("portfolio", "certificates", "trust", "responses"):
        page.apply_changes(Changes(**{flag: True}))  # type: ignore[arg-type]
    assert len(reloaded.args) == 4
