"""Findings notices out of headquarters: the findings a supplier must answer, sent to it.

A notice names one imported on-site result and carries its open findings
(description, requested action, due date), with headquarters' keys to answer
to. It is signed by headquarters and encrypted to the supplier's own trusted
key, since the findings are the supplier's weaknesses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from sqlmodel import col, select

from certdesk.crypto import keys
from certdesk.domain.assessment import FindingStatus
from certdesk.domain.roles import KeyRole
from certdesk.errors import UserError
from certdesk.formats.package import FINDING_FIELDS, fields_of
from certdesk.i18n import _
from certdesk.services.assessment import records
from certdesk.services.changes import Written
from certdesk.services.context import Context, changing
from certdesk.services.exchange import container
from certdesk.services.exchange.container import Recipient
from certdesk.services.own_keys import encryption_key, signing_key
from certdesk.store import audit
from certdesk.store.tables import Finding, TrustedKey

MOST = 100
"""Findings in one notice (as in a response): more is not one supplier's result."""


@dataclass(frozen=True, kw_only=True)
class NoticeSent(Written):
    findings: int
    recipient: str


def send_findings(ctx: Context, assessment_id: str, out: Path) -> NoticeSent:
    """Write the open findings of an imported result for its supplier to answer."""
    ctx.require_hq()
    signer = signing_key()
    with changing(ctx) as unit:
        record = records.get(unit.session, assessment_id)
        if not records.imported(unit.session, record):
            raise UserError(_("only a result received from the field can be sent back"))
        supplier, site = records.party_of(unit.session, record)
        key = unit.session.exec(
            select(TrustedKey)
            .where(
                TrustedKey.role == KeyRole.SUPPLIER,
                TrustedKey.supplier_business_id == supplier.business_id,
                col(TrustedKey.revoked_at).is_(None),
                col(TrustedKey.encryption_public).is_not(None),
            )
            .order_by(col(TrustedKey.added_at).desc())
        ).first()
        if key is None or key.encryption_public is None:
            raise UserError(
                _(
                    "no trusted key of {supplier} to send its findings to: add the supplier's "
                    "public key to the trust store first"
                ).format(supplier=supplier.name)
            )
        found = unit.session.exec(
            select(Finding)
            .where(Finding.assessment_id == record.id, Finding.status == FindingStatus.OPEN)
            .order_by(col(Finding.created_at))
        ).all()
        if not found:
            raise UserError(_("this result has no open findings to send"))
        if len(found) > MOST:
            raise UserError(_("more than {n} open findings: close some first").format(n=MOST))
        notice = {
            "assessment": record.id,
            "supplier": {"business_id": supplier.business_id, "name": supplier.name},
            "site": site.name if site else None,
            "cycle": record.cycle,
            "framework": {
                "id": record.framework_id,
                "version": record.framework_version,
                "content_hash": record.framework_hash,
            },
            "findings": [fields_of(f, FINDING_FIELDS) for f in found],
            "hq": {
                "signing": keys.b64(keys.signing_public(signer)),
                "encryption": keys.b64(keys.encryption_public(encryption_key())),
            },
        }
        audit.append(
            unit.session,
            record.id,
            ctx.user,
            "notice.send",
            {"findings": len(found), "recipient": key.fingerprint, "file": out.name},
        )
        members = {"notice.json": json.dumps(notice, ensure_ascii=False).encode("utf-8")}
        to = Recipient(keys.unb64(key.encryption_public))
        container.write(out, container.seal(members, {}, signer, to, "notice"))
        unit.on_rollback(lambda: out.unlink(missing_ok=True))
    sent = NoticeSent(files=(out,), findings=len(found), recipient=key.fingerprint)
    return replace(sent, assessment=record.id)
