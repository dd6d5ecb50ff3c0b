"""The audit log: every change leaves an entry; any edit, removal or reordering shows."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from certdesk.services import context
from certdesk.services.assessment import audit_log


def _sql(ctx: context.Context, *statements: str) -> None:
    with ctx.db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def test_intact_log_verifies(ctx: context.Context) -> None:
    report = audit_log.verify(ctx)
    assert report.ok
    assert report.entries == 5  # supplier, assessment, three answers


def test_entries_hold_codes_and_hashes_never_free_text(ctx: context.Context) -> None:
    with ctx.db.engine.connect() as connection:
        rows = connection.execute(text("SELECT action, data FROM audit_entry")).all()
    answer_data = [json.loads(d) for a, d in rows if a == "answer.set"]
    assert [d["value"] for d in answer_data] == ["met", "partial", "not_met"]
    assert len(answer_data[0]["note"]) == 64
    assert answer_data[0]["note"] != answer_data[2]["note"]
    assert all("홍길동" not in d for _a, d in rows)


def test_log_is_append_only(ctx: context.Context) -> None:
    with pytest.raises(IntegrityError, match="append-only"):
        _sql(ctx, "UPDATE audit_entry SET actor = 'mallory' WHERE seq = 2")
    with pytest.raises(IntegrityError, match="append-only"):
        _sql(ctx, "DELETE FROM audit_entry WHERE seq = 2")


def _tamper(ctx: context.Context, statement: str) -> list[str]:
    _sql(ctx, "DROP TRIGGER audit_entry_no_update", "DROP TRIGGER audit_entry_no_delete", statement)
    report = audit_log.verify(ctx)
    assert not report.ok
    return [b.reason for b in report.breaks]


def test_edited_entry_is_detected(ctx: context.Context) -> None:
    edited = """UPDATE audit_entry SET data = replace(data, '"not_met"', '"met"')
                WHERE action = 'answer.set' AND seq = 4"""
    assert "altered" in _tamper(ctx, edited)


def test_removed_entry_is_detected(ctx: context.Context) -> None:
    removed = "DELETE FROM audit_entry WHERE action = 'answer.set' AND seq = 3"
    assert "missing" in _tamper(ctx, removed)


def test_reordered_entries_are_detected(ctx: context.Context) -> None:
    first_answer = "SELECT min(id) FROM audit_entry WHERE action = 'answer.set'"
    moved = f"UPDATE audit_entry SET id = 1000 WHERE id = ({first_answer})"
    assert _tamper(ctx, moved)
