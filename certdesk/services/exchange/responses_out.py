"""Corrective actions: the supplier's response package, and closing findings.

A response package carries, for findings of a final on-site result, the
action taken, its date and evidence, signed by the supplier's own key and
encrypted to headquarters. It changes none of the assessor's answers. A
finding closes only when its response is accepted; a major finding closed
after its due date still counts as open for the outcome.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from certdesk.crypto import keys
from certdesk.errors import UserError
from certdesk.formats.package import build_archive, pack
from certdesk.i18n import _
from certdesk.services.assessment.suppliers import valid_business_id
from certdesk.services.context import Context, user_errors
from certdesk.services.exchange.own_keys import read_public, signing_key
from certdesk.services.exchange.results_out import INFO
from certdesk.services.messages import writing
from certdesk.store import audit
from certdesk.store.tables import Finding, FindingResponse, now


@dataclass(frozen=True)
class Response:
    finding_id: str
    action: str
    done_on: str
    evidence: tuple[Path, ...] = ()


def export_response(
    assessment_id: str, business_id: str, responses: list[Response], out: Path, encrypt_to: Path
) -> None:
    """Write a signed, encrypted response package (needs only the supplier's key)."""
    digits = valid_business_id(business_id)
    recipient = read_public(encrypt_to)
    if recipient.encryption is None:
        raise UserError(
            _("{file} holds no encryption key: use headquarters' public key file").format(
                file=encrypt_to
            )
        )
    members: dict[str, bytes] = {}
    entries: list[dict[str, Any]] = []
    for r in responses:
        try:
            date.fromisoformat(r.done_on)
        except ValueError:
            raise UserError(
                _("'{due}' is not a date (use YYYY-MM-DD)").format(due=r.done_on)
            ) from None
        names = []
        for path in r.evidence:
            evidence_id = str(uuid.uuid4())
            try:
                members[f"evidence/{evidence_id}"] = path.read_bytes()
            except OSError as exc:
                raise UserError(
                    _("cannot read {file}: {reason}").format(file=path, reason=exc.strerror)
                ) from None
            names.append({"id": evidence_id, "name": path.name})
        entries.append(
            {
                "finding_id": r.finding_id,
                "action": r.action,
                "done_on": r.done_on,
                "evidence": names,
            }
        )
    members["response.json"] = json.dumps(entries, ensure_ascii=False).encode("utf-8")
    signer = signing_key()
    manifest = {
        "kind": "response",
        "assessment": assessment_id,
        "supplier": {"business_id": digits},
    }
    archive = build_archive(members, manifest)
    header = {
        "format": 1,
        "signer": keys.b64(keys.signing_public(signer)),
        "encrypted": True,
        "recipient": recipient.fingerprint,
    }
    body = pack(header, keys.seal_to(recipient.encryption, archive, INFO))
    with writing(out):
        out.write_bytes(body + keys.sign(signer, body))


def pending(ctx: Context) -> list[tuple[FindingResponse, Finding]]:
    with user_errors(ctx.db.path), ctx.db.session() as session:
        rows = session.exec(
            select(FindingResponse, Finding)
            .join(Finding)
            .order_by(col(FindingResponse.received_at))
        ).all()
        return [(r, f) for r, f in rows]


def decide(ctx: Context, response_id: str, accept: bool, note: str | None = None) -> None:
    """Accept (the finding closes) or reject (it stays open) a response, recording who and when."""
    with user_errors(ctx.db.path), ctx.db.session() as session:
        response = session.get(FindingResponse, response_id)
        if response is None:
            raise UserError(_("no response '{id}'").format(id=response_id))
        if response.decision != "pending":
            raise UserError(
                _("response {id} was already {decision}").format(
                    id=response_id[:8], decision=response.decision
                )
            )
        finding = session.get(Finding, response.finding_id)
        assert finding is not None
        response.decision = "accepted" if accept else "rejected"
        response.decided_by, response.decided_at = ctx.user, now()
        response.decision_note = note
        session.add(response)
        if accept:
            finding.status, finding.closed_at = "closed", now()
            session.add(finding)
        audit.append(
            session,
            finding.assessment_id,
            ctx.user,
            "finding.decide",
            {"finding": finding.id, "response": response.id, "decision": response.decision},
        )
        session.commit()


def overdue(ctx: Context, today: date | None = None) -> list[Finding]:
    """Open findings whose corrective action is past its due date."""
    day = (today or date.today()).isoformat()
    with user_errors(ctx.db.path), ctx.db.session() as session:
        return list(
            session.exec(
                select(Finding).where(
                    Finding.status == "open",
                    col(Finding.due_date).is_not(None),
                    col(Finding.due_date) < day,
                )
            )
        )
