"""Scoring without a database: a framework and a CSV of answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from certdesk.domain.answers import Answer, check_answer
from certdesk.domain.framework import Framework, Method
from certdesk.domain.numbers import fraction_text, rounded
from certdesk.domain.scoring import ScoreResult, score
from certdesk.errors import UserError
from certdesk.formats.answers_csv import read_answers
from certdesk.formats.problems import InvalidFileError
from certdesk.i18n import _
from certdesk.services.messages import answer_problem


def answers_from_csv(framework: Framework, path: Path) -> dict[str, Answer]:
    """The answers of a CSV file; every bad row is reported at once, by row number."""
    try:
        rows = read_answers(path.read_bytes(), str(path))
    except InvalidFileError as exc:
        raise UserError(str(exc.problems[0])) from None
    except OSError as exc:
        msg = _("cannot read {file}: {reason}").format(file=path, reason=exc.strerror)
        raise UserError(msg) from None
    answers: dict[str, Answer] = {}
    problems: list[str] = []
    for row in rows:
        answer = Answer(row.answer, row.note)
        problem = check_answer(framework, row.item_id, answer)
        if problem is None and row.item_id in answers:
            problems.append(
                _("{file}: row {row}: item {item} is answered twice").format(
                    file=path, row=row.row, item=row.item_id
                )
            )
        elif problem is not None:
            item = framework.item(row.item_id)
            codes = framework.scale_of(item).codes if item else ()
            text = answer_problem(problem, row.item_id, row.answer, codes)
            problems.append(f"{path}: " + _("row {row}").format(row=row.row) + f": {text}")
        else:
            answers[row.item_id] = answer
    if problems:
        raise UserError(problems[0], tuple(problems[1:]))
    return answers


def display_number(value: Any) -> float | int:
    if value.denominator == 1:
        return int(value)
    return float(rounded(value, 4))


def summary(framework: Framework, result: ScoreResult, profile: str | None) -> dict[str, Any]:
    """The result as plain data (the JSON of `certdesk score` and `assess show`)."""
    outcome = framework.outcome(result.outcome)
    chosen = framework.profile(profile)
    data: dict[str, Any] = {
        "framework": framework.id,
        "version": framework.version,
        "content_hash": framework.content_hash,
        "method": result.method.value,
        "profile": chosen.id if chosen else None,
        "total": display_number(result.total),
        "total_exact": fraction_text(result.total),
        "areas": {
            k: None if n.score is None else display_number(n.score) for k, n in result.areas.items()
        },
        "outcome": result.outcome,
        "outcome_kind": outcome.kind.value if outcome else None,
        "decided_by": result.decided_by,
        "provisional": result.provisional,
        "unanswered": result.unanswered,
        "applicable": result.applicable,
        "gaps": list(result.gaps),
        "knockout_failures": list(result.facts.knockout_failures),
        "areas_below_minimum": list(result.facts.areas_below_minimum),
    }
    if result.method is Method.DEDUCTION:
        data["baseline"] = framework.scoring.baseline
    if result.method is Method.MATURITY:
        data["uncapped_average"] = (
            None if result.uncapped_total is None else display_number(result.uncapped_total)
        )
        data["maximum"] = None if result.maximum is None else display_number(result.maximum)
    return data


def score_file(framework: Framework, path: Path, profile: str | None = None) -> ScoreResult:
    if profile is not None and framework.profile(profile) is None:
        known = ", ".join(p.id for p in framework.profiles) or "-"
        msg = _("the framework has no profile '{profile}' (profiles: {known})")
        raise UserError(msg.format(profile=profile, known=known))
    return score(framework, answers_from_csv(framework, path), profile)
