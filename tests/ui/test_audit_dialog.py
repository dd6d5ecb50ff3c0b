"""Audit and retention on a real encrypted database: the check said in words, a tampered
log caught entry by entry, periods saved or refused in place, and a purge previewed,
confirmed and recorded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTableWidget, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from certdesk import clock
from certdesk.domain.dates import add_months
from certdesk.services import context
from certdesk.services.assessment import answers, audit_log, listing, retention, status
from certdesk.services.assessment.retention_preview import preview
from certdesk.services.changes import Changes
from certdesk.ui.audit_dialog import AuditDialog
from tests.support.workspace import new_context, supplier_and_assessment


def _filled(folder: Path, role: str = "field") -> tuple[context.Context, str]:
    """Five audit entries: the supplier (database chain), the assessment and three answers."""
    ctx = new_context(folder, role=role)
    aid = supplier_and_assessment(ctx)
    answers.answer(ctx, aid, "1.1.1", "met", "홍길동 과장이 정책서를 보여 줌")
    answers.answer(ctx, aid, "1.1.2", "partial")
    answers.answer(ctx, aid, "1.1.1", "not_met", "승인 서명 없음")
    return ctx, aid


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    """The window the dialog belongs to, held by the test (qtbot holds it only weakly)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _dialog(parent: QWidget, ctx: context.Context) -> AuditDialog:
    dialog = AuditDialog(parent, ctx)
    dialog.open()
    return dialog


def _rows(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
        for r in range(table.rowCount())
    ]


@pytest.mark.parametrize("role", ["field", "hq"])
def test_an_intact_log_says_so_with_its_count(
    qtbot: QtBot, parent: QWidget, tmp_path: Path, role: str
) -> None:
    ctx, _aid = _filled(tmp_path, role)
    dialog = _dialog(parent, ctx)
    assert "intact" not in dialog.audit.verdict.text()  # nothing is claimed before the check
    qtbot.mouseClick(dialog.audit.verify_button, Qt.MouseButton.LeftButton)
    assert dialog.audit.verdict.text() == "✔ All 5 entries are intact."
    assert dialog.audit.breaks.isHidden()
    assert [row[2] for row in _rows(dialog.audit.recent)] == ["Supplier added"]
    ctx.close()


def _as_insider(ctx: context.Context, statement: str) -> None:
    """SQL run with the database key, the append-only triggers dropped first."""
    with ctx.db.engine.begin() as connection:
        for verb in ("update", "delete"):
            connection.execute(text(f"DROP TRIGGER IF EXISTS audit_entry_no_{verb}"))
        connection.execute(text(statement))


def test_a_tampered_log_shows_each_break_as_a_sentence(
    qtbot: QtBot, parent: QWidget, tmp_path: Path
) -> None:
    ctx, _aid = _filled(tmp_path)
    _as_insider(ctx, 'UPDATE audit_entry SET data = \'{"value":"met"}\' WHERE id = 5')
    dialog = _dialog(parent, ctx)
    qtbot.mouseClick(dialog.audit.verify_button, Qt.MouseButton.LeftButton)
    assert dialog.audit.verdict.text().startswith("✘ The audit log was changed outside CertDesk")
    assert "5 entries checked" in dialog.audit.verdict.text()
    assert not dialog.audit.breaks.isHidden()
    assert _rows(dialog.audit.breaks) == [
        ["한빛정밀 · 2026-H2", "4", "this entry was changed after it was written"]
    ]
    ctx.close()


def test_a_period_is_saved_and_a_refused_one_stays_as_typed(
    qtbot: QtBot, parent: QWidget, tmp_path: Path, warned: list[str]
) -> None:
    ctx = new_context(tmp_path)
    dialog = _dialog(parent, ctx)
    tab = dialog.retention
    assert tab.periods["evidence"].value() == retention.DEFAULT_MONTHS
    changes: list[Changes] = []
    dialog.ops.changed.connect(changes.append)
    tab.periods["evidence"].setValue(12)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert retention.current(ctx)["evidence"] == 12
    assert tab.said.text() == "Saved."
    assert [c.settings for c in changes] == [True]
    assert [row[2] for row in _rows(dialog.audit.recent)] == ["Retention period changed"]

    entries = audit_log.verify(ctx).entries
    tab.periods["personal"].setValue(0)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert len(warned) == 1
    assert "1 to 600" in warned[0]
    assert tab.periods["personal"].value() == 0  # as typed
    assert tab.said.text() == ""
    assert retention.current(ctx) == {"evidence": 12, "personal": 60, "record": 60}
    assert audit_log.verify(ctx).entries == entries  # nothing written
    ctx.close()


@pytest.fixture
def expired(tmp_path: Path) -> Iterator[tuple[context.Context, str]]:
    """A final assessment, and the clock past every default period since it became final."""
    ctx, aid = _filled(tmp_path)
    status.set_status(ctx, aid, "final")
    later = add_months(clock.today(), retention.DEFAULT_MONTHS + 1)
    clock.fix(datetime.fromisoformat(f"{later.isoformat()}T09:30:00+00:00"))
    try:
        yield ctx, aid
    finally:
        clock.fix(None)
        ctx.close()


def test_the_purge_is_previewed_confirmed_and_recorded(
    qtbot: QtBot, parent: QWidget, expired: tuple[context.Context, str]
) -> None:
    ctx, aid = expired
    dialog = _dialog(parent, ctx)
    tab = dialog.retention
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    closed = preview(ctx).assessments[0].closed.isoformat()
    assert _rows(tab.found) == [["한빛정밀", "2026-H2", closed, "The whole assessment record", "0"]]
    assert [row[1] for row in _rows(tab.counts)] == ["1", "1", "1"]

    qtbot.mouseClick(tab.purge_button, Qt.MouseButton.LeftButton)
    box = tab.confirm
    assert box is not None
    assert box.isVisible()
    assert "cannot be undone" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert tab.task is None
    assert aid in [a.id for a in listing.list_assessments(ctx)]  # nothing destroyed

    qtbot.mouseClick(tab.purge_button, Qt.MouseButton.LeftButton)
    box = tab.confirm
    assert box is not None
    assert tab.purge_choice is not None
    tab.purge_choice.click()
    qtbot.waitUntil(lambda: tab.record is not None, timeout=30000)
    assert tab.record is not None
    assert tab.record.purged == (aid,)
    assert aid not in [a.id for a in listing.list_assessments(ctx)]
    assert preview(ctx).assessments == ()
    assert tab.summary.text().startswith("Purged on ")
    assert "Whole assessment records destroyed: 1" in tab.summary.text()
    assert _rows(tab.found)[0][0] == "한빛정밀"  # what went
    assert _rows(dialog.audit.recent)[0][2] == "Expired data destroyed"
    assert audit_log.verify(ctx).ok


def test_every_event_the_services_log_has_a_label() -> None:
    """A code (`team.add`) never reaches a person: each action the services append to
    the audit log reads as words in the dialog."""
    import re

    from certdesk.ui.audit_dialog import action

    source = "".join(
        p.read_text(encoding="utf-8")
        for p in (Path(__file__).resolve().parents[2] / "certdesk" / "services").rglob("*.py")
    )
    not_events = {"issued_kit.rowid", "certdesk.db", "framework.yaml"}
    codes = {
        c
        for c in re.findall(r'"([a-z_]+\.[a-z_]+)"', source)
        if not c.endswith(".json") and not c.startswith("hq.") and c not in not_events
    }
    assert len(codes) > 30
    assert sorted(c for c in codes if action(c) == c) == []
