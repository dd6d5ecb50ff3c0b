"""Assessment kits out of headquarters: what an assessment needs, signed by headquarters.

A kit carries the framework file (matched by content hash), the supplier,
site, scope and applicability profile, headquarters' public keys and, for a
follow-up, the supplier's previous on-site result held here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from certdesk.crypto import keys
from certdesk.domain.assessment import FindingStatus, Mode
from certdesk.domain.numbers import rounded
from certdesk.errors import UserError
from certdesk.services.assessment import records
from certdesk.services.assessment.suppliers import by_business_id
from certdesk.services.changes import Written
from certdesk.services.context import Context, reading
from certdesk.services.exchange import container
from certdesk.services.exchange.own_keys import encryption_key, signing_key
from certdesk.services.messages import no_supplier
from certdesk.store.tables import Assessment, Finding, ImportedPackage


@dataclass(frozen=True, kw_only=True)
class KitIssued(Written):
    fingerprint: str
    """Headquarters' signing key, to confirm with the recipient out of band."""


def issue_kit(
    ctx: Context,
    business_id: str,
    framework: str,
    out: Path,
    *,
    site: str | None = None,
    profile: str | None = None,
    scope: dict[str, Any] | None = None,
) -> KitIssued:
    """Write a kit signed by headquarters."""
    ctx.require_hq()
    with reading(ctx) as session:
        supplier = by_business_id(session, business_id)
        if supplier is None:
            raise UserError(no_supplier(business_id))
    previous = _previous(ctx, supplier.id)
    entry = ctx.library.find_entry(framework)
    signer = signing_key()
    kit = {
        "supplier": {"business_id": supplier.business_id, "name": supplier.name},
        "site": site,
        "profile": profile,
        "scope": scope or {},
        "framework": {
            "id": entry.framework.id,
            "version": entry.framework.version,
            "content_hash": entry.framework.content_hash,
        },
        "hq": {
            "signing": keys.b64(keys.signing_public(signer)),
            "encryption": keys.b64(keys.encryption_public(encryption_key())),
        },
        "previous": previous,
    }
    members = {
        "kit.json": json.dumps(kit, ensure_ascii=False).encode("utf-8"),
        "framework.yaml": entry.path.read_bytes(),
    }
    container.write(out, container.seal(members, {"kind": "kit"}, signer, None))
    fingerprint = keys.fingerprint(keys.signing_public(signer))
    return KitIssued(files=(out,), fingerprint=fingerprint, kits=True)


def _previous(ctx: Context, supplier_id: str) -> dict[str, Any] | None:
    """The supplier's latest on-site result held here, for the follow-up assessment."""
    with reading(ctx) as session:
        imported = select(ImportedPackage.assessment_id)
        latest = session.exec(
            select(Assessment)
            .where(
                Assessment.supplier_id == supplier_id,
                Assessment.mode == Mode.ONSITE,
                col(Assessment.id).in_(imported),
            )
            .order_by(col(Assessment.cycle).desc(), col(Assessment.updated_at).desc())
            .limit(1)
        ).first()
        if latest is None:
            return None
        _fw, result = records.rescore(ctx, session, latest)
        still_open = session.exec(
            select(Finding).where(
                Finding.assessment_id == latest.id, Finding.status == FindingStatus.OPEN
            )
        ).all()
    return {
        "assessment": latest.id,
        "cycle": latest.cycle,
        "total": float(rounded(result.total, 4)),
        "outcome": result.outcome,
        "open_findings": len(still_open),
    }
