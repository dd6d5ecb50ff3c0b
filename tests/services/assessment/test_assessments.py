"""Assessments through the services, on a real encrypted database."""

from __future__ import annotations

from pathlib import Path

import pytest

from certdesk.errors import UserError
from certdesk.services import context
from certdesk.services.assessment import answers, create, findings, listing, status, suppliers
from tests.support.workspace import BUSINESS_ID, new_context, supplier_and_assessment


@pytest.fixture
def ctx(tmp_path: Path) -> context.Context:
    return new_context(tmp_path)


@pytest.mark.parametrize(
    "number", ["124-81-00997", "12481009", "abcdefghij", "１２４８１００９９８"]
)
def test_invalid_business_numbers(ctx: context.Context, number: str) -> None:
    with pytest.raises(UserError, match="not a valid business registration number"):
        suppliers.add_supplier(ctx, "X", number)
    assert suppliers.list_suppliers(ctx) == []


def test_duplicate_business_number(ctx: context.Context) -> None:
    suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
    with pytest.raises(UserError, match="already exists"):
        suppliers.add_supplier(ctx, "다른 이름", "1248100998")


def test_assessment_is_pinned_and_scored_live(ctx: context.Context) -> None:
    aid = supplier_and_assessment(ctx)
    first = answers.answer(ctx, aid, "1.1.1", "met").result
    second = answers.answer(ctx, aid, "1.1.2", "met").result
    assert second.total > first.total
    assert second.unanswered == first.unanswered - 1
    shown = listing.show(ctx, aid)
    assert shown.framework == "industrial-security"
    assert shown.content_hash.startswith("sha256:")
    assert shown.score.provisional is True
    assert shown.score.unanswered == 320
    assert shown.site == "본사"


def test_bad_answers_change_nothing(ctx: context.Context) -> None:
    aid = supplier_and_assessment(ctx)
    for item, value, note, message in [
        ("9.9.9", "met", None, "unknown item"),
        ("1.1.2", "great", None, "is not an answer"),
        ("1.1.2", "na", None, "needs a justification"),
        ("1.1.1", "na", "no policy needed", "mandatory"),
    ]:
        with pytest.raises(UserError, match=message):
            answers.answer(ctx, aid, item, value, note)
    assert listing.show(ctx, aid).score.unanswered == 322


def test_import_is_all_or_nothing(ctx: context.Context, tmp_path: Path) -> None:
    aid = supplier_and_assessment(ctx)
    csv = tmp_path / "answers.csv"
    csv.write_text("item_id,answer,note\n1.1.1,met,\n1.1.2,maybe,\n", encoding="utf-8")
    with pytest.raises(UserError, match="row 3"):
        answers.import_answers(ctx, aid, csv)
    assert listing.show(ctx, aid).score.unanswered == 322
    csv.write_text("item_id,answer,note\n1.1.1,met,\n1.1.2,na,서면 절차 없음\n", encoding="cp949")
    assert answers.import_answers(ctx, aid, csv).count == 2


def test_open_major_finding_blocks_certification(ctx: context.Context, tmp_path: Path) -> None:
    aid = supplier_and_assessment(ctx, profile="standard")
    csv = tmp_path / "all-met.csv"
    fw = ctx.library.find("industrial-security")
    standard = fw.profile("standard")
    rows = [f"{i.id},met," for i in fw.items() if fw.applies(i, standard)]
    csv.write_text("item_id,answer,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    answers.import_answers(ctx, aid, csv)
    assert listing.show(ctx, aid).score.outcome == "certified"
    findings.add_finding(
        ctx,
        aid,
        "major",
        "퇴직자 계정 미삭제",
        item_id="3.3.5",
        owner="정보보안팀",
        due="2027-02-28",
    )
    score = listing.show(ctx, aid).score
    assert (score.outcome, score.decided_by) == ("conditional", "band-conditional")


def test_final_assessment_is_closed(ctx: context.Context) -> None:
    aid = supplier_and_assessment(ctx)
    status.set_status(ctx, aid, "final")
    with pytest.raises(UserError, match="is final"):
        answers.answer(ctx, aid, "1.1.1", "met")
    with pytest.raises(UserError, match="cannot become draft"):
        status.set_status(ctx, aid, "draft")


def test_finding_checks(ctx: context.Context) -> None:
    aid = supplier_and_assessment(ctx)
    with pytest.raises(UserError, match="severity must be one of: Major, Minor, Observation"):
        findings.add_finding(ctx, aid, "huge", "x")
    with pytest.raises(UserError, match="is not a date"):
        findings.add_finding(ctx, aid, "minor", "x", due="next week")
    with pytest.raises(UserError, match="unknown item"):
        findings.add_finding(ctx, aid, "minor", "x", item_id="0.0")


def test_unknown_profile_and_supplier(ctx: context.Context) -> None:
    suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
    with pytest.raises(UserError, match="no profile 'gold'"):
        create.new_assessment(ctx, "한빛정밀", "industrial-security", "onsite", profile="gold")
    with pytest.raises(UserError, match="no supplier 'nobody'"):
        create.new_assessment(ctx, "nobody", "industrial-security", "onsite")


def test_onsite_follows_self_assessment_with_claims(ctx: context.Context) -> None:
    own = supplier_and_assessment(ctx, mode="self")
    answers.answer(ctx, own, "1.1.1", "met", "우리는 정책이 있음")
    answers.answer(ctx, own, "1.1.2", "met")
    onsite = create.new_assessment(ctx, "한빛정밀", "industrial-security", "onsite", follows=own).id
    answers.answer(ctx, onsite, "1.1.1", "partial", "승인 서명 없음")
    shown = listing.show(ctx, onsite)
    assert shown.follows == own
    assert shown.claims == {"1.1.1": "met", "1.1.2": "met"}
    assert shown.score.unanswered == 321  # claims never count as the assessor's answers
    assert listing.show(ctx, own).score.unanswered == 320  # the claim is untouched
    with pytest.raises(UserError, match="can only follow a self-assessment"):
        create.new_assessment(ctx, "한빛정밀", "industrial-security", "onsite", follows=onsite)
