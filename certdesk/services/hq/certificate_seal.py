"""Verifying a certificate from its PDF alone: the statement it carries, signed with
headquarters' key, against the register.

The file is read bounded; its one marker (`certificate_statement.MARKER`) is decoded
and held to a strict shape; the signature must hold and be made with one of this
headquarters' own keys (in use or retired); the register must hold the certificate
and state the same, field by field. Then it stands as `certificates.verify` says: valid,
revoked, expired, superseded or signer revoked. Each refusal is a `Verdict` "refused"
with one line; nothing is written.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sqlmodel import select

from certdesk import clock
from certdesk.crypto import keys
from certdesk.formats.bounded import load_json, read_regular
from certdesk.formats.problems import InvalidFileError
from certdesk.i18n import _
from certdesk.services import own_keys
from certdesk.services.assessment import records
from certdesk.services.context import Context, reading
from certdesk.services.hq.certificate_statement import (
    FIELDS,
    FORMAT,
    MARKER,
    SIGNED,
    Statement,
    canonical,
    statement_of,
    unb64url,
)
from certdesk.services.hq.certificates import (
    Verdict,
    standing_of,
)
from certdesk.store.tables import Certificate

MAX_BYTES = 5 * 2**20
"""A one-page certificate is about 100 KB."""
MAX_SEAL = 256 * 1024
"""Characters of the marker's payload: a statement is about 1 KB, its scope at most 20 KB."""
_FOUND = re.compile(re.escape(MARKER).encode("ascii") + rb"([A-Za-z0-9_-]*)")
_CODE = re.compile(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}")
_SHA = re.compile(r"[0-9a-f]{64}")
_FINGERPRINT = re.compile(r"[0-9a-f]{4}( [0-9a-f]{4}){7}")
_SHORT = 1000
"""The longest name, site, process or framework id a statement may hold."""
_MOST_PROCESSES = 2000


class _RefusedError(Exception):
    """Why the file's seal does not hold, in one line."""


def _text(value: object, longest: int = _SHORT) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= longest:
        raise _RefusedError(_("its seal is damaged"))
    return value


def _day(value: object) -> str:
    try:
        return date.fromisoformat(_text(value, 10)).isoformat()
    except ValueError:
        raise _RefusedError(_("its seal is damaged")) from None


def _checked(statement: object) -> Statement:
    """`statement` if it has exactly the shape `statement_of` makes, else refused."""
    damaged = _RefusedError(_("its seal is damaged"))
    if not isinstance(statement, dict) or set(statement) != set(FIELDS):
        raise damaged
    processes = statement["processes"]
    if not isinstance(processes, list) or len(processes) > _MOST_PROCESSES:
        raise damaged
    for process in processes:
        _text(process)
    site = statement["site"]
    if site is not None:
        _text(site)
    for name in ("business_id", "supplier", "framework", "framework_version", "outcome"):
        _text(statement[name])
    for name, pattern in (("code", _CODE), ("package_sha256", _SHA), ("signer", _FINGERPRINT)):
        if not pattern.fullmatch(_text(statement[name])):
            raise damaged
    if statement["format"] != FORMAT or any(
        _day(statement[name]) != statement[name] for name in ("issued", "valid_until")
    ):
        raise damaged
    return statement


def _unsealed(raw: bytes, name: str) -> tuple[Statement, bytes, bytes]:
    """The statement, signature and signer's public key the file's one marker carries."""
    found = _FOUND.findall(raw)
    if not found:
        raise _RefusedError(_("it carries no seal of headquarters (not a CertDesk certificate)"))
    if len(found) > 1:
        raise _RefusedError(_("it carries more than one seal"))
    payload = found[0].decode("ascii")
    if len(payload) > MAX_SEAL:
        raise _RefusedError(_("its seal is damaged"))
    try:
        sealed = load_json(unb64url(payload), name, max_bytes=MAX_SEAL, max_depth=4)
    except (ValueError, InvalidFileError):
        raise _RefusedError(_("its seal is damaged")) from None
    if not isinstance(sealed, dict) or set(sealed) != {"statement", "signature", "signer_public"}:
        raise _RefusedError(_("its seal is damaged"))
    try:
        signature = unb64url(_text(sealed["signature"], 200))
        public = unb64url(_text(sealed["signer_public"], 200))
    except ValueError:
        raise _RefusedError(_("its seal is damaged")) from None
    if len(signature) != 64 or len(public) != 32:
        raise _RefusedError(_("its seal is damaged"))
    return _checked(sealed["statement"]), signature, public


def _differences(stated: Statement, held: Statement) -> str:
    """The headings, as on the certificate, under which the file and the register differ."""
    headings = {
        "code": _("Verification code"),
        "business_id": _("Business registration number"),
        "supplier": _("Supplier"),
        "site": _("Site"),
        "processes": _("Production processes"),
        "framework": _("Framework"),
        "framework_version": _("Framework"),
        "outcome": _("Outcome"),
        "issued": _("Valid"),
        "valid_until": _("Valid"),
        "package_sha256": _("Result package"),
        "signer": _("Issued by"),
    }
    differ = [headings.get(name, name) for name in FIELDS if stated[name] != held[name]]
    return ", ".join(dict.fromkeys(differ))


def verify_file(ctx: Context, path: Path, today: date | None = None) -> Verdict:
    """Verify certificate file `path` against headquarters' keys and register."""
    ctx.require_hq()
    code = ""
    try:
        try:
            raw = read_regular(path, MAX_BYTES, path.name)
        except InvalidFileError as exc:
            raise _RefusedError(exc.problems[0].message) from None
        statement, signature, public = _unsealed(raw, path.name)
        code = str(statement["code"])
        if not keys.verify(public, signature, SIGNED + canonical(statement)):
            raise _RefusedError(_("its signature does not match what it states: it was altered"))
        if public not in own_keys.signing_publics():
            raise _RefusedError(_("it was not signed with a key of this headquarters"))
        if statement["signer"] != keys.fingerprint(public):
            raise _RefusedError(_("its seal is damaged"))
        with reading(ctx) as session:
            held = session.exec(select(Certificate).where(Certificate.code == code)).first()
            if held is None:
                return Verdict("unknown", code)
            record = records.get(session, held.assessment_id)
            signer = keys.fingerprint(public)
            differ = _differences(statement, statement_of(session, record, held, signer))
    except _RefusedError as refused:
        return Verdict("refused", code, reason=str(refused))
    until = held.valid_until.date()
    if differ:
        return Verdict(
            "refused",
            code,
            until,
            _("what it states differs from the register: {fields}").format(fields=differ),
        )
    return standing_of(held, code, until, today or clock.today())
