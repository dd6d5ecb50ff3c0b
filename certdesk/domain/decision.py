"""Decision rules as data: the first rule whose conditions all hold decides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from certdesk.domain.text import LocalText


class OutcomeKind(StrEnum):
    """What an outcome means, whatever the framework calls it."""

    CERTIFIED = "certified"
    CONDITIONAL = "conditional"
    NOT_CERTIFIED = "not_certified"
    INCOMPLETE = "incomplete"


class Severity(StrEnum):
    """A finding's severity, most severe first (the order reports list them in)."""

    MAJOR = "major"
    MINOR = "minor"
    OBSERVATION = "observation"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


@dataclass(frozen=True)
class Outcome:
    id: str
    kind: OutcomeKind
    title: LocalText


@dataclass(frozen=True)
class Conditions:
    """Every condition that is set must hold; an empty set always holds."""

    total_at_least: Fraction | None = None
    total_below: Fraction | None = None
    areas_meet_minimum: bool | None = None
    knockout_failed: bool | None = None
    any_item_not_met: tuple[str, ...] = ()
    open_findings_at_most: Mapping[Severity, int] = field(default_factory=dict)
    open_findings_at_least: Mapping[Severity, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    id: str
    outcome: str
    when: Conditions
    explanation: LocalText | None = None


@dataclass(frozen=True)
class Facts:
    """What the rules look at, computed by the scoring engine."""

    total: Fraction
    areas_below_minimum: tuple[str, ...]
    knockout_failures: tuple[str, ...]
    not_met_items: frozenset[str]
    open_findings: Mapping[Severity, int]
    """Findings written and still open, and the proposed ones, by severity."""
    proposed_findings: Mapping[str, Severity] = field(default_factory=dict)
    """Failed items without a finding of their own: the finding each proposes (item id ->
    severity), counted in `open_findings` until one is written for the item."""


def holds(when: Conditions, facts: Facts) -> bool:
    checks: list[bool] = []
    if when.total_at_least is not None:
        checks.append(facts.total >= when.total_at_least)
    if when.total_below is not None:
        checks.append(facts.total < when.total_below)
    if when.areas_meet_minimum is not None:
        checks.append((not facts.areas_below_minimum) == when.areas_meet_minimum)
    if when.knockout_failed is not None:
        checks.append(bool(facts.knockout_failures) == when.knockout_failed)
    if when.any_item_not_met:
        checks.append(any(i in facts.not_met_items for i in when.any_item_not_met))
    for severity, limit in when.open_findings_at_most.items():
        checks.append(facts.open_findings.get(severity, 0) <= limit)
    for severity, floor in when.open_findings_at_least.items():
        checks.append(facts.open_findings.get(severity, 0) >= floor)
    return all(checks)


def decide(rules: tuple[Rule, ...], default: str, facts: Facts) -> tuple[str, str]:
    """The outcome id and the id of the rule that decided it ("default" if none)."""
    for rule in rules:
        if holds(rule.when, facts):
            return rule.outcome, rule.id
    return default, "default"
