"""Retention: expired data is destroyed beyond recovery, and the destruction is recorded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from certdesk.domain.dates import add_months
from certdesk.services import context, opening
from certdesk.services.assessment import (
    answers,
    audit_log,
    evidence,
    findings,
    retention,
    status,
)
from certdesk.store.database import Database
from tests.support.workspace import new_context, supplier_and_assessment

SECRET_NOTE = "김철수 과장의 설계도면 반출 기록 누락"
SECRET_FILE = "극비 금형 설계 사양서 TX-9"


def _fill(ctx: context.Context, tmp_path: Path) -> str:
    aid = supplier_and_assessment(ctx)
    answers.answer(ctx, aid, "1.1.2", "partial", SECRET_NOTE)
    findings.add_finding(ctx, aid, "minor", SECRET_NOTE, owner="김철수")
    source = tmp_path / "spec.txt"
    source.write_text(SECRET_FILE, encoding="utf-8")
    evidence.add_file(ctx, aid, "1.1.2", source)
    source.unlink()
    status.set_status(ctx, aid, "final")
    return aid


def _all_text(db: Database) -> str:
    """Every value of every table, decrypted."""
    with db.engine.connect() as connection:
        tables = [
            r[0]
            for r in connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
        ]
        return "\n".join(
            str(row)
            for table in tables
            for row in connection.execute(text(f'SELECT * FROM "{table}"'))
        )


def _raw_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def _expired(day: date) -> date:
    """A day after every default retention period of an assessment final on `day`."""
    return add_months(day, retention.DEFAULT_MONTHS + 1)


def test_nothing_expires_early(tmp_path: Path, clock: date) -> None:
    ctx = new_context(tmp_path / "db")
    _fill(ctx, tmp_path)
    assert retention.purge(ctx, today=add_months(clock, retention.DEFAULT_MONTHS - 1)).purged == ()
    assert retention.purge(ctx).purged == ()
    assert SECRET_NOTE in _all_text(ctx.db)


def test_dry_run_changes_nothing(tmp_path: Path, clock: date) -> None:
    ctx = new_context(tmp_path / "db")
    aid = _fill(ctx, tmp_path)
    report = retention.purge(ctx, dry_run=True, today=_expired(clock))
    assert report.purged == (aid,)
    assert SECRET_NOTE in _all_text(ctx.db)


def test_purge_destroys_and_records(tmp_path: Path, clock: date) -> None:
    ctx = new_context(tmp_path / "db")
    aid = _fill(ctx, tmp_path)
    report = retention.purge(ctx, today=_expired(clock))
    assert report.purged == (aid,)
    assert report.evidence_files == 1
    everything = _all_text(ctx.db)
    assert SECRET_NOTE not in everything
    assert "김철수" not in everything
    ctx.db.close()
    raw = _raw_bytes(tmp_path / "db")
    for secret in (SECRET_NOTE, SECRET_FILE):
        assert secret.encode() not in raw
    assert not list((tmp_path / "db" / "certdesk.db.evidence").iterdir())
    assert not (tmp_path / "db" / "certdesk.db-wal").exists() or (
        (tmp_path / "db" / "certdesk.db-wal").stat().st_size == 0
    )
    reopened = context.Context(opening.open_database(tmp_path / "db" / "certdesk.db"))
    report_after = audit_log.verify(reopened)
    assert report_after.ok
    actions = _all_text(reopened.db)
    assert "retention.purge" in actions


def test_secure_delete_leaves_no_residue_in_an_unencrypted_file(
    tmp_path: Path, clock: date
) -> None:
    # Encryption alone would hide the text from a byte search; this proves the
    # deletion itself (secure_delete, WAL truncation, VACUUM) leaves nothing, so
    # a leaked key later reveals nothing either. Test-only plain database.
    ctx = new_context(tmp_path / "db")
    described = ctx.db.described
    ctx.db.close()
    plain_path = tmp_path / "plain" / "certdesk.db"
    plain_path.parent.mkdir()
    plain = context.Context(Database(plain_path, described, None))
    aid = _fill(plain, tmp_path)
    assert SECRET_NOTE.encode() in plain_path.read_bytes() + _wal(plain_path)
    assert retention.purge(plain, today=_expired(clock)).purged == (aid,)
    plain.db.close()
    assert SECRET_NOTE.encode() not in plain_path.read_bytes() + _wal(plain_path)


def _wal(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return wal.read_bytes() if wal.exists() else b""


def test_retention_settings(tmp_path: Path) -> None:
    ctx = new_context(tmp_path / "db")
    assert retention.current(ctx) == {"evidence": 60, "personal": 60, "record": 60}
    retention.set_months(ctx, "evidence", 12)
    assert retention.current(ctx)["evidence"] == 12
    from certdesk.errors import UserError

    with pytest.raises(UserError):
        retention.set_months(ctx, "everything", 12)
