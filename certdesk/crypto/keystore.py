"""Database keys in the OS keyring, named by the database's UUID.

A key from the keyring is 32 random bytes used as is. A keyring that would keep
secrets in plain text (keyrings.alt's file backends), the fail backend and the
null backend count as no keyring: the user then gives a passphrase instead.
"""

from __future__ import annotations

import secrets

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

SERVICE = "CertDesk database key"
INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def _secure(backend: KeyringBackend) -> bool:
    children = getattr(backend, "backends", None)
    if children is not None:
        return any(_secure(child) for child in children)
    module = type(backend).__module__
    return not module.startswith(INSECURE_MODULES)


def secure_keyring() -> bool:
    """True when a keyring that protects its secrets is available."""
    try:
        return _secure(keyring.get_keyring())
    except (KeyringError, RuntimeError):
        return False


def new_key() -> bytes:
    return secrets.token_bytes(32)


class KeyringRefusedError(Exception):
    """The keyring would not store the key (locked, or the user said no)."""


def store_key(db_uuid: str, key: bytes) -> None:
    try:
        keyring.set_password(SERVICE, db_uuid, key.hex())
    except KeyringError as exc:
        raise KeyringRefusedError(str(exc) or type(exc).__name__) from None


def load_key(db_uuid: str) -> bytes | None:
    """The key of database `db_uuid`, or None when the keyring has none."""
    try:
        stored = keyring.get_password(SERVICE, db_uuid)
    except KeyringError:
        return None
    return bytes.fromhex(stored) if stored else None


def forget_key(db_uuid: str) -> None:
    try:
        keyring.delete_password(SERVICE, db_uuid)
    except KeyringError:
        return
