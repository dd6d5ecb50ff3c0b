"""An assessment's status: draft, submitted, final (which closes it for good)."""

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
