"""The audit seals: an insider holding the database key, but not the audit key, rewrites
the log as well as they can (recomputing every hash of the chains), and is caught."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from certdesk.crypto import keystore
from certdesk.services import context, opening
from certdesk.services.assessment import audit_log
from certdesk.store.audit import GENESIS, entry_hash
from tests.support.memory_keyring import MemoryKeyring
from tests.support.workspace import OTHER_BUSINESS_ID


def _as_insider(ctx: context.Context, *statements: str) -> None:
    """SQL run with the database key, the append-only triggers dropped first."""
    with ctx.db.engine.begin() as connection:
        for table in ("audit_entry", "audit_seal"):
            for verb in ("update", "delete"):
                connection.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{verb}"))
        for statement in statements:
            connection.execute(text(statement))


def _rechain(ctx: context.Context) -> None:
    """Recompute every chain's hashes, as an insider does after an edit or a removal."""
    with ctx.db.engine.begin() as connection:
        rows = connection.execute(
            text("SELECT id, chain, at, actor, action, data FROM audit_entry ORDER BY id")
        ).all()
        prev: dict[str, tuple[int, str]] = {}
        for row_id, chain, at, actor, action, data in rows:
            seq, before = prev.get(chain, (0, GENESIS))
            digest = entry_hash(chain, seq + 1, at, actor, action, data, before)
            connection.execute(
                text("UPDATE audit_entry SET seq = :s, prev_hash = :p, hash = :h WHERE id = :i"),
                {"s": seq + 1, "p": before, "h": digest, "i": row_id},
            )
            prev[chain] = (seq + 1, digest)


def _reasons(ctx: context.Context) -> set[str]:
    report = audit_log.verify(ctx)
    assert not report.ok
    return {b.reason for b in report.breaks}


def _chains_alone_look_intact(ctx: context.Context) -> None:
    from certdesk.store import audit

    with ctx.db.session() as session:
        assert audit.verify(session)[1] == []  # without the key: a perfect forgery


def test_a_rewritten_entry_with_its_chain_recomputed_is_caught(ctx: context.Context) -> None:
    _as_insider(ctx, 'UPDATE audit_entry SET data = \'{"value":"met"}\' WHERE id = 5')
    _rechain(ctx)
    _chains_alone_look_intact(ctx)
    assert _reasons(ctx) == {"seal"}


def test_the_newest_entries_cut_off_are_caught(ctx: context.Context) -> None:
    _as_insider(
        ctx,
        "DELETE FROM audit_seal WHERE entry_id >= 4",
        "DELETE FROM audit_entry WHERE id >= 4",
    )
    _chains_alone_look_intact(ctx)
    assert _reasons(ctx) == {"head"}


def test_a_whole_chain_removed_is_caught(ctx: context.Context) -> None:
    from certdesk.services.assessment import suppliers

    suppliers.add_supplier(ctx, "다른정밀", OTHER_BUSINESS_ID)  # the chain is not the newest
    _as_insider(
        ctx,
        "DELETE FROM audit_seal WHERE entry_id IN (SELECT id FROM audit_entry"
        " WHERE chain = (SELECT chain FROM audit_entry WHERE id = 3))",
        "DELETE FROM audit_entry WHERE chain = (SELECT chain FROM audit_entry WHERE id = 3)",
    )
    _chains_alone_look_intact(ctx)
    assert _reasons(ctx) == {"seal"}


def test_seals_removed_are_reported_and_never_made_again(
    ctx: context.Context, tmp_path: Path
) -> None:
    _as_insider(
        ctx,
        'UPDATE audit_entry SET data = \'{"value":"met"}\' WHERE id = 5',
        "DELETE FROM audit_seal",
        "DELETE FROM meta WHERE key LIKE 'audit.head%'",
    )
    _rechain(ctx)
    ctx.close()
    reopened = opening.open_context(tmp_path / "certdesk.db")  # the audit key is still here
    assert _reasons(reopened) == {"unsealed", "head"}
    reopened.close()
    again = opening.open_context(tmp_path / "certdesk.db")
    assert _reasons(again) == {"unsealed", "head"}


def test_a_database_from_before_the_seals_is_sealed_once(
    ctx: context.Context, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    uuid = ctx.db.described.uuid
    _as_insider(ctx, "DELETE FROM audit_seal", "DELETE FROM meta WHERE key LIKE 'audit.head%'")
    ctx.close()
    del memory_keyring.secrets[(keystore.AUDIT_SERVICE, uuid)]  # as an older CertDesk left it
    reopened = opening.open_context(tmp_path / "certdesk.db")
    assert audit_log.verify(reopened).ok
    assert (keystore.AUDIT_SERVICE, uuid) in memory_keyring.secrets


def test_the_audit_key_is_kept_apart_from_the_database_key(
    ctx: context.Context, memory_keyring: MemoryKeyring
) -> None:
    uuid = ctx.db.described.uuid
    database_key = memory_keyring.secrets[(keystore.SERVICE, uuid)]
    audit_key = memory_keyring.secrets[(keystore.AUDIT_SERVICE, uuid)]
    assert database_key != audit_key
    assert ctx.db.audit_key == bytes.fromhex(audit_key)
