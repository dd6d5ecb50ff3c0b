"""Headquarters' trust store: which public key may sign what, for which supplier."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, col, select

from certdesk.crypto import keys
from certdesk.domain.roles import KeyRole
from certdesk.domain.supplier import normalize_business_id
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.changes import Changes, Created
from certdesk.services.context import Context, changing, reading
from certdesk.services.exchange.own_keys import read_public
from certdesk.store import audit
from certdesk.store.tables import Certificate, ImportedPackage, TrustedKey, now


@dataclass(frozen=True)
class TrustedKeyView:
    fingerprint: str
    name: str
    role: KeyRole
    supplier: str | None
    """The supplier's business registration number a supplier key is bound to."""
    added_at: datetime
    revoked_at: datetime | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def view_of(row: TrustedKey) -> TrustedKeyView:
    return TrustedKeyView(
        row.fingerprint,
        row.name,
        KeyRole(row.role),
        row.supplier_business_id,
        row.added_at,
        row.revoked_at,
    )


def entry_of(session: Session, fingerprint: str) -> TrustedKey | None:
    """The trust-store entry of a key, by its fingerprint."""
    return session.exec(select(TrustedKey).where(TrustedKey.fingerprint == fingerprint)).first()


def trust(
    ctx: Context, path: Path, name: str, role: KeyRole | str, supplier: str | None
) -> Created:
    """Trust the public key in `path` for `role` (a supplier key: for one supplier only)."""
    ctx.require_hq()
    public = read_public(path)
    if role not in {r.value for r in KeyRole}:
        raise UserError(_("the role must be assessor or supplier"))
    digits = normalize_business_id(supplier) if supplier else None
    if role == KeyRole.SUPPLIER and digits is None:
        raise UserError(
            _("a supplier key needs --supplier with the supplier's business registration number")
        )
    with changing(ctx) as unit:
        held = entry_of(unit.session, public.fingerprint)
        if held is not None:
            raise UserError(
                _("the key {fingerprint} is already in the trust store as {name}").format(
                    fingerprint=public.fingerprint, name=held.name
                )
            )
        unit.session.add(
            TrustedKey(
                fingerprint=public.fingerprint,
                name=name.strip() or public.name,
                role=KeyRole(role).value,
                supplier_business_id=digits,
                signing_public=keys.b64(public.signing),
                encryption_public=keys.b64(public.encryption) if public.encryption else None,
            )
        )
        audit.append(
            unit.session,
            audit.DATABASE_CHAIN,
            ctx.user,
            "keys.trust",
            {"fingerprint": public.fingerprint, "role": role, "supplier": digits},
        )
    return Created(id=public.fingerprint, trust=True)


def trusted(ctx: Context) -> list[TrustedKeyView]:
    ctx.require_hq()
    with reading(ctx) as session:
        rows = session.exec(select(TrustedKey).order_by(col(TrustedKey.added_at))).all()
        return [view_of(r) for r in rows]


def revoke(ctx: Context, fingerprint: str) -> Changes:
    ctx.require_hq()
    with changing(ctx) as unit:
        held = entry_of(unit.session, fingerprint)
        if held is None:
            raise UserError(
                _("no key {fingerprint} in the trust store").format(fingerprint=fingerprint)
            )
        held.revoked_at = now()
        unit.session.add(held)
        signed = select(ImportedPackage.sha256).where(
            ImportedPackage.signer_fingerprint == fingerprint
        )
        for cert in unit.session.exec(
            select(Certificate).where(col(Certificate.package_sha256).in_(signed))
        ):
            cert.signer_revoked_at = held.revoked_at  # its result was signed by this key
            unit.session.add(cert)
        audit.append(
            unit.session,
            audit.DATABASE_CHAIN,
            ctx.user,
            "keys.revoke",
            {"fingerprint": fingerprint},
        )
    return Changes(trust=True, portfolio=True)
