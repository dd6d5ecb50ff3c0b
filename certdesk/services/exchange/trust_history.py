"""What happened to headquarters' trust store, from the audit log: who trusted or revoked
which key, and when.

The log names each key by its fingerprint only; the key's name, role and the reason
for a revocation are read from the trust store, which keeps them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import col, select

from certdesk.domain.roles import KeyRole
from certdesk.services.context import Context, reading
from certdesk.services.exchange.trust import aware, view_of
from certdesk.store import audit
from certdesk.store.tables import AuditEntry, TrustedKey


class TrustAction(StrEnum):
    TRUSTED = "trusted"
    REVOKED = "revoked"


ACTIONS = {"keys.trust": TrustAction.TRUSTED, "keys.revoke": TrustAction.REVOKED}
"""The audit log's actions on the trust store, and what each did."""


@dataclass(frozen=True)
class TrustChange:
    at: datetime
    actor: str
    action: TrustAction
    fingerprint: str
    name: str | None
    """The key's name in the trust store (None: the store does not hold the key)."""
    role: KeyRole | None
    supplier: str | None
    reason: str | None
    """For a revocation: the reason the trust store keeps."""


def history(ctx: Context) -> list[TrustChange]:
    """Every key trusted or revoked, newest first."""
    ctx.require_hq()
    with reading(ctx) as session:
        entries = session.exec(
            select(AuditEntry)
            .where(AuditEntry.chain == audit.DATABASE_CHAIN)
            .where(col(AuditEntry.action).in_(list(ACTIONS)))
            .order_by(col(AuditEntry.seq).desc())
        ).all()
        keys = {k.fingerprint: view_of(k) for k in session.exec(select(TrustedKey))}
    changes = []
    for entry in entries:
        fingerprint = str(json.loads(entry.data).get("fingerprint", ""))
        key = keys.get(fingerprint)
        action = ACTIONS[entry.action]
        changes.append(
            TrustChange(
                aware(datetime.fromisoformat(entry.at)),
                entry.actor,
                action,
                fingerprint,
                key.name if key else None,
                key.role if key else None,
                key.supplier if key else None,
                key.revoked_reason if key and action is TrustAction.REVOKED else None,
            )
        )
    return changes
