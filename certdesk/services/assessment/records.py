"""Reading one assessment inside a unit of work: the record, its framework, answers and score.

Every use case of the room finds an assessment, its supplier and site, its
pinned framework and its live score through these functions, and refuses a
change to a final assessment with the one rule here.
"""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from certdesk.domain.answers import Answer as DomainAnswer
from certdesk.domain.assessment import (
    FindingStatus,
    Mode,
    Party,
    ResponseDecision,
    Status,
    answering_party,
    counts_as_open,
)
from certdesk.domain.dates import day
from certdesk.domain.decision import Severity
from certdesk.domain.framework import Framework
from certdesk.domain.scoring import ScoreResult, score
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services import messages
from certdesk.services.context import Context
from certdesk.store.tables import (
    AnswerRecord,
    Assessment,
    Evidence,
    Finding,
    FindingResponse,
    ImportedPackage,
    Site,
    Supplier,
)

SHORT_ID = 6
"""The shortest prefix of an id the user may type instead of the whole id."""


def get(session: Session, assessment_id: str) -> Assessment:
    """An assessment by its id, or by a unique prefix of at least six characters."""
    record = session.get(Assessment, assessment_id)
    if record is None:
        matches = (
            session.exec(
                select(Assessment).where(col(Assessment.id).startswith(assessment_id))
            ).all()
            if len(assessment_id) >= SHORT_ID
            else []
        )
        if len(matches) != 1:
            raise UserError(_("no assessment '{id}'").format(id=assessment_id))
        record = matches[0]
    return record


def party_of(session: Session, record: Assessment) -> tuple[Supplier, Site | None]:
    """Whose assessment it is: the supplier and, if one was named, the site."""
    supplier = session.get(Supplier, record.supplier_id)
    assert supplier is not None  # a foreign key
    site = session.get(Site, record.site_id) if record.site_id else None
    return supplier, site


def framework_of(ctx: Context, record: Assessment) -> Framework:
    """The framework an assessment is pinned to: same id, version and content."""
    fw = ctx.library.find(f"{record.framework_id}@{record.framework_version}")
    if fw.content_hash != record.framework_hash:
        msg = _("{id} {version} is installed with other content than this assessment used")
        raise UserError(msg.format(id=record.framework_id, version=record.framework_version))
    return fw


def answering(record: Assessment) -> Party:
    """Whose answers count: the supplier's in a self-assessment, else the assessor's."""
    return answering_party(Mode(record.mode))


def answers_of(session: Session, record: Assessment) -> dict[str, DomainAnswer]:
    rows = session.exec(
        select(AnswerRecord.item_id, AnswerRecord.value, AnswerRecord.na_justification).where(
            AnswerRecord.assessment_id == record.id, AnswerRecord.party == answering(record)
        )
    ).all()
    return {item: DomainAnswer(value, why or "") for item, value, why in rows}


def claims_of(session: Session, record: Assessment) -> dict[str, str]:
    """The supplier's claims beside an on-site assessment (item id -> answer code)."""
    if record.mode != Mode.ONSITE:
        return {}
    rows = session.exec(
        select(AnswerRecord.item_id, AnswerRecord.value).where(
            AnswerRecord.assessment_id == record.id, AnswerRecord.party == Party.SUPPLIER
        )
    ).all()
    return dict(rows)


def open_findings(session: Session, assessment_id: str) -> dict[Severity, int]:
    """How many findings of each severity count as open for the outcome."""
    counts: dict[Severity, int] = {}
    for finding in session.exec(select(Finding).where(Finding.assessment_id == assessment_id)):
        if counts_as_open(
            FindingStatus(finding.status),
            day(finding.due_date),
            finding.closed_at.date() if finding.closed_at else None,
        ):
            severity = Severity(finding.severity)
            counts[severity] = counts.get(severity, 0) + 1
    return counts


def evidence_of(assessment_id: str) -> SelectOfScalar[Evidence]:
    """An assessment's evidence as reports show it: its own, and that of suppliers'
    responses only once headquarters accepted the closure."""
    accepted = select(FindingResponse.id).where(
        FindingResponse.decision == ResponseDecision.ACCEPTED
    )
    return select(Evidence).where(
        Evidence.assessment_id == assessment_id,
        or_(col(Evidence.response_id).is_(None), col(Evidence.response_id).in_(accepted)),
    )


def rescore(ctx: Context, session: Session, record: Assessment) -> tuple[Framework, ScoreResult]:
    fw = framework_of(ctx, record)
    result = score(
        fw, answers_of(session, record), record.profile, open_findings(session, record.id)
    )
    return fw, result


def imported(session: Session, record: Assessment) -> bool:
    """Whether the assessment came from a signed result package (at headquarters)."""
    found = session.exec(
        select(ImportedPackage.id).where(ImportedPackage.assessment_id == record.id).limit(1)
    ).first()
    return found is not None


def require_open(session: Session, record: Assessment) -> None:
    """What may change: not a final assessment, and not a result imported from a signed
    package (it is what its signer signed; headquarters' own decisions are kept apart)."""
    if record.status == Status.FINAL:
        raise UserError(messages.final())
    if imported(session, record):
        raise UserError(messages.imported_read_only())
