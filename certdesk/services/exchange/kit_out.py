"""Assessment kits out of headquarters: what an assessment needs, signed by headquarters.

A kit carries the framework file (matched by content hash), the supplier,
site, scope, applicability profile, mode and due date, and headquarters'
public keys. Headquarters records every kit it issues: a result package must
answer one of them. A kit names its recipient (a trusted key) where it is
known and is then encrypted to it, and only then carries the supplier's
previous on-site result for a follow-up. A kit for anyone still names the
supplier (name, business number, site) and carries the whole framework file,
assessors' guidance included: it is signed, not secret.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from certdesk.crypto import keys
from certdesk.domain.assessment import FindingStatus, Mode
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment import records
from certdesk.services.assessment.suppliers import by_business_id
from certdesk.services.changes import Written
from certdesk.services.context import Context, changing
from certdesk.services.exchange import container
from certdesk.services.exchange.container import Recipient
from certdesk.services.exchange.trust import entry_of
from certdesk.services.library.checks import profile_of
from certdesk.services.library.scores import display_number
from certdesk.services.messages import no_supplier, not_a_date
from certdesk.services.own_keys import encryption_key, signing_key
from certdesk.store import audit
from certdesk.store.tables import Assessment, Finding, ImportedPackage, IssuedKit


@dataclass(frozen=True, kw_only=True)
class KitIssued(Written):
    kit: str
    """The kit's id, which the result that answers it names."""
    fingerprint: str
    """Headquarters' signing key, to confirm with the recipient out of band."""


def _recipient(session: Session, fingerprint: str | None) -> Recipient | None:
    if fingerprint is None:
        return None
    entry = entry_of(session, fingerprint)
    if entry is None or entry.revoked_at is not None or not entry.encryption_public:
        raise UserError(
            _("no trusted key {fingerprint} with an encryption key to send the kit to").format(
                fingerprint=fingerprint
            )
        )
    return Recipient(keys.unb64(entry.encryption_public))


def issue_kit(
    ctx: Context,
    business_id: str,
    framework: str,
    out: Path,
    *,
    mode: Mode | str = Mode.ONSITE,
    site: str | None = None,
    profile: str | None = None,
    scope: dict[str, Any] | None = None,
    due: str | None = None,
    to: str | None = None,
) -> KitIssued:
    """Write a kit signed by headquarters, encrypted to `to` (a trusted key) if given."""
    ctx.require_hq()
    if due is not None:
        try:
            date.fromisoformat(due)
        except ValueError:
            raise UserError(not_a_date(due)) from None
    entry = ctx.library.find_entry(framework)
    fw = entry.framework
    profile_of(fw, profile)
    signer = signing_key()
    with changing(ctx) as unit:
        supplier = by_business_id(unit.session, business_id)
        if supplier is None:
            raise UserError(no_supplier(business_id))
        recipient = _recipient(unit.session, to)
        issued = IssuedKit(
            supplier_id=supplier.id,
            framework_id=fw.id,
            framework_version=fw.version,
            framework_hash=fw.content_hash,
            mode=Mode(mode).value,
            site=site,
            profile=profile,
            scope_json=json.dumps(scope or {}, ensure_ascii=False),
            due_date=due,
            recipient_fingerprint=to if recipient else None,
            issued_by=ctx.user,
        )
        unit.session.add(issued)
        audit.append(
            unit.session,
            audit.DATABASE_CHAIN,
            ctx.user,
            "kit.issue",
            {
                "kit": issued.id,
                "supplier": supplier.id,
                "framework": f"{fw.id}@{fw.version}",
                "mode": issued.mode,
                "recipient": issued.recipient_fingerprint,
            },
        )
        kit = {
            "kit": issued.id,
            "mode": issued.mode,
            "supplier": {"business_id": supplier.business_id, "name": supplier.name},
            "site": site,
            "profile": profile,
            "scope": scope or {},
            "due": due,
            "framework": {"id": fw.id, "version": fw.version, "content_hash": fw.content_hash},
            "hq": {
                "signing": keys.b64(keys.signing_public(signer)),
                "encryption": keys.b64(keys.encryption_public(encryption_key())),
            },
            "previous": _previous(ctx, unit.session, supplier.id) if recipient else None,
        }
        members = {
            "kit.json": json.dumps(kit, ensure_ascii=False).encode("utf-8"),
            "framework.yaml": entry.path.read_bytes(),
        }
        container.write(out, container.seal(members, {}, signer, recipient, "kit"))
        unit.on_rollback(lambda: out.unlink(missing_ok=True))
    fingerprint = keys.fingerprint(keys.signing_public(signer))
    return KitIssued(files=(out,), kit=issued.id, fingerprint=fingerprint, kits=True)


def _previous(ctx: Context, session: Session, supplier_id: str) -> dict[str, Any] | None:
    """The supplier's latest on-site result held here, for the follow-up assessment."""
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
        "total": display_number(result.total),
        "outcome": result.outcome,
        "open_findings": len(still_open),
    }
