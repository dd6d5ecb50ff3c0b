"""Small secrets sealed under a passphrase: AES-256-GCM under a key derived by scrypt.

Used for a database's audit key where no keyring exists (so that a new passphrase
keeps the audit key, and with it every seal already written) and for the keys a
backup carries. The KDF's parameters travel with the box; a hostile file cannot
ask for more than `key_files.N_RANGE` allows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from certdesk.crypto.key_files import (
    N_RANGE,
    NONCE_BYTES,
    SALT_BYTES,
    SCRYPT_N,
    BadPassphraseError,
    KeyDamagedError,
    derive,
)

AUDIT_N = 2**15
"""The audit key's box is opened at every start: the cost of `keystore.audit_key_from`."""


@dataclass(frozen=True)
class Box:
    n: int
    salt: bytes
    nonce: bytes
    sealed: bytes

    def well_formed(self) -> bool:
        return (
            type(self.n) is int
            and N_RANGE[0] <= self.n <= N_RANGE[1]
            and (len(self.salt), len(self.nonce)) == (SALT_BYTES, NONCE_BYTES)
            and 16 < len(self.sealed) <= 4096
        )


def close(passphrase: str, secret: bytes, associated: bytes, n: int = SCRYPT_N) -> Box:
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    sealed = AESGCM(derive(passphrase, salt, n)).encrypt(nonce, secret, associated)
    return Box(n, salt, nonce, sealed)


def open_box(passphrase: str, box: Box, associated: bytes) -> bytes:
    """The secret; BadPassphraseError for a wrong passphrase or an altered box."""
    if not box.well_formed():
        raise KeyDamagedError("box")
    try:
        return AESGCM(derive(passphrase, box.salt, box.n)).decrypt(
            box.nonce, box.sealed, associated
        )
    except InvalidTag:
        raise BadPassphraseError("box") from None


def to_text(box: Box) -> str:
    return ":".join((str(box.n), box.salt.hex(), box.nonce.hex(), box.sealed.hex()))


def from_text(text: str) -> Box:
    try:
        n, salt, nonce, sealed = text.split(":")
        return Box(int(n), bytes.fromhex(salt), bytes.fromhex(nonce), bytes.fromhex(sealed))
    except (ValueError, TypeError, AttributeError):
        raise KeyDamagedError("box") from None
