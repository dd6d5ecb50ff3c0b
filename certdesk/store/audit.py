"""The append-only, hash-chained audit log: one chain per assessment, one for the database.

Entries hold ids, who, when, codes and keyed hashes of free text, never the text
itself, so destroying data never breaks a chain. Each entry's hash covers its
chain, sequence number, time, actor, action, data and the previous hash: an
edited, removed or reordered entry breaks the chain. Triggers refuse UPDATE and
DELETE on the table (migration 0002).

The hash chains alone would let someone who holds the database key rewrite an
entry and recompute the rest, or cut off the newest entries. So every entry
is also sealed, in the order written, with an HMAC under the audit key, which
is kept apart from the database key (its own keyring entry): each seal covers
the previous seal and the entry's hash, and the head of the seal chain, kept
in meta, is sealed as well. Without the audit key no entry can be added,
changed, removed or cut off unseen; replaying an old copy of the whole file
remains possible and is the threat model's stated limit.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from certdesk import clock
from certdesk.store.sql import Sql, of_session

if TYPE_CHECKING:
    from sqlmodel import Session

    from certdesk.store.tables import AuditEntry

HEAD = "audit.head"
"""The meta row with the seal chain's head: its last position and sealed value."""

DATABASE_CHAIN = "database"
GENESIS = "0" * 64
AUDIT_LOCK = 0x63646175
"""PostgreSQL: the transaction-level advisory lock every append takes first. Appends by
several people at once then come one after the other, so each chain and the seal chain
over them stay unbroken; SQLite gets the same from its one writer at a time."""


def _sql(target: Session | Sql) -> Sql:
    return target if isinstance(target, Sql) else of_session(target)


def hold_lock(target: Session | Sql) -> None:
    """Take the audit log's lock for the rest of this transaction (PostgreSQL; a no-op on
    SQLite). A transaction that writes many things takes it first, so two such never wait
    for each other's rows while holding it."""
    sql = _sql(target)
    if sql.dialect == "postgresql":
        sql.rows("SELECT pg_advisory_xact_lock(?)", [AUDIT_LOCK])


def text_digest(salt: bytes, text: str | None) -> str | None:
    """A keyed hash of free text: shows that it changed without keeping what it said."""
    if not text:
        return None
    return hmac.new(salt, text.encode("utf-8"), hashlib.sha256).hexdigest()


