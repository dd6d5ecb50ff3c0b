"""Where a framework says so, a failed item proposes a finding of its severity, counted as
open until a finding is written for the item: a supplier with failed items and no finding
typed by hand is not certified on its total alone."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from certdesk.domain.answers import Answer
from certdesk.domain.decision import Severity
from certdesk.domain.framework import Framework
from certdesk.domain.scoring import Scorer, score
from certdesk.formats.criteria import content_hash, find_problems, framework_from
from tests.support.frameworks import framework_data


def _data() -> dict[str, Any]:
    return framework_data("conformity-small.yaml")


def _proposing(data: dict[str, Any]) -> Framework:
    data = copy.deepcopy(data)
    data["decision"]["proposed_findings"] = {"default_severity": "minor"}
    data["areas"][1]["criteria"][0]["items"][1]["finding_severity"] = "major"  # B.1.2
    assert find_problems(data) == []
    return framework_from(data)


ALL_MET = {"A.1.1": Answer("met"), "A.1.2": Answer("met"), "B.1.1": Answer("met")}


def test_without_the_setting_nothing_is_proposed() -> None:
    fw = framework_from(_data())
    result = score(fw, {**ALL_MET, "B.1.2": Answer("not_met")})
    assert result.facts.proposed_findings == {}
    assert result.facts.open_findings == {}


def test_a_failed_item_proposes_a_finding_of_its_severity() -> None:
    fw = _proposing(_data())
    result = score(fw, {**ALL_MET, "A.1.2": Answer("partial"), "B.1.2": Answer("not_met")})
    assert result.facts.proposed_findings == {"A.1.2": Severity.MINOR, "B.1.2": Severity.MAJOR}
    assert result.facts.open_findings == {Severity.MINOR: 1, Severity.MAJOR: 1}


def test_the_band_that_asks_for_no_open_major_sees_the_proposed_one() -> None:
    data = _data()
    fw, plain = _proposing(data), framework_from(data)
    given = {**ALL_MET, "B.1.2": Answer("not_met")}  # total 0.8 with one failed item
    assert score(plain, given).outcome == "certified"  # the loophole: nothing typed by hand
    assert score(fw, given).outcome == "conditional"


def test_a_finding_written_for_the_item_replaces_its_proposal() -> None:
    fw = _proposing(_data())
    given = {**ALL_MET, "B.1.2": Answer("not_met")}
    written = score(fw, given, None, {Severity.MINOR: 1}, frozenset({"B.1.2"}))
    assert written.facts.proposed_findings == {}
    assert written.facts.open_findings == {Severity.MINOR: 1}  # the written one, as it is


@pytest.mark.parametrize("code", ["met", None, "na"])
def test_met_unanswered_and_not_applicable_items_propose_nothing(code: str | None) -> None:
    fw = _proposing(_data())
    given = dict(ALL_MET)
    if code is not None:
        given["B.1.2"] = Answer(code, "no backups here" if code == "na" else "")
    assert score(fw, given).facts.proposed_findings == {}


def test_rescoring_in_place_proposes_as_a_full_scoring_does() -> None:
    fw = _proposing(_data())
    scorer = Scorer(fw)
    scorer.score({})
    given = {**ALL_MET, "B.1.2": Answer("not_met")}
    assert scorer.score(given, None, set(given)) == score(fw, given)


def test_the_settings_are_part_of_the_content() -> None:
    data = _data()
    proposing = copy.deepcopy(data)
    proposing["decision"]["proposed_findings"] = {"default_severity": "minor"}
    assert content_hash(proposing) != content_hash(data)
