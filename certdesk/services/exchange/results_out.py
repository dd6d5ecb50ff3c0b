"""Exporting an assessment as a signed result package, encrypted to headquarters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from certdesk.crypto import keys
from certdesk.domain.assessment import EvidenceKind
from certdesk.domain.numbers import fraction_text
from certdesk.errors import UserError
from certdesk.formats.package import (
    ANSWER_FIELDS,
    ASSESSMENT_FIELDS,
    AUDIT_FIELDS,
    EVIDENCE_FIELDS,
    FINDING_FIELDS,
    fields_of,
)
from certdesk.i18n import _
from certdesk.services.assessment import records
from certdesk.services.changes import Written
from certdesk.services.context import Context, changing
from certdesk.services.exchange import container
from certdesk.services.exchange.container import Recipient
from certdesk.services.exchange.kit_in import pinned_encryption_key
from certdesk.services.files import evidence_body
from certdesk.services.messages import no_encryption_key
from certdesk.services.own_keys import read_public, signing_key
from certdesk.store import audit
from certdesk.store.tables import AnswerRecord, Assessment, Evidence, Finding

EXPORTED = "export.package"
"""The audit action of a result package written."""


def _rows(session: Session, model: Any, assessment_id: str) -> list[Any]:
    return list(session.exec(select(model).where(model.assessment_id == assessment_id)))


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def _members(ctx: Context, session: Session, assessment: Assessment) -> dict[str, bytes]:
    answers = [fields_of(a, ANSWER_FIELDS) for a in _rows(session, AnswerRecord, assessment.id)]
    findings = [fields_of(f, FINDING_FIELDS) for f in _rows(session, Finding, assessment.id)]
    evidence, files = [], {}
    for ev in _rows(session, Evidence, assessment.id):
        evidence.append(fields_of(ev, EVIDENCE_FIELDS))
        if ev.kind == EvidenceKind.FILE and ev.file_key and ev.stored_name:
            files[f"evidence/{ev.id}"] = evidence_body(ctx, ev.id, ev.file_key, ev.stored_name)
    chain = [fields_of(e, AUDIT_FIELDS) for e in audit.chain_of(session, assessment.id)]
    return {
        "assessment.json": _dump(fields_of(assessment, ASSESSMENT_FIELDS)),
        "answers.json": _dump(answers),
        "findings.json": _dump(findings),
        "evidence.json": _dump(evidence),
        "audit.json": _dump(chain),
        **files,
    }


def recipient_for(ctx: Context, encrypt_to: Path | None) -> Recipient:
    """Headquarters' encryption key: from `encrypt_to`, else the one a kit pinned."""
    if encrypt_to is None:
        pinned = pinned_encryption_key(ctx)
        if pinned is None:
            raise UserError(
                _(
                    "no headquarters key is pinned yet (import a kit first) or give "
                    "--encrypt-to HQ_PUBLIC_KEY_FILE"
                )
            )
        return Recipient(pinned)
    public = read_public(encrypt_to)
    if public.encryption is None:
        raise UserError(no_encryption_key(encrypt_to))
    pinned = pinned_encryption_key(ctx)
    if pinned is not None and pinned != public.encryption:
        raise UserError(
            _(
                "{file} is not the headquarters key the kits pinned ({fingerprint}); "
                "results go to that key only"
            ).format(file=encrypt_to, fingerprint=keys.fingerprint(pinned))
        )
    return Recipient(public.encryption)


def export_package(
    ctx: Context, assessment_id: str, out: Path, encrypt_to: Path | None = None
) -> Written:
    """Write the signed, encrypted result package; `sequence` is its sequence number."""
    recipient = recipient_for(ctx, encrypt_to)
    signer = signing_key()
    with changing(ctx) as unit:
        session = unit.session
        record = records.get(session, assessment_id)
        if record.kit_id is None:
            raise UserError(
                _(
                    "only an assessment started from a headquarters kit can be sent to "
                    "headquarters; import the kit headquarters sent for it"
                )
            )
        framework, result = records.rescore(ctx, session, record)
        supplier, site = records.party_of(session, record)
        record.sequence += 1
        session.add(record)
        entry = audit.append(
            session,
            record.id,
            ctx.user,
            EXPORTED,
            {"sequence": record.sequence, "recipient": recipient.fingerprint, "file": out.name},
        )
        session.flush()
        members = _members(ctx, session, record)
        manifest = {
            "assessment": record.id,
            "kit": record.kit_id,
            "audit_head": entry.hash,
            "sequence": record.sequence,
            "mode": record.mode,
            "framework": {
                "id": framework.id,
                "version": framework.version,
                "content_hash": framework.content_hash,
            },
            "supplier": {"business_id": supplier.business_id, "name": supplier.name},
            "site": site.name if site else None,
            "claimed": {"total": fraction_text(result.total), "outcome": result.outcome},
        }
        container.write(out, container.seal(members, manifest, signer, recipient, "result"))
        unit.on_rollback(lambda: out.unlink(missing_ok=True))
    return Written(files=(out,), sequence=record.sequence, assessment=record.id, status=True)
