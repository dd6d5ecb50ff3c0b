"""The start screen's read model: every assessment with its progress, score and outcome.

It reads all assessments in one session and scores each from its answers,
without loading a workspace per assessment; the selected one's card (its
framework and score) feeds the dashboard shown below the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from certdesk import labels
from certdesk.domain.framework import Framework
from certdesk.domain.numbers import score_text
from certdesk.domain.scoring import ScoreResult
from certdesk.errors import UserError
from certdesk.i18n import _, current_language
from certdesk.services.assessment import desk
from certdesk.services.context import Context, plain
from certdesk.store.sql import Sql


@dataclass(frozen=True)
class ScoreCard:
    """An assessment's framework and score, as the dashboard draws them."""

    framework: Framework
    result: ScoreResult

    def score_text(self, value: Fraction | None) -> str:
        return score_text(self.framework.scoring.method, value)


@dataclass(frozen=True)
class AssessmentSummary:
    id: str
    supplier: str
    site: str | None
    framework: str
    mode_text: str
    cycle: str | None
    status_text: str
    answered: int
    applicable: int
    score_text: str
    outcome_text: str
    card: ScoreCard = field(compare=False, repr=False)
    archived: bool = False


def outcome_text(framework: Framework, result: ScoreResult) -> str:
    """The outcome's title; "not yet scored" while nothing is answered."""
    if result.applicable and result.unanswered == result.applicable:
        return _("not yet scored")
    outcome = framework.outcome(result.outcome)
    text = outcome.title.get(current_language()) if outcome else result.outcome
    if result.provisional:
        text = _("{outcome} (provisional)").format(outcome=text)
    return text


def _summary(ctx: Context, sql: Sql, record: desk.Head) -> AssessmentSummary | None:
    try:
        fw, result = desk.rescore(sql, ctx.library, record)
    except UserError:
        return None  # its framework is not installed here; the command line says why
    supplier, site = desk.party(sql, record)
    card = ScoreCard(fw, result)
    untouched = result.applicable and result.unanswered == result.applicable
    return AssessmentSummary(
        id=record.id,
        supplier=supplier,
        site=site,
        framework=fw.title.get(current_language()),
        mode_text=labels.mode(record.mode),
        cycle=record.cycle,
        status_text=labels.status(record.status),
        answered=result.applicable - result.unanswered,
        applicable=result.applicable,
        score_text="—" if untouched else card.score_text(result.total),
        outcome_text=outcome_text(fw, result),
        card=card,
        archived=record.archived,
    )


def summaries(ctx: Context, archived: bool = False) -> list[AssessmentSummary]:
    """Every assessment, the most recently changed first; archived ones only when asked."""
    with plain(ctx) as sql:
        found = (_summary(ctx, sql, record) for record in desk.heads(sql, archived))
        return [s for s in found if s is not None]


def summary_of(ctx: Context, assessment_id: str) -> AssessmentSummary | None:
    """One assessment's row, after a change to it."""
    with plain(ctx) as sql:
        return _summary(ctx, sql, desk.head(sql, assessment_id))
