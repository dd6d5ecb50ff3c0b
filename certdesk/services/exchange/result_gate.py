"""The one gate that decides what a result package may write at headquarters.

Every field of the stored record comes from what was authenticated: the
signer's trust-store entry (its role and supplier binding), and the kit
headquarters issued that the package answers (supplier, site, framework,
mode, profile, recipient). The inner content must agree with them, or the
file is refused. An assessment belongs to the kit that first delivered it;
nothing else may replace it; a final result is never reopened. What needs no database
(shapes, answers, evidence, chain, score) is checked before, by `result_check`.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from certdesk.domain.assessment import Mode, Status
from certdesk.domain.roles import KeyRole
from certdesk.services.context import Context, reading
from certdesk.services.exchange import container
from certdesk.services.exchange.inbound import Refused, Verified
from certdesk.services.exchange.result_check import Checked, check_result
from certdesk.services.exchange.trust import TrustedKeyView, entry_of
from certdesk.services.messages import package_problem
from certdesk.store.tables import Assessment, Evidence, Finding, IssuedKit, Supplier


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


def _still_trusted(session: Session, signer: TrustedKeyView) -> None:
    """The signer as the trust store holds it now (a key revoked while its file was being
    checked is refused)."""
    entry = entry_of(session, signer.fingerprint)
    if entry is None:
        raise Refused(package_problem("unknown_signer", signer.fingerprint))
    if entry.revoked_at is not None:
        raise Refused(package_problem("revoked_signer", entry.name))


def bind(session: Session, checked: Checked) -> Verified:
    """A checked result package against what headquarters holds; writes nothing."""
    manifest, inner = checked.manifest, checked.content["assessment"]
    _still_trusted(session, checked.signer)
    kit, supplier = _kit(session, manifest)
    _agrees(kit, supplier, manifest, inner)
    _signer_may(checked.signer, kit, supplier)
    _owner(session, kit, checked.content)
    if checked.problem:
        raise Refused(checked.problem)
    assert checked.held is not None  # scored when no rule is broken
    return Verified(
        checked.sha256,
        checked.signer,
        manifest,
        checked.members,
        checked.content,
        checked.recomputed,
        kit.id,
        supplier.id,
        checked.held,
    )


def verify_result(
    ctx: Context, raw: bytes, signer: TrustedKeyView, package: container.Opened
) -> Verified:
    """Check a result package against everything headquarters knows; writes nothing."""
    checked = check_result(ctx.library, raw, signer, package)
    with reading(ctx) as session:
        return bind(session, checked)
