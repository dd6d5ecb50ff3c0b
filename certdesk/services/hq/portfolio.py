"""Headquarters' portfolio: every supplier's standing, trend and open work."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

from sqlmodel import Session, col, select

from certdesk import clock
from certdesk.domain.assessment import FindingStatus, Mode, overdue
from certdesk.domain.dates import day
from certdesk.domain.framework import Framework
from certdesk.domain.numbers import score_text
from certdesk.domain.report import PortfolioReport
from certdesk.domain.scoring import ScoreResult
from certdesk.domain.supplier import format_business_id
from certdesk.i18n import _, current_language
from certdesk.i18n import language as i18n_language
from certdesk.services.assessment import records
from certdesk.services.changes import Written
from certdesk.services.context import Context, reading
from certdesk.services.library.scores import display_number
from certdesk.services.messages import writing
from certdesk.store.tables import Assessment, Certificate, Finding, ImportedPackage, Supplier

SOON = timedelta(days=90)


@dataclass(frozen=True)
class Standing:
    """A supplier's latest result of one mode."""

    assessment: str
    cycle: str | None
    framework: str
    total: float | int
    total_text: str
    """As the framework's method shows it: a percentage, a maturity level, points."""
    outcome: str
    outcome_title: str
    areas: dict[str, float | None]


@dataclass(frozen=True)
class TrendPoint:
    cycle: str | None
    mode: Mode
    total: float | int


@dataclass(frozen=True)
class Expiring:
    code: str
    valid_until: date


@dataclass(frozen=True)
class PortfolioEntry:
    supplier: str
    business_id: str
    assessor: Standing | None
    self_assessed: Standing | None
    trend: tuple[TrendPoint, ...]
    open_findings: int
    overdue_findings: int
    certificates_expiring: tuple[Expiring, ...]


def _number(value: Fraction | None) -> float | int | None:
    return None if value is None else display_number(value)


def _standing(record: Assessment, framework: Framework, result: ScoreResult) -> Standing:
    found = framework.outcome(result.outcome)
    return Standing(
        assessment=record.id,
        cycle=record.cycle,
        framework=framework.id,
        total=display_number(result.total),
        total_text=score_text(framework.scoring.method, result.total),
        outcome=result.outcome,
        outcome_title=found.title.get(current_language()) if found else result.outcome,
        areas={k: _number(n.score) for k, n in result.areas.items()},
    )


@dataclass
class _Held:
    """Everything the portfolio reads, each table once, grouped by assessment."""

    assessments: dict[str, list[Assessment]]
    packages: dict[str, ImportedPackage]
    open_findings: dict[str, list[Finding]]
    certificates: dict[str, list[Certificate]]


def _read(session: Session) -> _Held:
    newest: dict[str, ImportedPackage] = {}
    for package in session.exec(select(ImportedPackage)):
        held = newest.get(package.assessment_id)
        if held is None or package.sequence > held.sequence:
            newest[package.assessment_id] = package
    by_supplier: dict[str, list[Assessment]] = defaultdict(list)
    ordered = select(Assessment).order_by(col(Assessment.cycle), col(Assessment.updated_at))
    for record in session.exec(ordered):
        if record.id in newest:
            by_supplier[record.supplier_id].append(record)
    still_open: dict[str, list[Finding]] = defaultdict(list)
    for finding in session.exec(select(Finding).where(Finding.status == FindingStatus.OPEN)):
        still_open[finding.assessment_id].append(finding)
    valid: dict[str, list[Certificate]] = defaultdict(list)
    for cert in session.exec(select(Certificate).where(col(Certificate.revoked_at).is_(None))):
        valid[cert.assessment_id].append(cert)
    return _Held(by_supplier, newest, still_open, valid)


def summary(ctx: Context, today: date | None = None) -> list[PortfolioEntry]:
    """One entry per supplier with an imported result, for the portfolio and `hq summary`."""
    ctx.require_hq()
    day_ = today or clock.today()
    out: list[PortfolioEntry] = []
    with reading(ctx) as session:
        held = _read(session)
        for supplier in session.exec(select(Supplier).order_by(col(Supplier.name))):
            own = held.assessments.get(supplier.id, [])
            if not own:
                continue
            latest: dict[Mode, Standing | None] = {}
            for mode in Mode:
                record = next((a for a in reversed(own) if a.mode == mode), None)
                latest[mode] = (
                    _standing(record, *records.rescore(ctx, session, record)) if record else None
                )
            mine = [f for a in own for f in held.open_findings.get(a.id, [])]
            out.append(
                PortfolioEntry(
                    supplier=supplier.name,
                    business_id=format_business_id(supplier.business_id),
                    assessor=latest[Mode.ONSITE],
                    self_assessed=latest[Mode.SELF],
                    trend=tuple(
                        TrendPoint(
                            a.cycle,
                            Mode(a.mode),
                            display_number(Fraction(held.packages[a.id].recomputed_total)),
                        )
                        for a in own
                    ),
                    open_findings=len(mine),
                    overdue_findings=sum(1 for f in mine if overdue(day(f.due_date), day_)),
                    certificates_expiring=tuple(
                        Expiring(c.code, c.valid_until.date())
                        for a in own
                        for c in held.certificates.get(a.id, [])
                        if day_ <= c.valid_until.date() <= day_ + SOON
                    ),
                )
            )
    return out


def report_of(entries: list[PortfolioEntry], today: date | None = None) -> PortfolioReport:
    """The portfolio as the management report and the portfolio page show it: one table."""
    headings = (
        _("Supplier"),
        _("Business registration number"),
        _("Outcome"),
        _("Total"),
        _("Self-assessed"),
        _("Open findings"),
        _("Overdue"),
        _("Certificate expiring"),
    )
    rows = tuple(
        (
            e.supplier,
            e.business_id,
            e.assessor.outcome_title if e.assessor else "—",
            e.assessor.total_text if e.assessor else "—",
            e.self_assessed.total_text if e.self_assessed else "—",
            str(e.open_findings),
            str(e.overdue_findings),
            ", ".join(c.valid_until.isoformat() for c in e.certificates_expiring),
        )
        for e in entries
    )
    counts: dict[str, int] = defaultdict(int)
    for e in entries:
        counts[e.assessor.outcome_title if e.assessor else _("no on-site result")] += 1
    return PortfolioReport(
        title=_("Supplier security portfolio"),
        as_of=today or clock.today(),
        headings=headings,
        rows=rows,
        outcomes=tuple(sorted(counts.items())),
    )


def write_report(ctx: Context, out: Path, language: str) -> Written:
    """The management report: PDF or XLSX by the file's suffix."""
    from certdesk.formats import management

    with i18n_language(language):  # outcome titles and headings in the report's language
        report = report_of(summary(ctx))
    writer = management.write_xlsx if out.suffix.lower() == ".xlsx" else management.write_pdf
    with writing(out):
        writer(report, out, language)
    return Written(files=(out,))
