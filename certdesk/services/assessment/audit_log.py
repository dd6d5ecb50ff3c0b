"""Checking the audit log's hash chains."""

from __future__ import annotations

from dataclasses import dataclass

from certdesk.services.context import Context, reading
from certdesk.store import audit


@dataclass(frozen=True)
class ChainBreak:
    chain: str
    seq: int
    reason: str
    """"altered", "missing" or "out_of_order"."""


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
