"""Findings with their corrective actions."""

from __future__ import annotations

from datetime import date

from certdesk.domain.decision import Severity
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment.assessments import framework_of, get, require_open
from certdesk.services.context import Context, user_errors
from certdesk.store import audit
from certdesk.store.tables import Finding


def add_finding(
    ctx: Context,
    assessment_id: str,
    severity: str,
    description: str,
    *,
    item_id: str | None = None,
    corrective_action: str | None = None,
    owner: str | None = None,
    due: str | None = None,
) -> str:
    if severity not in {s.value for s in Severity}:
        raise UserError(_("the severity must be major, minor or observation"))
    if not description.strip():
        raise UserError(_("describe the finding"))
    if due is not None:
        try:
            date.fromisoformat(due)
        except ValueError:
            raise UserError(_("'{due}' is not a date (use YYYY-MM-DD)").format(due=due)) from None
    with user_errors(ctx.db.path), ctx.db.session() as session:
        record = get(session, assessment_id)
        require_open(record)
        if item_id is not None and framework_of(ctx, record).item(item_id) is None:
            raise UserError(_("unknown item '{item}'").format(item=item_id))
        finding = Finding(
            assessment_id=record.id,
            item_id=item_id,
            severity=severity,
            description=description.strip(),
            corrective_action=corrective_action,
            owner=owner,
            due_date=due,
        )
        session.add(finding)
        audit.append(
            session,
            record.id,
            ctx.user,
            "finding.add",
            {
                "finding": finding.id,
                "item": item_id,
                "severity": severity,
                "description": audit.text_digest(record.text_salt, finding.description),
            },
        )
        session.commit()
        return finding.id
