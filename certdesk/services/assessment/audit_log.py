"""Checking the audit log's hash chains, and reading its newest entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from certdesk.services.context import Context, reading
from certdesk.store import audit
from certdesk.store.tables import AuditEntry

DATABASE_CHAIN = audit.DATABASE_CHAIN
"""The chain of database-wide events (suppliers, keys, imports, backups, retention)."""


@dataclass(frozen=True)
class ChainBreak:
    chain: str
    seq: int
    reason: str
    """"altered", "missing", "out_of_order"; with the audit key also "unsealed", "seal"
    and "head" (see `certdesk.store.audit.Break`)."""


@dataclass(frozen=True)
class AuditReport:
    entries: int
    breaks: tuple[ChainBreak, ...]

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify(ctx: Context) -> AuditReport:
    with reading(ctx) as session:
        count, breaks = audit.verify(session, ctx.db.audit_key)
    return AuditReport(count, tuple(ChainBreak(b.chain, b.seq, b.reason) for b in breaks))


@dataclass(frozen=True)
class AuditLine:
    """One entry as a person reads it: when, who, what (an action code), in which chain."""

    at: datetime
    actor: str
    action: str
    chain: str


def recent(ctx: Context, limit: int = 200, chain: str | None = DATABASE_CHAIN) -> list[AuditLine]:
    """The newest entries, newest first: of one chain (the database's by default), or of all."""
    query = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
    if chain is not None:
        query = query.where(AuditEntry.chain == chain)
    with reading(ctx) as session:
        rows = session.exec(query).all()
        return [AuditLine(datetime.fromisoformat(r.at), r.actor, r.action, r.chain) for r in rows]
