"""Headquarters' portfolio: every supplier's standing, trend and open work."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from certdesk.domain.framework import Framework
from certdesk.domain.numbers import rounded
from certdesk.domain.supplier import format_business_id
from certdesk.errors import UserError
from certdesk.i18n import _, current_language
from certdesk.i18n import language as i18n_language
from certdesk.services.assessment.assessments import rescore
from certdesk.services.context import Context, user_errors
from certdesk.services.messages import writing
from certdesk.store.tables import Assessment, Certificate, Finding, ImportedPackage, Supplier

SOON = timedelta(days=90)


def _number(value: Fraction | None) -> float | None:
    return None if value is None else float(rounded(value, 4))


def _title(framework: Framework, outcome: str) -> str:
    found = framework.outcome(outcome)
    return found.title.get(current_language()) if found else outcome


def summary(ctx: Context, today: date | None = None) -> list[dict[str, Any]]:
    """One entry per supplier, for `certdesk hq summary --json` and the portfolio view."""
    if ctx.db.role != "hq":
        raise UserError(_("only a headquarters database keeps a portfolio"))
    day = today or date.today()
    out: list[dict[str, Any]] = []
    with user_errors(ctx.db.path), ctx.db.session() as session:
        packages = list(session.exec(select(ImportedPackage)))
        imported = {p.assessment_id for p in packages}
        assessments = [
            a
            for a in session.exec(
                select(Assessment).order_by(col(Assessment.cycle), col(Assessment.updated_at))
            )
            if a.id in imported
        ]
        open_findings = list(session.exec(select(Finding).where(Finding.status == "open")))
        certificates = list(
            session.exec(select(Certificate).where(col(Certificate.revoked_at).is_(None)))
        )
        for supplier in session.exec(select(Supplier).order_by(col(Supplier.name))):
            own = [a for a in assessments if a.supplier_id == supplier.id]
            if not own:
                continue
            entry: dict[str, Any] = {
                "supplier": supplier.name,
                "business_id": format_business_id(supplier.business_id),
            }
            for mode, key in (("onsite", "assessor"), ("self", "self_assessed")):
                latest = next((a for a in reversed(own) if a.mode == mode), None)
                if latest is None:
                    entry[key] = None
                    continue
                framework, result = rescore(ctx, session, latest)
                entry[key] = {
                    "assessment": latest.id,
                    "cycle": latest.cycle,
                    "framework": framework.id,
                    "total": _number(result.total),
                    "outcome": result.outcome,
                    "outcome_title": _title(framework, result.outcome),
                    "areas": {k: _number(n.score) for k, n in result.areas.items()},
                }
            entry["trend"] = [
                {
                    "cycle": a.cycle,
                    "mode": a.mode,
                    "total": _number(
                        Fraction(
                            max(
                                (p for p in packages if p.assessment_id == a.id),
                                key=lambda p: p.sequence,
                            ).recomputed_total
                        )
                    ),
                }
                for a in own
            ]
            ids = {a.id for a in own}
            mine = [f for f in open_findings if f.assessment_id in ids]
            entry["open_findings"] = len(mine)
            entry["overdue_findings"] = sum(
                1 for f in mine if f.due_date and f.due_date < day.isoformat()
            )
            entry["certificates_expiring"] = [
                {"code": c.code, "valid_until": c.valid_until.date().isoformat()}
                for c in certificates
                if c.assessment_id in ids and day <= c.valid_until.date() <= day + SOON
            ]
            out.append(entry)
    return out


def write_report(ctx: Context, out: Path, language: str) -> Path:
    """The management report: PDF or XLSX by the file's suffix."""
    from certdesk.formats import management

    with i18n_language(language):
        rows = summary(ctx)  # outcome titles in the report's language
    writer = management.write_xlsx if out.suffix.lower() == ".xlsx" else management.write_pdf
    with writing(out):
        writer(rows, out, language)
    return out
