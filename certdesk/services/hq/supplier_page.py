"""One supplier as headquarters follows it: every result over the cycles, its
self-assessment beside the on-site result per area, open findings, certificates.

Scores come from the rows stored at import (`ResultScore`), as in the portfolio.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlmodel import col, select

from certdesk import clock, labels
from certdesk.domain.assessment import FindingStatus, Mode, overdue
from certdesk.domain.dates import day
from certdesk.domain.framework import Method
from certdesk.domain.numbers import score_text
from certdesk.domain.supplier import format_business_id
from certdesk.errors import UserError
from certdesk.i18n import _, current_language
from certdesk.services.assessment.suppliers import processes_of
from certdesk.services.context import Context, reading
from certdesk.services.hq.portfolio import counts
from certdesk.store.tables import Assessment, Certificate, Finding, ResultScore, Site, Supplier


@dataclass(frozen=True)
class ResultRow:
    assessment: str
    cycle: str | None
    mode: str
    site: str | None
    framework_id: str
    framework_version: str
    framework: str
    status: str
    counts: bool
    """Whether it counts for the standing (a final on-site or a sent self-assessment)."""
    total: Fraction
    total_text: str
    outcome_title: str
    areas: dict[str, Fraction | None]


@dataclass(frozen=True)
class AreaComparison:
    area: str
    title: str
    self_assessed: str
    onsite: str
    gap: float | None
    """On-site minus self-assessed, in points of the framework's scale (None: one is missing)."""


@dataclass(frozen=True)
class OpenFinding:
    id: str
    cycle: str | None
    item: str | None
    severity: str
    description: str
    due: str | None
    overdue: bool


@dataclass(frozen=True)
class CertificateRow:
    code: str
    cycle: str | None
    valid_until: date
    state: str


@dataclass(frozen=True)
class SupplierPage:
    id: str
    name: str
    business_id: str
    tier: str
    contact: str
    sites: tuple[str, ...]
    processes: tuple[str, ...]
    results: tuple[ResultRow, ...]
    """Oldest first."""
    comparison: tuple[AreaComparison, ...]
    findings: tuple[OpenFinding, ...]
    certificates: tuple[CertificateRow, ...]


def _text(value: Fraction | None, method: Method) -> str:
    return "—" if value is None else score_text(method, value)


def _results(ctx: Context, rows: list[tuple[ResultScore, str]]) -> list[ResultRow]:
    lang, out = current_language(), []
    for row, status in rows:
        try:
            fw = ctx.library.find(f"{row.framework_id}@{row.framework_version}")
        except UserError:
            fw = None
        outcome = fw.outcome(row.outcome) if fw else None
        total = Fraction(row.total)
        out.append(
            ResultRow(
                assessment=row.assessment_id,
                cycle=row.cycle,
                mode=row.mode,
                site=row.site,
                framework_id=row.framework_id,
                framework_version=row.framework_version,
                framework=fw.title.get(lang) if fw else row.framework_id,
                status=status,
                counts=counts(row.mode, status),
                total=total,
                total_text=_text(total, fw.scoring.method) if fw else row.total,
                outcome_title=outcome.title.get(lang) if outcome else row.outcome,
                areas={
                    k: None if v is None else Fraction(v)
                    for k, v in json.loads(row.areas_json).items()
                },
            )
        )
    return out


def _comparison(ctx: Context, results: list[ResultRow]) -> tuple[AreaComparison, ...]:
    """The latest counting self-assessment beside the latest final on-site result."""
    own = next((r for r in reversed(results) if r.counts and r.mode == Mode.SELF), None)
    onsite = next((r for r in reversed(results) if r.counts and r.mode == Mode.ONSITE), None)
    chosen = onsite or own
    if chosen is None:
        return ()
    try:
        fw = ctx.library.find(f"{chosen.framework_id}@{chosen.framework_version}")
    except UserError:
        return ()
    out = []
    method = fw.scoring.method
    for area in fw.areas:
        mine = own.areas.get(area.id) if own else None
        theirs = onsite.areas.get(area.id) if onsite else None
        gap = float(theirs - mine) if mine is not None and theirs is not None else None
        out.append(
            AreaComparison(
                area.id,
                area.title.get(current_language()),
                _text(mine, method),
                _text(theirs, method),
                gap,
            )
        )
    return tuple(out)


def supplier_page(ctx: Context, supplier_id: str, today: date | None = None) -> SupplierPage:
    ctx.require_hq()
    day_ = today or clock.today()
    with reading(ctx) as session:
        supplier = session.get(Supplier, supplier_id)
        if supplier is None:
            raise UserError(_("this supplier no longer exists"))
        held = session.exec(
            select(ResultScore, Assessment.status)
            .join(Assessment, col(Assessment.id) == col(ResultScore.assessment_id))
            .where(ResultScore.supplier_id == supplier_id, col(Assessment.purged_at).is_(None))
            .order_by(col(ResultScore.cycle), col(ResultScore.scored_at))
        ).all()
        results = _results(ctx, [(r, s) for r, s in held])
        cycles = {r.assessment: r.cycle for r in results}
        findings = session.exec(
            select(Finding)
            .where(col(Finding.assessment_id).in_(list(cycles)))
            .where(Finding.status == FindingStatus.OPEN)
            .order_by(col(Finding.due_date))
        ).all()
        certs = session.exec(
            select(Certificate).where(col(Certificate.assessment_id).in_(list(cycles)))
        ).all()
        sites = session.exec(select(Site.name).where(Site.supplier_id == supplier_id)).all()
        contact = " · ".join(
            v for v in (supplier.contact_name, supplier.contact_email, supplier.contact_phone) if v
        )
        return SupplierPage(
            id=supplier.id,
            name=supplier.name,
            business_id=format_business_id(supplier.business_id),
            tier=labels.tier(supplier.tier),
            contact=contact or "—",
            sites=tuple(sorted(sites)),
            processes=processes_of(supplier),
            results=tuple(results),
            comparison=_comparison(ctx, results),
            findings=tuple(
                OpenFinding(
                    f.id,
                    cycles.get(f.assessment_id),
                    f.item_id,
                    labels.severity(f.severity),
                    f.description,
                    f.due_date,
                    overdue(day(f.due_date), day_),
                )
                for f in findings
            ),
            certificates=tuple(
                CertificateRow(c.code, cycles.get(c.assessment_id), c.valid_until.date(), _state(c))
                for c in certs
            ),
        )


def _state(cert: Certificate) -> str:
    if cert.revoked_at is not None:  # why, as headquarters wrote it when revoking
        reason = (cert.revoked_reason or "").strip()
        return _("Revoked: {reason}").format(reason=reason) if reason else _("Revoked")
    if cert.signer_revoked_at is not None:
        return _("Signer's key revoked")
    if cert.superseded_at is not None:
        return _("Superseded by a newer result")
    return _("Valid")
