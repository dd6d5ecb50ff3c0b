"""What a purge would destroy, as a person checks it first: which assessments (supplier,
cycle, the day each became final), what of each, and how many evidence files.

The same rule as `retention.purge` decides (its `_expiring`), so the preview and the
purge never disagree; nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, func, select

from certdesk import clock
from certdesk.domain.assessment import RetentionKind as Kind
from certdesk.services.assessment.retention import KINDS, _expiring
from certdesk.services.context import Context, reading
from certdesk.store.tables import Evidence, Supplier


@dataclass(frozen=True)
class Expiring:
    assessment: str
    supplier: str
    cycle: str | None
    closed: date
    """The day the assessment became final, from which its periods count."""
    kinds: tuple[str, ...]
    """What of it would go, in `retention.KINDS` order (the whole record takes all)."""
    evidence_files: int
    """The evidence files that would be destroyed with it."""


@dataclass(frozen=True)
class PurgePreview:
    assessments: tuple[Expiring, ...]

    def count(self, kind: str) -> int:
        """How many assessments would lose this kind of data."""
        return sum(kind in a.kinds for a in self.assessments)

    @property
    def evidence_files(self) -> int:
        return sum(a.evidence_files for a in self.assessments)


def preview(ctx: Context, today: date | None = None) -> PurgePreview:
    """Everything a purge on `today` would destroy; nothing is changed."""
    today = today or clock.today()
    found: list[Expiring] = []
    with reading(ctx) as session:
        for record, expired in _expiring(session, today):
            assert record.closed_at is not None  # only closed assessments expire
            supplier = session.get(Supplier, record.supplier_id)
            # the whole record goes, its evidence and free text with it
            kinds = set(KINDS) if Kind.RECORD in expired else expired
            files = 0
            if Kind.EVIDENCE in kinds:
                files = session.exec(
                    select(func.count())
                    .select_from(Evidence)
                    .where(
                        Evidence.assessment_id == record.id, col(Evidence.stored_name).is_not(None)
                    )
                ).one()
            found.append(
                Expiring(
                    record.id,
                    supplier.name if supplier is not None else "",
                    record.cycle,
                    record.closed_at.date(),
                    tuple(k for k in KINDS if k in kinds),
                    files,
                )
            )
    return PurgePreview(tuple(found))
