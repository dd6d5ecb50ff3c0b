"""The scoring engine: exact scores per item, criterion, area and total."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from certdesk.domain.answers import Answer
from certdesk.domain.decision import Facts, Severity, decide
from certdesk.domain.framework import Framework, Item, Method
from certdesk.domain.scoring.items import score_item, uncapped_value
from certdesk.domain.scoring.result import ItemScore, NodeScore, ScoreResult


def score(
    framework: Framework,
    answers: Mapping[str, Answer],
    profile: str | None = None,
    open_findings: Mapping[Severity, int] | None = None,
) -> ScoreResult:
    """Score `answers` (item id -> answer) against `framework` in `profile`.

    Unanswered items count as not met and make the result provisional.
    """
    chosen = framework.profile(profile)
    items: dict[str, ItemScore] = {}
    criteria: dict[str, NodeScore] = {}
    areas: dict[str, NodeScore] = {}
    knockouts: list[str] = []
    for area in framework.areas:
        area_items: list[tuple[Item, ItemScore]] = []
        for criterion in area.criteria:
            scored = [
                (item, score_item(framework, item, answers.get(item.id)))
                for item in criterion.items
                if framework.applies(item, chosen)
            ]
            criteria[criterion.id] = _node(framework, scored)
            area_items.extend(scored)
        areas[area.id] = _node(framework, area_items)
        knockouts.extend(i.id for i, s in area_items if i.mandatory and s.gap)
        items.update((i.id, s) for i, s in area_items)
    total, uncapped, maximum = _total(framework, areas)
    below = tuple(
        a.id
        for a in framework.areas
        if a.minimum is not None
        and (node := areas[a.id]).score is not None
        and node.score < a.minimum
    )
    facts = Facts(
        total=total,
        areas_below_minimum=below,
        knockout_failures=tuple(knockouts),
        not_met_items=frozenset(i for i, s in items.items() if s.gap),
        open_findings=dict(open_findings or {}),
    )
    outcome, decided_by = decide(framework.rules, framework.default_outcome, facts)
    return ScoreResult(
        method=framework.scoring.method,
        total=total,
        areas=areas,
        criteria=criteria,
        items=items,
        unanswered=sum(1 for s in items.values() if s.code is None),
        outcome=outcome,
        decided_by=decided_by,
        facts=facts,
        uncapped_total=uncapped,
        maximum=maximum,
    )


def _weighted_mean(pairs: Iterable[tuple[Fraction, Fraction | None]]) -> Fraction | None:
    counted = [(w, v) for w, v in pairs if v is not None]
    weight = sum((w for w, _ in counted), Fraction(0))
    if not weight:
        return None
    return sum((w * v for w, v in counted), Fraction(0)) / weight


def _node(framework: Framework, scored: list[tuple[Item, ItemScore]]) -> NodeScore:
    applicable = len(scored)
    answered = sum(1 for _, s in scored if s.code is not None)
    if framework.scoring.method is Method.DEDUCTION:
        lost = sum(s.lost for _, s in scored)
        return NodeScore(Fraction(-lost), applicable, answered)
    value = _weighted_mean((i.weight, s.value) for i, s in scored)
    if framework.scoring.method is not Method.MATURITY:
        return NodeScore(value, applicable, answered)
    raw = [(i.weight, uncapped_value(framework, i, s)) for i, s in scored]
    levels = [v for _, v in raw if v is not None]
    return NodeScore(
        value, applicable, answered, _weighted_mean(raw), max(levels) if levels else None
    )


def _total(
    framework: Framework, areas: Mapping[str, NodeScore]
) -> tuple[Fraction, Fraction | None, Fraction | None]:
    if framework.scoring.method is Method.DEDUCTION:
        lost = sum((n.score or Fraction(0) for n in areas.values()), Fraction(0))
        return Fraction(framework.scoring.baseline) + lost, None, None
    weights = {a.id: a.weight for a in framework.areas}
    total = _weighted_mean((weights[i], n.score) for i, n in areas.items()) or Fraction(0)
    if framework.scoring.method is not Method.MATURITY:
        return total, None, None
    uncapped = _weighted_mean((weights[i], n.uncapped) for i, n in areas.items())
    maxima = [n.maximum for n in areas.values() if n.maximum is not None]
    return total, uncapped, max(maxima) if maxima else None
