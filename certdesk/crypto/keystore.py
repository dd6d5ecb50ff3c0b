"""Database keys in the OS keyring, named by the database's UUID.

A key from the keyring is 32 random bytes used as is. A keyring that would keep
secrets in plain text (keyrings.alt's file backends), the fail backend and the
null backend count as no keyring: the user then gives a passphrase instead.
"""

from __future__ import annotations

import secrets

import keyring
from keyring.errors import KeyringError

from certdesk.crypto.keyring_choice import choose, is_secure, remember

SERVICE = "CertDesk database key"
AUDIT_SERVICE = "CertDesk audit key"
"""The key that seals the audit log: kept apart from the database key."""
MIN_PASSPHRASE = 12
"""One rule for every passphrase CertDesk asks for: the database's and the key files'."""


def secure_keyring() -> bool:
    """True when a keyring that protects its secrets is available (found as last time,
    `keyring_choice`, else by keyring's scan and then remembered)."""
    choose()
    try:
        backend = keyring.get_keyring()
    except (KeyringError, RuntimeError):
        return False
    secure = is_secure(backend)
    if secure:
        remember(backend)
    return secure


def new_key() -> bytes:
    return secrets.token_bytes(32)


class KeyringRefusedError(Exception):
    """The keyring would not store the key (locked, or the user said no)."""


def store_key(db_uuid: str, key: bytes) -> None:
    choose()
    try:
        keyring.set_password(SERVICE, db_uuid, key.hex())
    except KeyringError as exc:
        raise KeyringRefusedError(str(exc) or type(exc).__name__) from None


def load_key(db_uuid: str) -> bytes | None:
    """The key of database `db_uuid`, or None when the keyring has none."""
    choose()
    try:
        stored = keyring.get_password(SERVICE, db_uuid)
    except KeyringError:
        return None
    return bytes.fromhex(stored) if stored else None


def forget_key(db_uuid: str) -> None:
    choose()
    try:
        keyring.delete_password(SERVICE, db_uuid)
    except KeyringError:
        return


class KeyringLockedError(Exception):
    """The keyring would not say whether it holds a key (locked, or the user said no)."""


def load_audit_key(db_uuid: str) -> bytes | None:
    """The audit key of database `db_uuid`, or None when the keyring surely has none (a
    keyring that cannot answer raises: a new key made then would replace the real one)."""
    choose()
    try:
        stored = keyring.get_password(AUDIT_SERVICE, db_uuid)
    except KeyringError as exc:
        raise KeyringLockedError(str(exc) or type(exc).__name__) from None
    return bytes.fromhex(stored) if stored else None


def store_audit_key(db_uuid: str, key: bytes) -> None:
    choose()
    try:
        keyring.set_password(AUDIT_SERVICE, db_uuid, key.hex())
    except KeyringError as exc:
        raise KeyringRefusedError(str(exc) or type(exc).__name__) from None


def forget_audit_key(db_uuid: str) -> None:
    choose()
    try:
        keyring.delete_password(AUDIT_SERVICE, db_uuid)
    except KeyringError:
        return


def audit_key_from(passphrase: str, salt: bytes) -> bytes:
    """Where no keyring exists: the audit key derived from the passphrase with its own salt
    (scrypt, memory-hard), so it is not the key SQLCipher derives."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))
