"""Signing (Ed25519) and encryption to a recipient (HPKE, RFC 9180), from `cryptography`.

Private keys live in the OS keyring when a secure one exists (a marker file in
the key folder says so, so that a key is not taken for missing while the keyring
is away), else in a key file sealed with a passphrase (`key_files`). A key is
never overwritten: rotation retires it under a dated name. Public keys travel
as raw 32-byte values.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import keyring
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hpke, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from keyring.errors import KeyringError

from certdesk.crypto import key_files
from certdesk.crypto.key_files import BadPassphraseError, KeyDamagedError
from certdesk.crypto.keystore import KeyringRefusedError, secure_keyring

SERVICE = "CertDesk private key"
SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
RAW = serialization.Encoding.Raw
RAW_PUBLIC = serialization.PublicFormat.Raw
PrivateKey = Ed25519PrivateKey | X25519PrivateKey
Kind = type[Ed25519PrivateKey] | type[X25519PrivateKey]


class KeyMissingError(Exception):
    """No private key of that name here (run `certdesk keys init`)."""


class KeyExistsError(Exception):
    """A key of that name is kept already: a new one would orphan its signatures."""


class KeyringUnreadableError(Exception):
    """The key is kept in the OS keyring, which cannot give it now (locked, absent)."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def fingerprint(public: bytes) -> str:
    """SHA-256 of a raw public key, 32 hex digits in groups of four: easy to read aloud."""
    digest = hashlib.sha256(public).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def signing_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(RAW, RAW_PUBLIC)


