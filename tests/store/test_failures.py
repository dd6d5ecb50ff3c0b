"""A locked database and a full disk are one-line errors that lose nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import text

from certdesk.crypto import keystore
from certdesk.errors import UserError
from certdesk.services import context, opening
from certdesk.services.assessment import answers, listing
from certdesk.store import connect as store_connect
from tests.support.workspace import new_context, supplier_and_assessment


def test_locked_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_connect, "BUSY_TIMEOUT_MS", 200)
    ctx = new_context(tmp_path)
    aid = supplier_and_assessment(ctx)
    answers.answer(ctx, aid, "1.1.1", "met")
    key = keystore.load_key(ctx.db.described.uuid)
    assert key is not None
    other = sqlcipher3.dbapi2.connect(str(tmp_path / "certdesk.db"), isolation_level=None)
    other.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(UserError, match="in use by another CertDesk"):
            answers.answer(ctx, aid, "1.1.2", "met")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert listing.show(ctx, aid).score.unanswered == 321
    answers.answer(ctx, aid, "1.1.2", "met")


def test_full_disk(tmp_path: Path) -> None:
    # The database's page limit stands in for a full disk: SQLite reports both
    # as SQLITE_FULL, and the write path is the same.
    ctx = new_context(tmp_path)
    aid = supplier_and_assessment(ctx)
    answers.answer(ctx, aid, "1.1.1", "met", "first")
    with ctx.db.reading() as sql:  # an answer is written on this thread's plain connection
        [(pages,)] = sql.rows("PRAGMA page_count")
        sql.rows(f"PRAGMA max_page_count = {pages}")

    with pytest.raises(UserError, match="the disk is full"):
        answers.answer(ctx, aid, "1.1.2", "partial", "x" * 200_000)
    with ctx.db.reading() as sql:
        sql.rows("PRAGMA max_page_count = 1073741823")
    shown = listing.show(ctx, aid)
    assert shown.score.unanswered == 321
    with ctx.db.engine.connect() as connection:
        note = connection.execute(text("SELECT note FROM answer WHERE item_id = '1.1.1'"))
        assert note.scalar() == "first"
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_database_reopens_after_close(tmp_path: Path) -> None:
    ctx = new_context(tmp_path)
    aid = supplier_and_assessment(ctx)
    ctx.db.close()
    again = context.Context(opening.open_database(tmp_path / "certdesk.db"))
    assert listing.show(again, aid).supplier.name == "한빛정밀"


@pytest.mark.parametrize(
    ("said", "becomes"),
    [
        ("database or disk is full", "DiskFullError"),
        ("database is locked", "LockedError"),
        ('connection to server at "full.example" failed: Connection refused', None),
        ("remaining connection slots are reserved: pool full", None),
    ],
)
def test_only_a_full_disk_reads_as_a_full_disk(said: str, becomes: str | None) -> None:
    """A server's message that merely contains "full" stays what it is (not reached)."""
    from sqlalchemy.exc import OperationalError

    from certdesk.store.engine import translated_errors

    raised: BaseException | None = None
    try:
        with translated_errors():
            raise OperationalError("SELECT 1", {}, Exception(said))
    except Exception as exc:  # the test looks at which type came out
        raised = exc
    assert raised is not None
    assert type(raised).__name__ == (becomes or "OperationalError")
