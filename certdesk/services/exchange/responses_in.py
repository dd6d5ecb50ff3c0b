"""Importing a supplier's response package at headquarters."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date
from functools import partial
from typing import Any

from sqlmodel import select

from certdesk.crypto.sealing import new_file_key, seal
from certdesk.domain.assessment import EvidenceKind, Mode, Status
from certdesk.domain.roles import KeyRole
from certdesk.formats.package import PackageError, load_json
from certdesk.services.changes import NOTHING, Changes
from certdesk.services.context import Context, changing
from certdesk.services.exchange.container import Opened
from certdesk.services.exchange.inbound import ImportOutcome, ImportStatus
from certdesk.services.exchange.trust import TrustedKeyView
from certdesk.services.files import write_sealed
from certdesk.services.messages import package_problem
from certdesk.store import audit
from certdesk.store.tables import (
    Assessment,
    Evidence,
    Finding,
    FindingResponse,
    Supplier,
)


def _entries(members: dict[str, bytes]) -> list[dict[str, Any]]:
    entries = load_json(members.get("response.json", b""), "response.json")
    ok = isinstance(entries, list) and all(
        isinstance(e, dict)
        and isinstance(e.get("finding_id"), str)
        and isinstance(e.get("action"), str)
        and isinstance(e.get("evidence"), list)
        and all(isinstance(x, dict) and f"evidence/{x.get('id')}" in members for x in e["evidence"])
        for e in entries
    )
    if not ok:
        raise PackageError("malformed", "response.json")
    for e in entries:
        try:
            date.fromisoformat(str(e.get("done_on")))
        except ValueError:
            raise PackageError("malformed", "response.json") from None
    checked: list[dict[str, Any]] = entries
    return checked


def import_response(
    ctx: Context, outcome: ImportOutcome, raw: bytes, signer: TrustedKeyView, package: Opened
) -> Changes:
    """Import a supplier's response package; `outcome` says whether it was taken."""
    manifest, members = package.manifest, package.members
    supplier_id = (manifest.get("supplier") or {}).get("business_id")
    if signer.role != KeyRole.SUPPLIER or signer.supplier != supplier_id:
        outcome.reason = package_problem("wrong_supplier", signer.name)
        return NOTHING
    try:
        entries = _entries(members)
    except PackageError as exc:
        outcome.reason = package_problem(exc.code, exc.detail)
        return NOTHING
    digest = hashlib.sha256(raw).hexdigest()
    outcome.assessment = str(manifest.get("assessment"))
    with changing(ctx) as unit:
        session = unit.session
        record = session.get(Assessment, outcome.assessment)
        owner = session.get(Supplier, record.supplier_id) if record else None
        if (
            record is None
            or owner is None
            or owner.business_id != supplier_id
            or (record.mode, record.status) != (Mode.ONSITE, Status.FINAL)
        ):
            outcome.reason = package_problem("no_final_result")
            return NOTHING
        findings = {
            f.id: f for f in session.exec(select(Finding).where(Finding.assessment_id == record.id))
        }
        if any(e["finding_id"] not in findings for e in entries):
            outcome.reason = package_problem("malformed", "response.json")
            return NOTHING
        if session.exec(
            select(FindingResponse).where(FindingResponse.package_sha256 == digest)
        ).first():
            outcome.status = ImportStatus.PRESENT
            return NOTHING
        for e in entries:
            finding = findings[e["finding_id"]]
            kept = []
            for attached in e["evidence"]:
                evidence = Evidence(
                    assessment_id=record.id,
                    item_id=finding.item_id,
                    kind=EvidenceKind.FILE.value,
                    original_name=str(attached.get("name")),
                    file_key=new_file_key(),
                    stored_name=secrets.token_hex(16),
                    added_by=signer.name,
                )
                body = members[f"evidence/{attached['id']}"]
                evidence.size, evidence.sha256 = len(body), hashlib.sha256(body).hexdigest()
                assert evidence.file_key is not None
                assert evidence.stored_name is not None
                target = ctx.db.evidence_dir / evidence.stored_name
                write_sealed(target, seal(evidence.file_key, body, evidence.id.encode()))
                unit.on_rollback(partial(target.unlink, missing_ok=True))
                session.add(evidence)
                kept.append(evidence.id)
            session.add(
                FindingResponse(
                    finding_id=finding.id,
                    action_taken=e["action"],
                    done_on=str(e["done_on"]),
                    evidence=json.dumps(kept),
                    package_sha256=digest,
                )
            )
        audit.append(
            session,
            record.id,
            ctx.user,
            "finding.response",
            {"package": digest, "findings": [e["finding_id"] for e in entries]},
        )
    outcome.status = ImportStatus.IMPORTED
    return Changes(assessment=record.id, responses=True, attachments=frozenset({""}))
