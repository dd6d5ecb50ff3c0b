"""Hostile result packages, most of them signed by a key headquarters trusts.

Each case builds the bytes an attacker would send and names the words its
one-line refusal must hold. The attackers: A (the assessor who owns the
assessment, sending a package it should not), B (another trusted assessor),
S1 and S2 (trusted suppliers), R (a revoked key), and a stranger.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from certdesk.crypto import keys
from certdesk.formats.package import MAGIC, OLD_MAGIC, unpack
from tests.hostile import zips
from tests.hostile.world import OTHER_BUSINESS_ID, World

Case = Callable[[World], bytes]
UUID = "6d1f3a52-0c6e-4d35-9b8b-3f1a2e4c5d6e"
DEEP = "[" * 50_000 + "]" * 50_000


def inner(change: Callable[[dict[str, Any]], None]) -> Case:
    """The assessment record edited, everything else genuine, signed by A."""

    def build(w: World) -> bytes:
        def edit(data: dict[str, Any]) -> dict[str, Any]:
            change(data)
            return data

        return w.edited("assessment.json", edit)

    return build


def field_of(name: str, value: Any) -> Case:
    return inner(lambda d: d.__setitem__(name, value))


def manifest(**fields: Any) -> Case:
    return lambda w: w.manifest_with(**fields)


def listed(name: str, change: Callable[[list[Any]], list[Any]], signer: str = "A") -> Case:
    """A list member (answers, findings, evidence, audit) edited."""
    return lambda w: w.edited(name, lambda rows: change(copy.deepcopy(rows)), signer=signer)


def each(field: str, value: Any) -> Callable[[list[Any]], list[Any]]:
    def change(rows: list[Any]) -> list[Any]:
        rows[0][field] = value
        return rows

    return change


def answer_of(item: str, value: str, why: str | None = None) -> Callable[[list[Any]], list[Any]]:
    def change(rows: list[Any]) -> list[Any]:
        rows.append({**rows[0], "item_id": item, "value": value, "na_justification": why})
        return rows

    return change


def member(name: str, body: bytes) -> Case:
    return lambda w: w.forge(members={**w.base_members, name: body})


def supplier_self(w: World, signer: str = "S1", **override: Any) -> bytes:
    """A's answers passed off as supplier 1's self-assessment (its own id and kit), signed
    by a supplier; without A's findings and files, so that the answers are what is judged."""
    data = json.loads(w.base_members["assessment.json"])
    data.update({"mode": "self", "kit_id": w.kits["S1"], "id": w.self_aid, **override})
    members = {
        **{k: v for k, v in w.base_members.items() if not k.startswith("evidence/")},
        "assessment.json": json.dumps(data).encode(),
        "findings.json": b"[]",
        "evidence.json": b"[]",
    }
    named = {**w.base_manifest, "mode": "self", "kit": w.kits["S1"], "assessment": w.self_aid}
    return w.forge(members=members, manifest=named, signer=signer)


def resigned(w: World, by: str) -> bytes:
    """A's genuine file with its signer's key swapped for `by`'s and signed again."""
    container = unpack(w.good.read_bytes())
    body = container.signed
    public = keys.signing_public(w.signers[by])
    body = MAGIC + public + body[len(MAGIC) + 32 :]
    return body + keys.sign(w.signers[by], body)


def stranger(w: World) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    w.signers.setdefault("stranger", Ed25519PrivateKey.generate())
    return w.forge(signer="stranger")


def audit_edit(change: Callable[[list[Any]], list[Any]]) -> Case:
    return listed("audit.json", change)


def reordered(rows: list[Any]) -> list[Any]:
    rows[0], rows[1] = rows[1], rows[0]
    return rows


def header_case(header: dict[str, Any]) -> Case:
    return lambda w: w.forge(header=header)


def _flipped(raw: bytes, where: float, at: int | None = None) -> bytes:
    spot = at if at is not None else int(len(raw) * where)
    spot %= len(raw)
    return raw[:spot] + bytes([raw[spot] ^ 1]) + raw[spot + 1 :]


def json_member(w: World, name: str, **fields: Any) -> dict[str, bytes]:
    data = {**json.loads(w.base_members[name]), **fields}
    return {**w.base_members, name: json.dumps(data).encode()}


