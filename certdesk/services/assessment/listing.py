"""Assessments as lists and as one detailed record with its live score."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, func, select

from certdesk.domain.assessment import Mode
from certdesk.domain.supplier import format_business_id
from certdesk.services.assessment import records
from certdesk.services.context import Context, reading
from certdesk.services.library.scores import ScoreSummary, summary
from certdesk.store.tables import AnswerRecord, Assessment, Supplier


@dataclass(frozen=True)
class AssessmentRow:
    id: str
    supplier: str
    framework: str
    mode: str
    cycle: str | None
    status: str
    answered: int


@dataclass(frozen=True)
class SupplierRef:
    id: str
    name: str
    business_id: str


@dataclass(frozen=True)
class AssessmentDetail:
    id: str
    supplier: SupplierRef
    site: str | None
    scope: dict[str, Any]
    framework: str
    version: str
    content_hash: str
    profile: str | None
    mode: str
    cycle: str | None
    assessor: str | None
    status: str
    created_at: datetime
    open_findings: dict[str, int]
    follows: str | None
    claims: dict[str, str]
    score: ScoreSummary


def list_assessments(ctx: Context) -> list[AssessmentRow]:
    with reading(ctx) as session:
        rows = session.exec(
            select(Assessment, Supplier)
            .join(Supplier)
            .where(col(Assessment.purged_at).is_(None))
            .order_by(col(Assessment.created_at))
        ).all()
        counts = dict(
            session.exec(
                select(AnswerRecord.assessment_id, func.count()).group_by(
                    col(AnswerRecord.assessment_id)
                )
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


@dataclass(frozen=True)
class Followable:
    """A supplier's self-assessment an on-site assessment may follow."""

    id: str
    cycle: str | None
    status: str
    created: datetime


def followable(ctx: Context, supplier_id: str, framework: str) -> list[Followable]:
    """The supplier's self-assessments of a framework, newest first (the on-site assessment
    takes their answers as the supplier's claims)."""
    with reading(ctx) as session:
        rows = session.exec(
            select(Assessment)
            .where(
                Assessment.supplier_id == supplier_id,
                Assessment.framework_id == framework,
                Assessment.mode == Mode.SELF.value,
                col(Assessment.purged_at).is_(None),
            )
            .order_by(col(Assessment.created_at).desc())
        ).all()
        return [Followable(a.id, a.cycle, a.status, a.created_at) for a in rows]


def show(ctx: Context, assessment_id: str) -> AssessmentDetail:
    """An assessment with its live score (as `certdesk score` gives it)."""
    with reading(ctx) as session:
        record = records.get(session, assessment_id)
        supplier, site = records.party_of(session, record)
        fw, result = records.rescore(ctx, session, record)
        return AssessmentDetail(
            id=record.id,
            supplier=SupplierRef(
                supplier.id, supplier.name, format_business_id(supplier.business_id)
            ),
            site=site.name if site else None,
            scope=json.loads(record.scope_json),
            framework=record.framework_id,
            version=record.framework_version,
            content_hash=record.framework_hash,
            profile=record.profile,
            mode=record.mode,
            cycle=record.cycle,
            assessor=record.assessor,
            status=record.status,
            created_at=record.created_at,
            open_findings={
                k.value: v for k, v in records.open_findings(session, record.id).items()
            },
            follows=record.follows_id,
            claims=records.claims_of(session, record),
            score=summary(fw, result, record.profile),
        )
