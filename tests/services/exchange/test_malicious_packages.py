"""At least thirty malformed or malicious packages: each refused in one line, the
headquarters database left exactly as it was (a hash of every table and file)."""

from __future__ import annotations

import io
import json
import stat
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from certdesk.crypto import keys as crypto
from certdesk.formats import package as fmt
from certdesk.services.exchange import own_keys as key_service
from certdesk.services.exchange import results_in, results_out, trust
from certdesk.services.exchange.container import INFO, Recipient, seal_archive
from certdesk.services.messages import package_problem
from tests.support.exchange import Actor, table_digest
from tests.support.workspace import OTHER_BUSINESS_ID, supplier_and_assessment

Members = dict[str, bytes]


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("malicious")
    field, hq = Actor(root / "field", "field"), Actor(root / "hq", "hq")
    supplier, stranger = Actor(root / "supplier", "field"), Actor(root / "stranger", "field")
    with field.acting() as ctx:
        aid = supplier_and_assessment(ctx)
        from certdesk.services.assessment import answers

        answers.answer(ctx, aid, "1.1.1", "met")
    hq_key = hq.public_file("hq")
    with field.acting() as ctx:
        results_out.export_package(ctx, aid, root / "good.cdpkg", hq_key)
        signer = key_service.signing_key()
    with supplier.acting():
        supplier_signer = key_service.signing_key()
    with stranger.acting():
        stranger_signer = key_service.signing_key()
    revoked = Actor(root / "revoked", "field")
    with revoked.acting():
        revoked_signer = key_service.signing_key()
    with hq.acting() as ctx:
        trust.trust(ctx, field.public_file("assessor"), "assessor", "assessor", None)
        trust.trust(
            ctx, supplier.public_file("supplier"), "supplier", "supplier", OTHER_BUSINESS_ID
        )
        trust.trust(ctx, revoked.public_file("revoked"), "revoked", "assessor", None)
        trust.revoke(ctx, crypto.fingerprint(crypto.signing_public(revoked_signer)))
        hq_private = key_service.encryption_key()
    good = (root / "good.cdpkg").read_bytes()
    container = fmt.unpack(good)
    archive = crypto.open_sealed(hq_private, container.payload, INFO)
    manifest, members = fmt.read_archive(archive)
    other_hq = Actor(root / "other-hq", "hq")
    return {
        "root": root,
        "hq": hq,
        "good": good,
        "manifest": manifest,
        "members": members,
        "hq_public": key_service.read_public(hq_key).encryption,
        "other_public": key_service.read_public(other_hq.public_file("x")).encryption,
        "signer": signer,
        "supplier": supplier_signer,
        "stranger": stranger_signer,
        "revoked": revoked_signer,
    }


