"""An assessment's status: draft, submitted, final (which closes it for good); its archive mark."""

from __future__ import annotations

from certdesk import labels
from certdesk.domain.assessment import Status, can_move
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment import records
from certdesk.services.changes import Changes
from certdesk.services.context import Context, changing
from certdesk.store import audit
from certdesk.store.tables import now


def set_status(ctx: Context, assessment_id: str, status: Status | str) -> Changes:
    wanted = Status(status)
    with changing(ctx) as unit:
        record = records.get(unit.session, assessment_id)
        current = Status(record.status)
        if not can_move(current, wanted):
            msg = _("a {current} assessment cannot become {wanted}")
            raise UserError(
                msg.format(
                    current=labels.status(current).lower(), wanted=labels.status(wanted).lower()
                )
            )
        if wanted is Status.FINAL:
            record.closed_at = now()
        record.status, record.updated_at = wanted.value, now()
        unit.session.add(record)
        audit.append(
            unit.session,
            record.id,
            ctx.user,
            "assessment.status",
            {"from": current.value, "to": wanted.value},
        )
    return Changes(assessment=record.id, status=True)


def archive(ctx: Context, assessment_id: str, archived: bool = True) -> Changes:
    """Take an assessment off the start page's list (or bring it back); nothing is removed,
    and retention runs on it as before."""
    with changing(ctx) as unit:
        record = records.get(unit.session, assessment_id)
        if (record.archived_at is not None) != archived:
            record.archived_at = now() if archived else None
            unit.session.add(record)
            action = "assessment.archive" if archived else "assessment.restore"
            audit.append(unit.session, record.id, ctx.user, action, {})
    return Changes(assessment=record.id, assessments=True)
