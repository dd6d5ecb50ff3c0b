"""A corrective action goes from finding to accepted closure; the outcome follows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from certdesk.domain.dates import add_months
from certdesk.errors import UserError
from certdesk.services.assessment import listing
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.exchange import responses_out, results_in
from certdesk.services.hq import corrective
from tests.support.exchange import Actor, conditional_result, table_digest
from tests.support.workspace import BUSINESS_ID


@pytest.fixture
def conditional(tmp_path: Path, clock: date) -> dict[str, object]:
    return conditional_result(tmp_path, clock)


def _respond(w: dict[str, object], name: str = "resp.cdpkg") -> Path:
    supplier, tmp = w["supplier"], w["tmp"]
    assert isinstance(supplier, Actor)
    assert isinstance(tmp, Path)
    scan = tmp / "계정삭제기록.pdf"
    scan.write_bytes(b"%PDF account removal log")
    out = tmp / name
    with supplier.acting():
        responses_out.export_response(
            str(w["aid"]),
            BUSINESS_ID,
            [
                responses_out.Response(
                    str(w["finding"]),
                    "퇴직 당일 계정 삭제 절차 시행",
                    str(w["today"]),
                    (scan,),
                )
            ],
            out,
            Path(str(w["hq_key"])),
        )
    return out


def test_finding_to_accepted_closure(conditional: dict[str, object]) -> None:
    hq = conditional["hq"]
    assert isinstance(hq, Actor)
    package = _respond(conditional)
    with hq.acting() as ctx:
        verdicts = Workspace(ctx, str(conditional["aid"])).held
        [outcome] = results_in.import_files(ctx, [package]).outcomes
        assert outcome.status == "imported", outcome.reason
        [response] = corrective.received(ctx)
        assert (response.decision, response.finding_status) == ("pending", "open")
        assert listing.show(ctx, str(conditional["aid"])).score.outcome == "conditional"
        assert results_in.import_files(ctx, [package]).outcomes[0].status == "present"
        corrective.decide(ctx, response.id, accept=True, note="기록 확인")
        [response] = corrective.received(ctx)
        assert (response.decision, response.finding_status) == ("accepted", "closed")
        assert response.decided_by
        assert response.decided_at
        shown = listing.show(ctx, str(conditional["aid"]))
        assert (shown.score.outcome, shown.score.decided_by) == (
            "certified",
            "band-certified",
        )
        with pytest.raises(UserError, match="already accepted"):
            corrective.decide(ctx, response.id, accept=False)
        assert Workspace(ctx, str(conditional["aid"])).held == verdicts  # answers untouched


def test_rejected_response_keeps_the_finding_open(conditional: dict[str, object]) -> None:
    hq = conditional["hq"]
    assert isinstance(hq, Actor)
    with hq.acting() as ctx:
        results_in.import_files(ctx, [_respond(conditional)])
        [response] = corrective.received(ctx)
        with pytest.raises(UserError, match="write why the response is rejected"):
            corrective.decide(ctx, response.id, accept=False, note="  ")  # as the CLI may
        assert corrective.received(ctx)[0].decision == "pending"
        corrective.decide(ctx, response.id, accept=False, note="증적 불충분")
        [response] = corrective.received(ctx)
        assert (response.decision, response.finding_status) == ("rejected", "open")
        assert listing.show(ctx, str(conditional["aid"])).score.outcome == "conditional"
        later = add_months(date.fromisoformat(str(conditional["today"])), 24)
        assert [f.finding for f in corrective.overdue_findings(ctx, later)] == [
            conditional["finding"]
        ]
        assert corrective.overdue_findings(ctx) == []


def test_a_response_signed_by_the_assessor_is_refused(conditional: dict[str, object]) -> None:
    field, hq = conditional["field"], conditional["hq"]
    assert isinstance(field, Actor)
    assert isinstance(hq, Actor)
    conditional["supplier"] = field  # the assessor's key is not the supplier's
    package = _respond(conditional, "by-assessor.cdpkg")
    with hq.acting() as ctx:
        before = table_digest(ctx)
        [outcome] = results_in.import_files(ctx, [package]).outcomes
        assert outcome.status == "refused"
        assert "that supplier's own key" in outcome.reason
        assert table_digest(ctx) == before


def test_an_accepted_response_moves_the_portfolio_without_a_rescore(
    conditional: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from certdesk.services.assessment import records
    from certdesk.services.hq import portfolio

    hq = conditional["hq"]
    assert isinstance(hq, Actor)
    package = _respond(conditional)
    with hq.acting() as ctx:
        results_in.import_files(ctx, [package])
        [before] = portfolio.summary(ctx)
        assert before.assessor is not None
        assert before.assessor.outcome == "conditional"
        [response] = corrective.received(ctx)
        corrective.decide(ctx, response.id, accept=True, note="기록 확인")

        def no_rescore(*_args: object) -> object:
            raise AssertionError("the portfolio rescored a result")

        monkeypatch.setattr(records, "rescore", no_rescore)
        [after] = portfolio.summary(ctx)
        assert after.assessor is not None
        assert after.assessor.outcome == "certified"
        assert after.open_findings == 0
