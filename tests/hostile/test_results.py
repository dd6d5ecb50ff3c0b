"""Hostile result packages at headquarters: each refused in one line, nothing written.

"Nothing written" is checked on the files themselves: the database file and
every sealed evidence file are byte-identical before and after each refusal.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from certdesk.services.exchange import results_in
from certdesk.services.messages import package_problem
from tests.hostile.cases_results import CASES
from tests.hostile.world import World, build_world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("hostile-results"))


def test_there_are_enough_cases_for_the_classes() -> None:
    assert len(CASES) >= 100


@pytest.mark.parametrize("case", CASES)
def test_refused_in_one_line_and_nothing_written(world: World, case: str) -> None:
    build, expected = CASES[case]
    raw = build(world)
    before = world.files_digest()
    outcome = world.import_bytes(raw, f"{abs(hash(case))}.cdpkg")
    assert outcome.status == "refused", outcome
    assert expected in outcome.reason
    assert outcome.reason.isprintable(), outcome.reason  # no control characters reach a terminal
    assert "\n" not in outcome.reason
    assert world.files_digest() == before


def test_every_refusal_reason_is_reached(world: World) -> None:
    """Each way a package is refused has a case that ends there."""
    reasons = (
        "bad_signature",
        "unknown_signer",
        "revoked_signer",
        "wrong_role",
        "wrong_supplier",
        "not_for_us",
        "signer_mismatch",
        "plaintext",
        "no_kit",
        "kit_taken",
        "not_owner",
        "reopened",
        "older_sequence",
        "unsafe_path",
        "unexpected_member",
        "duplicate_member",
        "link_member",
        "compression_bomb",
        "too_many_members",
        "tampered_member",
        "manifest_mismatch",
        "old_format",
        "truncated",
        "trailing_bytes",
        "header_too_large",
        "bad_header",
        "wrong_kind",
        "evidence_differs",
        "taken_id",
        "duplicate",
        "bad_date",
        "bad_answer",
        "broken_chain",
    )
    expected = [text for _build, text in CASES.values()]
    unreached = [
        code for code in reasons if not any(t in package_problem(code, "x") for t in expected)
    ]
    assert unreached == []


def test_a_batch_imports_the_good_files_between_hostile_ones(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    fresh = build_world(tmp_path_factory.mktemp("hostile-batch"))
    files: list[Path] = []
    for n, case in enumerate(("signed by a stranger", "a compression bomb", "not encrypted")):
        path = fresh.root / f"bad-{n}.cdpkg"
        path.write_bytes(CASES[case][0](fresh))
        files.append(path)
    files.insert(1, fresh.good)
    with fresh.hq.acting() as ctx:
        outcomes = results_in.import_files(ctx, files).outcomes
    assert [o.status for o in outcomes] == ["refused", "imported", "refused", "refused"]
