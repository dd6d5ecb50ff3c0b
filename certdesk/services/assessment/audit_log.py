"""Checking the audit log's hash chains."""

from __future__ import annotations

from dataclasses import dataclass

from certdesk.services.context import Context, user_errors
from certdesk.store import audit


@dataclass(frozen=True)
class AuditReport:
    entries: int
    breaks: list[audit.Break]

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify(ctx: Context) -> AuditReport:
    with user_errors(ctx.db.path), ctx.db.session() as session:
        count, breaks = audit.verify(session)
        return AuditReport(count, breaks)
