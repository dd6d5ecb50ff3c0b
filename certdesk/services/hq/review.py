"""What headquarters reads to decide on corrective actions: each response with its
supplier, finding and evidence files; the actions that are late, and whose they are.

The decision itself is `corrective.decide`; `decide` here adds the one rule of the
review desk: a rejection says why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlmodel import col, select

from certdesk import clock
from certdesk.domain.assessment import ResponseDecision
from certdesk.domain.dates import day
from certdesk.domain.decision import Severity
from certdesk.domain.supplier import format_business_id
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment import evidence
from certdesk.services.changes import Changes
from certdesk.services.context import Context, reading
from certdesk.services.hq import corrective
from certdesk.store.tables import Assessment, Evidence, Finding, FindingResponse, Supplier


@dataclass(frozen=True)
class EvidenceFile:
    id: str
    name: str
    size: int


@dataclass(frozen=True)
class QueueEntry:
    """A supplier's response to a finding, with what headquarters needs to decide on it."""

    response: str
    finding: str
    assessment: str
    supplier: str
    business_id: str
    severity: Severity
    description: str
    requested: str | None
    """The corrective action the assessor asked for, if one."""
    due: str | None
    action: str
    done_on: str
    evidence: tuple[EvidenceFile, ...]
    received_at: datetime
    decision: ResponseDecision
    decided_by: str | None
    decided_at: datetime | None
    note: str | None


@dataclass(frozen=True)
class LateAction:
    """An open finding whose corrective action is past its due date."""

    finding: str
    assessment: str
    supplier: str
    business_id: str
    severity: Severity
    description: str
    owner: str | None
    due: str
    days_late: int


def queue(ctx: Context, *, pending_only: bool = False) -> list[QueueEntry]:
    """Every response received (or only those waiting for a decision), oldest first."""
    ctx.require_hq()
    with reading(ctx) as session:
        rows = session.exec(
            select(FindingResponse, Finding, Supplier)
            .join(Finding, col(FindingResponse.finding_id) == col(Finding.id))
            .join(Assessment, col(Finding.assessment_id) == col(Assessment.id))
            .join(Supplier, col(Assessment.supplier_id) == col(Supplier.id))
            .order_by(col(FindingResponse.received_at))
        ).all()
        ids = {i for r, _f, _s in rows for i in json.loads(r.evidence)}
        files = {
            e.id: EvidenceFile(e.id, e.original_name or "", e.size or 0)
            for e in session.exec(select(Evidence).where(col(Evidence.id).in_(ids)))
        }
    entries = [
        QueueEntry(
            response=r.id,
            finding=f.id,
            assessment=f.assessment_id,
            supplier=s.name,
            business_id=format_business_id(s.business_id),
            severity=Severity(f.severity),
            description=f.description,
            requested=f.corrective_action,
            due=f.due_date,
            action=r.action_taken,
            done_on=r.done_on,
            evidence=tuple(files[i] for i in json.loads(r.evidence) if i in files),
            received_at=r.received_at,
            decision=ResponseDecision(r.decision),
            decided_by=r.decided_by,
            decided_at=r.decided_at,
            note=r.decision_note,
        )
        for r, f, s in rows
    ]
    if pending_only:
        return [e for e in entries if e.decision is ResponseDecision.PENDING]
    return entries


def decide(ctx: Context, response_id: str, accept: bool, note: str = "") -> Changes:
    """Accept or reject a response; a rejection needs a note that says why."""
    return corrective.decide(ctx, response_id, accept, note)


def late_actions(ctx: Context, today: date | None = None) -> list[LateAction]:
    """Open findings past their due date, the longest late first."""
    ctx.require_hq()
    day_ = today or clock.today()
    late = corrective.overdue_findings(ctx, day_)
    with reading(ctx) as session:
        owners = {
            a: (s.name, format_business_id(s.business_id))
            for a, s in session.exec(
                select(Assessment.id, Supplier)
                .join(Supplier, col(Assessment.supplier_id) == col(Supplier.id))
                .where(col(Assessment.id).in_({f.assessment for f in late}))
            )
        }
    found = [
        LateAction(
            f.finding,
            f.assessment,
            *owners.get(f.assessment, ("", "")),
            f.severity,
            f.description,
            f.owner,
            f.due,
            (day_ - due).days,
        )
        for f in late
        if (due := day(f.due)) is not None
    ]
    return sorted(found, key=lambda a: (-a.days_late, a.supplier))


def open_evidence(ctx: Context, evidence_id: str) -> Path:
    """Decrypt a file of a supplier's response into a private folder, for viewing."""
    ctx.require_hq()
    with reading(ctx) as session:
        held = session.get(Evidence, evidence_id)
        if held is None or held.response_id is None:
            raise UserError(_("no evidence file '{id}'").format(id=evidence_id))
    return evidence.open_file(ctx, evidence_id)
