"""This user's own keys: made once, kept in the keyring (or a key file), exported as public."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from certdesk.crypto import keys
from certdesk.crypto.keystore import KeyringRefusedError
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.paths import user_data_dir
from certdesk.services.changes import Changes, Written
from certdesk.services.messages import writing

SIGNING, ENCRYPTION = "signing", "encryption"
PUBLIC_FORMAT = "certdesk-public-key/1"


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


@dataclass(frozen=True, kw_only=True)
class KeysReady(Changes):
    """This user's keys exist: the signing key's fingerprint."""

    fingerprint: str


def init_keys(with_encryption: bool) -> KeysReady:
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
    return KeysReady(fingerprint=keys.fingerprint(keys.signing_public(signing)), keys=bool(made))


@dataclass(frozen=True)
class PublicKeys:
    signing: bytes
    encryption: bytes | None
    name: str

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.signing)


@dataclass(frozen=True, kw_only=True)
class PublicWritten(Written):
    public: PublicKeys


def export_public(out: Path, name: str, with_encryption: bool) -> PublicWritten:
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
    return PublicWritten(files=(out,), public=public)


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
