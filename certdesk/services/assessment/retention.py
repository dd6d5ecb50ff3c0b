"""Retention: destroy what has expired so that it cannot be recovered, and record it.

Periods are counted in months from the day an assessment became final:
evidence files, personal data and free text, then the whole assessment record.
Destruction deletes rows with SQLite's secure_delete on, truncates the WAL and
vacuums the file; evidence files lose their only key with their row and are
overwritten before removal. The audit log keeps a record of every destruction
and never the destroyed text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, col, delete, select

from certdesk.domain.dates import add_months
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.context import Context, user_errors
from certdesk.store import audit
from certdesk.store.tables import Answer, Assessment, Evidence, Finding, Meta, now

KINDS = ("evidence", "personal", "record")
DEFAULT_MONTHS = 60


@dataclass
class PurgeReport:
    evidence_files: int = 0
    personal_data: int = 0
    records: int = 0
    assessments: list[str] = field(default_factory=list)


def months(session: Session) -> dict[str, int]:
    rows = {m.key: m.value for m in session.exec(select(Meta)).all()}
    return {k: int(rows.get(f"retention.{k}", DEFAULT_MONTHS)) for k in KINDS}


def set_months(ctx: Context, kind: str, value: int) -> None:
    if kind not in KINDS or not 1 <= value <= 600:
        raise UserError(
            _("retention is set per kind ({kinds}) in months, 1 to 600").format(
                kinds=", ".join(KINDS)
            )
        )
    with user_errors(ctx.db.path), ctx.db.session() as session:
        session.merge(Meta(key=f"retention.{kind}", value=str(value)))
        audit.append(
            session,
            audit.DATABASE_CHAIN,
            ctx.user,
            "retention.set",
            {"kind": kind, "months": value},
        )
        session.commit()


def _expired(closed: datetime, period: int, today: date) -> bool:
    return add_months(closed.date(), period) <= today


def _shred(path: os.PathLike[str]) -> None:
    try:
        with open(path, "r+b") as f:
            f.write(b"\0" * os.fstat(f.fileno()).st_size)
            f.flush()
            os.fsync(f.fileno())
        os.remove(path)
    except FileNotFoundError:
        return


def _destroy(
    ctx: Context, session: Session, record: Assessment, kinds: set[str], report: PurgeReport
) -> None:
    files = session.exec(select(Evidence).where(Evidence.assessment_id == record.id)).all()
    if "evidence" in kinds or "record" in kinds:
        for evidence in files:
            if evidence.stored_name:
                _shred(ctx.db.evidence_dir / evidence.stored_name)
                report.evidence_files += 1
        session.exec(delete(Evidence).where(col(Evidence.assessment_id) == record.id))
    if "personal" in kinds or "record" in kinds:
        for answer in session.exec(select(Answer).where(Answer.assessment_id == record.id)):
            answer.note = answer.na_justification = answer.answered_by = None
            session.add(answer)
        for finding in session.exec(select(Finding).where(Finding.assessment_id == record.id)):
            finding.description, finding.owner, finding.corrective_action = "", None, None
            session.add(finding)
        record.assessor = None
        report.personal_data += 1
    if "record" in kinds:
        session.exec(delete(Answer).where(col(Answer.assessment_id) == record.id))
        session.exec(delete(Finding).where(col(Finding.assessment_id) == record.id))
        record.scope_json, record.purged_at = "{}", now()
        report.records += 1
    session.add(record)
    audit.append(session, record.id, ctx.user, "retention.purge", {"kinds": sorted(kinds)})


def purge(ctx: Context, dry_run: bool = False, today: date | None = None) -> PurgeReport:
    """Destroy everything whose retention period has passed (or say what would go)."""
    today = today or date.today()
    report = PurgeReport()
    with user_errors(ctx.db.path), ctx.db.session() as session:
        periods = months(session)
        closed = session.exec(
            select(Assessment).where(
                col(Assessment.closed_at).is_not(None), col(Assessment.purged_at).is_(None)
            )
        ).all()
        for record in closed:
            assert record.closed_at is not None
            kinds = {k for k in KINDS if _expired(record.closed_at, periods[k], today)}
            if not kinds:
                continue
            report.assessments.append(record.id)
            if not dry_run:
                _destroy(ctx, session, record, kinds, report)
        if dry_run or not report.assessments:
            return report
        audit.append(
            session,
            audit.DATABASE_CHAIN,
            ctx.user,
            "retention.purge",
            {"assessments": report.assessments, "evidence_files": report.evidence_files},
        )
        session.commit()
    with user_errors(ctx.db.path):
        ctx.db.compact()
    return report


def current(ctx: Context) -> dict[str, int]:
    with user_errors(ctx.db.path), ctx.db.session() as session:
        return months(session)
