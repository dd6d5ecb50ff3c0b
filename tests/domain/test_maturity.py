"""Maturity: the capped average is the total; uncapped average and maximum beside it."""

from __future__ import annotations

from fractions import Fraction

import pytest

from certdesk.domain.answers import Answer
from certdesk.domain.framework import Framework
from certdesk.domain.scoring import score
from certdesk.formats.criteria import load_framework
from tests.conftest import framework_file


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(framework_file("maturity-small.yaml"))


def test_over_achievement_cannot_hide_a_gap(fw: Framework) -> None:
    # G.1.1 at 5 (target 3, capped to 3), G.1.2 at 2 (target 4), S.1.1 at 5.
    result = score(fw, {"G.1.1": Answer("5"), "G.1.2": Answer("2"), "S.1.1": Answer("5")})
    assert result.areas["G"].score == Fraction(5, 2)  # (3 + 2) / 2
    assert result.areas["G"].uncapped == Fraction(7, 2)  # (5 + 2) / 2
    assert result.total == Fraction(11, 4)  # (5/2 + 3) / 2
    assert result.uncapped_total == Fraction(17, 4)  # (7/2 + 5) / 2
    assert result.maximum == 5
    assert result.gaps == ("G.1.2",)
    assert result.outcome == "below-target"


def test_item_target_overrides_framework_target(fw: Framework) -> None:
    result = score(fw, {"G.1.1": Answer("3"), "G.1.2": Answer("4"), "S.1.1": Answer("3")})
    assert result.items["G.1.2"].value == 4
    assert result.gaps == ()
    assert result.total == Fraction(13, 4)
    assert (result.outcome, result.decided_by) == ("at-target", "target-reached")


def test_na_excluded_and_unanswered_provisional(fw: Framework) -> None:
    result = score(fw, {"G.1.1": Answer("na", "no staff"), "G.1.2": Answer("4")})
    assert result.areas["G"].score == 4
    assert result.areas["S"].score == 0
    assert result.provisional
    assert result.unanswered == 1
