"""Helpers that build real encrypted databases with content for service tests."""

from __future__ import annotations

from pathlib import Path

from certdesk.services import context, opening
from certdesk.services.assessment import create, suppliers

BUSINESS_ID = "124-81-00998"
OTHER_BUSINESS_ID = "220-81-62517"


def new_context(folder: Path, role: str = "field") -> context.Context:
    return opening.open_context(folder / "certdesk.db", create_role=role)


def supplier_and_assessment(
    ctx: context.Context,
    framework: str = "industrial-security",
    mode: str = "onsite",
    profile: str | None = None,
) -> str:
    suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
    return create.new_assessment(
        ctx, "한빛정밀", framework, mode, site="본사", cycle="2026-H2", profile=profile
    ).id


def answer_all(ctx: context.Context, assessment_id: str, folder: Path, code: str = "met") -> None:
    """Answer every item that applies in the assessment's profile, through the CSV import."""
    from certdesk.services.assessment import answers
    from certdesk.services.assessment.workspace import Workspace

    items = Workspace(ctx, assessment_id).items()
    csv = folder / f"all-{code}.csv"
    csv.write_text(
        "item_id,answer,note\n" + "".join(f"{i.id},{code},\n" for i in items), encoding="utf-8"
    )
    answers.import_answers(ctx, assessment_id, csv)
