"""Rules for the wording of frameworks written to the second edition's standard (issue 15):
an assessor reads the item's own scale in its guidance, and every number a supplier must
meet stands in the requirement, never only in the guidance.

The frameworks of `tests/support/editions.SECOND_EDITION` follow these rules (the 1.0.0
files are kept as their assessments pinned them).
"""

from __future__ import annotations

import re

import pytest

from certdesk.domain.framework import Framework
from certdesk.formats.criteria import load_framework
from certdesk.paths import criteria_dir
from tests.support.editions import SECOND_EDITION

VERDICTS = ("미흡", "불충족", "미충족", "부분 충족", "충족", "부분 이행", "미이행", "이행")
"""Words that state a verdict on an item; guidance may use only its own scale's labels."""
NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:영업일|개월|시간|일|년|회|분|명|%|주)")


def _load(framework_id: str) -> Framework:
    return load_framework(criteria_dir() / f"{framework_id}.yaml")


def _verdicts_in(text: str) -> set[str]:
    found: set[str] = set()
    for word in sorted(VERDICTS, key=len, reverse=True):  # 부분 이행 before 이행
        if word in text:
            found.add(word)
            text = text.replace(word, " ")
    return found


@pytest.mark.parametrize("framework_id", SECOND_EDITION)
def test_guidance_uses_only_the_scale_s_own_words(framework_id: str) -> None:
    fw = _load(framework_id)
    wrong = []
    for item in fw.items():
        scale = {level.label.get("ko") for level in fw.scale_of(item).levels}
        guidance = item.assessor_guidance.get("ko") if item.assessor_guidance else ""
        foreign = _verdicts_in(guidance) - scale
        if foreign:
            wrong.append(f"{item.id}: {sorted(foreign)}")
    assert wrong == []


@pytest.mark.parametrize("framework_id", SECOND_EDITION)
def test_no_number_stands_only_in_the_guidance(framework_id: str) -> None:
    fw = _load(framework_id)
    wrong = []
    for item in fw.items():
        guidance = item.assessor_guidance.get("ko") if item.assessor_guidance else ""
        required = {m.group(1) for m in NUMBER.finditer(item.requirement.get("ko"))}
        for found in NUMBER.finditer(guidance):
            if found.group(1) not in required:
                wrong.append(f"{item.id}: {found.group(0)}")
    assert wrong == []


def test_the_rules_see_what_they_forbid() -> None:
    """The checks themselves: a foreign verdict word and a number only in guidance."""
    assert _verdicts_in("부분 이행: 일부만 미흡하다") == {"부분 이행", "미흡"}
    assert [m.group(1) for m in NUMBER.finditer("최근 6개월 안에, 5일 이내")] == ["6", "5"]
