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
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from certdesk import clock
from certdesk.store.tables import AuditEntry, AuditSeal, Meta

HEAD = "audit.head"
"""The meta row with the seal chain's head: its last position and sealed value."""

DATABASE_CHAIN = "database"
GENESIS = "0" * 64
AUDIT_LOCK = 0x63646175
"""PostgreSQL: the transaction-level advisory lock every append takes first. Appends by
several people at once then come one after the other, so each chain and the seal chain
over them stay unbroken; SQLite gets the same from its one writer at a time."""


def hold_lock(session: Session) -> None:
    """Take the audit log's lock for the rest of this transaction (PostgreSQL; a no-op on
    SQLite). A transaction that writes many things takes it first, so two such never wait
    for each other's rows while holding it."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK})


def text_digest(salt: bytes, text: str | None) -> str | None:
    """A keyed hash of free text: shows that it changed without keeping what it said."""
    if not text:
        return None
    return hmac.new(salt, text.encode("utf-8"), hashlib.sha256).hexdigest()


def entry_hash(*fields: str | int) -> str:
    """SHA-256 over chain, seq, at, actor, action, data and the previous hash."""
    body = json.dumps(list(fields), ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    session: Session, chain: str, actor: str, action: str, data: dict[str, Any]
) -> AuditEntry:
    hold_lock(session)
    last = session.exec(
        select(AuditEntry.seq, AuditEntry.hash)
        .where(AuditEntry.chain == chain)
        .order_by(col(AuditEntry.seq).desc())
        .limit(1)
    ).first()
    seq = 1 if last is None else last[0] + 1
    prev = GENESIS if last is None else last[1]
    at = clock.now().isoformat(timespec="microseconds")
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    entry = AuditEntry(
        chain=chain,
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        data=payload,
        prev_hash=prev,
        hash=entry_hash(chain, seq, at, actor, action, payload, prev),
    )
    session.add(entry)
    key = session.info.get("audit_key")
    if key is not None:
        session.flush()  # the entry's id, which its seal names
        _seal(session, key, entry)
    return entry


def _mac(key: bytes, *parts: str | int) -> str:
    body = json.dumps(list(parts)).encode("utf-8")
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def _head(session: Session) -> tuple[int, str] | None:
    """The last sealed position and its seal, as the head row holds them."""
    row = session.get(Meta, HEAD)
    if row is None:
        return None
    gseq, _sep, mac = row.value.partition(":")
    return int(gseq), mac


def _seal(session: Session, key: bytes, entry: AuditEntry) -> None:
    head = _head(session)
    gseq, prev = (0, GENESIS) if head is None else head
    gseq += 1
    mac = _mac(key, "seal", gseq, prev, entry.hash)
    assert entry.id is not None  # flushed
    session.add(AuditSeal(gseq=gseq, entry_id=entry.id, mac=mac))
    session.merge(Meta(key=HEAD, value=f"{gseq}:{mac}"))
    session.merge(Meta(key=f"{HEAD}.seal", value=_mac(key, "head", gseq, mac)))


def seal_existing(session: Session, key: bytes) -> int:
    """Seal every entry written before the seals existed (a database made by an older
    CertDesk), once, when its audit key is first made; returns how many."""
    sealed = set(session.exec(select(AuditSeal.entry_id)).all())
    waiting = [
        e
        for e in session.exec(select(AuditEntry).order_by(col(AuditEntry.id)))
        if e.id not in sealed
    ]
    for entry in waiting:
        _seal(session, key, entry)
    if session.get(Meta, HEAD) is None:  # nothing to seal: the head of an empty chain
        session.merge(Meta(key=HEAD, value=f"0:{GENESIS}"))
        session.merge(Meta(key=f"{HEAD}.seal", value=_mac(key, "head", 0, GENESIS)))
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
    head, head_seal = _head(session), session.get(Meta, f"{HEAD}.seal")
    last = (expected - 1, prev)
    if head != last or head_seal is None or head_seal.value != _mac(key, "head", last[0], last[1]):
        found.append(Break("database", last[0], "head"))
    return found


def chain_of(session: Session, chain: str) -> list[AuditEntry]:
    return list(
        session.exec(
            select(AuditEntry).where(AuditEntry.chain == chain).order_by(col(AuditEntry.seq))
        ).all()
    )
