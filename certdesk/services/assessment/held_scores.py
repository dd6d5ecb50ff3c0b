"""A result's score kept beside it at headquarters (`ResultScore`), so the portfolio and the
trends read rows instead of rescoring every result on every view.

The row is written when a result is imported and again whenever what decides its
outcome changes there (a finding closed by an accepted response); it is the score
`records.rescore` gives, open findings included.
"""

from __future__ import annotations

import json

from sqlmodel import Session

from certdesk.domain.numbers import fraction_text
from certdesk.domain.scoring.result import ScoreResult
from certdesk.services.assessment import records
from certdesk.services.context import Context
from certdesk.store.tables import Assessment, ResultScore, Site, now


def _row_of(record: Assessment, site: str | None, result: ScoreResult) -> ResultScore:
    areas = {
        k: None if n.score is None else fraction_text(n.score) for k, n in result.areas.items()
    }
    return ResultScore(
        assessment_id=record.id,
        supplier_id=record.supplier_id,
        site=site,
        framework_id=record.framework_id,
        framework_version=record.framework_version,
        mode=record.mode,
        cycle=record.cycle,
        status=record.status,
        total=fraction_text(result.total),
        outcome=result.outcome,
        areas_json=json.dumps(areas, sort_keys=True),
        answered=result.applicable - result.unanswered,
        applicable=result.applicable,
        scored_at=now(),
    )


def fresh_row(
    ctx: Context, session: Session, record: Assessment, result: ScoreResult | None = None
) -> ResultScore:
    """The result scored as held now (or as `result` says it is, scored already), as a row
    not yet kept (a `UserError` when its framework is not installed here)."""
    if result is None:
        session.flush()  # the answers and findings just written count
        _fw, result = records.rescore(ctx, session, record)
    site = session.get(Site, record.site_id) if record.site_id else None
    return _row_of(record, site.name if site else None, result)


def keep_score(
    ctx: Context, session: Session, record: Assessment, result: ScoreResult | None = None
) -> None:
    """Score the result as held now (or keep `result`, scored already) and keep the row,
    inside the caller's unit of work."""
    session.merge(fresh_row(ctx, session, record, result))
