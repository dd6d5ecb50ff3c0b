"""The user's keys, their public export, and headquarters' trust store."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlmodel import col, select

from certdesk.crypto import keys
from certdesk.crypto.keystore import KeyringRefusedError
from certdesk.domain.supplier import normalize_business_id
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.paths import user_data_dir
from certdesk.services.context import Context, user_errors
from certdesk.services.messages import writing
from certdesk.store import audit
from certdesk.store.tables import TrustedKey, now

SIGNING, ENCRYPTION = "signing", "encryption"
PUBLIC_FORMAT = "certdesk-public-key/1"
ROLES = ("assessor", "supplier")


def key_folder() -> Path:
    return user_data_dir() / "keys"


def key_passphrase() -> str | None:
    """CERTDESK_KEY_PASSPHRASE protects key files where no secure keyring exists."""
    return os.environ.get("CERTDESK_KEY_PASSPHRASE") or None


def _load(
    name: str, kind: type[Ed25519PrivateKey] | type[X25519PrivateKey]
) -> Ed25519PrivateKey | X25519PrivateKey:
    try:
        return keys.load_private(name, key_folder(), key_passphrase(), kind)
    except keys.KeyMissingError:
        raise UserError(
            _("no {name} key here yet: run `certdesk keys init`").format(name=name)
        ) from None
    except keys.BadPassphraseError:
        raise UserError(
            _("CERTDESK_KEY_PASSPHRASE does not open the {name} key file").format(name=name)
        ) from None


def signing_key() -> Ed25519PrivateKey:
    key = _load(SIGNING, Ed25519PrivateKey)
    assert isinstance(key, Ed25519PrivateKey)
    return key


def encryption_key() -> X25519PrivateKey:
    key = _load(ENCRYPTION, X25519PrivateKey)
    assert isinstance(key, X25519PrivateKey)
    return key


def init_keys(with_encryption: bool) -> str:
    """Make the signing key pair (and headquarters' encryption pair); returns the fingerprint.

    Keys that exist are kept: a new key would orphan every signature made before.
    """
    made: list[tuple[str, Ed25519PrivateKey | X25519PrivateKey]] = []
    try:
        signing = signing_key()
    except UserError:
        signing = Ed25519PrivateKey.generate()
        made.append((SIGNING, signing))
    if with_encryption:
        try:
            encryption_key()
        except UserError:
            made.append((ENCRYPTION, X25519PrivateKey.generate()))
    for name, key in made:
        try:
            keys.store_private(name, key, key_folder(), key_passphrase())
        except keys.KeyMissingError:
            raise UserError(
                _("no secure keyring here: set CERTDESK_KEY_PASSPHRASE to protect the key file")
            ) from None
        except KeyringRefusedError as exc:
            raise UserError(
                _("the keyring refused to keep the key ({reason})").format(reason=exc)
            ) from None
    return keys.fingerprint(keys.signing_public(signing))


@dataclass(frozen=True)
class PublicKeys:
    signing: bytes
    encryption: bytes | None
    name: str

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.signing)


def export_public(out: Path, name: str, with_encryption: bool) -> PublicKeys:
    public = PublicKeys(
        keys.signing_public(signing_key()),
        keys.encryption_public(encryption_key()) if with_encryption else None,
        name,
    )
    data = {
        "format": PUBLIC_FORMAT,
        "name": name,
        "signing": keys.b64(public.signing),
        "fingerprint": public.fingerprint,
    }
    if public.encryption:
        data["encryption"] = keys.b64(public.encryption)
    with writing(out):
        out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return public


def read_public(path: Path) -> PublicKeys:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != PUBLIC_FORMAT:
            raise ValueError("format")
        signing = keys.unb64(data["signing"])
        encryption = keys.unb64(data["encryption"]) if data.get("encryption") else None
        if len(signing) != 32 or (encryption is not None and len(encryption) != 32):
            raise ValueError("length")
        return PublicKeys(signing, encryption, str(data.get("name") or ""))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise UserError(_("{file} is not a CertDesk public key file").format(file=path)) from None


def _require_hq(ctx: Context) -> None:
    if ctx.db.role != "hq":
        raise UserError(
            _("only a headquarters database keeps a trust store (certdesk init --role hq)")
        )


def trust(ctx: Context, path: Path, name: str, role: str, supplier: str | None) -> str:
    _require_hq(ctx)
    public = read_public(path)
    if role not in ROLES:
        raise UserError(_("the role must be assessor or supplier"))
    digits = normalize_business_id(supplier) if supplier else None
    if role == "supplier" and digits is None:
        raise UserError(
            _("a supplier key needs --supplier with the supplier's business registration number")
        )
    with user_errors(ctx.db.path), ctx.db.session() as session:
        held = session.exec(
            select(TrustedKey).where(TrustedKey.fingerprint == public.fingerprint)
        ).first()
        if held is not None:
            raise UserError(
                _("the key {fingerprint} is already in the trust store as {name}").format(
                    fingerprint=public.fingerprint, name=held.name
                )
            )
        session.add(
            TrustedKey(
                fingerprint=public.fingerprint,
                name=name.strip() or public.name,
                role=role,
                supplier_business_id=digits,
                signing_public=keys.b64(public.signing),
                encryption_public=keys.b64(public.encryption) if public.encryption else None,
            )
        )
        audit.append(
            session,
            audit.DATABASE_CHAIN,
            ctx.user,
            "keys.trust",
            {"fingerprint": public.fingerprint, "role": role, "supplier": digits},
        )
        session.commit()
    return public.fingerprint


def trusted(ctx: Context) -> list[TrustedKey]:
    _require_hq(ctx)
    with user_errors(ctx.db.path), ctx.db.session() as session:
        return list(session.exec(select(TrustedKey).order_by(col(TrustedKey.added_at))).all())


def revoke(ctx: Context, fingerprint: str) -> None:
    _require_hq(ctx)
    with user_errors(ctx.db.path), ctx.db.session() as session:
        held = session.exec(select(TrustedKey).where(TrustedKey.fingerprint == fingerprint)).first()
        if held is None:
            raise UserError(
                _("no key {fingerprint} in the trust store").format(fingerprint=fingerprint)
            )
        held.revoked_at = now()
        session.add(held)
        audit.append(
            session, audit.DATABASE_CHAIN, ctx.user, "keys.revoke", {"fingerprint": fingerprint}
        )
        session.commit()
