"""Headquarters' trust store: which public key may sign what, for which supplier."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from certdesk.crypto import keys
from certdesk.domain.roles import KeyRole
from certdesk.domain.supplier import format_business_id
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment.suppliers import valid_business_id
from certdesk.services.changes import Changes, Created
from certdesk.services.context import Context, changing, reading
from certdesk.services.own_keys import read_public
from certdesk.store import audit
from certdesk.store.tables import Certificate, ImportedPackage, TrustedKey, now

MAX_REASON = 300
"""The longest reason for a revocation, in characters."""


def aware(at: datetime) -> datetime:
    """A stored time as UTC (the database keeps it without its zone)."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


@dataclass(frozen=True)
class TrustedKeyView:
    fingerprint: str
    name: str
    role: KeyRole
    supplier: str | None
    """The supplier's business registration number a supplier key is bound to."""
    added_at: datetime
    revoked_at: datetime | None
    revoked_reason: str | None = None
    """Why headquarters revoked the key (kept here, never in the audit log)."""

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def business_number(self) -> str | None:
        """The bound supplier's business registration number as people write it."""
        return format_business_id(self.supplier) if self.supplier else None


def view_of(row: TrustedKey) -> TrustedKeyView:
    return TrustedKeyView(
        row.fingerprint,
        row.name,
        KeyRole(row.role),
        row.supplier_business_id,
        aware(row.added_at),
        aware(row.revoked_at) if row.revoked_at is not None else None,
        row.revoked_reason,
    )


def entry_of(session: Session, fingerprint: str) -> TrustedKey | None:
    """The trust-store entry of a key, by its fingerprint."""
    return session.exec(select(TrustedKey).where(TrustedKey.fingerprint == fingerprint)).first()


@dataclass(frozen=True)
class KeyPreview:
    """A public key file as headquarters sees it before trusting it: nothing is stored."""

    fingerprint: str
    name: str
    """The owner's name as written in the file (may be empty)."""
    trusted: TrustedKeyView | None
    """The trust store's entry of this very key, when it is already there."""


def preview_key(ctx: Context, path: Path) -> KeyPreview:
    """What the key file `path` holds and whether the trust store knows it already."""
    ctx.require_hq()
    public = read_public(path)
    with reading(ctx) as session:
        held = entry_of(session, public.fingerprint)
        known = view_of(held) if held is not None else None
    return KeyPreview(public.fingerprint, public.name, known)


def _binding(role: KeyRole | str, supplier: str | None) -> str | None:
    """The business registration number a key of `role` is bound to, or a one-line refusal."""
    if role not in {r.value for r in KeyRole}:
        raise UserError(_("the role must be assessor or supplier"))
    given = (supplier or "").strip()
    if role == KeyRole.ASSESSOR:
        if given:
            raise UserError(
                _("an assessor key is bound to no supplier: leave the business number empty")
            )
        return None
    if not given:
        raise UserError(_("a supplier key needs its supplier's business registration number"))
    return valid_business_id(given)


def trust(
    ctx: Context,
    path: Path,
    name: str,
    role: KeyRole | str,
    supplier: str | None,
    *,
    fingerprint: str | None = None,
) -> Created:
    """Trust the public key in `path` for `role` (a supplier key: for one supplier only).

    `fingerprint`: the one a person confirmed with the key's owner; a file that holds
    another key by now is refused."""
    ctx.require_hq()
    public = read_public(path)
    if fingerprint is not None and public.fingerprint != fingerprint:
        raise UserError(
            _("{file} holds another key than the one shown: open the file again").format(
                file=path.name
            )
        )
    digits = _binding(role, supplier)
    owner = name.strip()
    if not owner:
        raise UserError(_("give the name of the key's owner"))
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
                name=owner,
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


def valid_reason(text: str) -> str:
    """The reason for a revocation as kept: one line of 1 to 300 characters."""
    reason = text.strip()
    if not reason:
        raise UserError(_("give the reason the key is revoked"))
    if any(unicodedata.category(c) in {"Cc", "Zl", "Zp"} for c in reason):
        raise UserError(_("write the reason in one line, without control characters"))
    if len(reason) > MAX_REASON:
        raise UserError(
            _("the reason is too long: use at most {limit} characters").format(limit=MAX_REASON)
        )
    return reason


def revoke(ctx: Context, fingerprint: str, reason: str) -> Changes:
    """Stop trusting a key: files it signs later are refused, and the certificates that
    cite results it signed are marked. The reason is kept in the trust store only."""
    ctx.require_hq()
    why = valid_reason(reason)
    with changing(ctx) as unit:
        held = entry_of(unit.session, fingerprint)
        if held is None:
            raise UserError(
                _("no key {fingerprint} in the trust store").format(fingerprint=fingerprint)
            )
        if held.revoked_at is not None:
            raise UserError(
                _("the key {fingerprint} was already revoked on {day}").format(
                    fingerprint=fingerprint, day=aware(held.revoked_at).date().isoformat()
                )
            )
        held.revoked_at, held.revoked_reason = now(), why
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
            {"fingerprint": fingerprint, "reason_given": True},
        )
    return Changes(trust=True, portfolio=True)
