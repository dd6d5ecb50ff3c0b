"""Writing a verified result package into headquarters' database, in one transaction.

What is stored comes from the gate: the supplier and site of the kit, the
mode and framework of the kit, the content that passed every check. Files
follow the database: the new version's evidence is written before the
commit (and removed if it fails), the replaced version's only after it.
Findings keep their ids, so a supplier's response to one survives a newer
package; a response's evidence stays its own. Certificates that cite the
replaced result are marked superseded. Retention at headquarters counts
from its own import.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import Table, insert
from sqlmodel import col, delete, select

from certdesk.domain.assessment import EvidenceKind, Status
from certdesk.services.assessment.held_scores import keep_score
from certdesk.services.assessment.suppliers import site_for
from certdesk.services.changes import Changes
from certdesk.services.context import Context, Unit, changing
from certdesk.services.exchange.inbound import Verified
from certdesk.services.files import sealed_evidence, shred, write_sealed
from certdesk.store import audit
from certdesk.store.ids import new_id
from certdesk.store.tables import (
    AnswerRecord,
    Assessment,
    Certificate,
    Evidence,
    Finding,
    FindingResponse,
    ImportedPackage,
    IssuedKit,
    Supplier,
    now,
)

COPIED = ("profile", "cycle", "assessor", "scope_json", "status", "sequence")
"""The inner fields stored as the signer gave them; the rest come from the kit."""
FINDING = ("item_id", "severity", "description", "corrective_action", "owner", "due_date")


def _when(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value.replace("Z", "+00:00"))


def write_package(ctx: Context, found: Verified, *, replace: bool, claimed: str) -> Changes:
    """Write a verified result package: the assessment as signed, replacing an older one."""
    with changing(ctx) as unit:
        record = write_rows(ctx, unit, found, replace=replace, claimed=claimed)
    return Changes(assessment=record, every_item=True, assessments=True, portfolio=True)


def write_rows(ctx: Context, unit: Unit, found: Verified, *, replace: bool, claimed: str) -> str:
    """Write a verified result package inside `unit`; the assessment's id."""
    record = _assessment(unit, found)
    if replace:
        _clear(ctx, unit, record.id)
    _answers(unit, record, found.content["answers"])
    kept = _findings(unit, record, found.content["findings"])
    _evidence(ctx, unit, record, found)
    _certificates(unit, record, found.sha256)
    # the score as checked, unless a decision taken here on a finding outlives the file
    keep_score(ctx, unit.session, record, None if kept else found.held)
    unit.session.add(
        ImportedPackage(
            sha256=found.sha256,
            assessment_id=record.id,
            sequence=found.manifest["sequence"],
            signer_fingerprint=found.signer.fingerprint,
            claimed_total=claimed,
            recomputed_total=found.recomputed,
            audit_chain=json.dumps(found.content["audit"], ensure_ascii=False),
        )
    )
    audit.append(
        unit.session,
        audit.DATABASE_CHAIN,
        ctx.user,
        "package.import",
        {
            "package": found.sha256,
            "assessment": record.id,
            "kit": found.kit,
            "sequence": found.manifest["sequence"],
            "signer": found.signer.fingerprint,
        },
    )
    return record.id


def _assessment(unit: Unit, found: Verified) -> Assessment:
    session, data = unit.session, found.content["assessment"]
    kit = session.get(IssuedKit, found.kit)
    supplier = session.get(Supplier, found.supplier_id)
    assert kit is not None  # the gate read both
    assert supplier is not None
    kit.assessment_id = data["id"]
    session.add(kit)
    site = site_for(session, supplier, kit.site) if kit.site else None
    record = session.get(Assessment, data["id"]) or Assessment(
        id=data["id"],
        supplier_id=supplier.id,
        framework_id=kit.framework_id,
        framework_version=kit.framework_version,
        framework_hash=kit.framework_hash,
        mode=kit.mode,
        kit_id=kit.id,
        text_salt=secrets.token_bytes(16),
        created_at=_when(data["created_at"]) or now(),
    )
    for key in COPIED:
        setattr(record, key, data[key])
    record.site_id = site.id if site else None
    record.updated_at = _when(data["updated_at"]) or now()
    if record.status == Status.FINAL and record.closed_at is None:
        record.closed_at = now()  # retention counts from headquarters' own import
    session.add(record)
    session.flush()
    return record


