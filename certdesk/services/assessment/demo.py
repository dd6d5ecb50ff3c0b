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


PUBLIC_ONLY = ("1.3.2", "7.4.2", "7.4.3")
"""Privacy impact items only for public institutions: not applicable to a company."""
PIA_GAPS = {
    "6.1.3": ("partial", "정문 카메라 2대에 안내판 없음"),
    "6.1.5": ("partial", "운영·관리 방침에 얼굴인식 출입 추가가 반영되지 않음"),
    "6.2.2": ("not_met", "출입 단말이 등록 얼굴 사진 원본을 특징정보 생성 후에도 보관"),
    "3.3.3": ("partial", "관제 수탁사 점검이 2024년 이후 없음"),
    "5.4.3": ("partial", "영상 반출 기록 일부 누락"),
}


def create_pia_demo(ctx: Context, supplier: NewSupplier | str) -> str:
    """The demo supplier's privacy impact assessment of its access and CCTV system, with
    face recognition added: every applicable item answered, the gaps with their tasks."""
    aid = new_assessment(
        ctx,
        supplier,
        "privacy-impact",
        Mode.ONSITE,
        cycle="2026-H2",
        profile="cctv+biometrics",
        assessor=_("Demo assessor"),
        scope={
            "system": _("(Demo) access control and CCTV system, security team"),
            "stage": _("change: face recognition added at the gates"),
            "data_subjects": _("420 employees, about 3,000 visitors a year"),
            "sensitive_and_unique": [_("biometric data (face templates)")],
            "processors": [_("(Demo) Hanbit Guard Services: CCTV monitoring")],
            "technologies": [_("fixed CCTV"), _("face recognition")],
        },
    ).id
    framework = ctx.library.find("privacy-impact")
    chosen = framework.profile("cctv+biometrics")
    given: dict[str, Held] = {}
    for item in framework.items():
        if not framework.applies(item, chosen):
            continue
        if item.id in PUBLIC_ONLY:
            given[item.id] = Held("na", _("a company, not a public institution"))
        elif item.id in PIA_GAPS:
            code, note = PIA_GAPS[item.id]
            given[item.id] = Held(code, note)
        else:
            given[item.id] = Held("met")
    set_answers(ctx, aid, given)
    today = clock.today()
    for item_id, severity, task, days in (
        ("6.2.2", "major", "출입 단말의 얼굴 원본 사진 즉시 파기, 특징정보만 보관", 30),
        ("6.1.3", "minor", "정문 카메라 안내판 설치", 60),
        ("3.3.3", "minor", "관제 수탁사 연 1회 점검 일정 수립 및 점검", 90),
    ):
        findings.add_finding(
            ctx,
            aid,
            severity,
            PIA_GAPS[item_id][1],
            item_id=item_id,
            corrective_action=task,
            owner="보안팀",
            due=(today + timedelta(days=days)).isoformat(),
        )
    ctx.history.forget(aid)
    return aid


def create_demo(ctx: Context) -> Created:
    """Add the demo supplier, its privacy impact assessment of a CCTV service, and its
    on-site assessment, about half answered (the one the start screen lists first)."""
    supplier = NewSupplier(
        _("(Demo) Hanbit Precision Co., Ltd."),
        DEMO_BUSINESS_ID,
        contact_name=_("Park Jiwon, security officer"),
        contact_email="security@hanbit.example",
        processes=("설계", "금형", "사출", "조립"),
    )
    create_pia_demo(ctx, supplier)
    aid = new_assessment(
        ctx,
        DEMO_BUSINESS_ID,
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
