"""An assessment with a few answers: an audit log to verify and to tamper with."""

from __future__ import annotations

from pathlib import Path

import pytest

from certdesk.services import context
from certdesk.services.assessment import answers
from tests.support.workspace import new_context, supplier_and_assessment


@pytest.fixture
def ctx(tmp_path: Path) -> context.Context:
    """Five audit entries: the supplier, the assessment and three answers (two notes)."""
    ctx = new_context(tmp_path)
    assessment = supplier_and_assessment(ctx)
    answers.answer(ctx, assessment, "1.1.1", "met", "홍길동 과장이 정책서를 보여 줌")
    answers.answer(ctx, assessment, "1.1.2", "partial")
    answers.answer(ctx, assessment, "1.1.1", "not_met", "승인 서명 없음")
    return ctx
