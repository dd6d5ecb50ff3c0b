"""Kits: headquarters' key pinned once, after the fingerprint is confirmed."""

from __future__ import annotations

from pathlib import Path

import pytest

from certdesk.errors import UserError
from certdesk.services.assessment import suppliers
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.exchange import kit_in, kit_out, results_in, results_out, trust
from tests.support.exchange import Actor
from tests.support.workspace import BUSINESS_ID


def test_kit_pins_headquarters_and_results_go_back(tmp_path: Path) -> None:
    hq, field = Actor(tmp_path / "hq", "hq"), Actor(tmp_path / "field", "field")
    impostor = Actor(tmp_path / "impostor", "hq")
    with hq.acting() as ctx:
        suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
        fingerprint = kit_out.issue_kit(
            ctx,
            BUSINESS_ID,
            "industrial-security",
            tmp_path / "kit.cdkit",
            site="평택",
            profile="standard",
        ).fingerprint
        trust.trust(ctx, field.public_file("me"), "김심사", "assessor", None)
    with impostor.acting() as ctx:
        suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
        kit_out.issue_kit(ctx, BUSINESS_ID, "industrial-security", tmp_path / "fake.cdkit")
    with field.acting() as ctx:
        assert kit_in.kit_signer(tmp_path / "kit.cdkit") == fingerprint
        with pytest.raises(UserError, match="first kit: check headquarters' fingerprint"):
            kit_in.import_kit(ctx, tmp_path / "kit.cdkit", None)
        aid = kit_in.import_kit(ctx, tmp_path / "kit.cdkit", fingerprint).id
        ws = Workspace(ctx, aid)
        assert (ws.framework.id, ws.profile) == ("industrial-security", "standard")
        with pytest.raises(UserError, match="not by the headquarters key this database trusts"):
            kit_in.import_kit(ctx, tmp_path / "fake.cdkit", None)
        ws.set_answer("1.1.1", "met", None)
        results_out.export_package(ctx, aid, tmp_path / "r.cdpkg")  # to the pinned key
    with hq.acting() as ctx:
        [outcome] = results_in.import_files(ctx, [tmp_path / "r.cdpkg"]).outcomes
        assert outcome.status == "imported", outcome.reason


def test_tampered_kit_is_refused(tmp_path: Path) -> None:
    hq, field = Actor(tmp_path / "hq", "hq"), Actor(tmp_path / "field", "field")
    with hq.acting() as ctx:
        suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
        fingerprint = kit_out.issue_kit(
            ctx, BUSINESS_ID, "industrial-security", tmp_path / "kit.cdkit"
        ).fingerprint
    raw = bytearray((tmp_path / "kit.cdkit").read_bytes())
    raw[len(raw) // 2] ^= 1
    (tmp_path / "bad.cdkit").write_bytes(bytes(raw))
    with field.acting() as ctx, pytest.raises(UserError, match="bad signature"):
        kit_in.import_kit(ctx, tmp_path / "bad.cdkit", fingerprint)


def test_follow_up_kit_carries_the_previous_result(tmp_path: Path) -> None:
    hq, field = Actor(tmp_path / "hq", "hq"), Actor(tmp_path / "field", "field")
    with hq.acting() as ctx:
        suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
        fingerprint = kit_out.issue_kit(
            ctx, BUSINESS_ID, "industrial-security", tmp_path / "kit1.cdkit"
        ).fingerprint
        trust.trust(ctx, field.public_file("me"), "김심사", "assessor", None)
    with field.acting() as ctx:
        first = kit_in.import_kit(ctx, tmp_path / "kit1.cdkit", fingerprint).id
        Workspace(ctx, first).set_answer("1.1.1", "met", None)
        results_out.export_package(ctx, first, tmp_path / "r.cdpkg")
    with hq.acting() as ctx:
        results_in.import_files(ctx, [tmp_path / "r.cdpkg"])
        kit_out.issue_kit(ctx, BUSINESS_ID, "industrial-security", tmp_path / "kit2.cdkit")
    with field.acting() as ctx:
        second = kit_in.import_kit(ctx, tmp_path / "kit2.cdkit", None).id
        from certdesk.services.assessment import listing

        previous = listing.show(ctx, second).scope["previous_result"]
        assert previous["assessment"] == first
        assert previous["outcome"] == "not-certified"
