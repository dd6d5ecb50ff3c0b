"""Importing a supplier's response package at headquarters.

A response answers findings of a final on-site result of that supplier, is
signed by that supplier's own key, and is bounded: at most 100 findings, each
once, at most 10 files each, every file a member of the package referenced
once. Files are stored once per content (a member referenced twice is one
sealed copy), photos without their location, and kept apart from the
assessment's own evidence until headquarters accepts the closure.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from functools import partial
from typing import Any

from sqlmodel import select

from certdesk.domain.assessment import EvidenceKind, Mode, Status
from certdesk.domain.roles import KeyRole
from certdesk.errors import UserError
from certdesk.formats.package import PackageError, load_json
from certdesk.formats.package_shapes import check
from certdesk.services.assessment.photos import strip_location
from certdesk.services.changes import NOTHING, Changes
from certdesk.services.context import Context, Unit, changing
from certdesk.services.exchange.container import Opened
from certdesk.services.exchange.content_checks import unique
from certdesk.services.exchange.inbound import ImportOutcome, ImportStatus, Refused
from certdesk.services.exchange.trust import TrustedKeyView
from certdesk.services.files import sealed_evidence, write_sealed
from certdesk.services.messages import package_problem
from certdesk.store import audit
from certdesk.store.tables import Assessment, Evidence, Finding, FindingResponse, Supplier


def _entries(package: Opened) -> list[dict[str, Any]]:
    """The response's entries, strictly shaped, each finding and each file once."""
    members = package.members
    try:
        check("response manifest.json", package.manifest)
        entries: list[dict[str, Any]] = check(
            "response.json", load_json(members.get("response.json", b""), "response.json")
        )
    except PackageError as exc:
        raise Refused(package_problem(exc.code, exc.detail)) from None
    unique((e["finding_id"] for e in entries), "response.json: finding")
    referenced = [x["id"] for e in entries for x in e["evidence"]]
    unique(referenced, "response.json: file")
    files = {n.removeprefix("evidence/") for n in members if n.startswith("evidence/")}
    if set(referenced) != files:
        raise Refused(package_problem("manifest_mismatch"))
    return entries


def import_response(
    ctx: Context, outcome: ImportOutcome, raw: bytes, signer: TrustedKeyView, package: Opened
) -> Changes:
    """Import a supplier's response package; `outcome` says whether it was taken."""
    if not package.encrypted:
        raise Refused(package_problem("plaintext"))
    entries = _entries(package)
    supplier_id = package.manifest["supplier"]["business_id"]
    if signer.role is not KeyRole.SUPPLIER or signer.supplier != supplier_id:
        raise Refused(package_problem("wrong_supplier", signer.name))
    digest = hashlib.sha256(raw).hexdigest()
    outcome.assessment = package.manifest["assessment"]
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
            raise Refused(package_problem("no_final_result"))
        findings = {
            f.id: f for f in session.exec(select(Finding).where(Finding.assessment_id == record.id))
        }
        if any(e["finding_id"] not in findings for e in entries):
            raise Refused(package_problem("malformed", "response.json finding_id"))
        if session.exec(
            select(FindingResponse).where(FindingResponse.package_sha256 == digest)
        ).first():
            outcome.status = ImportStatus.PRESENT
            return NOTHING
        for e in entries:
            response = FindingResponse(
                finding_id=e["finding_id"],
                action_taken=e["action"],
                done_on=e["done_on"],
                package_sha256=digest,
            )
            kept = [
                _file(
                    ctx,
                    unit,
                    record=record,
                    finding=findings[e["finding_id"]],
                    response=response,
                    attached=x,
                    package=package,
                )
                for x in e["evidence"]
            ]
            response.evidence = json.dumps(sorted(set(kept)))
            session.add(response)
        audit.append(
            session,
            record.id,
            ctx.user,
            "finding.response",
            {"package": digest, "findings": [e["finding_id"] for e in entries]},
        )
    outcome.status = ImportStatus.IMPORTED
    return Changes(assessment=record.id, responses=True, portfolio=True)


def _file(
    ctx: Context,
    unit: Unit,
    *,
    record: Assessment,
    finding: Finding,
    response: FindingResponse,
    attached: dict[str, Any],
    package: Opened,
) -> str:
    """Seal one response file (once per content within this response); its evidence id."""
    body = package.members[f"evidence/{attached['id']}"]
    try:
        body = strip_location(body, name=attached["name"])
    except UserError as exc:
        raise Refused(exc.message) from None
    sha = hashlib.sha256(body).hexdigest()
    for held in unit.session.new:
        if isinstance(held, Evidence) and held.response_id == response.id and held.sha256 == sha:
            return held.id
    evidence = Evidence(
        assessment_id=record.id,
        item_id=finding.item_id,
        kind=EvidenceKind.FILE.value,
        original_name=attached["name"],
        size=len(body),
        sha256=sha,
        stored_name=secrets.token_hex(16),
        added_by=package.fingerprint,
        response_id=response.id,
    )
    assert evidence.stored_name is not None
    evidence.file_key, sealed = sealed_evidence(ctx, evidence.id, body)
    target = ctx.db.evidence_dir / evidence.stored_name
    write_sealed(target, sealed)
    unit.on_rollback(partial(target.unlink, missing_ok=True))
    unit.session.add(evidence)
    return evidence.id