def _clear(ctx: Context, unit: Unit, assessment_id: str) -> None:
    """Remove the held version's answers and own evidence now, its files once committed."""
    session = unit.session
    own = select(Evidence).where(
        Evidence.assessment_id == assessment_id, col(Evidence.response_id).is_(None)
    )
    for ev in session.exec(own):
        if ev.stored_name:
            unit.after_commit(partial(shred, ctx.db.evidence_dir / ev.stored_name))
        session.delete(ev)
    session.exec(delete(AnswerRecord).where(col(AnswerRecord.assessment_id) == assessment_id))
    session.flush()  # the rows go before their successors, which may keep their ids


def _answers(unit: Unit, record: Assessment, answers: list[dict[str, Any]]) -> None:
    rows = [
        {
            "id": new_id(),
            "assessment_id": record.id,
            **{k: a[k] for k in ("item_id", "party", "value", "note", "na_justification")},
            "answered_by": a["answered_by"],
            "answered_at": _when(a["answered_at"]) or now(),
        }
        for a in answers
    ]
    if rows:  # one executemany of the table's insert, not hundreds of ORM objects
        table: Table = AnswerRecord.__table__  # type: ignore[attr-defined]  # SQLModel's table
        unit.session.connection().execute(insert(table), rows)


def _findings(unit: Unit, record: Assessment, findings: list[dict[str, Any]]) -> bool:
    """Findings by id: new ones added, held ones updated, dropped ones removed unless a
    supplier answered them (a response is never orphaned). Whether any answered one was
    kept as decided here."""
    session = unit.session
    held = {
        f.id: f for f in session.exec(select(Finding).where(Finding.assessment_id == record.id))
    }
    answered = set(
        session.exec(
            select(FindingResponse.finding_id).where(col(FindingResponse.finding_id).in_(held))
        ).all()
    )
    for f in findings:
        row = held.pop(f["id"], None) or Finding(
            id=f["id"], assessment_id=record.id, severity="", description=""
        )
        for key in FINDING:
            setattr(row, key, f[key])
        if row.id not in answered:  # a decision taken here on a response stands
            row.status = f["status"]
        session.add(row)
    for gone in held.values():
        if gone.id not in answered:
            session.delete(gone)
    return bool(answered)


def _evidence(ctx: Context, unit: Unit, record: Assessment, found: Verified) -> None:
    for e in found.content["evidence"]:
        row = Evidence(
            assessment_id=record.id,
            added_at=_when(e["added_at"]) or now(),
            **{k: e[k] for k in ("id", "item_id", "kind", "original_name", "media_type", "size")},
            **{k: e[k] for k in ("sha256", "title", "doc_version", "seen_where", "shown_by")},
            added_by=e["added_by"],
        )
        if row.kind == EvidenceKind.FILE:
            body = found.members[f"evidence/{row.id}"]  # the gate matched it to its record
            row.stored_name = secrets.token_hex(16)
            row.file_key, sealed = sealed_evidence(ctx, row.id, body)
            target = ctx.db.evidence_dir / row.stored_name
            write_sealed(target, sealed)
            unit.on_rollback(partial(target.unlink, missing_ok=True))
        unit.session.add(row)


def _certificates(unit: Unit, record: Assessment, package: str) -> None:
    """A certificate cites one result: a newer one supersedes it."""
    for cert in unit.session.exec(
        select(Certificate).where(
            Certificate.assessment_id == record.id,
            Certificate.package_sha256 != package,
            col(Certificate.superseded_at).is_(None),
        )
    ):
        cert.superseded_at = now()
        unit.session.add(cert)
