"""The DoD assessment methodology on the bundled NIST SP 800-171 framework."""

from __future__ import annotations

import csv
import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certdesk.domain.answers import Answer, check_answer
from certdesk.domain.framework import Framework
from certdesk.domain.scoring import score
from certdesk.formats.criteria import load_framework
from certdesk.paths import criteria_dir
from tests.conftest import SHARED

REFERENCE = SHARED / "reference" / "nist-sp800-171r2-dod.csv"


@pytest.fixture(scope="module")
def nist() -> Framework:
    return load_framework(criteria_dir() / "nist-sp800-171r2.yaml")


@pytest.fixture(scope="module")
def reference() -> list[dict[str, str]]:
    with REFERENCE.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def everything(nist: Framework, code: str) -> dict[str, Answer]:
    return {item.id: Answer(code) for item in nist.items()}


def test_file_matches_the_reference(nist: Framework, reference: list[dict[str, str]]) -> None:
    assert [i.id for i in nist.items()] == [r["requirement"] for r in reference]
    assert len(nist.areas) == 14
    for row in reference:
        item = nist.item(row["requirement"])
        assert item is not None
        assert item.points == int(row["dod_points"])
        partial = row["dod_partial_points"]
        assert item.partial_points == (int(partial) if partial else None)
        text = re.sub(r"\s*(\[\d+\]\s*)+\.?$", "", row["text"]).rstrip(".")
        assert item.requirement.get("en").rstrip(".") == text
        assert re.search("[가-힣]", item.requirement.get("ko"))


def test_all_not_met_is_minus_203(nist: Framework) -> None:
    result = score(nist, everything(nist, "not_met"))
    assert result.total == -203
    assert not result.provisional


def test_all_met_is_110(nist: Framework) -> None:
    result = score(nist, everything(nist, "met"))
    assert result.total == 110
    assert (result.outcome, result.decided_by) == ("fully-implemented", "full-score")


def test_missing_ssp_means_cannot_be_completed(nist: Framework) -> None:
    answers = everything(nist, "met") | {"3.12.4": Answer("not_met")}
    result = score(nist, answers)
    assert result.total == 110  # 3.12.4 carries no points...
    assert (result.outcome, result.decided_by) == ("incomplete", "ssp-missing")  # ...but blocks


def test_partial_credit_only_where_allowed(nist: Framework) -> None:
    answers = everything(nist, "met") | {"3.5.3": Answer("partial"), "3.13.11": Answer("partial")}
    assert score(nist, answers).total == 104
    assert check_answer(nist, "3.1.1", Answer("partial")) is not None


def test_na_counts_as_implemented(nist: Framework) -> None:
    answers = everything(nist, "met") | {"3.1.16": Answer("na", "no wireless at all")}
    assert score(nist, answers).total == 110


def test_unanswered_is_provisional_and_costs_points(nist: Framework) -> None:
    answers = everything(nist, "met")
    del answers["3.1.1"]
    result = score(nist, answers)
    assert result.provisional
    assert result.unanswered == 1
    assert result.total == 105


def _independent_total(rows: list[dict[str, str]], answers: dict[str, str]) -> int:
    total = 110
    for row in rows:
        answer = answers.get(row["requirement"])
        if answer in ("met", "na"):
            continue
        if answer == "partial":
            total -= int(row["dod_partial_points"])
        else:
            total -= int(row["dod_points"])
    return total


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_engine_matches_an_independent_calculation(
    nist: Framework, reference: list[dict[str, str]], data: st.DataObject
) -> None:
    answers: dict[str, str] = {}
    for row in reference:
        choices = ["met", "not_met", "na", None]
        if row["dod_partial_points"]:
            choices.append("partial")
        choice = data.draw(st.sampled_from(choices), label=row["requirement"])
        if choice is not None:
            answers[row["requirement"]] = choice
    result = score(nist, {k: Answer(v, "justified") for k, v in answers.items()})
    assert result.total == Fraction(_independent_total(reference, answers))
    assert result.unanswered == 110 - len(answers)
    assert -203 <= result.total <= 110
    ssp_missing = answers.get("3.12.4") == "not_met"
    assert (result.outcome == "incomplete") == ssp_missing
