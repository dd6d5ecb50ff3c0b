"""Writing a verified package into headquarters' database, in one transaction."""

from __future__ import annotations

import secrets
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, delete, select

from certdesk.crypto.sealing import new_file_key, seal
from certdesk.domain.assessment import EvidenceKind, Mode
from certdesk.domain.supplier import normalize_business_id
from certdesk.formats.package import ASSESSMENT_FIELDS
from certdesk.services.assessment.suppliers import site_for
from certdesk.services.changes import Changes
from certdesk.services.context import Context, Unit, changing
from certdesk.services.exchange.inbound import Verified
from certdesk.services.files import shred, write_sealed
from certdesk.store import audit
from certdesk.store.tables import (
    AnswerRecord,
    Assessment,
    Evidence,
    Finding,
    ImportedPackage,
    Supplier,
    new_id,
    now,
)

_TIMES = ("created_at", "updated_at", "closed_at")
# The id is the record's key; the assessment it follows is the supplier's own
# record, which headquarters may not hold.
_NOT_COPIED = ("id", "follows_id")


def _when(value: Any) -> datetime | None:
    return None if value in (None, "") else datetime.fromisoformat(str(value))


def _supplier(session: Session, manifest: dict[str, Any]) -> Supplier:
    info = manifest["supplier"]
    digits = normalize_business_id(str(info["business_id"]))
    if digits is None:
        raise ValueError("business id")
    supplier = session.exec(select(Supplier).where(Supplier.business_id == digits)).first()
    if supplier is None:
        supplier = Supplier(business_id=digits, name=str(info["name"]))
        session.add(supplier)
        session.flush()
    return supplier


def _clear(ctx: Context, unit: Unit, assessment_id: str) -> None:
    """Remove the held version's rows now, and its evidence files once the new one committed."""
    session = unit.session
    for ev in session.exec(select(Evidence).where(Evidence.assessment_id == assessment_id)):
        if ev.stored_name:
            unit.after_commit(partial(shred, ctx.db.evidence_dir / ev.stored_name))
    for model in (AnswerRecord, Finding, Evidence):
        session.exec(delete(model).where(col(model.assessment_id) == assessment_id))


def write_package(ctx: Context, found: Verified, *, replace: bool, claimed: str) -> Changes:
    """Write a verified result package: the assessment as signed, replacing an older one."""
    manifest, content = found.manifest, found.content
    data = content["assessment"]
    if data["id"] != manifest["assessment"]:
        raise ValueError("assessment id")
    with changing(ctx) as unit:
        _write(ctx, unit, found, replace, claimed)
    return Changes(assessment=data["id"], every_item=True, assessments=True, portfolio=True)


def _write(ctx: Context, unit: Unit, found: Verified, replace: bool, claimed: str) -> None:
    manifest, content = found.manifest, found.content
    data = content["assessment"]
    session = unit.session
    supplier = _supplier(session, manifest)
    site = site_for(session, supplier, str(manifest["site"])) if manifest.get("site") else None
    record = session.get(Assessment, data["id"])
    if record is not None and replace:
        _clear(ctx, unit, record.id)
    if record is None:
        record = Assessment(
            id=data["id"],
            supplier_id=supplier.id,
            framework_id="",
            framework_version="",
            framework_hash="",
            mode=Mode.ONSITE.value,
            text_salt=secrets.token_bytes(16),
        )
    record.supplier_id, record.site_id = supplier.id, site.id if site else None
    for key in ASSESSMENT_FIELDS:
        if key in _TIMES:
            setattr(record, key, _when(data[key]) or getattr(record, key))
        elif key not in _NOT_COPIED:
            setattr(record, key, data[key])
    session.add(record)
    session.flush()
    rows = [
        {
            "id": new_id(),
            "assessment_id": record.id,
            "item_id": str(a["item_id"]),
            "party": str(a["party"]),
            "value": str(a["value"]),
            "note": a["note"],
            "na_justification": a["na_justification"],
            "answered_by": a["answered_by"],
            "answered_at": _when(a["answered_at"]) or now(),
        }
        for a in content["answers"]
    ]
    if rows:  # one executemany, not hundreds of ORM objects
        session.execute(insert(AnswerRecord), rows)
    for f in content["findings"]:
        session.add(
            Finding(
                id=str(f["id"]),
                assessment_id=record.id,
                item_id=f["item_id"],
                severity=str(f["severity"]),
                description=str(f["description"]),
                corrective_action=f["corrective_action"],
                owner=f["owner"],
                due_date=f["due_date"],
                status=str(f["status"]),
            )
        )
    for e in content["evidence"]:
        row = Evidence(
            id=str(e["id"]),
            assessment_id=record.id,
            item_id=e["item_id"],
            kind=str(e["kind"]),
            original_name=e["original_name"],
            media_type=e["media_type"],
            size=e["size"],
            sha256=e["sha256"],
            title=e["title"],
            doc_version=e["doc_version"],
            seen_where=e["seen_where"],
            shown_by=e["shown_by"],
            added_by=e["added_by"],
            added_at=_when(e["added_at"]) or now(),
        )
        body = found.members.get(f"evidence/{row.id}")
        if row.kind == EvidenceKind.FILE and body is not None:
            row.file_key, row.stored_name = new_file_key(), secrets.token_hex(16)
            target = ctx.db.evidence_dir / row.stored_name
            write_sealed(target, seal(row.file_key, body, row.id.encode()))
            unit.on_rollback(partial(target.unlink, missing_ok=True))
        session.add(row)
    session.add(
        ImportedPackage(
            sha256=found.sha256,
            assessment_id=record.id,
            sequence=int(manifest["sequence"]),
            signer_fingerprint=found.signer.fingerprint,
            claimed_total=claimed,
            recomputed_total=found.recomputed,
            audit_chain=str(content["audit"])[:1_000_000],
        )
    )
    audit.append(
        session,
        audit.DATABASE_CHAIN,
        ctx.user,
        "package.import",
        {
            "package": found.sha256,
            "assessment": record.id,
            "sequence": int(manifest["sequence"]),
            "signer": found.signer.fingerprint,
        },
    )
