"""Corrective actions at headquarters: the responses received, their decision, what is late.

A finding closes only when its response is accepted; a major finding closed
after its due date still counts as open for the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from certdesk import clock, labels
from certdesk.domain.assessment import FindingStatus, ResponseDecision, overdue
from certdesk.domain.dates import day
from certdesk.domain.decision import Severity
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment.desk import SHORT_ID
from certdesk.services.assessment.held_scores import keep_score
from certdesk.services.changes import Changes
from certdesk.services.context import Context, changing, reading
from certdesk.store import audit
from certdesk.store.tables import Assessment, Finding, FindingResponse, ResultScore, now


@dataclass(frozen=True)
class ResponseView:
    id: str
    finding: str
    assessment: str
    severity: Severity
    description: str
    finding_status: FindingStatus
    action: str
    done_on: str
    decision: ResponseDecision
    decided_by: str | None
    decided_at: datetime | None


@dataclass(frozen=True)
class OverdueFinding:
    finding: str
    assessment: str
    severity: Severity
    description: str
    owner: str | None
    due: str


def _view(response: FindingResponse, finding: Finding) -> ResponseView:
    return ResponseView(
        response.id,
        finding.id,
        finding.assessment_id,
        Severity(finding.severity),
        finding.description,
        FindingStatus(finding.status),
        response.action_taken,
        response.done_on,
        ResponseDecision(response.decision),
        response.decided_by,
        response.decided_at,
    )


def received(ctx: Context) -> list[ResponseView]:
    """Every response received, decided or not, oldest first."""
    ctx.require_hq()
    with reading(ctx) as session:
        rows = session.exec(
            select(FindingResponse, Finding)
            .join(Finding)
            .order_by(col(FindingResponse.received_at))
        ).all()
        return [_view(r, f) for r, f in rows]


def pending(ctx: Context) -> list[ResponseView]:
    """The responses that still wait for a decision."""
    return [r for r in received(ctx) if r.decision is ResponseDecision.PENDING]


def _response(session: Session, ref: str) -> FindingResponse:
    """A response by its id or a unique prefix of it (as the lists show them)."""
    found = session.get(FindingResponse, ref)
    if found is None and len(ref) >= SHORT_ID:
        matches = session.exec(
            select(FindingResponse).where(col(FindingResponse.id).startswith(ref))
        ).all()
        found = matches[0] if len(matches) == 1 else None
    if found is None:
        raise UserError(_("no response '{id}'").format(id=ref))
    return found


def decide(ctx: Context, response_id: str, accept: bool, note: str | None = None) -> Changes:
    """Accept (the finding closes) or reject (it stays open, and the note says why: the
    supplier reads it) a response, recording who and when."""
    ctx.require_hq()
    note = (note or "").strip() or None
    with changing(ctx) as unit:
        response = _response(unit.session, response_id)
        if response.decision != ResponseDecision.PENDING:
            raise UserError(
                _("response {id} was already {decision}").format(
                    id=response.id[:8], decision=labels.decision(response.decision).lower()
                )
            )
        if not accept and note is None:
            raise UserError(_("write why the response is rejected"))
        finding = unit.session.get(Finding, response.finding_id)
        assert finding is not None  # a foreign key
        decision = ResponseDecision.ACCEPTED if accept else ResponseDecision.REJECTED
        response.decision = decision.value
        response.decided_by, response.decided_at = ctx.user, now()
        response.decision_note = note
        unit.session.add(response)
        if accept:
            finding.status, finding.closed_at = FindingStatus.CLOSED.value, now()
            unit.session.add(finding)
            record = unit.session.get(Assessment, finding.assessment_id)
            if record is not None and unit.session.get(ResultScore, record.id) is not None:
                keep_score(ctx, unit.session, record)  # a closed finding may lift the outcome
        audit.append(
            unit.session,
            finding.assessment_id,
            ctx.user,
            "finding.decide",
            {"finding": finding.id, "response": response.id, "decision": response.decision},
        )
    return Changes(assessment=finding.assessment_id, responses=True, portfolio=True)


def overdue_findings(ctx: Context, today: date | None = None) -> list[OverdueFinding]:
    """Open findings whose corrective action is past its due date."""
    day_ = today or clock.today()
    with reading(ctx) as session:
        rows = session.exec(
            select(Finding).where(
                Finding.status == FindingStatus.OPEN, col(Finding.due_date).is_not(None)
            )
        ).all()
        return [
            OverdueFinding(
                f.id, f.assessment_id, Severity(f.severity), f.description, f.owner, f.due_date
            )
            for f in rows
            if f.due_date and overdue(day(f.due_date), day_)
        ]
