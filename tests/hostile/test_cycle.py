"""The ordinary cycle at headquarters, and what it must never lose or allow.

Result, supplier response, accepted closure, the assessor's next result: every
evidence file still opens, the response survives, and a refused newer package
leaves the evidence folder as it was. Imported results stay as signed;
certificates follow what happens to the result they cite.
"""

from __future__ import annotations

import pytest

from certdesk.errors import UserError
from certdesk.services.assessment import answers, evidence, findings
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.exchange import results_out, trust
from certdesk.services.hq import certificates, corrective
from tests.hostile.cases_results import CASES
from tests.hostile.test_responses import entry, response
from tests.hostile.world import World, build_world


@pytest.fixture
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("cycle"))


def _every_file_opens(w: World) -> list[bytes]:
    with w.hq.acting() as ctx:
        ws = Workspace(ctx, w.aid)
        held = [e for items in ws.evidence.values() for e in items if e.kind == "file"]
        return sorted(evidence.open_file(ctx, e.id).read_bytes() for e in held)


def test_result_response_closure_and_the_next_result(world: World) -> None:
    assert world.import_bytes(response(world, [entry(world)])).status == "imported"
    with world.hq.acting() as ctx:
        [waiting] = corrective.pending(ctx)
        corrective.decide(ctx, waiting.id, accept=True, note="기록 확인")
    files_before = _every_file_opens(world)
    assert b"%PDF" in files_before  # the response's file, now part of the record
    with world.parties["A"].acting() as ctx:  # the assessor's next genuine result
        next_result = world.root / "a3.cdpkg"
        results_out.export_package(ctx, world.aid, next_result)
    with world.hq.acting() as ctx:
        from certdesk.services.exchange import results_in

        [outcome] = results_in.import_files(ctx, [world.good, next_result]).outcomes[1:]
        assert outcome.status == "imported", outcome.reason
        [kept] = corrective.received(ctx)  # the response survived its assessment's update
        assert (kept.id, kept.decision) == (waiting.id, "accepted")
    assert _every_file_opens(world) == files_before
    before = world.files_digest()
    refused = world.import_bytes(CASES["a file's hash differs"][0](world), "refused.cdpkg")
    assert refused.status == "refused"
    assert world.files_digest() == before
    assert _every_file_opens(world) == files_before


def test_an_imported_result_stays_as_signed(world: World) -> None:
    with world.hq.acting() as ctx:
        with pytest.raises(UserError, match="stays as its signer signed it"):
            answers.answer(ctx, world.self_aid, "1.1.1", "not_met")
        with pytest.raises(UserError, match="stays as its signer signed it"):
            findings.add_finding(ctx, world.self_aid, "minor", "본사 메모")
        ws = Workspace(ctx, world.self_aid)
        assert ws.read_only
        with pytest.raises(UserError, match="stays as its signer signed it"):
            ws.set_answer("1.1.2", "met", None)


def test_certificates_follow_their_result(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Revoked: never again for that result; superseded by a newer result; flagged when
    the key that signed the result is revoked."""
    from tests.support.exchange import Actor, kit_assessment
    from tests.support.workspace import answer_all

    root = tmp_path_factory.mktemp("superseded")
    hq, field = Actor(root / "hq", "hq"), Actor(root / "field", "field")
    aid = kit_assessment(hq, field, root, profile="standard")
    with field.acting() as ctx:
        answer_all(ctx, aid, root)
        from certdesk.services.assessment import status

        status.set_status(ctx, aid, "final")
        results_out.export_package(ctx, aid, root / "1.cdpkg")
        results_out.export_package(ctx, aid, root / "2.cdpkg")
    with hq.acting() as ctx:
        from certdesk.services.exchange import results_in

        results_in.import_files(ctx, [root / "1.cdpkg"])
        issued = certificates.issue(ctx, aid, root / "c.pdf", "en").certificate
        certificates.revoke(ctx, issued.code, "다시 심사")
        with pytest.raises(UserError, match="was revoked; a new certificate needs a new result"):
            certificates.issue(ctx, aid, root / "again.pdf", "en")
        results_in.import_files(ctx, [root / "2.cdpkg"])
        fresh = certificates.issue(ctx, aid, root / "new.pdf", "en").certificate
        assert certificates.verify(ctx, fresh.code).status == "valid"
    with field.acting() as ctx:
        results_out.export_package(ctx, aid, root / "3.cdpkg")
    with hq.acting() as ctx:
        results_in.import_files(ctx, [root / "3.cdpkg"])
        assert certificates.verify(ctx, fresh.code).status == "superseded"
        latest = certificates.issue(ctx, aid, root / "latest.pdf", "en").certificate
        assessor = next(k for k in trust.trusted(ctx) if k.role == "assessor")
        trust.revoke(ctx, assessor.fingerprint, "퇴사")
        assert certificates.verify(ctx, latest.code).status == "signer_revoked"
        with pytest.raises(UserError, match="signed by a trusted assessor"):
            certificates.issue(ctx, aid, root / "after.pdf", "en")
