"""Everything about a result package that needs no database: its shapes, the framework it
names, every answer against that framework's rules, findings, evidence, the audit chain,
and the recomputed score. Pure, so a pool of processes can run it beside the writer
(`import_pool`); the gate (`result_gate.bind`) then checks it against what headquarters
holds (the kit it answers, who may sign it, what it may replace).

The framework is the one the manifest names; the gate refuses the file unless the kit
names the same framework, version and content hash, so checking against it here is
checking against the kit's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any

from certdesk.domain.assessment import FindingStatus, Mode, counts_as_open
from certdesk.domain.dates import day
from certdesk.domain.decision import Severity
from certdesk.domain.framework import Framework
from certdesk.domain.numbers import fraction_text
from certdesk.domain.scoring import score
from certdesk.domain.scoring.result import ScoreResult
from certdesk.errors import UserError
from certdesk.formats.package import PackageError, load_json
from certdesk.formats.package_shapes import check
from certdesk.services.exchange import container
from certdesk.services.exchange.content_checks import (
    check_chain,
    check_evidence,
    check_findings,
    counted_answers,
    plausible,
)
from certdesk.services.exchange.inbound import Refused
from certdesk.services.exchange.trust import TrustedKeyView
from certdesk.services.library.frameworks import Library
from certdesk.services.messages import package_problem

MEMBERS = ("assessment", "answers", "findings", "evidence", "audit")


@dataclass(frozen=True)
class Checked:
    """A result package read and checked as far as it goes without a database."""

    sha256: str
    signer: TrustedKeyView
    manifest: dict[str, Any]
    members: dict[str, bytes]
    content: dict[str, Any]
    recomputed: str = ""
    """The total recomputed from the answers, as the file's claim is compared with."""
    held: ScoreResult | None = None
    """The score as headquarters keeps it at import: its open findings counted too."""
    problem: str = ""
    """Why the content breaks a rule (then nothing is scored): told after the gate."""


def _content(package: container.Opened) -> dict[str, Any]:
    try:
        return {
            name: check(f"{name}.json", load_json(package.members.get(f"{name}.json", b""), name))
            for name in MEMBERS
        }
    except PackageError as exc:
        raise Refused(package_problem(exc.code, exc.detail)) from None


def _framework(library: Library, named: dict[str, Any]) -> Framework:
    try:
        framework = library.find(f"{named['id']}@{named['version']}")
    except UserError:
        raise Refused(package_problem("unknown_framework", named["id"])) from None
    if framework.content_hash != named["content_hash"]:
        raise Refused(package_problem("framework_differs", named["id"]))
    return framework


def _consistent(manifest: dict[str, Any], inner: dict[str, Any]) -> None:
    """The manifest and the inner assessment agree where the checks below rely on the
    manifest (the gate then holds both to the kit, with the same wording)."""
    fw = manifest["framework"]
    pairs = {
        "mode": (manifest["mode"], inner["mode"]),
        "framework": (fw["id"], inner["framework_id"]),
        "version": (fw["version"], inner["framework_version"]),
        "content hash": (fw["content_hash"], inner["framework_hash"]),
    }
    for name, (ours, theirs) in pairs.items():
        if ours != theirs:
            raise Refused(package_problem("kit_mismatch", name))


def _open_findings(findings: list[dict[str, Any]]) -> tuple[dict[Severity, int], frozenset[str]]:
    """The package's findings that count as open: by severity, and the items they are on."""
    counts: dict[Severity, int] = {}
    items: set[str] = set()
    for f in findings:
        if counts_as_open(FindingStatus(f["status"]), day(f["due_date"]), None):
            severity = Severity(f["severity"])
            counts[severity] = counts.get(severity, 0) + 1
            if f.get("item_id"):
                items.add(str(f["item_id"]))
    return counts, frozenset(items)


def check_result(
    library: Library, raw: bytes, signer: TrustedKeyView, package: container.Opened
) -> Checked:
    """Check a result package's content in itself. Raises Refused when its shapes are
    wrong; a broken rule (an answer, evidence, the chain) is kept in `problem`, told once
    the gate's checks of who sent it for what passed, as a person reading the file would
    first ask who sent it."""
    if not package.encrypted:
        raise Refused(package_problem("plaintext"))
    try:
        manifest = check("result manifest.json", package.manifest)
    except PackageError as exc:
        raise Refused(package_problem(exc.code, exc.detail)) from None
    content = _content(package)
    checked = Checked(hashlib.sha256(raw).hexdigest(), signer, manifest, package.members, content)
    try:
        return _scored(library, checked)
    except Refused as exc:
        return replace(checked, problem=exc.reason)


def _scored(library: Library, checked: Checked) -> Checked:
    manifest, content = checked.manifest, checked.content
    inner = content["assessment"]
    _consistent(manifest, inner)
    framework = _framework(library, manifest["framework"])
    for field in ("created_at", "updated_at", "closed_at"):
        plausible(inner[field], f"assessment.json {field}")
    try:
        check("scope", load_json(inner["scope_json"].encode("utf-8"), "assessment.json"))
    except PackageError:
        raise Refused(package_problem("malformed", "assessment.json scope_json")) from None
    profile = inner["profile"]
    if profile is not None and framework.profile(profile) is None:
        raise Refused(package_problem("malformed", "assessment.json profile"))
    given = counted_answers(framework, Mode(manifest["mode"]), content["answers"])
    check_findings(framework, content["findings"])
    check_evidence(framework, content["evidence"], checked.members)
    check_chain(content["audit"], inner["id"], manifest["audit_head"])
    plain = score(framework, given, profile)
    opened, covered = _open_findings(content["findings"])
    held = score(framework, given, profile, opened, covered) if opened or covered else plain
    return replace(checked, recomputed=fraction_text(plain.total), held=held)
