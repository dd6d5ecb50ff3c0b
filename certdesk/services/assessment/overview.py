"""The start screen's read model: every assessment with its progress and outcome."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import col, select

from certdesk.errors import UserError
from certdesk.i18n import _, current_language
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.context import Context, user_errors
from certdesk.store.tables import Assessment, Site, Supplier


@dataclass(frozen=True)
class AssessmentSummary:
    id: str
    supplier: str
    site: str | None
    framework: str
    mode_text: str
    cycle: str | None
    status_text: str
    answered: int
    applicable: int
    score_text: str
    outcome_text: str
    workspace: Workspace = field(compare=False, repr=False)
    """The loaded assessment, ready to open without reading it again."""


def _mode(mode: str) -> str:
    return _("On-site") if mode == "onsite" else _("Self-assessment")


def _status(status: str) -> str:
    return {"draft": _("Draft"), "submitted": _("Submitted"), "final": _("Final")}.get(
        status, status
    )


def summaries(ctx: Context) -> list[AssessmentSummary]:
    lang = current_language()
    with user_errors(ctx.db.path), ctx.db.session() as session:
        rows = session.exec(
            select(Assessment.id)
            .where(col(Assessment.purged_at).is_(None))
            .order_by(col(Assessment.updated_at).desc())
        ).all()
    found = []
    for assessment_id in rows:
        try:
            ws = Workspace(ctx, assessment_id)
        except UserError:
            continue  # its framework is not installed here; the CLI says why
        with ctx.db.session() as session:
            record = session.get(Assessment, assessment_id)
            assert record is not None
            supplier = session.get(Supplier, record.supplier_id)
            site = session.get(Site, record.site_id) if record.site_id else None
        result = ws.result
        outcome = ws.framework.outcome(result.outcome)
        outcome_text = outcome.title.get(lang) if outcome else result.outcome
        if result.provisional:
            outcome_text = _("{outcome} (provisional)").format(outcome=outcome_text)
        found.append(
            AssessmentSummary(
                id=assessment_id,
                supplier=supplier.name if supplier else "",
                site=site.name if site else None,
                framework=ws.framework.title.get(lang),
                mode_text=_mode(record.mode),
                cycle=record.cycle,
                status_text=_status(record.status),
                answered=result.applicable - result.unanswered,
                applicable=result.applicable,
                score_text=ws.score_text(result.total),
                outcome_text=outcome_text,
                workspace=ws,
            )
        )
    return found
