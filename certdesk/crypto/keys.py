"""Signing (Ed25519) and encryption to a recipient (HPKE, RFC 9180), from `cryptography`.

Private keys live in the OS keyring when a secure one exists, else in a key
file encrypted with a passphrase (PKCS#8 with the library's best available
encryption). Public keys travel as raw 32-byte values.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import keyring
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hpke, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from keyring.errors import KeyringError

from certdesk.crypto.keystore import KeyringRefusedError, secure_keyring

SERVICE = "CertDesk private key"
SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
RAW = serialization.Encoding.Raw
RAW_PUBLIC = serialization.PublicFormat.Raw


class KeyMissingError(Exception):
    """No private key of that name here (run `certdesk keys init`)."""


class BadPassphraseError(Exception):
    """The key file's passphrase is wrong."""


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


def _pem(key: Ed25519PrivateKey | X25519PrivateKey, passphrase: str) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )


def store_private(
    name: str, key: Ed25519PrivateKey | X25519PrivateKey, folder: Path, passphrase: str | None
) -> str:
    """Keep a private key; returns where: "keyring" or the key file's path."""
    if secure_keyring():
        raw = key.private_bytes(RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
        try:
            keyring.set_password(SERVICE, name, b64(raw))
        except KeyringError as exc:
            raise KeyringRefusedError(str(exc) or type(exc).__name__) from None
        return "keyring"
    if not passphrase:
        raise KeyMissingError("a passphrase is needed to protect the key file")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{name}.pem"
    path.write_bytes(_pem(key, passphrase))
    path.chmod(0o600)
    return str(path)


def load_private(
    name: str,
    folder: Path,
    passphrase: str | None,
    kind: type[Ed25519PrivateKey] | type[X25519PrivateKey],
) -> Ed25519PrivateKey | X25519PrivateKey:
    stored = None
    try:
        stored = keyring.get_password(SERVICE, name)
    except KeyringError:
        stored = None
    if stored:
        return kind.from_private_bytes(unb64(stored))
    path = folder / f"{name}.pem"
    if not path.exists():
        raise KeyMissingError(name)
    try:
        key = serialization.load_pem_private_key(
            path.read_bytes(), (passphrase or "").encode("utf-8") or None
        )
    except (ValueError, TypeError):
        raise BadPassphraseError(name) from None
    if not isinstance(key, kind):
        raise KeyMissingError(name)
    return key
