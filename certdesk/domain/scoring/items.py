"""How one answer becomes an item score under each method."""

from __future__ import annotations

from fractions import Fraction

from certdesk.domain.answers import Answer
from certdesk.domain.framework import NA, Framework, Item, Method, NaPolicy
from certdesk.domain.scoring.result import ItemScore

ZERO = Fraction(0)


def score_item(framework: Framework, item: Item, answer: Answer | None) -> ItemScore:
    method = framework.scoring.method
    if method is Method.DEDUCTION:
        return _deduction(item, answer)
    if method is Method.MATURITY:
        return _maturity(framework, item, answer)
    return _conformity(framework, item, answer)


def _conformity(framework: Framework, item: Item, answer: Answer | None) -> ItemScore:
    if answer is None:
        return ItemScore(item.id, None, ZERO)
    if answer.code == NA:
        return ItemScore(item.id, NA, None)
    level = framework.scale_of(item).level(answer.code)
    value = level.value if level else ZERO
    return ItemScore(item.id, answer.code, value, gap=value < 1)


def _maturity(framework: Framework, item: Item, answer: Answer | None) -> ItemScore:
    target = framework.target_of(item)
    if answer is None:
        return ItemScore(item.id, None, ZERO)
    if answer.code == NA:
        if framework.scoring.na_policy is NaPolicy.AS_TARGET:
            return ItemScore(item.id, NA, target)
        return ItemScore(item.id, NA, None)
    level = framework.scale_of(item).level(answer.code)
    value = level.value if level else ZERO
    counted = min(value, target) if framework.scoring.cap_at_target else value
    return ItemScore(item.id, answer.code, counted, gap=value < target)


def uncapped_value(framework: Framework, item: Item, score: ItemScore) -> Fraction | None:
    """The maturity level as answered, before the cap at target."""
    if score.code is None or score.code == NA:
        return score.value
    level = framework.scale_of(item).level(score.code)
    return level.value if level else ZERO


def _deduction(item: Item, answer: Answer | None) -> ItemScore:
    if answer is None:
        return ItemScore(item.id, None, ZERO, lost=item.points)
    if answer.code in ("met", NA):
        return ItemScore(item.id, answer.code, Fraction(1))
    if answer.code == "partial" and item.partial_points is not None:
        return ItemScore(item.id, "partial", ZERO, gap=True, lost=item.partial_points)
    return ItemScore(item.id, answer.code, ZERO, gap=True, lost=item.points)
