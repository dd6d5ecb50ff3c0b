"""Database keys in the OS keyring, named by the database's UUID.

A key from the keyring is 32 random bytes used as is. A keyring that would keep
secrets in plain text (keyrings.alt's file backends), the fail backend and the
null backend count as no keyring: the user then gives a passphrase instead.
"""

from __future__ import annotations

import secrets
from typing import Any

from certdesk.crypto.key_helper import Helper, HelperGoneError, RefusedError, is_secure

SERVICE = "CertDesk database key"
AUDIT_SERVICE = "CertDesk audit key"
"""The key that seals the audit log: kept apart from the database key."""
MIN_PASSPHRASE = 12
"""One rule for every passphrase CertDesk asks for: the database's and the key files'."""


class _Started:
    helper: Helper | None = None


def start_helper() -> None:
    """Begin finding this computer's keyring in a helper process (`key_helper`): the
    window's entry point calls it first thing; nothing else changes if it cannot start."""
    try:
        _Started.helper = Helper()
    except OSError:
        _Started.helper = None


def stop_helper() -> None:
    """The start is over: every keyring read from now on is made in this process."""
    helper, _Started.helper = _Started.helper, None
    if helper is not None:
        helper.stop()


def _keyring() -> Any:
    import keyring  # here, not at start-up: the helper answers the first reads

    return keyring


def _errors() -> type[Exception]:
    from keyring.errors import KeyringError

    return KeyringError


def secure_keyring() -> bool:
    """True when a keyring that protects its secrets is available."""
    if _Started.helper is not None:
        try:
            return _Started.helper.secure()
        except HelperGoneError:
            stop_helper()
    try:
        return is_secure(_keyring().get_keyring())
    except (_errors(), RuntimeError):
        return False


def _read(service: str, username: str) -> str | None:
    """A secret from the keyring (from the helper while it runs); `RefusedError` when the
    keyring will not answer."""
    if _Started.helper is not None:
        try:
            return _Started.helper.get(service, username)
        except HelperGoneError:
            stop_helper()
    try:
        found = _keyring().get_password(service, username)
    except _errors() as exc:
        raise RefusedError(str(exc) or type(exc).__name__) from None
    return None if found is None else str(found)


def new_key() -> bytes:
    return secrets.token_bytes(32)


class KeyringRefusedError(Exception):
    """The keyring would not store the key (locked, or the user said no)."""


def store_key(db_uuid: str, key: bytes) -> None:
    try:
        _keyring().set_password(SERVICE, db_uuid, key.hex())
    except _errors() as exc:
        raise KeyringRefusedError(str(exc) or type(exc).__name__) from None


def load_key(db_uuid: str) -> bytes | None:
    """The key of database `db_uuid`, or None when the keyring has none."""
    try:
        stored = _read(SERVICE, db_uuid)
    except RefusedError:
        return None
    return bytes.fromhex(stored) if stored else None


def forget_key(db_uuid: str) -> None:
    try:
        _keyring().delete_password(SERVICE, db_uuid)
    except _errors():
        return


class KeyringLockedError(Exception):
    """The keyring would not say whether it holds a key (locked, or the user said no)."""


def load_audit_key(db_uuid: str) -> bytes | None:
    """The audit key of database `db_uuid`, or None when the keyring surely has none (a
    keyring that cannot answer raises: a new key made then would replace the real one)."""
    try:
        stored = _read(AUDIT_SERVICE, db_uuid)
    except RefusedError as exc:
        raise KeyringLockedError(str(exc)) from None
    return bytes.fromhex(stored) if stored else None


def store_audit_key(db_uuid: str, key: bytes) -> None:
    try:
        _keyring().set_password(AUDIT_SERVICE, db_uuid, key.hex())
    except _errors() as exc:
        raise KeyringRefusedError(str(exc) or type(exc).__name__) from None


def forget_audit_key(db_uuid: str) -> None:
    try:
        _keyring().delete_password(AUDIT_SERVICE, db_uuid)
    except _errors():
        return


def audit_key_from(passphrase: str, salt: bytes) -> bytes:
    """Where no keyring exists: the audit key derived from the passphrase with its own salt
    (scrypt, memory-hard), so it is not the key SQLCipher derives."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))