def encryption_public(key: X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(RAW, RAW_PUBLIC)


def _fingerprint_of(key: PrivateKey) -> str:
    return fingerprint(key.public_key().public_bytes(RAW, RAW_PUBLIC))


def sign(key: Ed25519PrivateKey, data: bytes) -> bytes:
    return key.sign(data)


def verify(public: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def seal_to(public: bytes, data: bytes, info: bytes) -> bytes:
    """Encrypt `data` so that only the holder of the private key can read it."""
    return SUITE.encrypt(data, X25519PublicKey.from_public_bytes(public), info)


def open_sealed(key: X25519PrivateKey, sealed: bytes, info: bytes) -> bytes:
    return SUITE.decrypt(sealed, key, info)


def _paths(name: str, folder: Path) -> tuple[Path, Path, Path]:
    """Key `name`'s file, an earlier version's file, and the marker of a key in the keyring."""
    return folder / f"{name}.key", folder / f"{name}.pem", folder / f"{name}.keyring"


def _entry(name: str) -> str | None:
    """The keyring's copy of key `name` (None: no such entry, or no secure keyring)."""
    if not secure_keyring():
        return None
    try:
        return keyring.get_password(SERVICE, name)
    except KeyringError:
        raise KeyringUnreadableError(name) from None


def _to_keyring(name: str, value: str) -> None:
    try:
        keyring.set_password(SERVICE, name, value)
    except KeyringError as exc:
        raise KeyringRefusedError(str(exc) or type(exc).__name__) from None


def exists(name: str, folder: Path) -> bool:
    """Whether a key `name` is kept here, whether or not it can be opened."""
    return bool(_entry(name)) or any(p.exists() for p in _paths(name, folder))


def _raw(key: PrivateKey) -> bytes:
    return key.private_bytes(RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def _as(kind: Kind, raw: bytes | str, where: str) -> PrivateKey:
    """The private key from raw bytes (or a keyring entry's base64 text)."""
    try:
        return kind.from_private_bytes(unb64(raw) if isinstance(raw, str) else raw)
    except ValueError:
        raise KeyDamagedError(where) from None


def _write_file(name: str, key: PrivateKey, folder: Path, passphrase: str) -> Path:
    algorithm = "ed25519" if isinstance(key, Ed25519PrivateKey) else "x25519"
    sealed = key_files.seal(name, algorithm, _raw(key), _fingerprint_of(key), passphrase)
    key_files.write_new(folder / f"{name}.key", sealed)
    return folder / f"{name}.key"


_OPENED: dict[tuple[str, bytes, str | None, str], PrivateKey] = {}
"""Key files opened in this process, by file (path and content hash), passphrase and kind:
scrypt runs once per file, not once per signature (issuing a hundred kits). The opened
key lives in the process as the passphrase that opens it already does; a file changed in
any way (a rotation, damage) is opened afresh."""


def _open_file(path: Path, name: str, passphrase: str | None, kind: Kind) -> PrivateKey:
    content = hashlib.sha256(path.read_bytes()).digest()
    stamp = (str(path), content, passphrase, kind.__name__)
    held = _OPENED.get(stamp)
    if held is not None:
        return held
    algorithm, recorded, raw = key_files.unseal(path, name, passphrase)
    key = _as(kind, raw, str(path))
    wanted = "ed25519" if kind is Ed25519PrivateKey else "x25519"
    if algorithm != wanted or _fingerprint_of(key) != recorded:
        raise KeyDamagedError(str(path))
    _OPENED[stamp] = key
    return key


def _upgrade(pem: Path, name: str, passphrase: str | None, kind: Kind) -> PrivateKey:
    """An earlier version's key file, rewritten in today's format beside it (kept as .pem.old)."""
    key = key_files.read_pem(pem, name, passphrase)
    if not isinstance(key, kind):
        raise KeyDamagedError(str(pem))
    if passphrase:
        try:
            _write_file(name, key, pem.parent, passphrase)
            key_files.rename_new(pem, key_files.free_name(pem.with_name(pem.name + ".old")))
        except OSError:
            pass  # the old file still opens the key: the upgrade is tried again next time
    return key


def load_private(name: str, folder: Path, passphrase: str | None, kind: Kind) -> PrivateKey:
    key_file, pem, marker = _paths(name, folder)
    try:
        entry = _entry(name)
    except KeyringUnreadableError:
        if not (key_file.exists() or pem.exists()):
            raise
        entry = None
    if entry:
        return _as(kind, entry, "keyring")
    if key_file.exists():
        return _open_file(key_file, name, passphrase, kind)
    if pem.exists():
        return _upgrade(pem, name, passphrase, kind)
    if marker.exists():
        raise KeyringUnreadableError(name)
    raise KeyMissingError(name)


def _put(name: str, key: PrivateKey, folder: Path, passphrase: str | None) -> str:
    if secure_keyring():
        _to_keyring(name, b64(_raw(key)))
        marker = {"kept": "keyring", "name": name, "fingerprint": _fingerprint_of(key)}
        key_files.write_new(_paths(name, folder)[2], json.dumps(marker).encode(), replace=True)
        return "keyring"
    return str(_write_file(name, key, folder, key_files.check_new_passphrase(passphrase)))


def store_private(name: str, key: PrivateKey, folder: Path, passphrase: str | None) -> str:
    """Keep a new private key; returns where: "keyring" or the key file's path."""
    if exists(name, folder):
        raise KeyExistsError(name)
    return _put(name, key, folder, passphrase)


def _old_fingerprint(name: str, folder: Path, passphrase: str | None, kind: Kind) -> str | None:
    entry, (key_file, pem, _) = _entry(name), _paths(name, folder)
    try:
        if entry:
            return _fingerprint_of(_as(kind, entry, "keyring"))
        if key_file.exists():
            return key_files.recorded(key_file)[1]
        if pem.exists():
            old = key_files.read_pem(pem, name, passphrase)
            return _fingerprint_of(old) if isinstance(old, kind) else None
    except (KeyDamagedError, BadPassphraseError):
        return None
    return None


def replace_private(
    name: str, key: PrivateKey, folder: Path, passphrase: str | None, *, stamp: str, kind: Kind
) -> str | None:
    """Retire key `name` under `name.retired.STAMP` (never deleted), keep `key` in its place.

    Returns the retired key's fingerprint (None when there was none, or it cannot be told)."""
    key_file, pem, marker = _paths(name, folder)
    if not secure_keyring():
        if marker.exists():
            raise KeyringUnreadableError(name)  # the old key is in a keyring that is not here
        key_files.check_new_passphrase(passphrase)
    old = _old_fingerprint(name, folder, passphrase, kind)
    retired, n = f"{name}.retired.{stamp}", 1
    while exists(retired, folder):
        n += 1
        retired = f"{name}.retired.{stamp}-{n}"
    entry = _entry(name)
    if entry:
        _to_keyring(retired, entry)  # the new key then takes the entry's place
        if _entry(retired) != entry:
            raise KeyringRefusedError(retired)
        marker_of = {"kept": "keyring", "name": retired, "fingerprint": old}
        key_files.write_new(_paths(retired, folder)[2], json.dumps(marker_of).encode())
    moved: list[tuple[Path, Path]] = []
    try:
        for path in (key_file, pem):
            if path.exists():
                key_files.rename_new(path, folder / f"{retired}{path.suffix}")
                moved.append((folder / f"{retired}{path.suffix}", path))
        _put(name, key, folder, passphrase)
    except BaseException:
        for target, path in reversed(moved):
            key_files.rename_new(target, path)
        raise
    return old


def retired_keys(
    name: str, folder: Path, passphrase: str | None, kind: Kind
) -> Iterator[PrivateKey]:
    """The keys `replace_private` retired from `name`, newest first; one that cannot be
    opened now (a keyring that is not here, a damaged file) is passed over."""
    found = {p.name.rsplit(".", 1)[0] for p in folder.glob(f"{name}.retired.*")}
    for retired in sorted(found, reverse=True):
        key_file, pem, _ = _paths(retired, folder)
        try:
            entry = _entry(retired)
            if entry:
                yield _as(kind, entry, "keyring")
            elif key_file.exists():
                yield _open_file(key_file, name, passphrase, kind)
            elif pem.exists():
                old = key_files.read_pem(pem, name, passphrase)
                if isinstance(old, kind):
                    yield old
        except (KeyDamagedError, BadPassphraseError, KeyringUnreadableError, OSError):
            continue
