"""The portfolio as one table: for the portfolio page's export and the management report."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from certdesk import clock, labels
from certdesk.domain.report import PortfolioReport
from certdesk.i18n import _
from certdesk.i18n import language as i18n_language
from certdesk.services.changes import Written
from certdesk.services.context import Context
from certdesk.services.hq.portfolio import PortfolioEntry, summary
from certdesk.services.messages import writing


def report_of(entries: list[PortfolioEntry], today: date | None = None) -> PortfolioReport:
    """The portfolio as the management report and the page's export show it."""
    headings = (
        _("Supplier"),
        _("Business registration number"),
        _("Tier"),
        _("Framework"),
        _("Site"),
        _("Outcome"),
        _("Total"),
        _("Self-assessed"),
        _("In progress"),
        _("Open findings"),
        _("Overdue"),
        _("Certificate expiring"),
    )
    rows = tuple(
        (
            e.supplier,
            e.business_id,
            labels.tier(e.tier),
            e.framework_title,
            e.site or "—",
            e.assessor.outcome_title if e.assessor else _("no final on-site result"),
            e.assessor.total_text if e.assessor else "—",
            e.self_assessed.total_text if e.self_assessed else "—",
            str(e.in_progress),
            str(e.open_findings),
            str(e.overdue_findings),
            ", ".join(c.valid_until.isoformat() for c in e.certificates_expiring),
        )
        for e in entries
    )
    counted: dict[str, int] = defaultdict(int)
    for e in entries:
        counted[e.assessor.outcome_title if e.assessor else _("no final on-site result")] += 1
    return PortfolioReport(
        title=_("Supplier security portfolio"),
        as_of=today or clock.today(),
        headings=headings,
        rows=rows,
        outcomes=tuple(sorted(counted.items())),
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