def entry_hash(*fields: str | int) -> str:
    """SHA-256 over chain, seq, at, actor, action, data and the previous hash."""
    body = json.dumps(list(fields), ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Appended:
    """An entry just written: its row id and its hash (the head of its chain)."""

    id: int
    hash: str


def append(
    target: Session | Sql,
    chain: str,
    actor: str,
    action: str,
    data: dict[str, Any],
) -> Appended:
    """Add an entry to `chain` in the caller's transaction, sealed with the database's audit
    key (the session's, or the one its plain SQL carries)."""
    sql = _sql(target)
    key = sql.audit_key
    hold_lock(sql)
    last = sql.first(
        "SELECT seq, hash FROM audit_entry WHERE chain = ? ORDER BY seq DESC LIMIT 1", [chain]
    )
    seq = 1 if last is None else int(last[0]) + 1
    prev = GENESIS if last is None else str(last[1])
    at = clock.now().isoformat(timespec="microseconds")
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = entry_hash(chain, seq, at, actor, action, payload, prev)
    [(entry_id,)] = sql.rows(
        "INSERT INTO audit_entry (chain, seq, at, actor, action, data, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [chain, seq, at, actor, action, payload, prev, digest],
    )
    if key is not None:
        _seal(sql, key, int(entry_id), digest)
    return Appended(int(entry_id), digest)


def _mac(key: bytes, *parts: str | int) -> str:
    body = json.dumps(list(parts)).encode("utf-8")
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def _meta(sql: Sql, key: str) -> str | None:
    row = sql.first("SELECT value FROM meta WHERE key = ?", [key])
    return None if row is None else str(row[0])


def _set_meta(sql: Sql, key: str, value: str) -> None:
    sql.run(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def _head(target: Session | Sql) -> tuple[int, str] | None:
    """The last sealed position and its seal, as the head row holds them."""
    value = _meta(_sql(target), HEAD)
    if value is None:
        return None
    gseq, _sep, mac = value.partition(":")
    return int(gseq), mac


def _seal(sql: Sql, key: bytes, entry_id: int, digest: str) -> None:
    head = _head(sql)
    gseq, prev = (0, GENESIS) if head is None else head
    gseq += 1
    mac = _mac(key, "seal", gseq, prev, digest)
    sql.run("INSERT INTO audit_seal (gseq, entry_id, mac) VALUES (?, ?, ?)", [gseq, entry_id, mac])
    _set_meta(sql, HEAD, f"{gseq}:{mac}")
    _set_meta(sql, f"{HEAD}.seal", _mac(key, "head", gseq, mac))


def seal_existing(target: Session | Sql, key: bytes) -> int:
    """Seal every entry written before the seals existed (a database made by an older
    CertDesk), once, when its audit key is first made; returns how many (none when the
    seal chain has a head already)."""
    sql = _sql(target)
    if _head(sql) is not None:
        return 0
    waiting = sql.rows(
        "SELECT id, hash FROM audit_entry WHERE id NOT IN (SELECT entry_id FROM audit_seal) "
        "ORDER BY id"
    )
    for entry_id, digest in waiting:
        _seal(sql, key, int(entry_id), str(digest))
    if _head(sql) is None:  # nothing to seal: the head of an empty chain
        _set_meta(sql, HEAD, f"0:{GENESIS}")
        _set_meta(sql, f"{HEAD}.seal", _mac(key, "head", 0, GENESIS))
    return len(waiting)


@dataclass(frozen=True)
class Break:
    chain: str
    seq: int
    reason: str
    """"altered", "missing", "out_of_order"; "unsealed", "seal" (an entry, or the order of
    entries, does not match its seal), "head" (the newest entries were cut off)."""


def verify(session: Session, key: bytes | None = None) -> tuple[int, list[Break]]:
    """Check every chain, and with the audit key every seal; returns the number of entries
    and every break found."""
    from sqlmodel import col, select

    from certdesk.store.tables import AuditEntry

    rows = session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
    by_chain: dict[str, list[AuditEntry]] = {}
    for row in rows:
        by_chain.setdefault(row.chain, []).append(row)
    breaks: list[Break] = []
    for chain, entries in by_chain.items():
        prev, expected = GENESIS, 1
        for entry in entries:
            if entry.seq != expected:
                reason = "missing" if entry.seq > expected else "out_of_order"
                breaks.append(Break(chain, entry.seq, reason))
                expected = entry.seq
            recomputed = entry_hash(
                chain, entry.seq, entry.at, entry.actor, entry.action, entry.data, entry.prev_hash
            )
            if entry.prev_hash != prev or recomputed != entry.hash:
                breaks.append(Break(chain, entry.seq, "altered"))
            prev, expected = entry.hash, expected + 1
    if key is not None:
        breaks.extend(_seal_breaks(session, key, rows))
    return len(rows), breaks


def _seal_breaks(session: Session, key: bytes, rows: Sequence[AuditEntry]) -> list[Break]:
    from sqlmodel import col, select

    from certdesk.store.tables import AuditSeal

    by_id = {r.id: r for r in rows}
    seals = session.exec(select(AuditSeal).order_by(col(AuditSeal.gseq))).all()
    found: list[Break] = []
    prev, expected = GENESIS, 1
    for seal in seals:
        entry = by_id.pop(seal.entry_id, None)
        if seal.gseq != expected or entry is None:
            found.append(Break("database", seal.gseq, "seal"))
        elif _mac(key, "seal", seal.gseq, prev, entry.hash) != seal.mac:
            found.append(Break(entry.chain, entry.seq, "seal"))
        prev, expected = seal.mac, seal.gseq + 1
    found.extend(Break(e.chain, e.seq, "unsealed") for e in by_id.values())
    sql = of_session(session)
    head, head_seal = _head(sql), _meta(sql, f"{HEAD}.seal")
    last = (expected - 1, prev)
    if head != last or head_seal is None or head_seal != _mac(key, "head", last[0], last[1]):
        found.append(Break("database", last[0], "head"))
    return found


def chain_of(session: Session, chain: str) -> list[AuditEntry]:
    from sqlmodel import col, select

    from certdesk.store.tables import AuditEntry

    return list(
        session.exec(
            select(AuditEntry).where(AuditEntry.chain == chain).order_by(col(AuditEntry.seq))
        ).all()
    )
