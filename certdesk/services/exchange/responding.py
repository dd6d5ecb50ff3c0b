"""The supplier's side of corrective actions: a response per finding, kept, then sent.

A response is saved as it is typed (action taken, the day it was done, the
files that show it) and sent when the supplier chooses, for every answered
finding of one result at once, signed by the supplier's key and encrypted to
headquarters' pinned key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlmodel import select

from certdesk.crypto import keys
from certdesk.domain.decision import Severity
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment.evidence import MAX_BYTES as EVIDENCE_MAX
from certdesk.services.changes import Changes, Written
from certdesk.services.context import Context, changing, reading
from certdesk.services.exchange.kit_in import pinned_keys
from certdesk.services.exchange.responses_out import Response, write_response
from certdesk.services.messages import not_a_date
from certdesk.store import audit
from certdesk.store.tables import ReceivedFinding, now

MAX_ACTION = 4000
MAX_FILES = 10


@dataclass(frozen=True)
class Received:
    """A finding headquarters sent, and this supplier's response to it so far."""

    id: str
    assessment: str
    item_id: str | None
    severity: Severity
    description: str
    requested: str | None
    due: str | None
    action: str
    done_on: str | None
    evidence: tuple[Path, ...]
    sent_at: datetime | None

    @property
    def answered(self) -> bool:
        return bool(self.action.strip()) and self.done_on is not None


def _view(row: ReceivedFinding) -> Received:
    return Received(
        row.id,
        row.assessment_id,
        row.item_id,
        Severity(row.severity),
        row.description,
        row.requested_action,
        row.due_date,
        row.action_taken or "",
        row.done_on,
        tuple(Path(p) for p in json.loads(row.evidence_paths)),
        row.sent_at,
    )


def received(ctx: Context) -> list[Received]:
    """Every finding received here, the earliest due first."""
    with reading(ctx) as session:
        rows = [_view(r) for r in session.exec(select(ReceivedFinding))]
    return sorted(rows, key=lambda r: (r.due or "9999-12-31", r.id))


def save_response(
    ctx: Context, finding_id: str, action: str, done_on: str | None, evidence: list[Path]
) -> Changes:
    """Keep the response to one finding as typed so far (nothing is sent)."""
    if len(action) > MAX_ACTION:
        raise UserError(_("the action is longer than {n} characters").format(n=MAX_ACTION))
    if done_on is not None:
        try:
            date.fromisoformat(done_on)
        except ValueError:
            raise UserError(not_a_date(done_on)) from None
    if len(evidence) > MAX_FILES:
        raise UserError(_("at most {n} files per finding").format(n=MAX_FILES))
    with changing(ctx) as unit:
        row = unit.session.get(ReceivedFinding, finding_id)
        if row is None:
            raise UserError(_("no finding {id} was received here").format(id=finding_id))
        row.action_taken, row.done_on = action, done_on
        row.evidence_paths = json.dumps([str(p) for p in evidence], ensure_ascii=False)
        unit.session.add(row)
    return Changes(responses=True)


def send_responses(ctx: Context, assessment_id: str, out: Path) -> Written:
    """Sign and encrypt the answered findings of one result to headquarters."""
    with reading(ctx) as session:
        pinned = pinned_keys(session)
    chosen = [r for r in received(ctx) if r.assessment == assessment_id and r.answered]
    if not chosen:
        raise UserError(_("no finding has an action and a date yet: nothing to send"))
    if "hq.encryption" not in pinned:
        raise UserError(_("headquarters' key is not known here yet; import a kit or notice first"))
    for r in chosen:
        for path in r.evidence:
            if not path.is_file():
                raise UserError(
                    _("{file} (evidence of finding {id}) is no longer there").format(
                        file=path, id=r.id[:8]
                    )
                )
            if path.stat().st_size > EVIDENCE_MAX:
                raise UserError(_("{file} is too large to send").format(file=path.name))
    with reading(ctx) as session:
        business = session.get(ReceivedFinding, chosen[0].id)
        assert business is not None
        business_id = business.supplier_business_id
    responses = [Response(r.id, r.action, r.done_on or "", r.evidence) for r in chosen]
    written = write_response(
        assessment_id, business_id, responses, out, keys.unb64(pinned["hq.encryption"])
    )
    with changing(ctx) as unit:
        for r in chosen:
            row = unit.session.get(ReceivedFinding, r.id)
            assert row is not None
            row.sent_at = now()
            unit.session.add(row)
        audit.append(
            unit.session,
            audit.DATABASE_CHAIN,
            ctx.user,
            "response.send",
            {"assessment": assessment_id, "findings": len(chosen), "file": out.name[:200]},
        )
    return Written(files=written.files, responses=True)
