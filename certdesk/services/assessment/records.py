"""Reading one assessment inside a unit of work: the record, its framework, answers and score.

Every use case of the room finds an assessment, its supplier and site, its
pinned framework and its live score through these functions, and refuses a
change to a final assessment with the one rule here.
"""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from certdesk.domain.assessment import (
    Mode,
    Party,
    ResponseDecision,
    answering_party,
)
from certdesk.domain.decision import Severity
from certdesk.domain.framework import Framework
from certdesk.domain.scoring import ScoreResult
from certdesk.services.assessment import desk
from certdesk.services.context import Context
from certdesk.store.sql import of_session
from certdesk.store.tables import (
    Assessment,
    Evidence,
    FindingResponse,
    Site,
    Supplier,
)


def get(session: Session, assessment_id: str) -> Assessment:
    """An assessment by its id, or by a unique prefix of at least six characters
    (`desk.head` decides which)."""
    record = session.get(Assessment, assessment_id)
    if record is None:
        record = session.get(Assessment, desk.head(of_session(session), assessment_id).id)
    assert record is not None  # desk.head found it in this transaction
    return record


def party_of(session: Session, record: Assessment) -> tuple[Supplier, Site | None]:
    """Whose assessment it is: the supplier and, if one was named, the site."""
    supplier = session.get(Supplier, record.supplier_id)
    assert supplier is not None  # a foreign key
    site = session.get(Site, record.site_id) if record.site_id else None
    return supplier, site


def framework_of(ctx: Context, record: Assessment) -> Framework:
    """The framework an assessment is pinned to: same id, version and content."""
    return desk.framework_of(ctx.library, record)


def answering(record: Assessment) -> Party:
    """Whose answers count: the supplier's in a self-assessment, else the assessor's."""
    return answering_party(Mode(record.mode))


def claims_of(session: Session, record: Assessment) -> dict[str, str]:
    """The supplier's claims beside an on-site assessment (item id -> answer code)."""
    if record.mode != Mode.ONSITE:
        return {}
    given = desk.answers(of_session(session), record.id, Party.SUPPLIER)
    return {item: code for item, (code, _note, _why) in given.items()}


def open_findings(session: Session, assessment_id: str) -> dict[Severity, int]:
    """How many findings of each severity count as open for the outcome."""
    return desk.open_findings(of_session(session), assessment_id)


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
    return desk.rescore(of_session(session), ctx.library, record)


def imported(session: Session, record: Assessment) -> bool:
    """Whether the assessment came from a signed result package (at headquarters)."""
    return desk.imported(of_session(session), record.id)


def require_open(session: Session, record: Assessment) -> None:
    """What may change: not a final assessment, and not a result imported from a signed
    package (it is what its signer signed; headquarters' own decisions are kept apart)."""
    desk.require_open(of_session(session), record.id, record.status)
