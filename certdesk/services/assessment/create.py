"""Creating an assessment, pinned to a framework's id, version and content hash."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from certdesk.domain.assessment import Mode, Party
from certdesk.domain.framework import Framework
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment import records
from certdesk.services.assessment.suppliers import NewSupplier, add_in, find_supplier, site_for
from certdesk.services.changes import Created
from certdesk.services.context import Context, changing
from certdesk.services.library.checks import profile_of
from certdesk.store import audit
from certdesk.store.tables import AnswerRecord, Assessment, Supplier


@dataclass(frozen=True)
class Plan:
    """What an assessment is: against what, how, where and when."""

    framework: Framework
    mode: Mode
    site: str | None = None
    cycle: str | None = None
    profile: str | None = None
    assessor: str | None = None
    scope: dict[str, Any] = field(default_factory=dict)
    follows: str | None = None


def new_assessment(
    ctx: Context,
    supplier: str | NewSupplier,
    framework: str,
    mode: str,
    *,
    site: str | None = None,
    cycle: str | None = None,
    profile: str | None = None,
    assessor: str | None = None,
    scope: dict[str, Any] | None = None,
    follows: str | None = None,
) -> Created:
    """Create a draft assessment of a known supplier (by id, number or name), or of a new one
    added in the same transaction.

    An on-site assessment may follow the supplier's self-assessment (`follows`):
    its answers are copied in as the supplier's claims, beside which the assessor
    gives verdicts; the claims never count in the score.
    """
    plan = Plan(
        ctx.library.find(framework),
        Mode(mode),
        site,
        cycle,
        profile,
        assessor,
        scope or {},
        follows,
    )
    with changing(ctx) as unit:
        if isinstance(supplier, NewSupplier):
            owner = add_in(ctx, unit.session, supplier)
        else:
            owner = find_supplier(unit.session, supplier)
        record = create_in(ctx, unit.session, owner, plan)
    return Created(
        id=record.id,
        assessment=record.id,
        assessments=True,
        suppliers=isinstance(supplier, NewSupplier),
    )


def create_in(ctx: Context, session: Session, owner: Supplier, plan: Plan) -> Assessment:
    """Create the assessment inside the caller's unit of work."""
    fw = plan.framework
    chosen = profile_of(fw, plan.profile)
    place = site_for(session, owner, plan.site) if plan.site else None
    record = Assessment(
        supplier_id=owner.id,
        site_id=place.id if place else None,
        framework_id=fw.id,
        framework_version=fw.version,
        framework_hash=fw.content_hash,
        profile=chosen.id if chosen else None,
        mode=plan.mode.value,
        cycle=plan.cycle,
        assessor=plan.assessor,
        scope_json=json.dumps(plan.scope, ensure_ascii=False),
        text_salt=secrets.token_bytes(16),
    )
    session.add(record)
    session.flush()
    if plan.follows:
        record.follows_id = _copy_claims(session, plan.follows, record)
    audit.append(
        session,
        record.id,
        ctx.user,
        "assessment.create",
        {
            "follows": record.follows_id,
            "assessment": record.id,
            "supplier": owner.id,
            "framework": fw.id,
            "version": fw.version,
            "content_hash": fw.content_hash,
            "mode": record.mode,
            "profile": record.profile,
        },
    )
    return record


def _copy_claims(session: Session, follows: str, record: Assessment) -> str:
    earlier = records.get(session, follows)
    same = (earlier.framework_id, earlier.framework_hash, earlier.supplier_id)
    wanted = (record.framework_id, record.framework_hash, record.supplier_id)
    if earlier.mode != Mode.SELF or record.mode != Mode.ONSITE or same != wanted:
        raise UserError(
            _(
                "an on-site assessment can only follow a self-assessment of the same "
                "supplier and framework"
            )
        )
    claims = session.exec(
        select(AnswerRecord).where(
            AnswerRecord.assessment_id == earlier.id, AnswerRecord.party == Party.SUPPLIER
        )
    ).all()
    for claim in claims:
        session.add(
            AnswerRecord(
                assessment_id=record.id,
                item_id=claim.item_id,
                party=claim.party,
                value=claim.value,
                note=claim.note,
                na_justification=claim.na_justification,
                answered_by=claim.answered_by,
                answered_at=claim.answered_at,
            )
        )
    return earlier.id
