"""Certificates: issued, registered, verified and revoked by headquarters only."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import col, select

from certdesk.domain.certificate import CertificateView
from certdesk.domain.dates import add_months
from certdesk.domain.decision import OutcomeKind
from certdesk.domain.supplier import format_business_id
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment.assessments import get, rescore
from certdesk.services.context import Context, user_errors
from certdesk.services.messages import writing
from certdesk.store import audit
from certdesk.store.tables import Certificate, ImportedPackage, Site, Supplier, new_id, now


def verification_code(package_sha256: str, certificate_id: str) -> str:
    """16 hex digits bound to the result package's hash, in groups of four."""
    digest = hashlib.sha256(f"{package_sha256}:{certificate_id}".encode()).hexdigest().upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def _require_hq(ctx: Context) -> None:
    if ctx.db.role != "hq":
        raise UserError(_("only a headquarters database issues and verifies certificates"))


def issue(ctx: Context, assessment_id: str, out: Path, language: str) -> CertificateView:
    """Issue a certificate for a final on-site result imported from a signed package."""
    from certdesk.formats.certificate_pdf import write_certificate

    _require_hq(ctx)
    with user_errors(ctx.db.path), ctx.db.session() as session:
        record = get(session, assessment_id)
        package = session.exec(
            select(ImportedPackage)
            .where(ImportedPackage.assessment_id == record.id)
            .order_by(col(ImportedPackage.sequence).desc())
        ).first()
        if package is None or record.mode != "onsite" or record.status != "final":
            raise UserError(
                _("a certificate needs a final on-site result imported from a signed package")
            )
        framework, result = rescore(ctx, session, record)
        outcome = framework.outcome(result.outcome)
        if outcome is None or outcome.kind not in (OutcomeKind.CERTIFIED, OutcomeKind.CONDITIONAL):
            raise UserError(
                _("the outcome is '{outcome}': no certificate can be issued").format(
                    outcome=outcome.title.get(language) if outcome else result.outcome
                )
            )
        held = session.exec(
            select(Certificate).where(
                Certificate.package_sha256 == package.sha256, col(Certificate.revoked_at).is_(None)
            )
        ).first()
        if held is not None:
            raise UserError(_("this result already has certificate {code}").format(code=held.code))
        cert_id = new_id()
        issued = now()
        valid = add_months(issued.date(), framework.lifecycle.certificate_validity_months)
        certificate = Certificate(
            id=cert_id,
            code=verification_code(package.sha256, cert_id),
            assessment_id=record.id,
            package_sha256=package.sha256,
            outcome=result.outcome,
            issued_at=issued,
            valid_until=datetime(valid.year, valid.month, valid.day, tzinfo=UTC),
            issued_by=ctx.user,
        )
        supplier = session.get(Supplier, record.supplier_id)
        site = session.get(Site, record.site_id) if record.site_id else None
        assert supplier is not None
        view = CertificateView(
            certificate.code,
            record.id,
            supplier.name,
            format_business_id(supplier.business_id),
            site.name if site else None,
            framework.title.get(language),
            outcome.title.get(language),
            issued.date(),
            valid,
            package.sha256,
            revoked=False,
        )
        with writing(out):
            write_certificate(view, out, language)
        session.add(certificate)
        audit.append(
            session,
            record.id,
            ctx.user,
            "certificate.issue",
            {"code": certificate.code, "package": package.sha256},
        )
        session.commit()
        return view


@dataclass(frozen=True)
class Verdict:
    status: str  # "valid", "revoked", "expired", "unknown" or "mismatch"
    code: str
    valid_until: date | None = None
    reason: str | None = None


def verify(
    ctx: Context, code: str, package: Path | None = None, today: date | None = None
) -> Verdict:
    _require_hq(ctx)
    code = code.strip().upper()
    with user_errors(ctx.db.path), ctx.db.session() as session:
        held = session.exec(select(Certificate).where(Certificate.code == code)).first()
    if held is None:
        return Verdict("unknown", code)
    until = held.valid_until.date()
    if package is not None:
        try:
            digest = hashlib.sha256(package.read_bytes()).hexdigest()
        except OSError as exc:
            raise UserError(
                _("cannot read {file}: {reason}").format(file=package, reason=exc.strerror)
            ) from None
        if digest != held.package_sha256 or verification_code(digest, held.id) != code:
            return Verdict("mismatch", code, until)
    if held.revoked_at is not None:
        return Verdict("revoked", code, until, held.revoked_reason)
    if until < (today or date.today()):
        return Verdict("expired", code, until)
    return Verdict("valid", code, until)


def revoke(ctx: Context, code: str, reason: str) -> None:
    _require_hq(ctx)
    with user_errors(ctx.db.path), ctx.db.session() as session:
        held = session.exec(
            select(Certificate).where(Certificate.code == code.strip().upper())
        ).first()
        if held is None:
            raise UserError(_("no certificate {code} in the register").format(code=code))
        if held.revoked_at is None:
            held.revoked_at, held.revoked_reason = now(), reason
            session.add(held)
            audit.append(
                session, held.assessment_id, ctx.user, "certificate.revoke", {"code": held.code}
            )
            session.commit()


def register(ctx: Context) -> list[Certificate]:
    _require_hq(ctx)
    with user_errors(ctx.db.path), ctx.db.session() as session:
        return list(session.exec(select(Certificate).order_by(col(Certificate.issued_at))))
