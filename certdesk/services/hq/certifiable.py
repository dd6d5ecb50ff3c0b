"""Which imported on-site results a certificate may be issued for, and what it would say.

One entry per final on-site result held (its newest package), with the
certificate's wording in the chosen language and, when `certificates.issue`
would refuse it, the same one-line reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from certdesk import clock
from certdesk.domain.assessment import Mode, Status
from certdesk.domain.dates import add_months
from certdesk.domain.decision import OutcomeKind
from certdesk.domain.numbers import score_text
from certdesk.domain.supplier import format_business_id
from certdesk.errors import UserError
from certdesk.i18n import _, current_language
from certdesk.services.assessment import records
from certdesk.services.context import Context, reading
from certdesk.services.hq.certificates import may_certify
from certdesk.store.tables import Assessment, Certificate, ImportedPackage

NONE = "—"


@dataclass(frozen=True)
class Certifiable:
    assessment: str
    supplier: str
    business_id: str
    site: str | None
    processes: tuple[str, ...]
    cycle: str | None
    framework: str
    """The framework's title in the certificate's language."""
    version: str
    score: str
    """As the framework's method shows it: a percentage, a level, points."""
    outcome: str
    """The outcome's title in the certificate's language."""
    valid_from: date
    valid_until: date | None
    refusal: str | None
    """Why no certificate can be issued for it; None when one can."""


def _listed(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value if str(v).strip())
    return (str(value),) if value else ()


def _entry(
    ctx: Context,
    session: Session,
    record: Assessment,
    package: ImportedPackage,
    *,
    language: str,
    today: date,
) -> Certifiable:
    supplier, site = records.party_of(session, record)
    scope = json.loads(record.scope_json or "{}")
    framework_title, score, outcome = record.framework_id, NONE, NONE
    until: date | None = None
    refusal: str | None = None
    try:
        may_certify(session, record, package)
        framework, result = records.rescore(ctx, session, record)
    except UserError as exc:
        refusal = exc.message
    else:
        framework_title = framework.title.get(language)
        score = score_text(framework.scoring.method, result.total)
        found = framework.outcome(result.outcome)
        outcome = found.title.get(language) if found else result.outcome
        until = add_months(today, framework.lifecycle.certificate_validity_months)
        if found is None or found.kind not in (OutcomeKind.CERTIFIED, OutcomeKind.CONDITIONAL):
            refusal = _("the outcome is '{outcome}': no certificate can be issued").format(
                outcome=outcome
            )
    held = session.exec(
        select(Certificate).where(Certificate.package_sha256 == package.sha256)
    ).first()
    if refusal is None and held is not None:
        refusal = (
            _("this result already has certificate {code}").format(code=held.code)
            if held.revoked_at is None
            else _(
                "this result's certificate {code} was revoked; a new certificate needs a new result"
            ).format(code=held.code)
        )
    return Certifiable(
        assessment=record.id,
        supplier=supplier.name,
        business_id=format_business_id(supplier.business_id),
        site=site.name if site else None,
        processes=_listed(scope.get("processes")),
        cycle=record.cycle,
        framework=framework_title,
        version=record.framework_version,
        score=score,
        outcome=outcome,
        valid_from=today,
        valid_until=until,
        refusal=refusal,
    )


def certifiable(
    ctx: Context, language: str | None = None, today: date | None = None
) -> list[Certifiable]:
    """Every final on-site result imported from a signed package, by supplier; those a
    certificate may be issued for have no `refusal`."""
    ctx.require_hq()
    wording, day_ = language or current_language(), today or clock.today()
    with reading(ctx) as session:
        newest: dict[str, ImportedPackage] = {}
        ordered = select(ImportedPackage).order_by(col(ImportedPackage.sequence))
        for package in session.exec(ordered):
            newest[package.assessment_id] = package
        found = []
        for aid, package in newest.items():
            record = session.get(Assessment, aid)
            if record is None or record.mode != Mode.ONSITE or record.status != Status.FINAL:
                continue
            found.append(_entry(ctx, session, record, package, language=wording, today=day_))
    return sorted(found, key=lambda c: (c.refusal is not None, c.supplier, c.cycle or ""))
