"""The one gate that decides what a result package may write at headquarters.

Every field of the stored record comes from what was authenticated: the
signer's trust-store entry (its role and supplier binding), and the kit
headquarters issued that the package answers (supplier, site, framework,
mode, profile, recipient). The inner content must agree with them, or the
file is refused. An assessment belongs to the kit that first delivered it;
nothing else may replace it; a final result is never reopened.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlmodel import Session, col, select

from certdesk.domain.assessment import Mode, Status
from certdesk.domain.framework import Framework
from certdesk.domain.numbers import fraction_text
from certdesk.domain.roles import KeyRole
from certdesk.domain.scoring import score
from certdesk.errors import UserError
from certdesk.formats.package import PackageError, load_json
from certdesk.formats.package_shapes import check
from certdesk.services.context import Context, reading
from certdesk.services.exchange import container
from certdesk.services.exchange.content_checks import (
    check_chain,
    check_evidence,
    check_findings,
    counted_answers,
    plausible,
)
from certdesk.services.exchange.inbound import Refused, Verified
from certdesk.services.exchange.trust import TrustedKeyView
from certdesk.services.messages import package_problem
from certdesk.store.tables import Assessment, Evidence, Finding, IssuedKit, Supplier

MEMBERS = ("assessment", "answers", "findings", "evidence", "audit")


def _content(package: container.Opened) -> dict[str, Any]:
    try:
        return {
            name: check(f"{name}.json", load_json(package.members.get(f"{name}.json", b""), name))
            for name in MEMBERS
        }
    except PackageError as exc:
        raise Refused(package_problem(exc.code, exc.detail)) from None


def _kit(session: Session, manifest: dict[str, Any]) -> tuple[IssuedKit, Supplier]:
    kit = session.get(IssuedKit, manifest["kit"])
    supplier = session.get(Supplier, kit.supplier_id) if kit else None
    if kit is None or supplier is None:
        raise Refused(package_problem("no_kit"))
    return kit, supplier


def _agrees(
    kit: IssuedKit, supplier: Supplier, manifest: dict[str, Any], inner: dict[str, Any]
) -> None:
    """The manifest and the inner assessment say what the kit says, field by field."""
    fw = manifest["framework"]
    pairs = {
        "mode": (kit.mode, manifest["mode"], inner["mode"]),
        "supplier": (supplier.business_id, manifest["supplier"]["business_id"]),
        "framework": (kit.framework_id, fw["id"], inner["framework_id"]),
        "version": (kit.framework_version, fw["version"], inner["framework_version"]),
        "content hash": (kit.framework_hash, fw["content_hash"], inner["framework_hash"]),
        "assessment": (manifest["assessment"], inner["id"]),
        "kit": (kit.id, inner["kit_id"]),
        "sequence": (manifest["sequence"], inner["sequence"]),
    }
    if kit.site is not None:
        pairs["site"] = (kit.site, manifest["site"])
    if kit.profile is not None:
        pairs["profile"] = (kit.profile, inner["profile"])
    for name, values in pairs.items():
        if len(set(values)) != 1:
            raise Refused(package_problem("kit_mismatch", name))


def _signer_may(signer: TrustedKeyView, kit: IssuedKit, supplier: Supplier) -> None:
    if kit.recipient_fingerprint and signer.fingerprint != kit.recipient_fingerprint:
        raise Refused(package_problem("kit_mismatch", "signer"))
    if kit.mode == Mode.ONSITE and signer.role is not KeyRole.ASSESSOR:
        raise Refused(package_problem("wrong_role", signer.name))
    if kit.mode == Mode.SELF and (
        signer.role is not KeyRole.SUPPLIER or signer.supplier != supplier.business_id
    ):
        raise Refused(package_problem("wrong_supplier", signer.name))


def _owner(session: Session, kit: IssuedKit, content: dict[str, Any]) -> None:
    """The assessment, its findings and evidence are this kit's, or new to headquarters."""
    aid = content["assessment"]["id"]
    if kit.assessment_id not in (None, aid):
        raise Refused(package_problem("kit_taken"))
    held = session.get(Assessment, aid)
    if held is not None and held.kit_id != kit.id:
        raise Refused(package_problem("not_owner"))
    if (
        held is not None
        and held.status == Status.FINAL
        and content["assessment"]["status"] != Status.FINAL
    ):
        raise Refused(package_problem("reopened"))
    for model, rows, what in (
        (Finding, content["findings"], "finding"),
        (Evidence, content["evidence"], "evidence"),
    ):
        ids = [r["id"] for r in rows]
        other = session.exec(
            select(model.id).where(col(model.id).in_(ids), col(model.assessment_id) != aid)
        ).first()
        if other is not None:
            raise Refused(package_problem("taken_id", f"{what} {str(other)[:8]}"))


def _framework(ctx: Context, kit: IssuedKit) -> Framework:
    try:
        framework = ctx.library.find(f"{kit.framework_id}@{kit.framework_version}")
    except UserError:
        raise Refused(package_problem("unknown_framework", kit.framework_id)) from None
    if framework.content_hash != kit.framework_hash:
        raise Refused(package_problem("framework_differs", kit.framework_id))
    return framework


def verify_result(
    ctx: Context, raw: bytes, signer: TrustedKeyView, package: container.Opened
) -> Verified:
    """Check a result package against everything headquarters knows; writes nothing."""
    if not package.encrypted:
        raise Refused(package_problem("plaintext"))
    try:
        manifest = check("result manifest.json", package.manifest)
    except PackageError as exc:
        raise Refused(package_problem(exc.code, exc.detail)) from None
    content = _content(package)
    inner = content["assessment"]
    with reading(ctx) as session:
        kit, supplier = _kit(session, manifest)
        _agrees(kit, supplier, manifest, inner)
        _signer_may(signer, kit, supplier)
        _owner(session, kit, content)
    framework = _framework(ctx, kit)
    for field in ("created_at", "updated_at", "closed_at"):
        plausible(inner[field], f"assessment.json {field}")
    try:
        check("scope", load_json(inner["scope_json"].encode("utf-8"), "assessment.json"))
    except PackageError:
        raise Refused(package_problem("malformed", "assessment.json scope_json")) from None
    if inner["profile"] is not None and framework.profile(inner["profile"]) is None:
        raise Refused(package_problem("malformed", "assessment.json profile"))
    given = counted_answers(framework, Mode(kit.mode), content["answers"])
    check_findings(framework, content["findings"])
    check_evidence(framework, content["evidence"], package.members)
    check_chain(content["audit"], inner["id"], manifest["audit_head"])
    recomputed = fraction_text(score(framework, given, kit.profile or inner["profile"]).total)
    return Verified(
        hashlib.sha256(raw).hexdigest(),
        signer,
        manifest,
        package.members,
        content,
        recomputed,
        kit.id,
        supplier.id,
    )
