"""Importing result packages at headquarters: verify everything, then write once.

Every check runs before the database is touched; a refused file leaves it as
it was. The same file twice changes nothing; a newer sequence of an
assessment replaces the older, an older one is refused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import select

from certdesk.crypto import keys
from certdesk.domain.answers import Answer as DomainAnswer
from certdesk.domain.numbers import fraction_text
from certdesk.domain.scoring import score
from certdesk.domain.supplier import normalize_business_id
from certdesk.errors import UserError
from certdesk.formats.package import (
    ANSWER_FIELDS,
    EVIDENCE_FIELDS,
    FINDING_FIELDS,
    Container,
    PackageError,
    load_json,
    read_archive,
    unpack,
)
from certdesk.i18n import _
from certdesk.services.context import Context, user_errors
from certdesk.services.exchange.own_keys import encryption_key
from certdesk.services.exchange.responses_in import import_response
from certdesk.services.exchange.results_out import INFO
from certdesk.services.exchange.results_store import write_package
from certdesk.services.messages import package_problem
from certdesk.store.tables import ImportedPackage, TrustedKey

MAX_FILE = 600 * 1024 * 1024


@dataclass
class ImportOutcome:
    file: str
    status: str  # "imported", "present" or "refused"
    reason: str = ""
    assessment: str | None = None
    sequence: int | None = None
    differences: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Verified:
    sha256: str
    signer: TrustedKey
    manifest: dict[str, Any]
    members: dict[str, bytes]
    content: dict[str, Any]
    recomputed: str


class Refused(Exception):  # noqa: N818 (a verdict, not an error: the import goes on)
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _signer(ctx: Context, container: Container) -> TrustedKey:
    try:
        public = keys.unb64(str(container.header.get("signer", "")))
    except ValueError:
        raise Refused(package_problem("bad_header")) from None
    if not keys.verify(public, container.signature, container.signed):
        raise Refused(package_problem("bad_signature"))
    with ctx.db.session() as session:
        trusted = session.exec(
            select(TrustedKey).where(TrustedKey.fingerprint == keys.fingerprint(public))
        ).first()
    if trusted is None:
        raise Refused(package_problem("unknown_signer", keys.fingerprint(public)))
    if trusted.revoked_at is not None:
        raise Refused(package_problem("revoked_signer", trusted.name))
    return trusted


def _archive(container: Container) -> bytes:
    if not container.header.get("encrypted"):
        return container.payload
    try:
        return keys.open_sealed(encryption_key(), container.payload, INFO)
    except UserError:
        raise
    except Exception:  # the HPKE library's decryption failure, whatever its type
        raise Refused(package_problem("not_for_us")) from None


def _role(signer: TrustedKey, manifest: dict[str, Any]) -> None:
    mode = manifest.get("mode")
    supplier = (manifest.get("supplier") or {}).get("business_id")
    if mode == "onsite" and signer.role != "assessor":
        raise Refused(package_problem("wrong_role", signer.name))
    if mode == "self" and (signer.role != "supplier" or signer.supplier_business_id != supplier):
        raise Refused(package_problem("wrong_supplier", signer.name))
    if mode not in ("onsite", "self"):
        raise Refused(package_problem("malformed", "manifest.json"))


def opened(ctx: Context, raw: bytes) -> tuple[TrustedKey, dict[str, Any], dict[str, bytes]]:
    """The signer, manifest and members of any package, after every common check."""
    try:
        container = unpack(raw)
        signer = _signer(ctx, container)
        manifest, members = read_archive(_archive(container))
    except PackageError as exc:
        raise Refused(package_problem(exc.code, exc.detail)) from None
    return signer, manifest, members


def verify(ctx: Context, raw: bytes) -> Verified:
    """Check a result package completely, writing nothing; raises Refused with the reason."""
    signer, manifest, members = opened(ctx, raw)
    return verify_result(ctx, raw, signer, manifest, members)


def verify_result(
    ctx: Context,
    raw: bytes,
    signer: TrustedKey,
    manifest: dict[str, Any],
    members: dict[str, bytes],
) -> Verified:
    try:
        _role(signer, manifest)
        content = {
            name: load_json(members.get(f"{name}.json", b""), f"{name}.json")
            for name in ("assessment", "answers", "findings", "evidence", "audit")
        }
    except PackageError as exc:
        raise Refused(package_problem(exc.code, exc.detail)) from None
    _check_content(manifest, content)
    recomputed = _recompute(ctx, manifest, content)
    return Verified(hashlib.sha256(raw).hexdigest(), signer, manifest, members, content, recomputed)


ANSWER_KEYS, FINDING_KEYS = set(ANSWER_FIELDS), set(FINDING_FIELDS)
EVIDENCE_KEYS = set(EVIDENCE_FIELDS)


def _records(value: Any, wanted: set[str]) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) and wanted <= set(v) for v in value)


def _check_content(manifest: dict[str, Any], content: dict[str, Any]) -> None:
    """The shape of every member, so that writing can never fail half-way."""
    assessment = content["assessment"]
    supplier = manifest.get("supplier")
    checks = {
        "assessment.json": isinstance(assessment, dict)
        and assessment.get("id") == manifest.get("assessment"),
        "manifest.json": isinstance(supplier, dict)
        and normalize_business_id(str(supplier.get("business_id"))) is not None
        and isinstance(manifest.get("sequence"), int),
        "answers.json": _records(content["answers"], ANSWER_KEYS),
        "findings.json": _records(content["findings"], FINDING_KEYS),
        "evidence.json": _records(content["evidence"], EVIDENCE_KEYS),
        "audit.json": isinstance(content["audit"], list),
    }
    for name, ok in checks.items():
        if not ok:
            raise Refused(package_problem("malformed", name))


def _recompute(ctx: Context, manifest: dict[str, Any], content: dict[str, Any]) -> str:
    wanted = manifest.get("framework") or {}
    try:
        framework = ctx.library.find(f"{wanted.get('id')}@{wanted.get('version')}")
    except UserError:
        raise Refused(package_problem("unknown_framework", str(wanted.get("id")))) from None
    if framework.content_hash != wanted.get("content_hash"):
        raise Refused(package_problem("framework_differs", str(wanted.get("id"))))
    party = "supplier" if manifest.get("mode") == "self" else "assessor"
    try:
        given = {
            a["item_id"]: DomainAnswer(str(a["value"]), a.get("na_justification") or "")
            for a in content["answers"]
            if a["party"] == party
        }
        profile = content["assessment"].get("profile")
    except (TypeError, KeyError, AttributeError):
        raise Refused(package_problem("malformed", "answers.json")) from None
    if any(framework.item(i) is None for i in given):
        raise Refused(package_problem("malformed", "answers.json"))
    return fraction_text(score(framework, given, profile).total)


def import_files(ctx: Context, paths: list[Path]) -> list[ImportOutcome]:
    if ctx.db.role != "hq":
        raise UserError(
            _("only a headquarters database imports result packages (certdesk init --role hq)")
        )
    return [import_one(ctx, path) for path in paths]


def import_one(ctx: Context, path: Path) -> ImportOutcome:
    outcome = ImportOutcome(str(path), "refused")
    try:
        if path.stat().st_size > MAX_FILE:
            raise Refused(package_problem("too_large"))
        raw = path.read_bytes()
        signer, manifest, members = opened(ctx, raw)
        if manifest.get("kind") == "response":
            return import_response(ctx, outcome, raw, (signer, manifest, members))
        found = verify_result(ctx, raw, signer, manifest, members)
    except OSError as exc:
        outcome.reason = _("cannot read the file: {reason}").format(reason=exc.strerror)
        return outcome
    except Refused as exc:
        outcome.reason = exc.reason
        return outcome
    return _import_result(ctx, found, outcome)


def _import_result(ctx: Context, found: Verified, outcome: ImportOutcome) -> ImportOutcome:
    outcome.assessment = str(found.manifest.get("assessment"))
    outcome.sequence = int(found.manifest.get("sequence") or 0)
    claimed = str((found.manifest.get("claimed") or {}).get("total"))
    if claimed != found.recomputed:
        outcome.differences.append(
            _("the file claims a total of {claimed}, recomputed {ours}").format(
                claimed=claimed, ours=found.recomputed
            )
        )
    held = _held(ctx, found, outcome)
    if held is None:
        return outcome
    try:
        write_package(ctx, found, replace=bool(held), claimed=claimed)
    except (KeyError, TypeError, ValueError, AttributeError):
        outcome.reason = package_problem("malformed", "assessment.json")
        return outcome
    outcome.status = "imported"
    return outcome


def _held(ctx: Context, found: Verified, outcome: ImportOutcome) -> list[ImportedPackage] | None:
    """Earlier imports of this assessment, or None when this file must not be written
    (already present, or older than what is held; `outcome` says which)."""
    with user_errors(ctx.db.path), ctx.db.session() as session:
        if session.exec(
            select(ImportedPackage).where(ImportedPackage.sha256 == found.sha256)
        ).first():
            outcome.status = "present"
            return None
        held = list(
            session.exec(
                select(ImportedPackage).where(ImportedPackage.assessment_id == outcome.assessment)
            )
        )
    newest = max((p.sequence for p in held), default=0)
    if (outcome.sequence or 0) <= newest:
        outcome.reason = package_problem("older_sequence", str(newest))
        return None
    return held


def as_json(outcomes: list[ImportOutcome]) -> str:
    return json.dumps([o.__dict__ for o in outcomes], ensure_ascii=False, indent=2)
