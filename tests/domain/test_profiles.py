"""An assessment may apply several profiles at once (stage and technology, say): the items
of any of them apply, and the combination is one profile with a readable title."""

from __future__ import annotations

import pytest

from certdesk.domain.answers import Answer
from certdesk.domain.framework import Framework
from certdesk.domain.scoring import score
from certdesk.formats.criteria import load_framework
from tests.conftest import framework_file


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(framework_file("conformity-small.yaml"))


def _applicable(fw: Framework, ref: str) -> set[str]:
    chosen = fw.profile(ref)
    assert chosen is not None
    return {i.id for i in fw.items() if fw.applies(i, chosen)}


def test_joined_profiles_apply_the_items_of_either(fw: Framework) -> None:
    combined = fw.profile("standard+design-data")
    assert combined is not None
    assert combined.id == "standard+design-data"
    assert combined.title.get("en") == "Standard + Handles design data"
    assert combined.title.get("ko") == "일반 + 설계자료 취급"
    assert _applicable(fw, "standard+design-data") == _applicable(fw, "design-data")
    assert "B.1.1" not in _applicable(fw, "standard")


@pytest.mark.parametrize("ref", ["standard+nope", "nope", "+", "standard+"])
def test_an_unknown_part_is_no_profile(fw: Framework, ref: str) -> None:
    assert fw.profile(ref) is None


def test_a_profile_named_twice_is_the_profile(fw: Framework) -> None:
    assert fw.profile("standard+standard") == fw.profile("standard")


def test_scoring_with_joined_profiles_counts_the_items_of_either(fw: Framework) -> None:
    given = {"A.1.1": Answer("met"), "B.1.1": Answer("not_met")}
    joined = score(fw, given, "standard+design-data")
    assert joined.items.keys() == score(fw, given, "design-data").items.keys()
    assert "B.1.1" not in score(fw, given, "standard").items
