"""Rescoring after a change redoes only the changed items' criteria, and gives exactly the
score a full scoring gives: on every bundled framework, after every one of many changes."""

from __future__ import annotations

import random

import pytest

from certdesk.domain.answers import Answer
from certdesk.domain.decision import Severity
from certdesk.domain.framework import NA, Framework
from certdesk.domain.scoring import Scorer, score
from certdesk.formats.criteria import load_framework
from certdesk.paths import criteria_dir

BUNDLED = sorted(p.name for p in criteria_dir().glob("*.yaml"))


def _codes(fw: Framework, item_id: str) -> list[str]:
    item = fw.item(item_id)
    assert item is not None
    return list(fw.scale_of(item).codes)


@pytest.mark.parametrize("name", BUNDLED)
def test_every_change_rescored_in_place_equals_a_full_scoring(name: str) -> None:
    fw = load_framework(criteria_dir() / name)
    draw = random.Random(name)
    ids = [i.id for i in fw.items()]
    answers: dict[str, Answer] = {}
    scorer = Scorer(fw)
    assert scorer.score(answers) == score(fw, answers)
    for step in range(120):
        item_id = draw.choice(ids)
        if draw.random() < 0.15:
            answers.pop(item_id, None)
        else:
            code = draw.choice(_codes(fw, item_id))
            answers[item_id] = Answer(code, "why" if code == NA else "")
        findings = {Severity.MAJOR: 1} if step % 7 == 0 else {}
        assert scorer.score(answers, findings, {item_id}) == score(fw, answers, None, findings)


def test_a_change_not_named_is_not_seen_until_named() -> None:
    """What `changed` is for: the kept criteria are not read again (so callers name every
    item they changed; the workspace does)."""
    fw = load_framework(criteria_dir() / "industrial-security.yaml")
    first = next(iter(fw.items())).id
    scorer = Scorer(fw)
    before = scorer.score({})
    given = {first: Answer(next(c for c in _codes(fw, first) if c != NA))}
    assert scorer.score(given, None, set()).items[first] == before.items[first]
    assert scorer.score(given, None, {first}) == score(fw, given)
