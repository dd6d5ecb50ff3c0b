"""Kits: headquarters' key pinned once, after the fingerprint is confirmed."""

from __future__ import annotations

from pathlib import Path

import pytest

from certdesk.crypto import keys
from certdesk.errors import UserError
from certdesk.services.assessment import suppliers
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.exchange import kit_in, kit_out, results_in, results_out, trust
from tests.support.exchange import Actor, kit_assessment
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


def test_follow_up_kit_carries_the_previous_result_only_to_its_recipient(
    tmp_path: Path,
) -> None:
    hq, field = Actor(tmp_path / "hq", "hq"), Actor(tmp_path / "field", "field")
    first = kit_assessment(hq, field, tmp_path)
    with field.acting() as ctx:
        Workspace(ctx, first).set_answer("1.1.1", "met", None)
        results_out.export_package(ctx, first, tmp_path / "r.cdpkg")
    with hq.acting() as ctx:
        results_in.import_files(ctx, [tmp_path / "r.cdpkg"])
        [assessor] = trust.trusted(ctx)
        kit_out.issue_kit(ctx, BUSINESS_ID, "industrial-security", tmp_path / "open.cdkit")
        kit_out.issue_kit(
            ctx,
            BUSINESS_ID,
            "industrial-security",
            tmp_path / "sealed.cdkit",
            to=assessor.fingerprint,
        )
    assert b"not-certified" not in (tmp_path / "sealed.cdkit").read_bytes()  # encrypted
    with field.acting() as ctx:
        from certdesk.services.assessment import listing

        anyone = kit_in.import_kit(ctx, tmp_path / "open.cdkit", None).id
        assert "previous_result" not in listing.show(ctx, anyone).scope  # nothing confidential
        second = kit_in.import_kit(ctx, tmp_path / "sealed.cdkit", None).id
        previous = listing.show(ctx, second).scope["previous_result"]
        assert previous["assessment"] == first
        assert previous["outcome"] == "not-certified"
        with pytest.raises(UserError, match="imported already"):
            kit_in.import_kit(ctx, tmp_path / "sealed.cdkit", None)


def test_a_changed_headquarters_key_is_pinned_only_when_confirmed(tmp_path: Path) -> None:
    from certdesk.services import own_keys
    from certdesk.services.context import reading
    from certdesk.store.tables import Meta

    hq, field = Actor(tmp_path / "hq", "hq"), Actor(tmp_path / "field", "field")
    kit_assessment(hq, field, tmp_path)
    with hq.acting() as ctx:
        old = own_keys.init_keys().fingerprint
        new = own_keys.rotate_keys().fingerprint
        sealing = keys.encryption_public(own_keys.encryption_key())
        kit_out.issue_kit(ctx, BUSINESS_ID, "industrial-security", tmp_path / "new.cdkit")
    with field.acting() as ctx:
        with pytest.raises(UserError) as refused:
            kit_in.import_kit(ctx, tmp_path / "new.cdkit", None)
        assert f"({old}); refused" in str(refused.value)
        assert f'--accept-fingerprint "{new}"' in str(refused.value)
        with pytest.raises(UserError, match="not by the headquarters key"):
            kit_in.import_kit(ctx, tmp_path / "new.cdkit", old)  # the old one is not enough
        kit_in.import_kit(ctx, tmp_path / "new.cdkit", new)
        with reading(ctx) as session:
            assert session.get(Meta, "hq.fingerprint").value == new  # type: ignore[union-attr]
        assert kit_in.pinned_encryption_key(ctx) == sealing
