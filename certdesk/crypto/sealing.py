"""Evidence files encrypted at rest: AES-256-GCM, one random key per file.

Each file's key lives in the (encrypted) database row of that evidence, so
deleting the row destroys the only way to read the file (crypto-shredding),
whatever copies the disk keeps.
"""

from __future__ import annotations

import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"CDE1"
NONCE = 12


class SealError(Exception):
    """The sealed data was altered or the key is wrong."""


def new_file_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def seal(key: bytes, data: bytes, label: bytes) -> bytes:
    """Encrypt `data`; `label` (for example the evidence id) is authenticated too."""
    nonce = secrets.token_bytes(NONCE)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, label)


def unseal(key: bytes, sealed: bytes, label: bytes) -> bytes:
    if not sealed.startswith(MAGIC):
        raise SealError("not a sealed file")
    nonce, body = sealed[4 : 4 + NONCE], sealed[4 + NONCE :]
    try:
        return AESGCM(key).decrypt(nonce, body, label)
    except InvalidTag:
        raise SealError("sealed file altered or wrong key") from None


WRAP_INFO = b"certdesk evidence file keys v1"


def wrapping_key(team_key: bytes) -> bytes:
    """The key that wraps evidence file keys on a server, derived from the team's key (held
    outside the server) under its own label, so it is never the audit seal's key itself."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=WRAP_INFO).derive(team_key)


def wrap(wrapping: bytes, evidence_id: str, file_key: bytes) -> bytes:
    """A file key as a server stores it: sealed, and bound to its evidence row's id."""
    return seal(wrapping, file_key, b"file-key:" + evidence_id.encode())


def unwrap(wrapping: bytes, evidence_id: str, stored: bytes) -> bytes:
    return unseal(wrapping, stored, b"file-key:" + evidence_id.encode())
