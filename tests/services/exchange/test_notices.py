"""Findings go back to the supplier in a signed notice; its responses come back to HQ."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from certdesk.errors import UserError
from certdesk.services.assessment import suppliers
from certdesk.services.exchange import notice_in, notice_out, responding, results_in
from certdesk.services.hq import corrective
from tests.support.exchange import Actor, conditional_result, table_digest
from tests.support.workspace import BUSINESS_ID


@pytest.fixture
def world(tmp_path: Path, clock: date) -> dict[str, object]:
    made = conditional_result(tmp_path, clock)
    supplier = made["supplier"]
    assert isinstance(supplier, Actor)
    with supplier.acting() as ctx:
        suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
    return made


def _notice(w: dict[str, object]) -> tuple[Path, str]:
    hq, tmp = w["hq"], w["tmp"]
    assert isinstance(hq, Actor)
    assert isinstance(tmp, Path)
    out = tmp / "findings.cdnotice"
    with hq.acting() as ctx:
        sent = notice_out.send_findings(ctx, str(w["aid"]), out)
        from certdesk.services.own_keys import own_fingerprint

        fingerprint = own_fingerprint()
    assert (sent.findings, sent.files) == (1, (out,))
    assert fingerprint is not None
    return out, fingerprint


def test_the_supplier_answers_the_findings_hq_sent_and_hq_receives_it(
    world: dict[str, object], tmp_path: Path, clock: date
) -> None:
    supplier, hq = world["supplier"], world["hq"]
    assert isinstance(supplier, Actor)
    assert isinstance(hq, Actor)
    notice, fingerprint = _notice(world)
    scan = tmp_path / "삭제기록.pdf"
    scan.write_bytes(b"%PDF-1.7 account removal log")
    with supplier.acting() as ctx:
        with pytest.raises(UserError, match="check headquarters' fingerprint"):
            notice_in.import_notice(ctx, notice)  # first contact: the fingerprint, confirmed
        assert notice_in.import_notice(ctx, notice, fingerprint).count == 1
        [got] = responding.received(ctx)
        assert (got.id, got.item_id, got.severity, got.answered) == (
            world["finding"],
            "3.3.5",
            "major",
            False,
        )
        assert got.description == "퇴직자 계정 미삭제"
        with pytest.raises(UserError, match="nothing to send"):
            responding.send_responses(ctx, got.assessment, tmp_path / "r.cdpkg")
        responding.save_response(ctx, got.id, "퇴직 당일 계정 삭제", clock.isoformat(), [scan])
        assert notice_in.import_notice(ctx, notice).count == 1  # again: the draft stays
        [kept] = responding.received(ctx)
        assert (kept.action, kept.evidence) == ("퇴직 당일 계정 삭제", (scan,))
        out = tmp_path / "response.cdpkg"
        responding.send_responses(ctx, got.assessment, out)
        [sent] = responding.received(ctx)
        assert sent.sent_at is not None
    with hq.acting() as ctx:
        [outcome] = results_in.import_files(ctx, [out]).outcomes
        assert outcome.status == "imported", outcome.reason
        [response] = corrective.received(ctx)
        assert (response.finding, response.action) == (world["finding"], "퇴직 당일 계정 삭제")


def test_a_notice_for_someone_else_or_altered_is_refused_and_writes_nothing(
    world: dict[str, object], tmp_path: Path
) -> None:
    notice, fingerprint = _notice(world)
    stranger = Actor(tmp_path / "stranger", "field")
    with stranger.acting() as ctx:
        suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
        before = table_digest(ctx)
        with pytest.raises(UserError, match="not encrypted to your key"):
            notice_in.import_notice(ctx, notice, fingerprint)
        assert table_digest(ctx) == before
    supplier = world["supplier"]
    assert isinstance(supplier, Actor)
    altered = tmp_path / "altered.cdnotice"
    raw = bytearray(notice.read_bytes())
    raw[len(raw) // 2] ^= 1
    altered.write_bytes(bytes(raw))
    with supplier.acting() as ctx:
        before = table_digest(ctx)
        with pytest.raises(UserError, match=r"^altered\.cdnotice: bad signature"):
            notice_in.import_notice(ctx, altered, fingerprint)
        assert table_digest(ctx) == before


def test_hq_sends_findings_only_of_a_received_result_to_a_trusted_supplier_key(
    world: dict[str, object], tmp_path: Path
) -> None:
    field = world["field"]
    assert isinstance(field, Actor)
    with field.acting() as ctx, pytest.raises(UserError, match="headquarters"):
        notice_out.send_findings(ctx, str(world["aid"]), tmp_path / "x.cdnotice")
    hq = world["hq"]
    assert isinstance(hq, Actor)
    with hq.acting() as ctx:
        from certdesk.services.exchange import trust

        [key] = [k for k in trust.trusted(ctx) if k.role == "supplier"]
        trust.revoke(ctx, key.fingerprint, "계약 종료")
        with pytest.raises(UserError, match="no trusted key of 한빛정밀"):
            notice_out.send_findings(ctx, str(world["aid"]), tmp_path / "x.cdnotice")
    assert not (tmp_path / "x.cdnotice").exists()


def test_hq_sends_findings_from_the_command_line(
    world: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from certdesk.cli import main

    hq, supplier = world["hq"], world["supplier"]
    assert isinstance(hq, Actor)
    assert isinstance(supplier, Actor)
    out = tmp_path / "cli.cdnotice"
    with hq.commanding() as db:
        code = main(
            ["--db", db, "finding", "send", "--assessment", str(world["aid"]), "-o", str(out)]
        )
    assert code == 0
    assert "1 findings, encrypted to" in capsys.readouterr().out
    with supplier.acting() as ctx:
        assert notice_in.import_notice(ctx, out, notice_in.notice_signer(out)).count == 1
