"""A newer framework version declares where an earlier version's answers go; an assessment's
answers move with it: renumbered and kept, merged to the weaker, split and to confirm, or
removed; every answer is accounted for in what moved."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from certdesk.domain.answers import Answer
from certdesk.domain.framework import Framework, Move
from certdesk.domain.upgrade import Fate, carry
from certdesk.formats.criteria import (
    InvalidFileError,
    content_hash,
    find_problems,
    framework_from,
    parse_framework,
)
from tests.support.frameworks import framework_data


def _v1() -> dict[str, Any]:
    return framework_data("conformity-small.yaml")


def _item(requirement: str, item_id: str) -> dict[str, Any]:
    return {
        "id": item_id,
        "requirement": {"ko": requirement, "en": requirement},
        "evidence": {"ko": "기록", "en": "Records"},
    }


def _v2(v1: dict[str, Any], moves: dict[str, Any] | None = None) -> dict[str, Any]:
    """Version 2.0: A.1.2 renumbered A.1.3; B.1.1 and B.1.2 merged into B.1.1; A.1.1 split
    into A.1.1 and A.1.4; a v1 item X that v2 drops (added to v1 for the test)."""
    data = copy.deepcopy(v1)
    data["version"] = "2.0"
    policy = data["areas"][0]["criteria"][0]["items"]
    policy[1]["id"] = "A.1.3"
    policy.append(_item("정책을 전 직원에게 알린다.", "A.1.4"))
    data["areas"][1]["criteria"][0]["items"].pop()  # B.1.2 goes into B.1.1
    data["upgrades_from"] = [
        {
            "version": v1["version"],
            "content_hash": content_hash(v1),
            "items": moves
            or {
                "A.1.2": {"same": "A.1.3"},
                "A.1.1": {"split_into": ["A.1.1", "A.1.4"]},
                "B.1.2": {"merged_into": "B.1.1"},
                "X.9.9": {"removed": {"ko": "법 개정으로 삭제", "en": "Dropped with the law"}},
            },
        }
    ]
    return data


@pytest.fixture
def versions() -> tuple[Framework, Framework]:
    v1 = _v1()
    v2 = _v2(v1)
    assert find_problems(v2) == []
    return framework_from(v1), framework_from(v2)


def test_every_answer_goes_where_the_new_version_says(
    versions: tuple[Framework, Framework],
) -> None:
    old, new = versions
    upgrade = new.upgrade_from(old.version, old.content_hash)
    assert upgrade is not None
    given = {
        "A.1.1": Answer("met"),
        "A.1.2": Answer("partial"),
        "B.1.1": Answer("met"),
        "B.1.2": Answer("not_met"),
        "X.9.9": Answer("met"),
    }
    carried = carry(upgrade, new, given)
    assert carried.answers == {
        "A.1.1": Answer("met"),  # split: taken, to be confirmed
        "A.1.4": Answer("met"),
        "A.1.3": Answer("partial"),  # renumbered
        "B.1.1": Answer("not_met"),  # merged: the weaker of met and not met
    }
    assert carried.to_confirm == {"A.1.1", "A.1.4"}
    fates = {m.old_item: (m.kind, m.new_items, m.fate) for m in carried.moved}
    assert fates == {
        "A.1.1": (Move.SPLIT, ("A.1.1", "A.1.4"), Fate.TO_CONFIRM),
        "A.1.2": (Move.SAME, ("A.1.3",), Fate.KEPT),
        "B.1.1": (Move.SAME, ("B.1.1",), Fate.WEAKER_KEPT),
        "B.1.2": (Move.MERGED, ("B.1.1",), Fate.WEAKER_KEPT),
        "X.9.9": (Move.REMOVED, (), Fate.REMOVED),
    }


def test_an_item_not_listed_and_gone_is_removed_and_na_survives_only_alone(
    versions: tuple[Framework, Framework],
) -> None:
    old, new = versions
    upgrade = new.upgrade_from(old.version, old.content_hash)
    assert upgrade is not None
    carried = carry(
        upgrade,
        new,
        {"B.1.1": Answer("na", "no design data"), "B.1.2": Answer("partial"), "Z.1": Answer("met")},
    )
    assert carried.answers == {"B.1.1": Answer("partial")}  # n/a gives way to a level
    assert [m.fate for m in carried.moved if m.old_item == "Z.1"] == [Fate.REMOVED]
    alone = carry(upgrade, new, {"B.1.1": Answer("na", "no design data")})
    assert alone.answers == {"B.1.1": Answer("na", "no design data")}


def test_an_answer_off_the_new_scale_is_not_carried_but_asked_again(
    versions: tuple[Framework, Framework],
) -> None:
    old, new = versions
    upgrade = new.upgrade_from(old.version, old.content_hash)
    assert upgrade is not None
    carried = carry(upgrade, new, {"A.1.2": Answer("4")})  # a maturity code
    assert carried.answers == {}
    assert carried.to_confirm == {"A.1.3"}
    assert [m.fate for m in carried.moved] == [Fate.NOT_ON_SCALE]


def test_moves_are_bound_to_the_earlier_file_s_content(
    versions: tuple[Framework, Framework],
) -> None:
    old, new = versions
    assert new.upgrade_from(old.version, "sha256:" + "0" * 64) is None
    assert new.upgrade_from("0.9", old.content_hash) is None


@pytest.mark.parametrize(
    ("moves", "said"),
    [
        ({"A.1.2": {"same": "A.9.9"}}, "the item 'A.9.9' does not exist"),
        ({"A.1.1": {"split_into": ["A.1.1", "Q.1"]}}, "the item 'Q.1' does not exist"),
        ({"A.1.1": {"same": "A.1.1", "removed": {"ko": "가", "en": "a"}}}, "upgrades_from"),
    ],
)
def test_a_move_to_nowhere_is_a_problem_in_the_file(moves: dict[str, Any], said: str) -> None:
    problems = [
        f"{'.'.join(map(str, path))}: {msg}" for path, msg in find_problems(_v2(_v1(), moves))
    ]
    assert any(said in p for p in problems), problems


def test_a_file_naming_its_own_version_as_earlier_is_refused() -> None:
    data = _v2(_v1())
    data["upgrades_from"][0]["version"] = data["version"]
    raw = yaml.safe_dump(data, allow_unicode=True).encode()
    with pytest.raises(InvalidFileError, match="is this file's own"):
        parse_framework(raw, "v2.yaml")
