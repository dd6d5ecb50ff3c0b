"""Scoring without a database: a framework and a CSV of answers."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from certdesk.domain.answers import Answer
from certdesk.domain.framework import Framework, Method
from certdesk.domain.numbers import fraction_text, rounded
from certdesk.domain.scoring import ScoreResult, score
from certdesk.errors import UserError
from certdesk.formats.answers_csv import MAX_BYTES, read_answers
from certdesk.formats.problems import InvalidFileError
from certdesk.i18n import _
from certdesk.services.files import read_limited
from certdesk.services.library.checks import answer_error, profile_of
from certdesk.services.messages import cannot_read


def answers_from_csv(framework: Framework, path: Path) -> dict[str, Answer]:
    """The answers of a CSV file; every bad row is reported at once, by row number."""
    try:
        rows = read_answers(read_limited(path, MAX_BYTES), str(path))
    except InvalidFileError as exc:
        raise UserError(str(exc.problems[0])) from None
    except OSError as exc:
        raise UserError(cannot_read(path, exc)) from None
    answers: dict[str, Answer] = {}
    problems: list[str] = []
    for row in rows:
        answer = Answer(row.answer, row.note)
        error = answer_error(framework, row.item_id, answer)
        if error is None and row.item_id in answers:
            problems.append(
                _("{file}: row {row}: item {item} is answered twice").format(
                    file=path, row=row.row, item=row.item_id
                )
            )
        elif error is not None:
            problems.append(f"{path}: " + _("row {row}").format(row=row.row) + f": {error}")
        else:
            answers[row.item_id] = answer
    if problems:
        raise UserError(problems[0], tuple(problems[1:]))
    return answers


def display_number(value: Fraction) -> float | int:
    """An exact score as a JSON number: whole numbers stay whole, others get four decimals."""
    if value.denominator == 1:
        return int(value)
    return float(rounded(value, 4))


@dataclass(frozen=True)
class ScoreSummary:
    """A score as plain data (the JSON of `certdesk score` and `assess show`)."""

    framework: str
    version: str
    content_hash: str
    method: str
    profile: str | None
    total: float | int
    total_exact: str
    areas: dict[str, float | int | None]
    outcome: str
    outcome_kind: str | None
    decided_by: str
    provisional: bool
    unanswered: int
    applicable: int
    gaps: tuple[str, ...]
    knockout_failures: tuple[str, ...]
    areas_below_minimum: tuple[str, ...]
    baseline: int | None = None
    """Deduction: the points a fully implemented system starts from."""
    uncapped_average: float | int | None = None
    """Maturity: the average before capping each item at its target."""
    maximum: float | int | None = None
    """Maturity: the highest level given."""


def _number(value: Fraction | None) -> float | int | None:
    return None if value is None else display_number(value)


def summary(framework: Framework, result: ScoreResult, profile: str | None) -> ScoreSummary:
    outcome = framework.outcome(result.outcome)
    chosen = framework.profile(profile)
    maturity = result.method is Method.MATURITY
    return ScoreSummary(
        framework=framework.id,
        version=framework.version,
        content_hash=framework.content_hash,
        method=result.method.value,
        profile=chosen.id if chosen else None,
        total=display_number(result.total),
        total_exact=fraction_text(result.total),
        areas={k: _number(n.score) for k, n in result.areas.items()},
        outcome=result.outcome,
        outcome_kind=outcome.kind.value if outcome else None,
        decided_by=result.decided_by,
        provisional=result.provisional,
        unanswered=result.unanswered,
        applicable=result.applicable,
        gaps=result.gaps,
        knockout_failures=tuple(result.facts.knockout_failures),
        areas_below_minimum=tuple(result.facts.areas_below_minimum),
        baseline=framework.scoring.baseline if result.method is Method.DEDUCTION else None,
        uncapped_average=_number(result.uncapped_total) if maturity else None,
        maximum=_number(result.maximum) if maturity else None,
    )


def score_file(framework: Framework, path: Path, profile: str | None = None) -> ScoreResult:
    profile_of(framework, profile)
    return score(framework, answers_from_csv(framework, path), profile)
