"""The kits headquarters issued: sent, overdue, and returned once a result answering one
is imported."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

from certdesk import clock as program_clock
from certdesk.domain.framework import Method
from certdesk.domain.numbers import score_text
from certdesk.errors import UserError
from certdesk.services.assessment import answers, listing, suppliers
from certdesk.services.exchange import kit_out, results_in, results_out, trust
from certdesk.services.exchange.kit_list import KitState, issued_kits
from tests.support.exchange import Actor, kit_assessment
from tests.support.workspace import BUSINESS_ID, new_context


def _issue(hq: Actor, folder: Path, name: str, due: date | None, to: str | None = None) -> str:
    program_clock.advance(1)  # one after another, even on a fixed day
    with hq.acting() as ctx:
        return kit_out.issue_kit(
            ctx,
            BUSINESS_ID,
            "industrial-security",
            folder / f"{name}.cdkit",
            site="구미 공장",
            profile="standard",
            scope={"processes": ["사출"]},
            due=due.isoformat() if due else None,
            to=to,
        ).kit


def test_sent_overdue_and_returned(tmp_path: Path, clock: date) -> None:
    field, hq = Actor(tmp_path / "field", "field"), Actor(tmp_path / "hq", "hq")
    aid = kit_assessment(hq, field, tmp_path)  # registers the supplier, trusts 김심사
    with hq.acting() as ctx:
        [assessor] = trust.trusted(ctx)
    late = _issue(hq, tmp_path, "late", clock - timedelta(days=1))
    today = _issue(hq, tmp_path, "today", clock)
    later = _issue(hq, tmp_path, "later", clock + timedelta(days=30), to=assessor.fingerprint)
    with hq.acting() as ctx:
        before = {k.id: k.state for k in issued_kits(ctx)}
    with field.acting() as ctx:
        answers.answer(ctx, aid, "1.1.1", "met")
        answers.answer(ctx, aid, "1.1.2", "not_met")
        results_out.export_package(ctx, aid, tmp_path / "r.cdpkg", hq.public_file("hq"))
    with hq.acting() as ctx:
        [imported] = results_in.import_files(ctx, [tmp_path / "r.cdpkg"]).outcomes
        assert imported.status == "imported"
        kits = issued_kits(ctx)
        held = listing.show(ctx, aid).score
        outcome = ctx.library.find("industrial-security").outcome(held.outcome)
    answered = kits[-1]
    assert [k.id for k in kits[:3]] == [later, today, late]  # newest first
    assert before[answered.id] is KitState.SENT  # no due date: never overdue
    assert {k.id: k.state for k in kits} == {
        later: KitState.SENT,
        today: KitState.SENT,  # due today: not yet overdue
        late: KitState.OVERDUE,
        answered.id: KitState.RETURNED,
    }
    assert (answered.assessment, answered.result_status) == (aid, "draft")
    assert answered.score == score_text(Method.WEIGHTED_CONFORMITY, Fraction(held.total_exact))
    assert outcome is not None
    assert answered.outcome == outcome.title.get("en")
    assert answered.returned_at is not None
    assert answered.returned_at >= answered.issued_at
    first = kits[0]
    assert (first.supplier, first.business_id) == ("한빛정밀", BUSINESS_ID)
    assert (first.site, first.profile, first.scope) == (
        "구미 공장",
        "standard",
        {"processes": ["사출"]},
    )
    assert (first.framework_id, first.version) == ("industrial-security", "1.0.0")
    assert first.framework.startswith("Industrial security")
    assert (first.recipient, first.recipient_fingerprint) == ("김심사", assessor.fingerprint)
    assert first.due == clock + timedelta(days=30)
    assert first.issued_at.tzinfo is not None
    assert all(k.recipient is None for k in kits[1:])
    assert all(k.score is None and k.returned_at is None for k in kits[:3])


def test_the_state_follows_the_day_asked_for(tmp_path: Path, clock: date) -> None:
    hq = Actor(tmp_path / "hq", "hq")
    with hq.acting() as ctx:
        suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
    kit = _issue(hq, tmp_path, "k", clock + timedelta(days=30))
    with hq.acting() as ctx:
        assert [k.state for k in issued_kits(ctx)] == [KitState.SENT]
        assert [k.state for k in issued_kits(ctx, clock + timedelta(days=30))] == [KitState.SENT]
        later = issued_kits(ctx, clock + timedelta(days=31))
    assert [(k.id, k.state) for k in later] == [(kit, KitState.OVERDUE)]


def test_only_headquarters_lists_kits(tmp_path: Path) -> None:
    ctx = new_context(tmp_path, role="field")
    try:
        with pytest.raises(UserError):
            issued_kits(ctx)
    finally:
        ctx.close()
