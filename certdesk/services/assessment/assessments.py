"""Assessments: create, list, show with the live score, change status."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from certdesk.domain.answers import Answer as DomainAnswer
from certdesk.domain.assessment import (
    FindingStatus,
    Mode,
    Party,
    Status,
    answering_party,
    can_move,
)
from certdesk.domain.decision import Severity
from certdesk.domain.framework import Framework
from certdesk.domain.scoring import ScoreResult, score
from certdesk.domain.supplier import format_business_id
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment.suppliers import find_supplier, site_for
from certdesk.services.context import Context, user_errors
from certdesk.services.library.score_csv import summary
from certdesk.store import audit
from certdesk.store.tables import Answer, Assessment, Finding, Site, Supplier, now


def new_assessment(
    ctx: Context,
    supplier: str,
    framework: str,
    mode: str,
    *,
    site: str | None = None,
    cycle: str | None = None,
    profile: str | None = None,
    assessor: str | None = None,
    scope: dict[str, Any] | None = None,
    follows: str | None = None,
) -> str:
    """Create a draft assessment pinned to a framework's id, version and content hash.

    An on-site assessment may follow the supplier's self-assessment (`follows`):
    its answers are copied in as the supplier's claims, beside which the assessor
    gives verdicts; the claims never count in the score.
    """
    fw = ctx.library.find(framework)
    if profile is not None and fw.profile(profile) is None:
        known = ", ".join(p.id for p in fw.profiles) or "-"
        msg = _("the framework has no profile '{profile}' (profiles: {known})")
        raise UserError(msg.format(profile=profile, known=known))
    chosen = fw.profile(profile)
    with user_errors(ctx.db.path), ctx.db.session() as session:
        owner = find_supplier(session, supplier)
        place = site_for(session, owner, site) if site else None
        record = Assessment(
            supplier_id=owner.id,
            site_id=place.id if place else None,
            framework_id=fw.id,
            framework_version=fw.version,
            framework_hash=fw.content_hash,
            profile=chosen.id if chosen else None,
            mode=Mode(mode).value,
            cycle=cycle,
            assessor=assessor,
            scope_json=json.dumps(scope or {}, ensure_ascii=False),
            text_salt=secrets.token_bytes(16),
        )
        session.add(record)
        session.flush()
        if follows:
            record.follows_id = _copy_claims(session, follows, record, owner.id)
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
        session.commit()
        return record.id


def _copy_claims(session: Session, follows: str, record: Assessment, supplier_id: str) -> str:
    earlier = get(session, follows)
    same = (earlier.framework_id, earlier.framework_hash, earlier.supplier_id)
    wanted = (record.framework_id, record.framework_hash, supplier_id)
    if earlier.mode != Mode.SELF or record.mode != Mode.ONSITE or same != wanted:
        raise UserError(
            _(
                "an on-site assessment can only follow a self-assessment of the same "
                "supplier and framework"
            )
        )
    claims = session.exec(
        select(Answer).where(Answer.assessment_id == earlier.id, Answer.party == Party.SUPPLIER)
    ).all()
    for claim in claims:
        session.add(
            Answer(
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


def claims_of(session: Session, record: Assessment) -> dict[str, str]:
    """The supplier's claims beside an on-site assessment (item id -> answer code)."""
    if record.mode != Mode.ONSITE:
        return {}
    rows = session.exec(
        select(Answer.item_id, Answer.value).where(
            Answer.assessment_id == record.id, Answer.party == Party.SUPPLIER
        )
    ).all()
    return dict(rows)


def get(session: Session, assessment_id: str) -> Assessment:
    record = session.get(Assessment, assessment_id)
    if record is None:
        matches = (
            session.exec(
                select(Assessment).where(col(Assessment.id).startswith(assessment_id))
            ).all()
            if len(assessment_id) >= 6
            else []
        )
        if len(matches) != 1:
            raise UserError(_("no assessment '{id}'").format(id=assessment_id))
        record = matches[0]
    return record


def framework_of(ctx: Context, record: Assessment) -> Framework:
    """The framework an assessment is pinned to: same id, version and content."""
    fw = ctx.library.find(f"{record.framework_id}@{record.framework_version}")
    if fw.content_hash != record.framework_hash:
        msg = _("{id} {version} is installed with other content than this assessment used")
        raise UserError(msg.format(id=record.framework_id, version=record.framework_version))
    return fw


