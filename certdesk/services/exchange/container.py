"""The one signed-container writer and reader, for every file that travels.

Kits, result packages and response packages are all the same container
(formats/package.py): an archive of members with a manifest, encrypted to the
recipient where it carries anything confidential, and signed over every byte
by the sender's key. Reading checks, in this order and before anything else
is parsed: the signature, that the signer may send this (the caller's
`accept`), the header, the decryption and the archive.

The author is bound to the content: the HPKE context of an encrypted payload
names the kind of file and the signer's key, so a second key that re-signs a
package it cannot read makes the payload fail to decrypt; and the manifest
inside names the signer too, compared with the key that signed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from certdesk.crypto import keys
from certdesk.formats.package import (
    KIND_NAMES,
    PackageError,
    build_archive,
    header_of,
    pack,
    read_archive,
    unpack,
)
from certdesk.services.messages import writing

CONTEXT = b"certdesk-package-2"


def info_for(kind: str, signer: bytes) -> bytes:
    """The HPKE context of a payload: what it is and who wrote it."""
    return CONTEXT + b"|" + kind.encode("ascii") + b"|" + signer


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
    kind: str,
    header: dict[str, Any] | None = None,
) -> bytes:
    """The container of an archive: encrypted to `recipient` (if any), signed by `signer`."""
    public = keys.signing_public(signer)
    head = {
        "kind": kind,
        "encrypted": recipient is not None,
        "recipient": recipient.fingerprint if recipient else None,
        **(header or {}),
    }
    payload = (
        keys.seal_to(recipient.public, archive, info_for(kind, public)) if recipient else archive
    )
    body = pack(public, head, payload)
    return body + keys.sign(signer, body)


def seal(
    members: dict[str, bytes],
    manifest: dict[str, Any],
    signer: Ed25519PrivateKey,
    recipient: Recipient | None,
    kind: str,
) -> bytes:
    """A container of `members`; the manifest names the kind and the signer as well."""
    named = {
        **manifest,
        "kind": kind,
        "signer": keys.fingerprint(keys.signing_public(signer)),
    }
    return seal_archive(build_archive(members, named), signer, recipient, kind)


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
    def kind(self) -> str:
        return str(self.header["kind"])

    @property
    def encrypted(self) -> bool:
        return bool(self.header["encrypted"])


Decrypt = Callable[[bytes, bytes], bytes]
"""Opens an encrypted payload with the given HPKE context, or raises PackageError."""


def signer_of(raw: bytes) -> bytes:
    """The public key a container is signed by, once its signature holds."""
    container = unpack(raw)
    if not keys.verify(container.signer, container.signature, container.signed):
        raise PackageError("bad_signature")
    return container.signer


def open_container(
    raw: bytes,
    decrypt: Decrypt | None,
    accept: Callable[[bytes], None] | None = None,
    kinds: tuple[str, ...] = ("result", "response", "kit"),
) -> Opened:
    """Check the signature, let `accept` refuse the signer, then read the rest.

    Raises PackageError with the reason (or what `accept` raises); nothing
    inside is parsed before the signature holds and the signer is accepted.
    """
    container = unpack(raw)
    if not keys.verify(container.signer, container.signature, container.signed):
        raise PackageError("bad_signature")
    if accept is not None:
        accept(container.signer)
    header = header_of(container)
    kind = str(header["kind"])
    if kind not in kinds:
        raise PackageError("wrong_kind", kind)
    payload = container.payload
    if header["encrypted"]:
        if decrypt is None:
            raise PackageError("not_for_us")
        payload = decrypt(payload, info_for(kind, container.signer))
    manifest, members = read_archive(payload)
    if manifest.get("kind") != kind:
        raise PackageError("wrong_kind", str(manifest.get("kind"))[:16])
    stray = sorted(name for name in members if not KIND_NAMES[kind].fullmatch(name))
    if stray:
        raise PackageError("unexpected_member", stray[0])
    if manifest.get("signer") != keys.fingerprint(container.signer):
        raise PackageError("signer_mismatch")
    return Opened(container.signer, header, manifest, members)


def decrypting(candidates: Iterable[X25519PrivateKey]) -> Decrypt:
    """A Decrypt trying each X25519 private key in turn; a failure with every one means
    the file was not sealed to this user."""

    def run(payload: bytes, info: bytes) -> bytes:
        for private in candidates:
            try:
                return keys.open_sealed(private, payload, info)
            except Exception:  # noqa: S112  # HPKE's failure, whatever its type: the next key
                continue
        raise PackageError("not_for_us")

    return run
