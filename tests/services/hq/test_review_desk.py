"""The read models of headquarters' review and certificate desks: what may be certified
and why not, where a registered certificate stands, and the review queue's rules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from certdesk import clock
from certdesk.errors import UserError
from certdesk.services.exchange import trust
from certdesk.services.hq import certificates, review
from certdesk.services.hq.certifiable import certifiable
from certdesk.services.hq.register_view import register_rows
from tests.support.exchange import table_digest
from tests.support.hq_world import MAJOR, HqWorld, hq_world


@pytest.fixture
def clean(tmp_path: Path) -> Iterator[HqWorld]:
    made = hq_world(tmp_path, clock.today(), findings=False)
    with made.hq.acting() as ctx:
        yield made
        ctx.close()


def test_a_certified_result_then_its_signer_revoked(clean: HqWorld, tmp_path: Path) -> None:
    ctx = clean.ctx
    [ready] = certifiable(ctx, "ko")
    assert (ready.outcome, ready.refusal) == ("인증", None)
    code = certificates.issue(ctx, clean.assessment, tmp_path / "c.pdf", "ko").certificate.code
    [held] = certifiable(ctx, "en")
    assert held.refusal == f"this result already has certificate {code}"
    [row] = register_rows(ctx, "en")
    assert (row.code, row.site, row.outcome, row.standing) == (
        code,
        "구미 사업장",
        "Certified",
        "valid",
    )
    [assessor] = [k for k in trust.trusted(ctx) if k.name == "김심사"]
    trust.revoke(ctx, assessor.fingerprint, "노트북 분실")
    [row] = register_rows(ctx)
    assert (row.standing, row.reason) == ("signer_revoked", clock.today().isoformat())
    [blocked] = certifiable(ctx)
    assert blocked.refusal is not None
    assert "signed by a trusted assessor" in blocked.refusal


def test_the_queue_refuses_a_rejection_without_a_note(tmp_path: Path) -> None:
    world = hq_world(tmp_path, clock.today())
    with world.hq.acting() as ctx:
        [response] = [e for e in review.queue(ctx) if e.finding == world.findings[MAJOR]]
        before = table_digest(ctx)
        with pytest.raises(UserError, match="write why the response is rejected"):
            review.decide(ctx, response.response, accept=False, note=" \n")
        with pytest.raises(UserError, match="no evidence file"):
            review.open_evidence(ctx, "not-an-evidence-id")
        assert table_digest(ctx) == before
        review.decide(ctx, response.response, accept=False, note="기록 원본 필요")
        assert [e.finding for e in review.queue(ctx, pending_only=True)] == [
            e.finding for e in review.queue(ctx) if e.finding != world.findings[MAJOR]
        ]
        ctx.close()
