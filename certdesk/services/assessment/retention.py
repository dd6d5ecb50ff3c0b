"""Retention: destroy what has expired so that it cannot be recovered, and record it.

Periods are counted in months from the day an assessment became final:
evidence files, personal data and free text, then the whole assessment record.
Destruction deletes rows with SQLite's secure_delete on, truncates the WAL and
vacuums the file; evidence files lose their only key with their row and are
overwritten before removal. The audit log keeps a record of every destruction
and never the destroyed text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial

from sqlmodel import Session, col, delete, select

from certdesk import clock
from certdesk.domain.assessment import RetentionKind as Kind
from certdesk.domain.dates import add_months
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.changes import Changes
from certdesk.services.context import Context, Unit, changing, reading, user_errors
from certdesk.services.files import shred
from certdesk.store import audit
from certdesk.store.tables import AnswerRecord, Assessment, Evidence, Finding, Meta, now

KINDS = tuple(k.value for k in Kind)
DEFAULT_MONTHS = 60


@dataclass(frozen=True, kw_only=True)
class PurgeReport(Changes):
    evidence_files: int = 0
    personal_data: int = 0
    records: int = 0
    purged: tuple[str, ...] = ()
    """The assessments that lost data (or would, in a dry run)."""


@dataclass
class _Tally:
    evidence_files: int = 0
    personal_data: int = 0
    records: int = 0
    assessments: list[str] = field(default_factory=list)

    def report(self) -> PurgeReport:
        return PurgeReport(
            evidence_files=self.evidence_files,
            personal_data=self.personal_data,
            records=self.records,
            purged=tuple(self.assessments),
            assessments=bool(self.assessments),
            portfolio=bool(self.assessments),
        )


def months(session: Session) -> dict[str, int]:
    rows = {m.key: m.value for m in session.exec(select(Meta)).all()}
    return {k: int(rows.get(f"retention.{k}", DEFAULT_MONTHS)) for k in KINDS}


def set_months(ctx: Context, kind: str, value: int) -> Changes:
    if kind not in KINDS or not 1 <= value <= 600:
        raise UserError(
            _("retention is set per kind ({kinds}) in months, 1 to 600").format(
                kinds=", ".join(KINDS)
            )
        )
    with changing(ctx) as unit:
        unit.session.merge(Meta(key=f"retention.{kind}", value=str(value)))
        audit.append(
            unit.session,
            audit.DATABASE_CHAIN,
            ctx.user,
            "retention.set",
            {"kind": kind, "months": value},
        )
    return Changes(settings=True)


def _expired(closed: datetime, period: int, today: date) -> bool:
    return add_months(closed.date(), period) <= today


def _destroy(ctx: Context, unit: Unit, record: Assessment, kinds: set[str], tally: _Tally) -> None:
    session = unit.session
    files = session.exec(select(Evidence).where(Evidence.assessment_id == record.id)).all()
    if Kind.EVIDENCE in kinds or Kind.RECORD in kinds:
        for evidence in files:
            if evidence.stored_name:
                unit.after_commit(partial(shred, ctx.db.evidence_dir / evidence.stored_name))
                tally.evidence_files += 1
        session.exec(delete(Evidence).where(col(Evidence.assessment_id) == record.id))
    if Kind.PERSONAL in kinds or Kind.RECORD in kinds:
        for answer in session.exec(
            select(AnswerRecord).where(AnswerRecord.assessment_id == record.id)
        ):
            answer.note = answer.na_justification = answer.answered_by = None
            session.add(answer)
        for finding in session.exec(select(Finding).where(Finding.assessment_id == record.id)):
            finding.description, finding.owner, finding.corrective_action = "", None, None
            session.add(finding)
        record.assessor = None
        tally.personal_data += 1
    if Kind.RECORD in kinds:
        session.exec(delete(AnswerRecord).where(col(AnswerRecord.assessment_id) == record.id))
        session.exec(delete(Finding).where(col(Finding.assessment_id) == record.id))
        record.scope_json, record.purged_at = "{}", now()
        tally.records += 1
    session.add(record)
    audit.append(session, record.id, ctx.user, "retention.purge", {"kinds": sorted(kinds)})


def _expiring(session: Session, today: date) -> list[tuple[Assessment, set[str]]]:
    periods = months(session)
    closed = session.exec(
        select(Assessment).where(
            col(Assessment.closed_at).is_not(None), col(Assessment.purged_at).is_(None)
        )
    ).all()
    found = []
    for record in closed:
        assert record.closed_at is not None
        kinds = {k for k in KINDS if _expired(record.closed_at, periods[k], today)}
        if kinds:
            found.append((record, kinds))
    return found


def purge(ctx: Context, dry_run: bool = False, today: date | None = None) -> PurgeReport:
    """Destroy everything whose retention period has passed (or say what would go)."""
    today = today or clock.today()
    if dry_run:
        with reading(ctx) as session:
            return PurgeReport(purged=tuple(r.id for r, _k in _expiring(session, today)))
    tally = _Tally()
    with changing(ctx) as unit:
        for record, kinds in _expiring(unit.session, today):
            tally.assessments.append(record.id)
            _destroy(ctx, unit, record, kinds, tally)
        if tally.assessments:
            audit.append(
                unit.session,
                audit.DATABASE_CHAIN,
                ctx.user,
                "retention.purge",
                {"assessments": tally.assessments, "evidence_files": tally.evidence_files},
            )
    if tally.assessments:
        with user_errors(ctx.db.path):
            ctx.db.compact()
    return tally.report()


def current(ctx: Context) -> dict[str, int]:
    with reading(ctx) as session:
        return months(session)
