"""The certificate register as headquarters reads it: whose certificate, for what, and
where it stands today (the standing `certificates.verify` gives a code)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import col, select

from certdesk import clock
from certdesk.domain.framework import Framework
from certdesk.domain.supplier import format_business_id
from certdesk.errors import UserError
from certdesk.i18n import current_language
from certdesk.services.assessment import records
from certdesk.services.context import Context, reading
from certdesk.services.hq import certificates
from certdesk.store.tables import Assessment, Certificate


@dataclass(frozen=True)
class RegisterRow:
    code: str
    assessment: str
    supplier: str
    business_id: str
    site: str | None
    framework: str
    """The framework's title in the chosen language."""
    version: str
    outcome: str
    issued: date
    valid_until: date
    issued_by: str
    standing: str
    """As `certificates.Verdict.status`: valid, revoked, expired, superseded,
    signer_revoked."""
    reason: str | None
    """The revocation's reason, or since when it was superseded or its signer revoked."""


def register_rows(
    ctx: Context, language: str | None = None, today: date | None = None
) -> list[RegisterRow]:
    """Every certificate issued, the newest first."""
    ctx.require_hq()
    wording, day_ = language or current_language(), today or clock.today()
    frameworks: dict[str, Framework | None] = {}
    found: list[RegisterRow] = []
    with reading(ctx) as session:
        held = session.exec(
            select(Certificate, Assessment)
            .join(Assessment, col(Certificate.assessment_id) == col(Assessment.id))
            .order_by(col(Certificate.issued_at).desc())
        ).all()
        for cert, record in held:
            supplier, site = records.party_of(session, record)
            pinned = f"{record.framework_id}@{record.framework_version}"
            if pinned not in frameworks:
                try:
                    frameworks[pinned] = records.framework_of(ctx, record)
                except UserError:
                    frameworks[pinned] = None
            framework = frameworks[pinned]
            outcome = framework.outcome(cert.outcome) if framework else None
            found.append(
                RegisterRow(
                    code=cert.code,
                    assessment=record.id,
                    supplier=supplier.name,
                    business_id=format_business_id(supplier.business_id),
                    site=site.name if site else None,
                    framework=framework.title.get(wording) if framework else record.framework_id,
                    version=record.framework_version,
                    outcome=outcome.title.get(wording) if outcome else cert.outcome,
                    issued=cert.issued_at.date(),
                    valid_until=cert.valid_until.date(),
                    issued_by=cert.issued_by,
                    standing="",
                    reason=None,
                )
            )
    return [_standing(ctx, row, day_) for row in found]


def _standing(ctx: Context, row: RegisterRow, today: date) -> RegisterRow:
    verdict = certificates.verify(ctx, row.code, today=today)
    return replace(row, standing=verdict.status, reason=verdict.reason)
