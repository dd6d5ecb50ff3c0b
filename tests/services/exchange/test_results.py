"""Result packages from the field to headquarters: trusted, verified, idempotent."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from certdesk.services.assessment import answers, evidence, findings
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.exchange import results_in, results_out
from certdesk.services.exchange.inbound import ImportOutcome
from tests.support.exchange import Actor, kit_assessment, table_digest


@pytest.fixture
def world(tmp_path: Path) -> tuple[Actor, Actor, str, Path]:
    """An assessor with an answered on-site assessment, and headquarters trusting them."""
    field, hq = Actor(tmp_path / "field", "field"), Actor(tmp_path / "hq", "hq")
    aid = kit_assessment(hq, field, tmp_path)
    with field.acting() as ctx:
        answers.answer(ctx, aid, "1.1.1", "met", "정책서 확인")
        answers.answer(ctx, aid, "1.1.2", "not_met")
        findings.add_finding(ctx, aid, "major", "검토 기록 없음", item_id="1.1.2")
        scan = tmp_path / "정책서.pdf"
        scan.write_bytes(b"%PDF-1.7 signed policy")
        evidence.add_file(ctx, aid, "1.1.1", scan)
    return field, hq, aid, hq.public_file("hq")


def export(field: Actor, aid: str, hq_key: Path, out: Path) -> Path:
    with field.acting() as ctx:
        results_out.export_package(ctx, aid, out, hq_key)
    return out


def import_file(hq: Actor, path: Path) -> ImportOutcome:
    with hq.acting() as ctx:
        [outcome] = results_in.import_files(ctx, [path]).outcomes
        return outcome


def test_round_trip(world: tuple[Actor, Actor, str, Path], tmp_path: Path) -> None:
    field, hq, aid, hq_key = world
    outcome = import_file(hq, export(field, aid, hq_key, tmp_path / "r.cdpkg"))
    assert (outcome.status, outcome.reason, outcome.differences) == ("imported", "", [])
    with hq.acting() as ctx:
        ws = Workspace(ctx, aid)
        assert {k: h.code for k, h in ws.held.items()} == {"1.1.1": "met", "1.1.2": "not_met"}
        assert [f.description for f in ws.findings["1.1.2"]] == ["검토 기록 없음"]
        [held] = ws.evidence["1.1.1"]
        opened = evidence.open_file(ctx, held.id)
        assert opened.read_bytes() == b"%PDF-1.7 signed policy"


def test_same_file_twice_changes_nothing(
    world: tuple[Actor, Actor, str, Path], tmp_path: Path
) -> None:
    field, hq, aid, hq_key = world
    package = export(field, aid, hq_key, tmp_path / "r.cdpkg")
    assert import_file(hq, package).status == "imported"
    with hq.acting() as ctx:
        before = table_digest(ctx)
    assert import_file(hq, package).status == "present"
    with hq.acting() as ctx:
        assert table_digest(ctx) == before


def test_newer_replaces_older_and_older_is_refused(
    world: tuple[Actor, Actor, str, Path], tmp_path: Path
) -> None:
    field, hq, aid, hq_key = world
    first = export(field, aid, hq_key, tmp_path / "1.cdpkg")
    assert import_file(hq, first).status == "imported"
    with hq.acting() as ctx:
        assert Workspace(ctx, aid).held["1.1.2"].code == "not_met"
    with field.acting() as ctx:
        answers.answer(ctx, aid, "1.1.2", "partial")
    second = export(field, aid, hq_key, tmp_path / "2.cdpkg")
    third = export(field, aid, hq_key, tmp_path / "3.cdpkg")
    assert import_file(hq, third).status == "imported"
    with hq.acting() as ctx:
        assert Workspace(ctx, aid).held["1.1.2"].code == "partial"  # the newer one replaced it
        before = table_digest(ctx)
    refused = import_file(hq, second)
    assert refused.status == "refused"
    assert "older sequence" in refused.reason
    with hq.acting() as ctx:
        assert table_digest(ctx) == before


def test_a_flipped_byte_anywhere_is_refused(
    world: tuple[Actor, Actor, str, Path], tmp_path: Path
) -> None:
    field, hq, aid, hq_key = world
    raw = export(field, aid, hq_key, tmp_path / "r.cdpkg").read_bytes()
    with hq.acting() as ctx:
        before = table_digest(ctx)
    rng = random.Random(171)
    positions = sorted(
        {0, 5, 8, 20, len(raw) // 2, len(raw) - 65, len(raw) - 1, *rng.sample(range(len(raw)), 40)}
    )
    for position in positions:
        bad = bytearray(raw)
        bad[position] ^= 0x01
        path = tmp_path / f"flip-{position}.cdpkg"
        path.write_bytes(bytes(bad))
        outcome = import_file(hq, path)
        assert outcome.status == "refused", position
        assert "\n" not in outcome.reason
    with hq.acting() as ctx:
        assert table_digest(ctx) == before
    assert import_file(hq, tmp_path / "r.cdpkg").status == "imported"  # the original still does


def test_a_package_sealed_before_headquarters_rotated_its_keys_still_opens(
    world: tuple[Actor, Actor, str, Path], tmp_path: Path
) -> None:
    from certdesk.services import own_keys

    field, hq, aid, hq_key = world
    package = export(field, aid, hq_key, tmp_path / "r.cdpkg")
    with hq.acting():
        own_keys.rotate_keys()
    assert import_file(hq, package).status == "imported"
    with hq.acting() as ctx:
        assert Workspace(ctx, aid).held["1.1.1"].code == "met"
