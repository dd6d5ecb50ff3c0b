"""The one signed-container writer and reader, for every file that travels.

Kits, result packages and response packages are all the same container
(formats/package.py): an archive of members with a manifest, encrypted to the
recipient where it carries anything confidential, and signed over every byte
by the sender's key. Writers build it here; readers open it here, which checks
the signature before anything inside is read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certdesk.crypto import keys
from certdesk.formats.package import (
    FORMAT,
    Container,
    PackageError,
    build_archive,
    pack,
    read_archive,
    unpack,
)
from certdesk.services.messages import writing

INFO = b"certdesk-package-1"
"""The HPKE context string: what the encryption is for."""


@dataclass(frozen=True)
class Recipient:
    """Whom a container is encrypted to: a raw X25519 public key and its fingerprint."""

    public: bytes

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.public)


def seal_archive(
    archive: bytes,
    signer: Ed25519PrivateKey,
    recipient: Recipient | None,
    header: dict[str, Any] | None = None,
) -> bytes:
    """The container of an archive: encrypted to `recipient` (if any), signed by `signer`."""
    head = {
        "format": FORMAT,
        "signer": keys.b64(keys.signing_public(signer)),
        "encrypted": recipient is not None,
        "recipient": recipient.fingerprint if recipient else None,
        **(header or {}),
    }
    payload = keys.seal_to(recipient.public, archive, INFO) if recipient else archive
    body = pack(head, payload)
    return body + keys.sign(signer, body)


def seal(
    members: dict[str, bytes],
    manifest: dict[str, Any],
    signer: Ed25519PrivateKey,
    recipient: Recipient | None,
) -> bytes:
    return seal_archive(build_archive(members, manifest), signer, recipient)


def write(out: Path, container: bytes) -> None:
    with writing(out):
        out.write_bytes(container)


@dataclass(frozen=True)
class Opened:
    """A container whose signature held: who signed it, and what it holds."""

    signer: bytes
    header: dict[str, Any]
    manifest: dict[str, Any]
    members: dict[str, bytes]

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.signer)

    @property
    def encrypted(self) -> bool:
        return bool(self.header.get("encrypted"))


Decrypt = Callable[[bytes], bytes]
"""Opens an encrypted payload (with headquarters' private key), or raises PackageError."""


def _verified(raw: bytes) -> tuple[bytes, Container]:
    container = unpack(raw)
    try:
        public = keys.unb64(str(container.header.get("signer", "")))
    except ValueError:
        raise PackageError("bad_header") from None
    if not keys.verify(public, container.signature, container.signed):
        raise PackageError("bad_signature")
    return public, container


def signer_of(raw: bytes) -> bytes:
    """The public key a container is signed by, once its signature holds."""
    return _verified(raw)[0]


def open_container(
    raw: bytes, decrypt: Decrypt | None, accept: Callable[[bytes], None] | None = None
) -> Opened:
    """Check the signature, let `accept` refuse the signer, then decrypt and read the archive.

    Raises PackageError with the reason; nothing inside is parsed before the
    signature holds and `accept` has let the signer through.
    """
    public, container = _verified(raw)
    if accept is not None:
        accept(public)
    payload = container.payload
    if container.header.get("encrypted"):
        if decrypt is None:
            raise PackageError("not_for_us")
        payload = decrypt(payload)
    manifest, members = read_archive(payload)
    return Opened(public, container.header, manifest, members)


def decrypting(private: Any) -> Decrypt:
    """A Decrypt with an X25519 private key; any failure means it was not for that key."""

    def run(payload: bytes) -> bytes:
        try:
            return keys.open_sealed(private, payload, INFO)
        except Exception:  # the HPKE library's decryption failure, whatever its type
            raise PackageError("not_for_us") from None

    return run