def answers_of(session: Session, record: Assessment) -> dict[str, DomainAnswer]:
    party = answering_party(Mode(record.mode)).value
    rows = session.exec(
        select(Answer.item_id, Answer.value, Answer.na_justification).where(
            Answer.assessment_id == record.id, Answer.party == party
        )
    ).all()
    return {item: DomainAnswer(value, why or "") for item, value, why in rows}


def open_findings(session: Session, assessment_id: str) -> dict[Severity, int]:
    """Findings that count as open for the outcome: still open, or closed only after
    their due date (a corrective action is due within its period)."""
    counts: dict[Severity, int] = {}
    for finding in session.exec(select(Finding).where(Finding.assessment_id == assessment_id)):
        late = bool(
            finding.closed_at
            and finding.due_date
            and finding.closed_at.date().isoformat() > finding.due_date
        )
        if finding.status == FindingStatus.OPEN or late:
            severity = Severity(finding.severity)
            counts[severity] = counts.get(severity, 0) + 1
    return counts


def rescore(ctx: Context, session: Session, record: Assessment) -> tuple[Framework, ScoreResult]:
    fw = framework_of(ctx, record)
    result = score(
        fw, answers_of(session, record), record.profile, open_findings(session, record.id)
    )
    return fw, result


def require_open(record: Assessment) -> None:
    if record.status == Status.FINAL:
        raise UserError(
            _("assessment {id} is final and can no longer change").format(id=record.id[:8])
        )


@dataclass(frozen=True)
class AssessmentRow:
    id: str
    supplier: str
    framework: str
    mode: str
    cycle: str | None
    status: str
    answered: int


def list_assessments(ctx: Context) -> list[AssessmentRow]:
    with user_errors(ctx.db.path), ctx.db.session() as session:
        rows = session.exec(
            select(Assessment, Supplier)
            .join(Supplier)
            .where(col(Assessment.purged_at).is_(None))
            .order_by(col(Assessment.created_at))
        ).all()
        counts = dict(
            session.exec(
                select(Answer.assessment_id, func.count()).group_by(col(Answer.assessment_id))
            ).all()
        )
        return [
            AssessmentRow(
                a.id,
                s.name,
                f"{a.framework_id} {a.framework_version}",
                a.mode,
                a.cycle,
                a.status,
                int(counts.get(a.id, 0)),
            )
            for a, s in rows
        ]


def show(ctx: Context, assessment_id: str) -> dict[str, Any]:
    """An assessment as plain data, with its live score (as `certdesk score` gives it)."""
    with user_errors(ctx.db.path), ctx.db.session() as session:
        record = get(session, assessment_id)
        supplier = session.get(Supplier, record.supplier_id)
        site = session.get(Site, record.site_id) if record.site_id else None
        fw, result = rescore(ctx, session, record)
        assert supplier is not None
        return {
            "id": record.id,
            "supplier": {
                "id": supplier.id,
                "name": supplier.name,
                "business_id": format_business_id(supplier.business_id),
            },
            "site": site.name if site else None,
            "scope": json.loads(record.scope_json),
            "framework": record.framework_id,
            "version": record.framework_version,
            "content_hash": record.framework_hash,
            "profile": record.profile,
            "mode": record.mode,
            "cycle": record.cycle,
            "assessor": record.assessor,
            "status": record.status,
            "created_at": record.created_at.isoformat(),
            "open_findings": {k.value: v for k, v in open_findings(session, record.id).items()},
            "follows": record.follows_id,
            "claims": claims_of(session, record),
            "score": summary(fw, result, record.profile),
        }


def set_status(ctx: Context, assessment_id: str, status: str) -> str:
    wanted = Status(status)
    with user_errors(ctx.db.path), ctx.db.session() as session:
        record = get(session, assessment_id)
        current = Status(record.status)
        if not can_move(current, wanted):
            msg = _("a {current} assessment cannot become {wanted}")
            raise UserError(msg.format(current=current.value, wanted=wanted.value))
        if wanted is Status.FINAL:
            record.closed_at = now()
        record.status, record.updated_at = wanted.value, now()
        session.add(record)
        audit.append(
            session,
            record.id,
            ctx.user,
            "assessment.status",
            {"from": current.value, "to": wanted.value},
        )
        session.commit()
        return record.id
