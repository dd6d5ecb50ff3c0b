"""What the members of a result package must mean, once their shape holds.

Every answer passes the framework's rules exactly as in the field app (one
shared check); ids are unique; every evidence record agrees with its file;
the audit chain is unbroken and ends where the signed manifest says; dates
lie in a plausible range. Each check raises Refused with one line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from certdesk import clock
from certdesk.domain.answers import Answer
from certdesk.domain.assessment import EvidenceKind, Mode, Party
from certdesk.domain.framework import Framework
from certdesk.services.exchange.inbound import Refused
from certdesk.services.library.checks import answer_error, answer_of
from certdesk.services.messages import package_problem
from certdesk.store.audit import GENESIS, entry_hash

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
AHEAD = timedelta(days=2)
"""How far ahead of headquarters' clock a date from the field may be (clocks drift)."""


def unique(values: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise Refused(package_problem("duplicate", f"{what} {value}"))
        seen.add(value)


def plausible(value: str | None, where: str) -> datetime | None:
    """A date from outside as a datetime, refused outside 2000 to a day or two from now."""
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Refused(package_problem("bad_date", where)) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if not EARLIEST <= when <= clock.now() + AHEAD:
        raise Refused(package_problem("bad_date", where))
    return when


def counted_answers(
    framework: Framework, mode: Mode, answers: list[dict[str, Any]]
) -> dict[str, Answer]:
    """The answers that count, each passing the framework's rules; claims checked too."""
    counting = Party.SUPPLIER if mode is Mode.SELF else Party.ASSESSOR
    allowed = {Party.SUPPLIER} if mode is Mode.SELF else {Party.SUPPLIER, Party.ASSESSOR}
    unique((f"{a['party']}:{a['item_id']}" for a in answers), "answers.json: an answer")
    counted: dict[str, Answer] = {}
    for a in answers:
        if a["party"] not in allowed:
            raise Refused(package_problem("malformed", "answers.json party"))
        answer = answer_of(a["value"], a["na_justification"])
        error = answer_error(framework, a["item_id"], answer)
        if error is not None:
            raise Refused(package_problem("bad_answer", error))
        plausible(a["answered_at"], "answers.json")
        if a["party"] == counting:
            counted[a["item_id"]] = answer
    return counted


def check_findings(framework: Framework, findings: list[dict[str, Any]]) -> None:
    unique((f["id"] for f in findings), "findings.json: finding")
    for f in findings:
        if f["item_id"] is not None and framework.item(f["item_id"]) is None:
            raise Refused(package_problem("malformed", "findings.json item_id"))


def check_evidence(
    framework: Framework, evidence: list[dict[str, Any]], members: dict[str, bytes]
) -> None:
    """Every file record matches its member by size and SHA-256; no member is left over."""
    unique((e["id"] for e in evidence), "evidence.json: evidence")
    files = {n for n in members if n.startswith("evidence/")}
    for e in evidence:
        if e["item_id"] is not None and framework.item(e["item_id"]) is None:
            raise Refused(package_problem("malformed", "evidence.json item_id"))
        plausible(e["added_at"], "evidence.json")
        name = f"evidence/{e['id']}"
        if e["kind"] == EvidenceKind.SIGHTED:
            if name in files:
                raise Refused(package_problem("evidence_differs", e["id"][:8]))
            continue
        body = members.get(name)
        if (
            body is None
            or e["size"] != len(body)
            or e["sha256"] != hashlib.sha256(body).hexdigest()
        ):
            raise Refused(package_problem("evidence_differs", e["id"][:8]))
        files.discard(name)
    if files:
        raise Refused(package_problem("unexpected_member", sorted(files)[0]))


def check_chain(chain: list[dict[str, Any]], assessment_id: str, head: str) -> None:
    """The assessment's audit chain: one chain, every link intact, ending at the signed head."""
    prev = GENESIS
    for expected, entry in enumerate(chain, start=1):
        if entry["chain"] != assessment_id or entry["seq"] != expected:
            raise Refused(package_problem("broken_chain", f"entry {expected}"))
        fields = (entry[k] for k in ("chain", "seq", "at", "actor", "action", "data"))
        recomputed = entry_hash(*fields, entry["prev_hash"])
        if entry["prev_hash"] != prev or recomputed != entry["hash"]:
            raise Refused(package_problem("broken_chain", f"entry {expected}"))
        prev = entry["hash"]
    if prev != head:
        raise Refused(package_problem("broken_chain", "its end is not the signed one"))
