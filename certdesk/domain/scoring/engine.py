"""The scoring engine: exact scores per item, criterion, area and total."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from certdesk.domain.answers import Answer
from certdesk.domain.decision import Facts, Severity, decide
from certdesk.domain.framework import Criterion, Framework, Item, Method
from certdesk.domain.scoring.items import score_item, uncapped_value
from certdesk.domain.scoring.result import ItemScore, NodeScore, ScoreResult

ZERO = Fraction(0)


def exact_sum(values: Iterable[Fraction]) -> Fraction:
    """The exact sum, adding numerators per denominator (fast for small denominators)."""
    by_denominator: dict[int, int] = defaultdict(int)
    for value in values:
        by_denominator[value.denominator] += value.numerator
    return sum((Fraction(n, d) for d, n in by_denominator.items()), ZERO)


@dataclass(frozen=True)
class _Scale:
    """Common denominators of a framework's weights and values, so sums stay integers."""

    weights: int
    values: int


_SCALES: dict[str, _Scale] = {}


def _scale(framework: Framework) -> _Scale:
    held = _SCALES.get(framework.content_hash)
    if held is None:
        weights = math.lcm(*(i.weight.denominator for i in framework.items()))
        values = math.lcm(
            *(lv.value.denominator for s in framework.scales.values() for lv in s.levels),
            framework.scoring.target.denominator,
            *(i.target.denominator for i in framework.items() if i.target is not None),
        )
        held = _SCALES[framework.content_hash] = _Scale(weights, values)
    return held


@dataclass
class _Sums:
    """Integer sums of a node (weights times the weight denominator, weighted values
    times both denominators), so an area adds up its criteria without fractions."""

    applicable: int = 0
    answered: int = 0
    weight: int = 0
    weighted: int = 0
    raw_weight: int = 0
    raw_weighted: int = 0
    maximum: Fraction | None = None
    lost: int = 0

    def add(self, other: _Sums) -> None:
        self.applicable += other.applicable
        self.answered += other.answered
        self.weight += other.weight
        self.weighted += other.weighted
        self.raw_weight += other.raw_weight
        self.raw_weighted += other.raw_weighted
        self.lost += other.lost
        if other.maximum is not None:
            self.maximum = (
                other.maximum if self.maximum is None else max(self.maximum, other.maximum)
            )

    def node(self, method: Method, scale: _Scale) -> NodeScore:
        if method is Method.DEDUCTION:
            return NodeScore(Fraction(-self.lost), self.applicable, self.answered)
        value = Fraction(self.weighted, self.weight * scale.values) if self.weight else None
        if method is not Method.MATURITY:
            return NodeScore(value, self.applicable, self.answered)
        raw = (
            Fraction(self.raw_weighted, self.raw_weight * scale.values) if self.raw_weight else None
        )
        return NodeScore(value, self.applicable, self.answered, raw, self.maximum)


def _sums(framework: Framework, scored: list[tuple[Item, ItemScore]], scale: _Scale) -> _Sums:
    sums = _Sums(applicable=len(scored), answered=sum(1 for _, s in scored if s.code is not None))
    for item, result in scored:
        sums.lost += result.lost
        if result.value is None:
            continue
        weight = int(item.weight * scale.weights)
        sums.weight += weight
        sums.weighted += weight * int(result.value * scale.values)
    if framework.scoring.method is Method.MATURITY:
        for item, result in scored:
            level = uncapped_value(framework, item, result)
            if level is None:
                continue
            weight = int(item.weight * scale.weights)
            sums.raw_weight += weight
            sums.raw_weighted += weight * int(level * scale.values)
            sums.maximum = level if sums.maximum is None else max(sums.maximum, level)
    return sums


def score(
    framework: Framework,
    answers: Mapping[str, Answer],
    profile: str | None = None,
    open_findings: Mapping[Severity, int] | None = None,
    covered: frozenset[str] = frozenset(),
) -> ScoreResult:
    """Score `answers` (item id -> answer) against `framework` in `profile`.

    Unanswered items count as not met and make the result provisional. Where the
    framework says so, every answered item that fails and is not in `covered` (the items
    with an open finding written for them) proposes a finding, which counts as open.
    """
    return Scorer(framework, profile).score(answers, open_findings, covered=covered)


@dataclass(frozen=True)
class _Kept:
    """A criterion as last scored: its items' scores, sums, node and knock-out failures."""

    scored: dict[str, ItemScore]
    sums: _Sums
    node: NodeScore
    knockouts: tuple[str, ...]


