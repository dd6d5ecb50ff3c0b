"""Answering items: one at a time, or many at once from a CSV file or a questionnaire.

Every write checks each answer against the framework's rules, records what
it replaced as one undo step, and returns what changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from certdesk import clock
from certdesk.domain.answers import Answer as DomainAnswer
from certdesk.domain.framework import NA, Framework
from certdesk.domain.scoring import ScoreResult
from certdesk.errors import CancelledError, UserError
from certdesk.i18n import _, ngettext
from certdesk.services.assessment import desk
from certdesk.services.changes import Changes, Counted
from certdesk.services.context import Context, changing_sql, plain
from certdesk.services.history import Step
from certdesk.services.library.checks import checked
from certdesk.services.messages import unknown_item
from certdesk.store import audit
from certdesk.store.ids import new_id
from certdesk.store.sql import Sql


@dataclass(frozen=True)
class Held:
    """An item's answer as given: its code (None: no answer), note and n/a justification."""

    code: str | None
    note: str | None = None
    justification: str | None = None

    @property
    def why(self) -> str | None:
        """What justifies `na`: the justification given, else the note."""
        return (self.justification or self.note) if self.code == NA else None


NONE = Held(None)


@dataclass(frozen=True, kw_only=True)
class Answered(Changes):
    """An answer was recorded: the assessment's score after it."""

    result: ScoreResult


Progress = Callable[[int, int], bool]
"""Told (done, total); returns False to cancel."""


_UPSERT = (
    "INSERT INTO answer (id, assessment_id, item_id, party, value, note, na_justification, "
    "answered_by, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (assessment_id, item_id, party) DO UPDATE SET value = excluded.value, "
    "note = excluded.note, na_justification = excluded.na_justification, "
    "answered_by = excluded.answered_by, answered_at = excluded.answered_at"
)
_WHERE = "WHERE assessment_id = ? AND item_id = ? AND party = ?"


def _write(ctx: Context, sql: Sql, record: desk.Head, item_id: str, held: Held) -> Held:
    """Write one answer (or remove it) with its audit entry; returns what it replaced."""
    party = record.answering.value
    key = [record.id, item_id, party]
    row = sql.first(f"SELECT value, note, na_justification FROM answer {_WHERE}", key)  # noqa: S608
    before = NONE if row is None else Held(*row)
    if held.code is None:
        if row is not None:
            sql.run(f"DELETE FROM answer {_WHERE}", key)  # noqa: S608
            audit.append(
                sql, record.id, ctx.user, "answer.clear", {"item": item_id, "party": party}
            )
        return before
    note, why = held.note or None, held.why or None
    sql.run(_UPSERT, [new_id(), *key, held.code, note, why, ctx.user, clock.now()])
    audit.append(
        sql,
        record.id,
        ctx.user,
        "answer.set",
        {
            "item": item_id,
            "party": party,
            "value": held.code,
            "note": audit.text_digest(record.text_salt, note),
            "justification": audit.text_digest(record.text_salt, why),
        },
    )
    return before


def _check(framework: Framework, item_id: str, held: Held) -> None:
    if held.code is None:
        if framework.item(item_id) is None:
            raise UserError(unknown_item(item_id))
        return
    checked(framework, item_id, held.code, held.why)


def label_of(given: Mapping[str, Held], befores: Mapping[str, Held]) -> str:
    """What undo calls writing `given` over `befores`: "answer 3.7.2", "import of 110 answers"."""
    if len(given) != 1:
        return ngettext("import of {n} answer", "import of {n} answers", len(given)).format(
            n=len(given)
        )
    (item_id, held), before = next(iter(given.items())), next(iter(befores.values()))
    if held.code is None:
        return _("clearing {item}").format(item=item_id)
    if held.code == before.code:
        return _("note {item}").format(item=item_id)
    return _("answer {item}").format(item=item_id)


def set_answers(
    ctx: Context,
    assessment_id: str,
    given: Mapping[str, Held],
    progress: Progress | None = None,
) -> Counted:
    """Write answers in one transaction, all of them or none; one undo step for them all."""
    with changing_sql(ctx) as sql:
        record = desk.head(sql, assessment_id)
        desk.require_open(sql, record.id, record.status)
        framework = desk.framework_of(ctx.library, record)
        befores: dict[str, Held] = {}
        for done, (item_id, held) in enumerate(given.items(), start=1):
            _check(framework, item_id, held)
            befores[item_id] = _write(ctx, sql, record, item_id, held)
            if progress is not None and not progress(done, len(given)):
                raise CancelledError
        sql.run("UPDATE assessment SET updated_at = ? WHERE id = ?", [clock.now(), record.id])
    aid, after = record.id, dict(given)
    ctx.history.record(
        Step(
            label_of(given, befores),
            aid,
            undo=lambda: set_answers(ctx, aid, befores).plain(),
            redo=lambda: set_answers(ctx, aid, after).plain(),
        )
    )
    items = frozenset(given)
    return Counted(count=len(given), assessment=aid, items=items)


def record_answer(
    ctx: Context, assessment_id: str, item_id: str, value: str | None, note: str | None = None
) -> Changes:
    """Record one answer (for `na`, the note is the justification); None clears it."""
    return set_answers(ctx, assessment_id, {item_id: Held(value, note or None)}).plain()


def answer(
    ctx: Context, assessment_id: str, item_id: str, value: str, note: str | None = None
) -> Answered:
    """Record one answer and return the score after it (the command line shows it)."""
    changes = record_answer(ctx, assessment_id, item_id, value, note)
    with plain(ctx) as sql:
        _fw, result = desk.rescore(sql, ctx.library, desk.head(sql, assessment_id))
    return Answered(result=result, assessment=changes.assessment, items=changes.items)


def clear_answer(ctx: Context, assessment_id: str, item_id: str) -> Changes:
    """Remove an answer: the item becomes unanswered again."""
    return record_answer(ctx, assessment_id, item_id, None)


def apply_answers(
    ctx: Context,
    assessment_id: str,
    given: Mapping[str, DomainAnswer],
    notes: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> Counted:
    """Write checked answers with their notes in one transaction (all or none)."""
    held = {
        item_id: Held(
            answer.code,
            (notes or {}).get(item_id) or answer.justification or None,
            answer.justification or None,
        )
        for item_id, answer in given.items()
    }
    return set_answers(ctx, assessment_id, held, progress)


def import_answers(
    ctx: Context, assessment_id: str, path: Path, progress: Progress | None = None
) -> Counted:
    """Import a CSV of answers; all of them or, if any row is wrong or the user cancels, none."""
    from certdesk.services.library.scores import answers_from_csv

    with plain(ctx) as sql:
        record = desk.head(sql, assessment_id)
        desk.require_open(sql, record.id, record.status)
        framework = desk.framework_of(ctx.library, record)
    return apply_answers(ctx, record.id, answers_from_csv(framework, path), None, progress)
