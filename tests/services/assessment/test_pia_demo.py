"""The bundled privacy impact assessment: the demo assesses a CCTV service with face
recognition (two profiles at once), and its report says the scope the framework asks for,
the outcome and each improvement task, read back from the PDF."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from certdesk.i18n import set_language
from certdesk.services.assessment import demo, desk, overview, reports
from certdesk.services.context import plain
from tests.support.workspace import new_context


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "ko",
            [
                "개인정보 영향평가",
                "대상 서비스·시스템",
                "(데모) 출입통제·영상감시 시스템",
                "평가 단계",
                "2026-11-30",  # the laws as in force on the legal baseline
                "영상정보처리기기 + 생체인식정보",
                "판정: 개선계획 조건부 적정",
                "정문 카메라 안내판 설치",  # an improvement task, with its owner and date
                "작성 중",
            ],
        ),
        (
            "en",
            [
                "Privacy impact assessment",
                "Service or system assessed",
                "Visual data processing devices + Biometric data",
                "Outcome: Approved subject to the improvement plan",
                "Draft",
            ],
        ),
    ],
)
def test_the_demo_pia_of_a_cctv_service_and_its_report(
    tmp_path: Path, lang: str, words: list[str]
) -> None:
    set_language(lang)
    ctx = new_context(tmp_path)
    demo.create_demo(ctx)
    [pia] = [s for s in overview.summaries(ctx) if s.card.framework.id == "privacy-impact"]
    assert overview.summaries(ctx)[0].card.framework.id == "industrial-security"  # first
    assert pia.answered == pia.applicable  # every applicable item answered
    with plain(ctx) as sql:
        head = desk.head(sql, pia.id)
        _fw, result = desk.rescore(sql, ctx.library, head)
    assert head.profile == "cctv+biometrics"
    assert result.outcome == "approved-with-plan"  # an open major finding: the raw photos
    assert result.facts.knockout_failures == ()
    pdf = reports.write_gap_pdf(ctx, pia.id, tmp_path / f"pia-{lang}.pdf", lang).files[0]
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    missing = [w for w in words if " ".join(w.split()) not in flat]
    assert missing == []
    assert "draft" not in flat.split()  # the status's label, never its code
