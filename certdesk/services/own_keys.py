"""This user's own keys: made once, kept in the keyring (or a key file), exported as public."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from certdesk import clock
from certdesk.crypto import key_files, keys
from certdesk.crypto.keystore import MIN_PASSPHRASE, KeyringRefusedError, secure_keyring
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.paths import user_data_dir
from certdesk.services.audience import at_window
from certdesk.services.changes import Changes, Written
from certdesk.services.messages import cannot_read, writing

SIGNING, ENCRYPTION = "signing", "encryption"
PUBLIC_FORMAT = "certdesk-public-key/1"


def key_folder() -> Path:
    return user_data_dir() / "keys"


class _Given:
    passphrase: str | None = None


def use_key_passphrase(passphrase: str | None) -> None:
    """The passphrase of this user's key files for the rest of the process (the app asks
    for it once); None forgets it."""
    _Given.passphrase = passphrase or None


def key_passphrase() -> str | None:
    """What protects key files where no secure keyring exists: CERTDESK_KEY_PASSPHRASE
    (scripts), else the passphrase the app was given."""
    return os.environ.get("CERTDESK_KEY_PASSPHRASE") or _Given.passphrase


def needs_key_passphrase() -> bool:
    """True where keys live in passphrase-protected files and no passphrase is known yet."""
    return not secure_keyring() and key_passphrase() is None


def keys_exist() -> bool:
    return _kept(SIGNING)


def _window_words(exc: Exception) -> str:
    if isinstance(exc, key_files.BadPassphraseError):
        _Given.passphrase = None  # asked again next time, never tried again as it was
        return _(
            "the key passphrase you typed does not open your {name} key: try again with "
            "the passphrase it was made with"
        )
    if isinstance(exc, key_files.WeakPassphraseError):
        return _("the key passphrase is too short: use at least {minimum} characters")
    words = {
        keys.KeyMissingError: _("no {name} key here yet: create your keys in File > My keys"),
        keys.KeyExistsError: _("a {name} key exists here and is kept as it is"),
        keys.KeyringUnreadableError: _(
            "your {name} key is kept in the computer's keyring, which cannot give it now: "
            "unlock the keyring and try again"
        ),
        key_files.KeyDamagedError: _(
            "the {name} key in {where} is damaged: restore it from a backup, or ask "
            "headquarters how to replace your keys"
        ),
    }
    return words.get(type(exc), _("the keyring refused to keep the key ({reason})"))


def _words(exc: Exception) -> str:
    """What to say for each reason a key cannot be opened or kept ({name}, {where}...)."""
    if at_window():
        return _window_words(exc)
    unset = key_passphrase() is None
    if isinstance(exc, key_files.BadPassphraseError):
        if unset:
            return _("a {name} key file exists here: set CERTDESK_KEY_PASSPHRASE to its passphrase")
        return _(
            "a {name} key exists here but CERTDESK_KEY_PASSPHRASE does not open it: "
            "set the passphrase it was made with"
        )
    if isinstance(exc, key_files.WeakPassphraseError):
        if unset:
            return _("no secure keyring here: set CERTDESK_KEY_PASSPHRASE to protect the key file")
        return _(
            "CERTDESK_KEY_PASSPHRASE is too short for a new key file: "
            "use at least {minimum} characters"
        )
    words = {
        keys.KeyMissingError: _("no {name} key here yet: run `certdesk keys init`"),
        keys.KeyExistsError: _(
            "a {name} key exists here and is kept as it is: "
            "`certdesk keys rotate` makes a new one and keeps the old"
        ),
        keys.KeyringUnreadableError: _(
            "your {name} key is kept in the OS keyring, which cannot give it now: unlock "
            "the keyring and try again (if it is lost, run `certdesk keys rotate`)"
        ),
        key_files.KeyDamagedError: _(
            "the {name} key in {where} is damaged: restore it from a backup, or run "
            "`certdesk keys rotate` to make a new key (the damaged one is kept)"
        ),
    }
    return words.get(type(exc), _("the keyring refused to keep the key ({reason})"))


KEY_ERRORS = (
    keys.KeyMissingError,
    keys.KeyExistsError,
    keys.KeyringUnreadableError,
    key_files.BadPassphraseError,
    key_files.KeyDamagedError,
    key_files.WeakPassphraseError,
    KeyringRefusedError,
)


def _refusal(name: str, exc: Exception) -> UserError:
    where = _("the OS keyring") if str(exc) == "keyring" else str(exc)
    minimum = MIN_PASSPHRASE
    return UserError(_words(exc).format(name=name, where=where, minimum=minimum, reason=exc))


def _load(name: str, kind: keys.Kind) -> keys.PrivateKey:
    try:
        return keys.load_private(name, key_folder(), key_passphrase(), kind)
    except KEY_ERRORS as exc:
        raise _refusal(name, exc) from None
    except OSError as exc:
        raise UserError(cannot_read(exc.filename or key_folder(), exc)) from None


def signing_key() -> Ed25519PrivateKey:
    key = _load(SIGNING, Ed25519PrivateKey)
    assert isinstance(key, Ed25519PrivateKey)
    return key


def signing_publics() -> list[bytes]:
    """The raw public keys of this user's signing key and of those a rotation retired
    (what this user signed before `keys rotate` still verifies after it)."""
    current = keys.signing_public(signing_key())
    try:
        retired = list(
            keys.retired_keys(SIGNING, key_folder(), key_passphrase(), Ed25519PrivateKey)
        )
    except KEY_ERRORS as exc:
        raise _refusal(SIGNING, exc) from None
    return [current, *(keys.signing_public(k) for k in retired if isinstance(k, Ed25519PrivateKey))]


def encryption_key() -> X25519PrivateKey:
    key = _load(ENCRYPTION, X25519PrivateKey)
    assert isinstance(key, X25519PrivateKey)
    return key


class DecryptionKeys:
    """This user's encryption key, then the ones a rotation retired, newest first, each
    opened only when the ones before could not read a file: what was sealed to a key
    before `keys rotate` still opens after it."""

    def __init__(self) -> None:
        self._held: list[X25519PrivateKey] = []
        self._rest: Iterator[keys.PrivateKey] | None = None

    def __iter__(self) -> Iterator[X25519PrivateKey]:
        if not self._held:
            self._held.append(encryption_key())
        yield from list(self._held)
        if self._rest is None:
            self._rest = keys.retired_keys(
                ENCRYPTION, key_folder(), key_passphrase(), X25519PrivateKey
            )
        for key in self._rest:
            assert isinstance(key, X25519PrivateKey)
            self._held.append(key)
            yield key


@dataclass(frozen=True, kw_only=True)
class KeysReady(Changes):
    """This user's keys exist: the signing key's fingerprint; after a rotation also the
    retired key's (None when it cannot be told)."""

    fingerprint: str
    old_fingerprint: str | None = None


