"""Weighted conformity: weights, n/a, knock-out items, area minimums and bands."""

from __future__ import annotations

from fractions import Fraction

import pytest

from certdesk.domain.answers import Answer, AnswerProblem, check_answer
from certdesk.domain.decision import Severity
from certdesk.domain.framework import Framework
from certdesk.domain.scoring import score
from certdesk.formats.criteria import load_framework
from tests.conftest import framework_file


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(framework_file("conformity-small.yaml"))


def answers(**codes: str) -> dict[str, Answer]:
    return {
        k.replace("_", "."): Answer(v, "justified" if v == "na" else "") for k, v in codes.items()
    }


def test_all_met_is_certified(fw: Framework) -> None:
    result = score(fw, answers(A_1_1="met", A_1_2="met", B_1_1="met", B_1_2="met"))
    assert result.total == 1
    assert (result.outcome, result.decided_by) == ("certified", "band-certified")
    assert not result.provisional


def test_item_and_area_weights_are_exact(fw: Framework) -> None:
    # Area A (weight 2): A.1.1 met (w1), A.1.2 partial (w2) -> (1 + 2*0.5)/3 = 2/3.
    # Area B (weight 1): met and not_met -> 1/2.  Total: (2*2/3 + 1/2)/3 = 11/18.
    result = score(fw, answers(A_1_1="met", A_1_2="partial", B_1_1="met", B_1_2="not_met"))
    assert result.areas["A"].score == Fraction(2, 3)
    assert result.areas["B"].score == Fraction(1, 2)
    assert result.total == Fraction(11, 18)
    assert (result.outcome, result.decided_by) == ("conditional", "band-conditional")
    assert set(result.gaps) == {"A.1.2", "B.1.2"}


def test_na_leaves_the_denominator(fw: Framework) -> None:
    result = score(fw, answers(A_1_1="met", A_1_2="met", B_1_1="na", B_1_2="met"))
    assert result.areas["B"].score == 1
    assert result.total == 1


def test_knockout_item_decides_whatever_the_total(fw: Framework) -> None:
    result = score(fw, answers(A_1_1="partial", A_1_2="met", B_1_1="met", B_1_2="met"))
    assert result.total > Fraction(8, 10)
    assert (result.outcome, result.decided_by) == ("not_certified", "knockout")
    assert result.facts.knockout_failures == ("A.1.1",)


def test_area_below_minimum(fw: Framework) -> None:
    result = score(fw, answers(A_1_1="met", A_1_2="met", B_1_1="not_met", B_1_2="not_met"))
    assert result.facts.areas_below_minimum == ("B",)
    assert result.decided_by == "area-minimum"


def test_open_major_finding_blocks_certified_band(fw: Framework) -> None:
    all_met = answers(A_1_1="met", A_1_2="met", B_1_1="met", B_1_2="met")
    result = score(fw, all_met, open_findings={Severity.MAJOR: 1})
    assert (result.outcome, result.decided_by) == ("conditional", "band-conditional")


def test_unanswered_is_provisional_and_counts_as_not_met(fw: Framework) -> None:
    result = score(fw, answers(A_1_1="met", A_1_2="met"))
    assert result.provisional
    assert result.unanswered == 2
    assert result.areas["B"].score == 0
    assert result.areas["B"].answered == 0


def test_profile_drops_tagged_items(fw: Framework) -> None:
    result = score(fw, answers(A_1_1="met", A_1_2="met", B_1_2="met"), profile="standard")
    assert "B.1.1" not in result.items
    assert result.applicable == 3
    assert not result.provisional
    assert result.total == 1


@pytest.mark.parametrize(
    ("item", "answer", "problem"),
    [
        ("Z.9.9", Answer("met"), AnswerProblem.UNKNOWN_ITEM),
        ("A.1.2", Answer("3"), AnswerProblem.OFF_SCALE),
        ("A.1.2", Answer("na"), AnswerProblem.NA_NEEDS_JUSTIFICATION),
        ("A.1.1", Answer("na", "not relevant"), AnswerProblem.NA_NOT_ALLOWED_MANDATORY),
        ("A.1.2", Answer("na", "no such process here"), None),
    ],
)
def test_answer_checks(
    fw: Framework, item: str, answer: Answer, problem: AnswerProblem | None
) -> None:
    assert check_answer(fw, item, answer) == problem
