"""What a scoring run returns: every number, and why the outcome is what it is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from certdesk.domain.decision import Facts
from certdesk.domain.framework import Method


@dataclass(frozen=True)
class ItemScore:
    item_id: str
    code: str | None
    value: Fraction | None
    """The value that counts: capped for maturity; None when it leaves the denominator."""
    gap: bool = False
    lost: int = 0
    """Points subtracted from the baseline (deduction method)."""


@dataclass(frozen=True)
class NodeScore:
    score: Fraction | None
    applicable: int
    answered: int
    uncapped: Fraction | None = None
    maximum: Fraction | None = None


@dataclass(frozen=True)
class ScoreResult:
    method: Method
    total: Fraction
    areas: Mapping[str, NodeScore]
    criteria: Mapping[str, NodeScore]
    items: Mapping[str, ItemScore]
    unanswered: int
    outcome: str
    decided_by: str
    facts: Facts
    uncapped_total: Fraction | None = None
    maximum: Fraction | None = None

    @property
    def provisional(self) -> bool:
        """True while any applicable item is unanswered."""
        return self.unanswered > 0

    @property
    def applicable(self) -> int:
        return len(self.items)

    @property
    def gaps(self) -> tuple[str, ...]:
        return tuple(i for i, s in self.items.items() if s.gap)