def _big_header(w: World) -> bytes:
    """A container whose header is 60,000 brackets, signed properly by A."""
    import struct

    public = keys.signing_public(w.signers["A"])
    head = b"[" * 60_000
    body = MAGIC + public + struct.pack(">I", len(head)) + head + struct.pack(">Q", 0)
    return body + keys.sign(w.signers["A"], body)


def _other_hq() -> Any:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    return X25519PrivateKey.generate()


CASES: dict[str, tuple[Case, str]] = {
    # who may sign what, for whom
    "self manifest over on-site content": (
        lambda w: supplier_self(w, mode="onsite"),
        "does not match the kit it answers: mode",
    ),
    "supplier reuses the assessor's id": (
        lambda w: supplier_self(w, id=w.aid),
        "does not match the kit it answers: assessment",
    ),
    "supplier reuses the assessor's id in its manifest too": (
        lambda w: w.forge(
            members=json_member(w, "assessment.json", mode="self", kit_id=w.kits["S1"]),
            manifest={**w.base_manifest, "mode": "self", "kit": w.kits["S1"]},
            signer="S1",
        ),
        "answered by another assessment",
    ),
    "another supplier signs for supplier 1": (
        lambda w: supplier_self(w, signer="S2"),
        "that supplier's own key",
    ),
    "an assessor signs a self-assessment": (
        lambda w: supplier_self(w, signer="B"),
        "that supplier's own key",
    ),
    "a supplier signs an on-site result": (lambda w: w.forge(signer="S1"), "trusted assessor"),
    "another assessor, a kit bound to A": (
        lambda w: w.edited(
            "assessment.json",
            lambda d: {**d, "kit_id": w.kits["bound"]},
            signer="B",
            manifest=lambda m: {**m, "kit": w.kits["bound"]},
        ),
        "does not match the kit it answers: signer",
    ),
    "A answers the bound kit with another assessment": (
        lambda w: w.edited(
            "assessment.json",
            lambda d: {**d, "kit_id": w.kits["bound"]},
            manifest=lambda m: {**m, "kit": w.kits["bound"]},
        ),
        "belongs to another kit",
    ),
    "the signature swapped for another assessor's": (
        lambda w: resigned(w, "B"),
        "not encrypted to this headquarters' key",
    ),
    "the signature swapped for a supplier's": (
        lambda w: resigned(w, "S1"),
        "not encrypted to this headquarters' key",
    ),
    "the manifest names another signer": (
        lambda w: w.forge(claim_signer=keys.fingerprint(keys.signing_public(w.signers["B"]))),
        "names another signer",
    ),
    "not encrypted": (lambda w: w.forge(encrypt=False), "not encrypted"),
    "encrypted to another key": (
        lambda w: w.forge(recipient=keys.encryption_public(_other_hq())),
        "not encrypted to this headquarters' key",
    ),
    "signed by a stranger": (stranger, "unknown key"),
    "signed by a revoked key": (lambda w: w.forge(signer="R"), "revoked key"),
    # the kit it answers
    "an unknown kit": (manifest(kit=UUID), "answers no kit issued"),
    "the kit of another supplier": (
        lambda w: w.edited(
            "assessment.json",
            lambda d: {**d, "kit_id": w.kits["B"]},
            manifest=lambda m: {**m, "kit": w.kits["B"]},
        ),
        "does not match the kit it answers: supplier",
    ),
    "another supplier in the manifest": (
        manifest(supplier={"business_id": OTHER_BUSINESS_ID.replace("-", ""), "name": "x"}),
        "does not match the kit it answers: supplier",
    ),
    "an unknown framework id": (
        manifest(
            framework={
                "id": "no-such-framework",
                "version": "1.0.0",
                "content_hash": "sha256:" + "0" * 64,
            }
        ),
        "does not match the kit it answers: framework",
    ),
    "another framework version": (
        lambda w: w.manifest_with(framework={**w.base_manifest["framework"], "version": "9.9.9"}),
        "version",
    ),
    "another content hash": (
        lambda w: w.manifest_with(
            framework={**w.base_manifest["framework"], "content_hash": "sha256:" + "1" * 64}
        ),
        "content hash",
    ),
    "inner framework differs": (field_of("framework_id", "nist-sp800-171r2"), "framework"),
    "inner mode self": (field_of("mode", "self"), "mode"),
    "manifest mode self": (manifest(mode="self"), "mode"),
    "manifest and inner ids differ": (manifest(assessment=UUID), "assessment"),
    "inner kit differs": (field_of("kit_id", UUID), "kit"),
    "inner kit missing": (field_of("kit_id", None), "kit"),
    "sequences differ": (field_of("sequence", 7), "sequence"),
    "sequence 2**70": (manifest(sequence=2**70), "manifest.json (sequence) is malformed"),
    "sequence 2**62": (manifest(sequence=2**62), "manifest.json (sequence) is malformed"),
    "sequence 0": (manifest(sequence=0), "malformed"),
    "sequence negative": (manifest(sequence=-5), "malformed"),
    "sequence as text": (manifest(sequence="3"), "malformed"),
    "sequence not newer": (
        lambda w: w.edited(
            "assessment.json",
            lambda d: {**d, "sequence": 1},
            manifest=lambda m: {**m, "sequence": 1},
        ),
        "older sequence",
    ),
    "another profile than the kit's": (field_of("profile", "design-data"), "profile"),
    "a final result reopened": (field_of("status", "draft"), "cannot reopen"),
    "status unknown": (field_of("status", "closed"), "assessment.json (status) is malformed"),
    "mode unknown": (field_of("mode", "remote"), "malformed"),
    "scope not JSON": (field_of("scope_json", "{not json"), "scope_json"),
    "scope nested deep": (field_of("scope_json", DEEP), "scope_json"),
    "scope a list": (field_of("scope_json", "[]"), "scope_json"),
    "scope of a thousand keys": (
        field_of("scope_json", json.dumps({f"k{i}": "v" for i in range(1000)})),
        "scope_json",
    ),
    "scope value an object": (field_of("scope_json", '{"processes": {"a": 1}}'), "scope_json"),
    "cycle with control characters": (field_of("cycle", "2026\x1b[2J"), "malformed"),
    "cycle too long": (field_of("cycle", "2026-" + "H" * 40), "malformed"),
    "assessor name of 10,000 characters": (field_of("assessor", "김" * 10_000), "malformed"),
    "created in 9999": (field_of("created_at", "9999-12-31 00:00:00+00:00"), "plausible range"),
    "closed in 1999": (field_of("closed_at", "1999-12-31 00:00:00+00:00"), "plausible range"),
    "updated not a date": (field_of("updated_at", "yesterday"), "malformed"),
    "an unknown key in the assessment": (field_of("owner", "x"), "malformed"),
    "a key missing": (inner(lambda d: d.pop("cycle")), "malformed"),
    "assessment a list": (member("assessment.json", b"[]"), "assessment.json is malformed"),
    "assessment nested deep": (member("assessment.json", DEEP.encode()), "malformed"),
    "assessment not JSON": (member("assessment.json", b"{"), "malformed"),
    "assessment not UTF-8": (member("assessment.json", b'{"id": "\xff"}'), "malformed"),
    # answers
    "an answer twice": (listed("answers.json", lambda r: [*r, r[0]]), "appears twice"),
    "an unknown item": (listed("answers.json", answer_of("9.9.9", "met")), "unknown item"),
    "an answer off the scale": (
        listed("answers.json", answer_of("1.2.1", "great")),
        "is not an answer",
    ),
    "n/a without a justification": (
        listed("answers.json", answer_of("1.2.1", "na")),
        "needs a justification",
    ),
    "a knock-out item n/a": (
        listed(
            "answers.json",
            lambda r: [
                {**a, "value": "na", "na_justification": "없음"} if a["item_id"] == "1.1.1" else a
                for a in r
            ],
        ),
        "mandatory",
    ),
    "a knock-out n/a without justification": (
        listed(
            "answers.json",
            lambda r: [{**a, "value": "na"} if a["item_id"] == "1.1.1" else a for a in r],
        ),
        "answers.json",
    ),
    "a third party": (listed("answers.json", each("party", "hq")), "malformed"),
    "assessor answers in a self-assessment": (supplier_self, "answers.json party"),
    "an answer in capitals": (listed("answers.json", each("value", "MET")), "malformed"),
    "a note of 5,000 characters": (listed("answers.json", each("note", "x" * 5000)), "malformed"),
    "answered in the future": (
        listed("answers.json", each("answered_at", "2999-01-01 00:00:00+00:00")),
        "plausible range",
    ),
    "answers an object": (member("answers.json", b"{}"), "malformed"),
    "5,001 answers": (listed("answers.json", lambda r: r * 2501), "malformed"),
    "an answer with a key more": (listed("answers.json", each("weight", 5)), "malformed"),
    "an item id with a path": (listed("answers.json", each("item_id", "../1.1.1")), "malformed"),
    "an item id with a new line": (listed("answers.json", each("item_id", "1.1.1\n")), "malformed"),
    # findings
    "a finding twice": (listed("findings.json", lambda r: [*r, r[0]]), "appears twice"),
    "a finding id of another assessment": (
        lambda w: w.edited("findings.json", lambda r: [{**r[0], "id": w.taken["finding"]}]),
        "already used by another assessment",
    ),
    "a severity unknown": (listed("findings.json", each("severity", "critical")), "malformed"),
    "an empty description": (listed("findings.json", each("description", "")), "malformed"),
    "a due date in words": (listed("findings.json", each("due_date", "tomorrow")), "malformed"),
    "a finding on an unknown item": (listed("findings.json", each("item_id", "9.9.9")), "item_id"),
    "a finding status unknown": (listed("findings.json", each("status", "fixed")), "malformed"),
    "a finding id not an id": (listed("findings.json", each("id", "1 OR 1=1")), "malformed"),
    "1,001 findings": (
        listed(
            "findings.json",
            lambda r: [{**r[0], "id": f"{i:08x}-0000-4000-8000-000000000000"} for i in range(1001)],
        ),
        "malformed",
    ),
    # evidence
    "a file's hash differs": (
        listed(
            "evidence.json",
            lambda r: [{**e, "sha256": "0" * 64} if e["kind"] == "file" else e for e in r],
        ),
        "does not match its file",
    ),
    "a file's size differs": (
        listed(
            "evidence.json", lambda r: [{**e, "size": 1} if e["kind"] == "file" else e for e in r]
        ),
        "does not match its file",
    ),
    "a file record without its file": (
        lambda w: w.forge(
            members={k: v for k, v in w.base_members.items() if not k.startswith("evidence/")}
        ),
        "does not match its file",
    ),
    "a file without a record": (
        lambda w: w.forge(members={**w.base_members, f"evidence/{UUID}": b"x"}),
        "unexpected file",
    ),
    "a kit's member smuggled into a result": (
        lambda w: w.forge(members={**w.base_members, "kit.json": b'{"anything": 1}'}),
        "unexpected file: kit.json",
    ),
    "a response smuggled into a result": (
        lambda w: w.forge(members={**w.base_members, "response.json": b"[]"}),
        "unexpected file: response.json",
    ),
    "a sighted record with a file": (
        lambda w: w.edited("evidence.json", lambda r: [{**e, "kind": "sighted"} for e in r]),
        "does not match its file",
    ),
    "a file name with a folder": (
        listed("evidence.json", each("original_name", "../../x.pdf")),
        "malformed",
    ),
    "a file name with control characters": (
        listed("evidence.json", each("original_name", "a\x07.pdf")),
        "malformed",
    ),
    "a kind unknown": (listed("evidence.json", each("kind", "link")), "malformed"),
    "evidence twice": (listed("evidence.json", lambda r: [*r, r[0]]), "appears twice"),
    "an evidence id of another assessment": (
        lambda w: w.edited(
            "evidence.json",
            lambda r: [
                {**e, "id": w.taken["evidence"]} if e["kind"] == "sighted" else e for e in r
            ],
        ),
        "already used by another assessment",
    ),
    "a negative size": (listed("evidence.json", each("size", -1)), "malformed"),
    "a media type with a script": (
        listed("evidence.json", each("media_type", "text/html<script>")),
        "malformed",
    ),
    "evidence on an unknown item": (listed("evidence.json", each("item_id", "9.9.9")), "item_id"),
    # the audit chain
    "an empty audit chain": (member("audit.json", b"[]"), "malformed"),
    "an entry altered": (
        audit_edit(lambda r: [{**r[0], "data": "{}"}, *r[1:]]),
        "audit log inside is broken",
    ),
    "an entry removed": (audit_edit(lambda r: [r[0], *r[2:]]), "broken"),
    "entries reordered": (audit_edit(reordered), "broken"),
    "the chain of another assessment": (
        audit_edit(lambda r: [{**e, "chain": UUID} for e in r]),
        "broken",
    ),
    "the newest entries cut off": (audit_edit(lambda r: r[:-1]), "its end is not the signed one"),
    "another head in the manifest": (
        manifest(audit_head="0" * 64),
        "its end is not the signed one",
    ),
    "an audit entry with a key more": (
        audit_edit(lambda r: [{**r[0], "note": "x"}, *r[1:]]),
        "malformed",
    ),
    "audit an object": (member("audit.json", b"{}"), "malformed"),
    # the container and the archive
    "a header of 60,000 brackets": (_big_header, "header is too large"),
    "a header with an unknown kind": (header_case({"kind": "invoice"}), "header is damaged"),
    "a header that lies about encryption": (header_case({"encrypted": "yes"}), "header is damaged"),
    "a kit sent as a result": (lambda w: w.forge(kind="kit"), "file where another kind was"),
    "a manifest of another kind": (manifest(kind="response"), "file where another kind was"),
    "a member name with a new line": (
        lambda w: zips.raw(w, [("answers.json\n", b"[]")]),
        "unexpected file",
    ),
    "a path out of the archive": (
        lambda w: zips.raw(w, [("../../etc/cron.d/x", b"x")]),
        "unsafe path",
    ),
    "an absolute path": (lambda w: zips.raw(w, [("/etc/passwd", b"x")]), "unsafe path"),
    "a duplicate member": (lambda w: zips.raw(w, [("answers.json", b"[]")]), "twice"),
    "a link": (
        lambda w: zips.raw(w, [zips.link("evidence/00000000-0000-4000-8000-000000000001")]),
        "a link",
    ),
    "a compression bomb": (zips.bomb, "expands too much"),
    "too many members": (lambda w: zips.many(w, 10_001), "too many files"),
    "a member the manifest does not list": (
        lambda w: zips.raw(w, [(f"evidence/{UUID}", b"x")]),
        "does not list exactly",
    ),
    "a member changed after hashing": (
        lambda w: zips.raw(
            w,
            [],
            {
                **w.base_manifest,
                "members": {**w.base_manifest["members"], "answers.json": "0" * 64},
            },
        ),
        "does not match its SHA-256",
    ),
    "not a zip inside": (lambda w: w.forge(raw_archive=b"PK\x03\x04 not a zip"), "damaged"),
    "an older format version inside": (
        lambda w: zips.raw(w, [], {**w.base_manifest, "format_version": 1}),
        "format version",
    ),
    "the old container format": (
        lambda w: OLD_MAGIC + w.good.read_bytes()[len(MAGIC) :],
        "older CertDesk",
    ),
    "cut short": (lambda w: w.good.read_bytes()[:-100], "cut short"),
    "bytes after the signature": (
        lambda w: w.good.read_bytes() + b"\0",
        "bytes follow the signature",
    ),
    "a flipped signature byte": (
        lambda w: _flipped(w.good.read_bytes(), 0.0, at=-1),
        "bad signature",
    ),
    "a flipped payload byte": (lambda w: _flipped(w.good.read_bytes(), 0.6), "bad signature"),
    "a flipped key byte": (
        lambda w: _flipped(w.good.read_bytes(), 0.0, at=len(MAGIC) + 3),
        "bad signature",
    ),
    "empty": (lambda w: b"", "not a CertDesk result package"),
    "random bytes": (lambda w: bytes(range(256)) * 64, "not a CertDesk result package"),
    "a manifest key more": (manifest(comment="x"), "malformed"),
    "the audit head missing": (
        lambda w: w.forge(manifest={k: v for k, v in w.base_manifest.items() if k != "audit_head"}),
        "malformed",
    ),
    "a claimed total in words": (
        manifest(claimed={"total": "all good", "outcome": "certified"}),
        "malformed",
    ),
    "a manifest nested deep": (
        lambda w: w.forge(raw_archive=zips.zip_of([("manifest.json", DEEP.encode())])),
        "manifest.json is malformed",
    ),
    "a member name that draws on the terminal": (
        lambda w: zips.raw(w, [("\x1b[2K\rimported: all good", b"x")]),
        "\\x1b",
    ),
}