class Scorer:
    """Scores one assessment, and again after a change redoing only the criteria of the
    items that changed (an answer in the workspace rescores one criterion, not all 65);
    the areas, the total and the decision are added up again from the kept sums."""

    def __init__(self, framework: Framework, profile: str | None = None) -> None:
        self.framework, self.profile = framework, profile
        self._chosen = framework.profile(profile)
        self._scale = _scale(framework)
        self._kept: dict[str, _Kept] = {}
        self._criterion_of = {
            item.id: criterion.id
            for area in framework.areas
            for criterion in area.criteria
            for item in criterion.items
        }

    def _criterion(self, criterion: Criterion, answers: Mapping[str, Answer]) -> _Kept:
        framework, scale = self.framework, self._scale
        scored = [
            (item, score_item(framework, item, answers.get(item.id)))
            for item in criterion.items
            if framework.applies(item, self._chosen)
        ]
        sums = _sums(framework, scored, scale)
        kept = _Kept(
            {i.id: s for i, s in scored},
            sums,
            sums.node(framework.scoring.method, scale),
            tuple(i.id for i, s in scored if i.mandatory and s.gap),
        )
        self._kept[criterion.id] = kept
        return kept

    def score(
        self,
        answers: Mapping[str, Answer],
        open_findings: Mapping[Severity, int] | None = None,
        changed: Iterable[str] | None = None,
        covered: frozenset[str] = frozenset(),
    ) -> ScoreResult:
        """The score of `answers`; with `changed`, only those items' criteria are scored
        again (the others as kept from the last call). `covered` as for `score`."""
        framework = self.framework
        stale = None if changed is None else {self._criterion_of.get(i) for i in changed}
        items: dict[str, ItemScore] = {}
        criteria: dict[str, NodeScore] = {}
        areas: dict[str, NodeScore] = {}
        knockouts: list[str] = []
        for area in framework.areas:
            area_sums = _Sums()
            for criterion in area.criteria:
                kept = self._kept.get(criterion.id)
                if kept is None or stale is None or criterion.id in stale:
                    kept = self._criterion(criterion, answers)
                criteria[criterion.id] = kept.node
                area_sums.add(kept.sums)
                knockouts.extend(kept.knockouts)
                items.update(kept.scored)
            areas[area.id] = area_sums.node(framework.scoring.method, self._scale)
        return _result(
            framework,
            items,
            criteria=criteria,
            areas=areas,
            knockouts=knockouts,
            open_findings=open_findings,
            covered=covered,
        )


def _result(
    framework: Framework,
    items: dict[str, ItemScore],
    *,
    criteria: dict[str, NodeScore],
    areas: dict[str, NodeScore],
    knockouts: list[str],
    open_findings: Mapping[Severity, int] | None,
    covered: frozenset[str],
) -> ScoreResult:
    total, uncapped, maximum = _total(framework, areas)
    below = tuple(
        a.id
        for a in framework.areas
        if a.minimum is not None
        and (node := areas[a.id]).score is not None
        and node.score < a.minimum
    )
    proposed = _proposed(framework, items, covered)
    counted = dict(open_findings or {})
    for severity in proposed.values():
        counted[severity] = counted.get(severity, 0) + 1
    facts = Facts(
        total=total,
        areas_below_minimum=below,
        knockout_failures=tuple(knockouts),
        not_met_items=frozenset(i for i, s in items.items() if s.gap),
        open_findings=counted,
        proposed_findings=proposed,
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


def _proposed(
    framework: Framework, items: Mapping[str, ItemScore], covered: frozenset[str]
) -> dict[str, Severity]:
    """The findings failed items propose: answered, a gap, no finding of their own."""
    default = framework.proposes_findings
    if default is None:
        return {}
    found: dict[str, Severity] = {}
    for item_id, scored in items.items():
        if scored.code is None or not scored.gap or item_id in covered:
            continue
        item = framework.item(item_id)
        found[item_id] = (item.finding_severity if item else None) or default
    return found


def _weighted_mean(pairs: Iterable[tuple[Fraction, Fraction | None]]) -> Fraction | None:
    counted = [(w, v) for w, v in pairs if v is not None]
    weight = exact_sum(w for w, _ in counted)
    return exact_sum(w * v for w, v in counted) / weight if weight else None


def _total(
    framework: Framework, areas: Mapping[str, NodeScore]
) -> tuple[Fraction, Fraction | None, Fraction | None]:
    if framework.scoring.method is Method.DEDUCTION:
        lost = exact_sum(n.score or ZERO for n in areas.values())
        return Fraction(framework.scoring.baseline) + lost, None, None
    weights = {a.id: a.weight for a in framework.areas}
    total = _weighted_mean((weights[i], n.score) for i, n in areas.items()) or ZERO
    if framework.scoring.method is not Method.MATURITY:
        return total, None, None
    uncapped = _weighted_mean((weights[i], n.uncapped) for i, n in areas.items())
    maxima = [n.maximum for n in areas.values() if n.maximum is not None]
    return total, uncapped, max(maxima) if maxima else None
