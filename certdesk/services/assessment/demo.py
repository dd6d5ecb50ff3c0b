"""A demo supplier with a half-finished assessment, offered on the first run."""

from __future__ import annotations

import random
from datetime import timedelta

from certdesk import clock
from certdesk.domain.assessment import Mode
from certdesk.i18n import _
from certdesk.services.assessment import evidence, findings
from certdesk.services.assessment.answers import Held, set_answers
from certdesk.services.assessment.create import new_assessment
from certdesk.services.assessment.suppliers import NewSupplier
from certdesk.services.changes import Created
from certdesk.services.context import Context

DEMO_BUSINESS_ID = "314-86-12340"  # fictional, with a valid check digit
NOTES = {
    "partial": (
        "일부 부서만 적용되어 있음",
        "기록이 최근 3개월분만 있음",
        "절차는 있으나 승인 누락",
    ),
    "not_met": ("관련 절차 없음", "현장 확인 결과 미이행", "담당자가 지정되지 않음"),
}


def create_demo(ctx: Context) -> Created:
    """Add the demo supplier and its on-site assessment, about half answered."""
    supplier = NewSupplier(
        _("(Demo) Hanbit Precision Co., Ltd."),
        DEMO_BUSINESS_ID,
        contact_name=_("Park Jiwon, security officer"),
        contact_email="security@hanbit.example",
        processes=("설계", "금형", "사출", "조립"),
    )
    aid = new_assessment(
        ctx,
        supplier,
        "industrial-security",
        Mode.ONSITE,
        site=_("Pyeongtaek plant 2"),
        cycle="2026-H2",
        profile="design-data",
        assessor=_("Demo assessor"),
        scope={"processes": ["설계", "금형", "사출"]},
    ).id
    today = clock.today()
    rng = random.Random(2026)  # noqa: S311 (demo answers, not security)
    items = list(ctx.library.find("industrial-security").items())
    given: dict[str, Held] = {}
    for item in items[: len(items) // 2]:
        code = rng.choices(("met", "partial", "not_met"), weights=(7, 2, 1))[0]
        if item.mandatory and code == "not_met":
            code = "partial"
        given[item.id] = Held(code, rng.choice(NOTES[code]) if code in NOTES else None)
    # The answer agrees with the major finding recorded on it below.
    given["3.3.5"] = Held("partial", "퇴직자 3명 계정 삭제 지연 (부적합 사항 참조)")
    set_answers(ctx, aid, given)
    findings.add_finding(
        ctx,
        aid,
        "major",
        "퇴직자 3명의 설계망 계정이 퇴직 후 2주간 활성 상태",
        item_id="3.3.5",
        corrective_action="퇴직 당일 계정 삭제 절차 수립",
        owner="정보보안팀",
        due=(today + timedelta(days=60)).isoformat(),
    )
    findings.add_finding(
        ctx,
        aid,
        "minor",
        "방문객 대장에 퇴실 시각 누락 5건",
        item_id="2.4.1",
        owner="총무팀",
        due=(today + timedelta(days=90)).isoformat(),
    )
    evidence.add_sighted(
        ctx,
        aid,
        "1.4.1",
        title="기술자산 관리대장",
        version="2026-09",
        seen_where="R&D 보호구역 문서고",
        shown_by=None,
    )
    ctx.history.forget(aid)  # the demo is where the user starts, not something to undo
    return Created(id=aid, assessment=aid, assessments=True, suppliers=True)