def zip_of(entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of one case
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for info, data in entries:
                archive.writestr(info, data)
    return out.getvalue()


def archive_of(
    s: dict[str, Any], members: Members | None = None, manifest: dict[str, Any] | None = None
) -> bytes:
    members = dict(s["members"]) if members is None else members
    base = {k: v for k, v in (manifest or s["manifest"]).items() if k != "members"}
    return fmt.build_archive(members, base)


def sealed(
    s: dict[str, Any],
    archive: bytes,
    *,
    signer: Any = None,
    encrypt: bool = True,
    recipient: bytes | None = None,
    header: dict[str, Any] | None = None,
) -> bytes:
    """A container of `archive` as the program writes one, with the hostile changes asked."""
    to = Recipient(recipient or s["hq_public"]) if encrypt else None
    return seal_archive(archive, signer or s["signer"], to, header)


def with_member(s: dict[str, Any], name: str, data: bytes) -> bytes:
    return sealed(s, archive_of(s, {**s["members"], name: data}))


def changed_json(s: dict[str, Any], name: str, change: Callable[[Any], Any]) -> bytes:
    data = json.loads(s["members"][name])
    return with_member(s, name, json.dumps(change(data)).encode())


def raw_zip(s: dict[str, Any], extra: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    manifest = {**s["manifest"]}
    entries: list[tuple[zipfile.ZipInfo | str, bytes]] = [
        ("manifest.json", json.dumps(manifest).encode()),
        *s["members"].items(),
        *extra,
    ]
    return sealed(s, zip_of(entries))


def link_entry() -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo("evidence.json")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, b"/etc/passwd"


def manifest_with(s: dict[str, Any], **changes: Any) -> bytes:
    """The genuine members, a manifest with their true hashes and `changes` (signed)."""
    manifest = {**s["manifest"], **changes}
    return sealed(
        s, zip_of([("manifest.json", json.dumps(manifest).encode()), *s["members"].items()])
    )


def tamper_member(s: dict[str, Any]) -> bytes:
    """A member changed after the manifest listed its hash (and signed again)."""
    entries = [
        ("manifest.json", json.dumps(s["manifest"]).encode()),
        *((n, (d + b" " if n == "answers.json" else d)) for n, d in s["members"].items()),
    ]
    return sealed(s, zip_of(entries))


CASES: dict[str, tuple[Callable[[dict[str, Any]], bytes], str]] = {
    "empty file": (lambda s: b"", "not a CertDesk result package"),
    "random bytes": (lambda s: b"PK\x03\x04" + bytes(range(256)) * 4, "not a CertDesk"),
    "truncated": (lambda s: s["good"][: len(s["good"]) // 2], "cut short"),
    "missing signature": (lambda s: s["good"][:-64], "cut short"),
    "trailing bytes": (lambda s: s["good"] + b"\0", "bytes follow the signature"),
    "swapped signature": (
        lambda s: s["good"][:-64] + sealed(s, archive_of(s))[-64:],
        "bad signature",
    ),
    "tampered header": (
        lambda s: s["good"].replace(b'"encrypted": true', b'"encrypted":false'),
        "bad signature",
    ),
    "unknown signer": (lambda s: sealed(s, archive_of(s), signer=s["stranger"]), "unknown key"),
    "revoked signer": (lambda s: sealed(s, archive_of(s), signer=s["revoked"]), "revoked key"),
    "supplier signs on-site": (
        lambda s: sealed(s, archive_of(s), signer=s["supplier"]),
        "trusted assessor",
    ),
    "supplier signs another supplier": (
        lambda s: sealed(
            s,
            zip_of(
                [
                    ("manifest.json", json.dumps({**s["manifest"], "mode": "self"}).encode()),
                    *s["members"].items(),
                ]
            ),
            signer=s["supplier"],
        ),
        "that supplier's own key",
    ),
    "assessor signs a self-assessment": (
        lambda s: manifest_with(s, mode="self"),
        "that supplier's own key",
    ),
    "encrypted to another key": (
        lambda s: sealed(s, archive_of(s), recipient=s["other_public"]),
        "not encrypted to",
    ),
    "unknown container format": (
        lambda s: sealed(s, archive_of(s), header={"format": 2}),
        "unknown package format version 2",
    ),
    "unknown manifest format": (
        lambda s: manifest_with(s, format_version=2),
        "unknown package format version 2",
    ),
    "not a zip": (lambda s: sealed(s, b"this is not a zip archive"), "archive inside"),
    "tampered member": (tamper_member, "does not match its SHA-256"),
    "manifest lists a missing file": (
        lambda s: sealed(
            s,
            zip_of(
                [
                    (
                        "manifest.json",
                        json.dumps(
                            {
                                **s["manifest"],
                                "members": {**s["manifest"]["members"], "findings.json": "0" * 64},
                            }
                        ).encode(),
                    ),
                    *((n, d) for n, d in s["members"].items() if n != "findings.json"),
                ]
            ),
        ),
        "does not list exactly",
    ),
    "unlisted extra file": (
        lambda s: raw_zip(s, [("evidence/" + "0" * 8 + "-0000-0000-0000-" + "0" * 12, b"x")]),
        "does not list exactly",
    ),
    "path traversal": (lambda s: raw_zip(s, [("../../etc/cron.d/x", b"x")]), "unsafe path"),
    "absolute path": (lambda s: raw_zip(s, [("/etc/passwd", b"x")]), "unsafe path"),
    "windows path": (lambda s: raw_zip(s, [("evidence\\..\\x", b"x")]), "unsafe path"),
    "link member": (lambda s: sealed(s, zip_of([link_entry(), *s["members"].items()])), "a link"),
    "unexpected member": (lambda s: raw_zip(s, [("run.sh", b"rm -rf /")]), "unexpected file"),
    "duplicate member": (lambda s: raw_zip(s, [("answers.json", b"[]")]), "twice"),
    "compression bomb": (
        lambda s: raw_zip(
            s, [("evidence/" + "1" * 8 + "-1111-1111-1111-" + "1" * 12, b"\0" * (20 * 1024 * 1024))]
        ),
        "expands too much",
    ),
    "huge manifest": (
        lambda s: sealed(
            s,
            zip_of([("manifest.json", b"[" + b"0," * (17 * 2**20) + b"0]"), *s["members"].items()]),
        ),
        "expands too much",
    ),
    "malformed answers": (
        lambda s: with_member(s, "answers.json", b"{not json"),
        "answers.json is malformed",
    ),
    "answers not a list": (
        lambda s: with_member(s, "answers.json", b'{"a": 1}'),
        "answers.json is malformed",
    ),
    "answer to an unknown item": (
        lambda s: changed_json(s, "answers.json", lambda a: [*a, {**a[0], "item_id": "9.9.9"}]),
        "answers.json is malformed",
    ),
    "unknown framework": (
        lambda s: manifest_with(
            s, framework={**s["manifest"]["framework"], "id": "no-such-framework"}
        ),
        "not installed here",
    ),
    "framework content differs": (
        lambda s: manifest_with(
            s, framework={**s["manifest"]["framework"], "content_hash": "sha256:" + "0" * 64}
        ),
        "installed here with other content",
    ),
    "assessment id differs from manifest": (
        lambda s: changed_json(
            s, "assessment.json", lambda a: {**a, "id": "00000000-0000-0000-0000-000000000000"}
        ),
        "assessment.json is malformed",
    ),
}


REFUSALS = (
    "bad_signature",
    "unknown_signer",
    "revoked_signer",
    "wrong_role",
    "wrong_supplier",
    "not_for_us",
    "unsafe_path",
    "unexpected_member",
    "duplicate_member",
    "compression_bomb",
    "tampered_member",
    "manifest_mismatch",
    "unknown_framework",
    "framework_differs",
)


def test_every_refusal_has_a_case() -> None:
    """Each reason a package can be refused for is reached by at least one hostile case."""
    expected = [text for _build, text in CASES.values()]
    uncovered = [
        code
        for code in REFUSALS
        if not any(text in package_problem(code, "x") for text in expected)
    ]
    assert uncovered == []


@pytest.mark.parametrize("case", CASES)
def test_refused_in_one_line_and_nothing_changes(setting: dict[str, Any], case: str) -> None:
    build, expected = CASES[case]
    path = setting["root"] / f"{case.replace(' ', '-')}.cdpkg"
    path.write_bytes(build(setting))
    hq: Actor = setting["hq"]
    with hq.acting() as ctx:
        before = table_digest(ctx)
        [outcome] = results_in.import_files(ctx, [path]).outcomes
        after = table_digest(ctx)
    assert outcome.status == "refused", case
    assert expected in outcome.reason, outcome.reason
    assert "\n" not in outcome.reason
    assert after == before


def test_the_genuine_package_still_imports(setting: dict[str, Any]) -> None:
    path: Path = setting["root"] / "good.cdpkg"
    with setting["hq"].acting() as ctx:
        [outcome] = results_in.import_files(ctx, [path]).outcomes
    assert outcome.status in ("imported", "present")
