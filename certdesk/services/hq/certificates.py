"""Certificates: issued, registered, verified and revoked by headquarters only."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from certdesk import clock
from certdesk.crypto import keys
from certdesk.domain.assessment import Mode, Status
from certdesk.domain.certificate import CertificateView
from certdesk.domain.dates import add_months
from certdesk.domain.decision import OutcomeKind
from certdesk.domain.numbers import score_text
from certdesk.domain.roles import KeyRole
from certdesk.domain.supplier import format_business_id
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services import own_keys
from certdesk.services.assessment import records
from certdesk.services.changes import Changes, Written
from certdesk.services.context import Context, changing, reading
from certdesk.services.hq.certificate_statement import processes_of, seal, statement_of
from certdesk.services.messages import reading as reading_file
from certdesk.services.messages import writing
from certdesk.store import audit
from certdesk.store.ids import new_id
from certdesk.store.tables import (
    Assessment,
    Certificate,
    ImportedPackage,
    IssuedKit,
    TrustedKey,
    now,
)


def verification_code(package_sha256: str, certificate_id: str) -> str:
    """16 hex digits bound to the result package's hash, in groups of four."""
    digest = hashlib.sha256(f"{package_sha256}:{certificate_id}".encode()).hexdigest().upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True, kw_only=True)
class Issued(Written):
    certificate: CertificateView


@dataclass(frozen=True)
class RegisterEntry:
    code: str
    assessment: str
    outcome: str
    issued_at: datetime
    valid_until: date
    issued_by: str
    revoked_at: datetime | None
    revoked_reason: str | None


def may_certify(session: Session, record: Assessment, package: ImportedPackage) -> None:
    """Only an on-site result that answers a headquarters kit for an on-site assessment,
    signed by an assessor key that is still trusted, leads to a certificate."""
    signer = session.exec(
        select(TrustedKey).where(TrustedKey.fingerprint == package.signer_fingerprint)
    ).first()
    kit = session.get(IssuedKit, record.kit_id) if record.kit_id else None
    if (
        signer is None
        or signer.role != KeyRole.ASSESSOR
        or signer.revoked_at is not None
        or kit is None
        or kit.mode != Mode.ONSITE
    ):
        raise UserError(
            _(
                "a certificate needs a result signed by a trusted assessor for an on-site "
                "kit of this headquarters"
            )
        )


def issue(ctx: Context, assessment_id: str, out: Path, language: str) -> Issued:
    """Issue a certificate for a final on-site result imported from a signed package."""
    from certdesk.formats.certificate_pdf import write_certificate

    ctx.require_hq()
    with changing(ctx) as unit:
        session = unit.session
        record = records.get(session, assessment_id)
        package = session.exec(
            select(ImportedPackage)
            .where(ImportedPackage.assessment_id == record.id)
            .order_by(col(ImportedPackage.sequence).desc())
        ).first()
        if package is None or record.mode != Mode.ONSITE or record.status != Status.FINAL:
            raise UserError(
                _("a certificate needs a final on-site result imported from a signed package")
            )
        may_certify(session, record, package)
        framework, result = records.rescore(ctx, session, record)
        outcome = framework.outcome(result.outcome)
        if outcome is None or outcome.kind not in (OutcomeKind.CERTIFIED, OutcomeKind.CONDITIONAL):
            raise UserError(
                _("the outcome is '{outcome}': no certificate can be issued").format(
                    outcome=outcome.title.get(language) if outcome else result.outcome
                )
            )
        held = session.exec(
            select(Certificate).where(Certificate.package_sha256 == package.sha256)
        ).first()
        if held is not None and held.revoked_at is None:
            raise UserError(_("this result already has certificate {code}").format(code=held.code))
        if held is not None:
            raise UserError(
                _(
                    "this result's certificate {code} was revoked; a new certificate needs "
                    "a new result"
                ).format(code=held.code)
            )
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
        supplier, site = records.party_of(session, record)
        key = own_keys.signing_key()
        signer = keys.fingerprint(keys.signing_public(key))
        marker = seal(statement_of(session, record, certificate, signer), key)
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
            processes=processes_of(record),
            framework_version=record.framework_version,
            score=score_text(framework.scoring.method, result.total),
            issued_by=ctx.user,
            signer=signer,
        )
        with writing(out):
            write_certificate(view, out, language, seal=marker)
        unit.on_rollback(lambda: out.unlink(missing_ok=True))
        session.add(certificate)
        audit.append(
            session,
            record.id,
            ctx.user,
            "certificate.issue",
            {"code": certificate.code, "package": package.sha256},
        )
    return Issued(
        files=(out,), certificate=view, assessment=record.id, certificates=True, portfolio=True
    )


