"""The append-only, hash-chained audit log: one chain per assessment, one for the database.

Entries hold ids, who, when, codes and keyed hashes of free text, never the text
itself, so destroying data never breaks a chain. Each entry's hash covers its
chain, sequence number, time, actor, action, data and the previous hash: an
edited, removed or reordered entry breaks the chain. Triggers refuse UPDATE and
DELETE on the table (migration 0002).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from certdesk import clock
from certdesk.store.tables import AuditEntry

DATABASE_CHAIN = "database"
GENESIS = "0" * 64


def text_digest(salt: bytes, text: str | None) -> str | None:
    """A keyed hash of free text: shows that it changed without keeping what it said."""
    if not text:
        return None
    return hmac.new(salt, text.encode("utf-8"), hashlib.sha256).hexdigest()


def _entry_hash(*fields: str | int) -> str:
    """SHA-256 over chain, seq, at, actor, action, data and the previous hash."""
    body = json.dumps(list(fields), ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    session: Session, chain: str, actor: str, action: str, data: dict[str, Any]
) -> AuditEntry:
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
        hash=_entry_hash(chain, seq, at, actor, action, payload, prev),
    )
    session.add(entry)
    return entry


@dataclass(frozen=True)
class Break:
    chain: str
    seq: int
    reason: str  # "altered", "missing", "out_of_order"


def verify(session: Session) -> tuple[int, list[Break]]:
    """Check every chain; returns the number of entries and every break found."""
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
            recomputed = _entry_hash(
                chain, entry.seq, entry.at, entry.actor, entry.action, entry.data, entry.prev_hash
            )
            if entry.prev_hash != prev or recomputed != entry.hash:
                breaks.append(Break(chain, entry.seq, "altered"))
            prev, expected = entry.hash, expected + 1
    return len(rows), breaks


def chain_of(session: Session, chain: str) -> list[AuditEntry]:
    return list(
        session.exec(
            select(AuditEntry).where(AuditEntry.chain == chain).order_by(col(AuditEntry.seq))
        ).all()
    )
