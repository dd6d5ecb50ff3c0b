"""Importing result packages at headquarters: verify everything, then write once.

Every check runs before the database is touched; a refused file leaves it as
it was. The same file twice changes nothing; a newer sequence of an
assessment replaces the older, an older one is refused.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sqlmodel import select

from certdesk.crypto.keys import fingerprint
from certdesk.domain.assessment import Mode
from certdesk.domain.numbers import fraction_text
from certdesk.domain.roles import KeyRole
from certdesk.domain.scoring import score
from certdesk.domain.supplier import normalize_business_id
from certdesk.errors import UserError
from certdesk.formats.package import (
    ANSWER_FIELDS,
    EVIDENCE_FIELDS,
    FINDING_FIELDS,
    PackageError,
    load_json,
)
from certdesk.i18n import _
from certdesk.services.context import Context, reading
from certdesk.services.exchange import container
from certdesk.services.exchange.inbound import (
    Imported,
    ImportOutcome,
    ImportStatus,
    Refused,
    Verified,
)
from certdesk.services.exchange.own_keys import encryption_key
from certdesk.services.exchange.responses_in import import_response
from certdesk.services.exchange.results_store import write_package
from certdesk.services.exchange.trust import TrustedKeyView, entry_of, view_of
from certdesk.services.library.checks import answer_of
from certdesk.services.messages import cannot_read, package_problem
from certdesk.store.tables import ImportedPackage

MAX_FILE = 600 * 1024 * 1024


def _trusted(ctx: Context, public: bytes) -> TrustedKeyView:
    with reading(ctx) as session:
        trusted = entry_of(session, fingerprint(public))
    if trusted is None:
        raise Refused(package_problem("unknown_signer", fingerprint(public)))
    if trusted.revoked_at is not None:
        raise Refused(package_problem("revoked_signer", trusted.name))
    return view_of(trusted)


def _opened(ctx: Context, raw: bytes) -> tuple[TrustedKeyView, container.Opened]:
    """The trusted signer and the content of any package, after every common check."""
    found: list[TrustedKeyView] = []

    def accept(public: bytes) -> None:
        found.append(_trusted(ctx, public))

    try:
        package = container.open_container(raw, container.decrypting(encryption_key()), accept)
    except PackageError as exc:
        raise Refused(package_problem(exc.code, exc.detail)) from None
    return found[0], package


def _role(signer: TrustedKeyView, manifest: dict[str, Any]) -> None:
    mode = manifest.get("mode")
    supplier = (manifest.get("supplier") or {}).get("business_id")
    if mode == Mode.ONSITE and signer.role != KeyRole.ASSESSOR:
        raise Refused(package_problem("wrong_role", signer.name))
    if mode == Mode.SELF and (signer.role != KeyRole.SUPPLIER or signer.supplier != supplier):
        raise Refused(package_problem("wrong_supplier", signer.name))
    if mode not in (Mode.ONSITE, Mode.SELF):
        raise Refused(package_problem("malformed", "manifest.json"))


def verify(ctx: Context, raw: bytes) -> Verified:
    """Check a result package completely, writing nothing; raises Refused with the reason."""
    signer, package = _opened(ctx, raw)
    return verify_result(ctx, raw, signer, package)


def verify_result(
    ctx: Context, raw: bytes, signer: TrustedKeyView, package: container.Opened
) -> Verified:
    manifest, members = package.manifest, package.members
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
    party = "supplier" if manifest.get("mode") == Mode.SELF else "assessor"
    try:
        given = {
            a["item_id"]: answer_of(str(a["value"]), a.get("na_justification"))
            for a in content["answers"]
            if a["party"] == party
        }
        profile = content["assessment"].get("profile")
    except (TypeError, KeyError, AttributeError):
        raise Refused(package_problem("malformed", "answers.json")) from None
    if any(framework.item(i) is None for i in given):
        raise Refused(package_problem("malformed", "answers.json"))
    return fraction_text(score(framework, given, profile).total)


def import_files(ctx: Context, paths: list[Path]) -> Imported:
    """Verify and import each file; one file's refusal never stops the others."""
    ctx.require_hq()
    outcomes = tuple(import_one(ctx, path) for path in paths)
    written = any(o.status is ImportStatus.IMPORTED for o in outcomes)
    return Imported(
        outcomes=outcomes,
        assessments=written,
        portfolio=written,
        responses=written,
        certificates=written,
    )


def import_one(ctx: Context, path: Path) -> ImportOutcome:
    outcome = ImportOutcome(str(path))
    try:
        if path.stat().st_size > MAX_FILE:
            raise Refused(package_problem("too_large"))
        raw = path.read_bytes()
        signer, package = _opened(ctx, raw)
        if package.manifest.get("kind") == "response":
            import_response(ctx, outcome, raw, signer, package)
            return outcome
        found = verify_result(ctx, raw, signer, package)
    except OSError as exc:
        outcome.reason = cannot_read(path.name, exc)
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
    outcome.status = ImportStatus.IMPORTED
    return outcome


def _held(ctx: Context, found: Verified, outcome: ImportOutcome) -> list[ImportedPackage] | None:
    """Earlier imports of this assessment, or None when this file must not be written
    (already present, or older than what is held; `outcome` says which)."""
    with reading(ctx) as session:
        if session.exec(
            select(ImportedPackage).where(ImportedPackage.sha256 == found.sha256)
        ).first():
            outcome.status = ImportStatus.PRESENT
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