KINDS: tuple[tuple[str, keys.Kind], ...] = (
    (SIGNING, Ed25519PrivateKey),
    (ENCRYPTION, X25519PrivateKey),
)
"""Every user holds both pairs: a signing key for what they send, an encryption key
for what is sent to them (results to headquarters, kits to an assessor)."""


def _new(kind: keys.Kind) -> keys.PrivateKey:
    return (
        Ed25519PrivateKey.generate() if kind is Ed25519PrivateKey else X25519PrivateKey.generate()
    )


def _kept(name: str) -> bool:
    """Whether a key `name` is kept here; unsure (a locked keyring...) counts as yes."""
    try:
        return keys.exists(name, key_folder())
    except (keys.KeyringUnreadableError, OSError):
        return True


@contextmanager
def _keeping(name: str) -> Iterator[None]:
    """Turn a failure to keep key `name` into one line."""
    with writing(key_folder()):
        try:
            yield
        except KEY_ERRORS as exc:
            raise _refusal(name, exc) from None


def own_fingerprint() -> str | None:
    """This user's signing key's fingerprint, or None while no key is kept here."""
    if not _kept(SIGNING):
        return None
    return keys.fingerprint(keys.signing_public(signing_key()))


def init_keys() -> KeysReady:
    """Make the signing and encryption key pairs not kept yet; returns the fingerprint.

    A key kept here is never replaced, even one that cannot be opened (a wrong passphrase,
    a locked keyring, a damaged file): a new key would orphan every signature made before.
    `rotate_keys` replaces keys on purpose.
    """
    held, made = {}, {}
    for name, kind in KINDS:
        try:
            held[name] = _load(name, kind)
        except UserError:
            if _kept(name):
                raise
            made[name] = held[name] = _new(kind)
    for name, key in made.items():
        with _keeping(name):
            keys.store_private(name, key, key_folder(), key_passphrase())
    signing = held[SIGNING]
    assert isinstance(signing, Ed25519PrivateKey)
    return KeysReady(fingerprint=keys.fingerprint(keys.signing_public(signing)), keys=bool(made))


def rotate_keys() -> KeysReady:
    """New keys in place of the old, each old one kept under a dated name, never deleted.

    Headquarters must then trust the new public key: what is signed from now on carries it.
    """
    if not _kept(SIGNING):
        raise _refusal(SIGNING, keys.KeyMissingError(SIGNING))
    stamp = clock.now().strftime("%Y-%m-%dT%H-%M-%S")
    new = {name: _new(kind) for name, kind in KINDS}
    old: dict[str, str | None] = {}
    for name, kind in KINDS:
        with _keeping(name):
            old[name] = keys.replace_private(
                name, new[name], key_folder(), key_passphrase(), stamp=stamp, kind=kind
            )
    signing = new[SIGNING]
    assert isinstance(signing, Ed25519PrivateKey)
    return KeysReady(
        fingerprint=keys.fingerprint(keys.signing_public(signing)),
        old_fingerprint=old[SIGNING],
        keys=True,
    )


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


def export_public(out: Path, name: str) -> PublicWritten:
    public = PublicKeys(
        keys.signing_public(signing_key()), keys.encryption_public(encryption_key()), name
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
