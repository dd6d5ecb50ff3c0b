"""The supplier's response package, written and refused through the services."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from certdesk.errors import UserError
from certdesk.services.exchange import responses_out, results_in
from certdesk.services.exchange.inbound import ImportStatus
from tests.support.exchange import Actor, table_digest
from tests.support.workspace import BUSINESS_ID

AID = "6d1f3a52-0c6e-4d35-9b8b-3f1a2e4c5d6e"


@pytest.fixture
def parties(tmp_path: Path) -> tuple[Actor, Actor, Path]:
    supplier, hq = Actor(tmp_path / "supplier", "field"), Actor(tmp_path / "hq", "hq")
    return supplier, hq, hq.public_file("hq")


def _response(done: str, evidence: tuple[Path, ...] = ()) -> list[responses_out.Response]:
    return [
        responses_out.Response(
            "0f0e0d0c-0b0a-4908-8706-050403020100", "계정 삭제 절차 시행", done, evidence
        )
    ]


def test_a_response_is_checked_before_it_is_written(
    parties: tuple[Actor, Actor, Path], tmp_path: Path, clock: date
) -> None:
    supplier, _hq, hq_key = parties
    out = tmp_path / "r.cdpkg"
    with supplier.acting():
        with pytest.raises(UserError, match="is not a date"):
            responses_out.export_response(AID, BUSINESS_ID, _response("soon"), out, hq_key)
        missing = _response(clock.isoformat(), (tmp_path / "nope.pdf",))
        with pytest.raises(UserError, match="there is no file"):
            responses_out.export_response(AID, BUSINESS_ID, missing, out, hq_key)
        today = _response(clock.isoformat())
        with pytest.raises(UserError, match="not a valid business registration number"):
            responses_out.export_response(AID, "123", today, out, hq_key)
        signing_only = tmp_path / "signing-only.pub"
        key = json.loads(supplier.public_file("x").read_text(encoding="utf-8"))
        del key["encryption"]
        signing_only.write_text(json.dumps(key), encoding="utf-8")
        with pytest.raises(UserError, match="holds no encryption key"):
            responses_out.export_response(
                AID, BUSINESS_ID, _response(clock.isoformat()), out, signing_only
            )
    assert not out.exists()


def test_a_response_for_no_result_held_is_refused(
    parties: tuple[Actor, Actor, Path], tmp_path: Path, clock: date
) -> None:
    supplier, hq, hq_key = parties
    with hq.acting() as ctx:
        from certdesk.services.exchange import trust

        trust.trust(ctx, supplier.public_file("s"), "한빛", "supplier", BUSINESS_ID)
    out = tmp_path / "r.cdpkg"
    with supplier.acting():
        written = responses_out.export_response(
            AID, BUSINESS_ID, _response(clock.isoformat()), out, hq_key
        )
    assert written.files == (out,)
    with hq.acting() as ctx:
        before = table_digest(ctx)
        [outcome] = results_in.import_files(ctx, [out]).outcomes
        assert outcome.status is ImportStatus.REFUSED
        assert "no final on-site result" in outcome.reason
        assert table_digest(ctx) == before
