"""The bundled frameworks' content: counts, languages, no near-duplicates."""

from __future__ import annotations

import re
from itertools import combinations

import pytest

from certdesk.domain.framework import Framework, Method
from certdesk.domain.text import LocalText
from certdesk.formats.criteria import load_framework
from certdesk.paths import criteria_dir

HANGUL = re.compile("[\uac00-\ud7a3]")
BUNDLED = sorted(p.stem for p in criteria_dir().glob("*.yaml"))


@pytest.fixture(scope="module", params=BUNDLED)
def fw(request: pytest.FixtureRequest) -> Framework:
    return load_framework(criteria_dir() / f"{request.param}.yaml")


def load(name: str) -> Framework:
    return load_framework(criteria_dir() / f"{name}.yaml")


def texts(fw: Framework) -> list[tuple[str, LocalText]]:
    found: list[tuple[str, LocalText]] = [("title", fw.title), ("source", fw.source)]
    for area in fw.areas:
        found.append((area.id, area.title))
        for criterion in area.criteria:
            found.append((criterion.id, criterion.title))
            for item in criterion.items:
                found += [(item.id, item.requirement), (item.id, item.evidence)]
                if item.assessor_guidance:
                    found.append((item.id, item.assessor_guidance))
                if item.mandatory_reason:
                    found.append((item.id, item.mandatory_reason))
    return found


def test_korean_is_korean_and_english_is_english(fw: Framework) -> None:
    for where, text in texts(fw):
        assert HANGUL.search(text.get("ko")), f"{where}: ko has no Hangul"
        assert not HANGUL.search(text.get("en")), f"{where}: en contains Hangul"


def test_every_area_and_criterion_has_items_and_evidence(fw: Framework) -> None:
    for area in fw.areas:
        assert area.criteria
        for criterion in area.criteria:
            assert criterion.items, criterion.id
            for item in criterion.items:
                assert item.evidence.get("ko").strip()
                assert item.evidence.get("en").strip()


def _shingles(text: str) -> set[str]:
    flat = re.sub(r"\W+", " ", text.lower()).strip()
    return {flat[i : i + 4] for i in range(max(1, len(flat) - 3))}


@pytest.mark.parametrize("locale", ["ko", "en"])
def test_no_two_requirements_are_nearly_the_same(fw: Framework, locale: str) -> None:
    items = [(i.id, _shingles(i.requirement.get(locale))) for i in fw.items()]
    close = []
    for (a, sa), (b, sb) in combinations(items, 2):
        similarity = len(sa & sb) / len(sa | sb)
        if similarity > 0.75:
            close.append((a, b, round(similarity, 2)))
    assert not close


def test_industrial_security_shape() -> None:
    fw = load("industrial-security")
    assert fw.counts[0] == 5
    assert fw.counts[1] == 65
    assert fw.counts[2] >= 300
    assert [a.title.get("en") for a in fw.areas] == [
        "General management",
        "Physical infrastructure",
        "Technical infrastructure",
        "Response to security breaches",
        "Security knowledge management",
    ]
    mandatory = [i for i in fw.items() if i.mandatory]
    assert 10 <= len(mandatory) <= 20
    assert all(i.mandatory_reason for i in mandatory)
    assert fw.scoring.method is Method.WEIGHTED_CONFORMITY
    assert {p.id for p in fw.profiles} == {"design-data", "standard"}
    assert any(i.weight > 1 for i in fw.items())
    assert "not the scheme's official checklist" in fw.source.get("en")
    assert "공식 점검표 문구가 아니다" in fw.source.get("ko")
    assert {o.kind.value for o in fw.outcomes} == {"certified", "conditional", "not_certified"}
    assert [(f.id, f.required, f.multiple) for f in fw.scope][:2] == [
        ("site", True, False),
        ("processes", True, True),
    ]


def test_design_data_profile_adds_items() -> None:
    fw = load("industrial-security")
    full = [i for i in fw.items() if fw.applies(i, fw.profile("design-data"))]
    standard = [i for i in fw.items() if fw.applies(i, fw.profile("standard"))]
    assert len(full) == fw.counts[2]
    assert 0 < len(standard) < len(full)


def test_personal_information_framework() -> None:
    fw = load("personal-information")
    assert fw.scoring.method is Method.MATURITY
    assert fw.scoring.target == 3
    assert fw.scoring.cap_at_target
    assert len(fw.areas) == 9
    breach = " ".join(i.requirement.get("en") for i in fw.items() if i.id.startswith("P8"))
    for particular in ("leaked", "how it came about", "reduce harm", "countermeasures", "contact"):
        assert particular in breach, particular
    assert "72 hours" in breach
