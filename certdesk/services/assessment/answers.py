"""Answering items, one at a time or from a CSV file, with the score after each change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from certdesk.domain.answers import Answer as DomainAnswer
from certdesk.domain.answers import check_answer
from certdesk.domain.assessment import Mode, answering_party
from certdesk.domain.framework import NA, Framework
from certdesk.domain.scoring import ScoreResult
from certdesk.errors import UserError
from certdesk.services.assessment.assessments import framework_of, get, require_open, rescore
from certdesk.services.context import Context, user_errors
from certdesk.services.library.score_csv import answers_from_csv
from certdesk.services.messages import answer_problem
from certdesk.store import audit
from certdesk.store.tables import Answer, Assessment, now


@dataclass(frozen=True)
class Answered:
    """What changed: the item, and the score after the change."""

    item_id: str
    result: ScoreResult


def _write(
    ctx: Context,
    session: Session,
    record: Assessment,
    item_id: str,
    given: tuple[DomainAnswer, str | None],
) -> None:
    answer, note = given
    party = answering_party(Mode(record.mode)).value
    row = session.exec(
        select(Answer).where(
            Answer.assessment_id == record.id, Answer.item_id == item_id, Answer.party == party
        )
    ).first() or Answer(assessment_id=record.id, item_id=item_id, party=party, value="")
    row.value = answer.code
    row.note = note or None
    row.na_justification = answer.justification or None if answer.code == NA else None
    row.answered_by, row.answered_at = ctx.user, now()
    session.add(row)
    audit.append(
        session,
        record.id,
        ctx.user,
        "answer.set",
        {
            "item": item_id,
            "party": party,
            "value": answer.code,
            "note": audit.text_digest(record.text_salt, row.note),
            "justification": audit.text_digest(record.text_salt, row.na_justification),
        },
    )


def _checked(framework: Framework, item_id: str, value: str, note: str | None) -> DomainAnswer:
    answer = DomainAnswer(value, (note or "") if value == NA else "")
    problem = check_answer(framework, item_id, answer)
    if problem is not None:
        item = framework.item(item_id)
        codes = framework.scale_of(item).codes if item else ()
        raise UserError(answer_problem(problem, item_id, value, codes))
    return answer


def answer(
    ctx: Context, assessment_id: str, item_id: str, value: str, note: str | None = None
) -> Answered:
    """Record one answer (for `na`, the note is the justification) and rescore."""
    with user_errors(ctx.db.path), ctx.db.session() as session:
        record = _record_answer(ctx, session, assessment_id, (item_id, value, note))
        _fw, result = rescore(ctx, session, record)
        return Answered(item_id, result)


def record_answer(
    ctx: Context, assessment_id: str, item_id: str, value: str, note: str | None = None
) -> None:
    """Record one answer without rescoring (a caller that keeps its own score)."""
    with user_errors(ctx.db.path), ctx.db.session() as session:
        _record_answer(ctx, session, assessment_id, (item_id, value, note))


def _record_answer(
    ctx: Context, session: Session, assessment_id: str, given: tuple[str, str, str | None]
) -> Assessment:
    item_id, value, note = given
    record = get(session, assessment_id)
    require_open(record)
    framework = framework_of(ctx, record)
    _write(ctx, session, record, item_id, (_checked(framework, item_id, value, note), note))
    record.updated_at = now()
    session.add(record)
    session.commit()
    return record


def clear_answer(ctx: Context, assessment_id: str, item_id: str) -> None:
    """Remove an answer (the item becomes unanswered again), for undo."""
    with user_errors(ctx.db.path), ctx.db.session() as session:
        record = get(session, assessment_id)
        require_open(record)
        party = answering_party(Mode(record.mode)).value
        row = session.exec(
            select(Answer).where(
                Answer.assessment_id == record.id, Answer.item_id == item_id, Answer.party == party
            )
        ).first()
        if row is None:
            return
        session.delete(row)
        audit.append(
            session, record.id, ctx.user, "answer.clear", {"item": item_id, "party": party}
        )
        session.commit()


class CancelledError(Exception):
    """The user cancelled a long operation; nothing was written."""


Progress = Callable[[int, int], bool]
"""Told (done, total); returns False to cancel."""


def apply_answers(
    ctx: Context,
    assessment_id: str,
    given: dict[str, DomainAnswer],
    notes: dict[str, str] | None = None,
) -> int:
    """Write checked answers in one transaction (all or none)."""
    with user_errors(ctx.db.path), ctx.db.session() as session:
        record = get(session, assessment_id)
        require_open(record)
        for item_id, answer in given.items():
            note = (notes or {}).get(item_id) or answer.justification or None
            _write(ctx, session, record, item_id, (answer, note))
        record.updated_at = now()
        session.add(record)
        session.commit()
        return len(given)


def import_answers(
    ctx: Context, assessment_id: str, path: Path, progress: Progress | None = None
) -> int:
    """Import a CSV of answers; all of them or, if any row is wrong or the user
    cancels, none."""
    with user_errors(ctx.db.path), ctx.db.session() as session:
        record = get(session, assessment_id)
        require_open(record)
        framework = framework_of(ctx, record)
        answers = answers_from_csv(framework, path)
        for done, (item_id, given) in enumerate(answers.items(), start=1):
            note = given.justification or None
            _write(ctx, session, record, item_id, (given, note))
            if progress is not None and not progress(done, len(answers)):
                session.rollback()
                raise CancelledError
        record.updated_at = now()
        session.add(record)
        session.commit()
        return len(answers)
