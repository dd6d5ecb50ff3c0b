"""What a certificate states, signed with headquarters' key and carried inside its PDF.

At issue the statement is built from the register and the assessment, signed, and
written into the PDF's keywords as one marker: `CERTDESK-CERT1:` and the base64url
(no padding) of the JSON `{"statement", "signature", "signer_public"}`. Base64url
has no character a PDF string must escape, so the marker stands in the file's bytes
as written. To verify, the same statement is built again from the register and
compared (`certificate_seal`).
"""

from __future__ import annotations

import base64
import binascii
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session

from certdesk.crypto import keys
from certdesk.domain.supplier import format_business_id
from certdesk.services.assessment import records
from certdesk.store.tables import Assessment, Certificate

MARKER = "CERTDESK-CERT1:"
FORMAT = "certdesk-certificate/1"
SIGNED = b"CertDesk certificate statement 1\n"
"""Put before the statement's bytes when signing: no other signature of this key verifies."""
FIELDS = (
    "format",
    "code",
    "business_id",
    "supplier",
    "site",
    "processes",
    "framework",
    "framework_version",
    "outcome",
    "issued",
    "valid_until",
    "package_sha256",
    "signer",
)
"""Every key of a statement, in the order a person reads them."""

Statement = dict[str, object]


def processes_of(record: Assessment) -> tuple[str, ...]:
    """The production processes of the assessment's scope, as the kit named them."""
    try:
        scope = json.loads(record.scope_json or "{}")
    except ValueError:
        return ()
    listed = scope.get("processes") if isinstance(scope, dict) else None
    if isinstance(listed, list):
        return tuple(str(v) for v in listed if str(v).strip())
    return (str(listed),) if listed else ()


def statement_of(session: Session, record: Assessment, held: Certificate, signer: str) -> Statement:
    """What certificate `held` of assessment `record` states, signed by key `signer` (its
    fingerprint)."""
    supplier, site = records.party_of(session, record)
    return {
        "format": FORMAT,
        "code": held.code,
        "business_id": format_business_id(supplier.business_id),
        "supplier": supplier.name,
        "site": site.name if site else None,
        "processes": list(processes_of(record)),
        "framework": record.framework_id,
        "framework_version": record.framework_version,
        "outcome": held.outcome,
        "issued": held.issued_at.date().isoformat(),
        "valid_until": held.valid_until.date().isoformat(),
        "package_sha256": held.package_sha256,
        "signer": signer,
    }


def canonical(statement: Statement) -> bytes:
    """The bytes signed: UTF-8 JSON, keys sorted, no spaces."""
    text = json.dumps(statement, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def unb64url(text: str) -> bytes:
    """The bytes of unpadded base64url `text`; ValueError when it is not that."""
    if len(text) % 4 == 1:
        raise ValueError("length")
    try:
        decoded = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except binascii.Error as exc:
        raise ValueError(str(exc)) from None
    if b64url(decoded) != text:
        raise ValueError("not canonical")
    return decoded


def seal(statement: Statement, key: Ed25519PrivateKey) -> str:
    """The marker that carries `statement`, signed with `key`."""
    sealed = {
        "statement": statement,
        "signature": b64url(keys.sign(key, SIGNED + canonical(statement))),
        "signer_public": b64url(keys.signing_public(key)),
    }
    packed = json.dumps(sealed, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return MARKER + b64url(packed.encode("utf-8"))