@dataclass(frozen=True)
class Verdict:
    status: str
    """"valid", "revoked", "expired", "unknown", "mismatch", "superseded" (a newer result of
    the assessment replaced the one it cites), "signer_revoked" (the key that signed the
    cited result was revoked) or, for a certificate's file, "refused" (its seal does not
    hold: `reason` says why in one line)."""
    code: str
    valid_until: date | None = None
    reason: str | None = None

    def sentence(self, where: str = "") -> str:
        """What the verification found, in one line: of the certificate `where` (a file's
        name) when the verdict names no code."""
        texts = {
            "valid": _("valid until {until}"),
            "revoked": _("revoked ({reason})"),
            "expired": _("expired on {until}"),
            "unknown": _("not in the register"),
            "mismatch": _("does not belong to this result file"),
            "superseded": _("superseded: a newer result replaced the one it cites ({reason})"),
            "signer_revoked": _("the key that signed its result was revoked on {reason}"),
            "refused": _("refused: {reason}"),
        }
        until = self.valid_until.isoformat() if isinstance(self.valid_until, date) else "—"
        found = texts[self.status].format(until=until, reason=self.reason or "—")
        return f"{self.code or where}: {found}"


def verify(
    ctx: Context, code: str, package: Path | None = None, today: date | None = None
) -> Verdict:
    ctx.require_hq()
    code = code.strip().upper()
    with reading(ctx) as session:
        held = session.exec(select(Certificate).where(Certificate.code == code)).first()
    if held is None:
        return Verdict("unknown", code)
    until = held.valid_until.date()
    if package is not None:
        with reading_file(package):
            digest = hashlib.sha256(package.read_bytes()).hexdigest()
        if digest != held.package_sha256 or verification_code(digest, held.id) != code:
            return Verdict("mismatch", code, until)
    return standing_of(held, code, until, today or clock.today())


def standing_of(held: Certificate, code: str, until: date, today: date) -> Verdict:
    """What stands against a certificate, the gravest first."""
    if held.revoked_at is not None:
        return Verdict("revoked", code, until, held.revoked_reason)
    for status, since in (
        ("superseded", held.superseded_at),
        ("signer_revoked", held.signer_revoked_at),
    ):
        if since is not None:
            return Verdict(status, code, until, since.date().isoformat())
    if until < today:
        return Verdict("expired", code, until)
    return Verdict("valid", code, until)


def revoke(ctx: Context, code: str, reason: str) -> Changes:
    ctx.require_hq()
    with changing(ctx) as unit:
        held = unit.session.exec(
            select(Certificate).where(Certificate.code == code.strip().upper())
        ).first()
        if held is None:
            raise UserError(_("no certificate {code} in the register").format(code=code))
        if held.revoked_at is None:
            held.revoked_at, held.revoked_reason = now(), reason
            unit.session.add(held)
            audit.append(
                unit.session,
                held.assessment_id,
                ctx.user,
                "certificate.revoke",
                {"code": held.code},
            )
    return Changes(assessment=held.assessment_id, certificates=True, portfolio=True)


def register(ctx: Context) -> list[RegisterEntry]:
    ctx.require_hq()
    with reading(ctx) as session:
        rows = session.exec(select(Certificate).order_by(col(Certificate.issued_at))).all()
        return [
            RegisterEntry(
                c.code,
                c.assessment_id,
                c.outcome,
                c.issued_at,
                c.valid_until.date(),
                c.issued_by,
                c.revoked_at,
                c.revoked_reason,
            )
            for c in rows
        ]
