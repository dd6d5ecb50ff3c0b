"""Decisions as certification bodies make them, as properties over every item of the
frameworks of the second edition: one failed item never puts a result on hold unless it is
a knock-out (a missing element of the system), and every failed item leaves a finding,
proposed or written."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from certdesk.domain.answers import Answer
from certdesk.domain.decision import OutcomeKind
from certdesk.domain.framework import Framework
from certdesk.domain.scoring import score
from certdesk.formats.criteria import load_framework
from certdesk.paths import criteria_dir
from tests.support.editions import SECOND_EDITION

FRAMEWORKS = {f: load_framework(criteria_dir() / f"{f}.yaml") for f in SECOND_EDITION}


def _all_best(fw: Framework, profile: str | None) -> dict[str, Answer]:
    chosen = fw.profile(profile)
    best = {}
    for item in fw.items():
        if fw.applies(item, chosen):
            levels = fw.scale_of(item).levels
            best[item.id] = Answer(max(levels, key=lambda lv: lv.value).code)
    return best


def _worst(fw: Framework, item_id: str) -> Answer:
    item = fw.item(item_id)
    assert item is not None
    return Answer(min(fw.scale_of(item).levels, key=lambda lv: lv.value).code)


@st.composite
def one_failed_item(draw: st.DrawFn) -> tuple[Framework, str | None, str]:
    fw = FRAMEWORKS[draw(st.sampled_from(SECOND_EDITION))]
    profile = draw(st.sampled_from([None, *(p.id for p in fw.profiles)]))
    chosen = fw.profile(profile)
    items = [i.id for i in fw.items() if fw.applies(i, chosen)]
    return fw, profile, draw(st.sampled_from(items))


@settings(max_examples=150, deadline=None)
@given(one_failed_item())
def test_one_failed_item_is_refused_only_as_a_knock_out_and_leaves_a_finding(
    case: tuple[Framework, str | None, str],
) -> None:
    fw, profile, failed = case
    answers = {**_all_best(fw, profile), failed: _worst(fw, failed)}
    result = score(fw, answers, profile)
    outcome = fw.outcome(result.outcome)
    assert outcome is not None
    item = fw.item(failed)
    assert item is not None
    if not item.mandatory:
        assert outcome.kind is not OutcomeKind.NOT_CERTIFIED
    assert failed in result.facts.proposed_findings


@settings(max_examples=60, deadline=None)
@given(one_failed_item())
def test_a_written_finding_takes_the_place_of_the_proposal(
    case: tuple[Framework, str | None, str],
) -> None:
    fw, profile, failed = case
    answers = {**_all_best(fw, profile), failed: _worst(fw, failed)}
    written = score(fw, answers, profile, {}, frozenset({failed}))
    assert failed not in written.facts.proposed_findings
