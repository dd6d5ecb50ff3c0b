"""Hostile response packages at headquarters, most signed by the trusted supplier itself."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image
from sqlmodel import select

from certdesk.formats.package import build_archive
from certdesk.services.context import reading
from certdesk.services.exchange.container import Recipient, seal_archive
from certdesk.store.tables import Evidence
from tests.hostile.world import BUSINESS_ID, World, build_world

FILE = "0f0e0d0c-0b0a-4908-8706-050403020100"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("hostile-responses"))


def finding_of(w: World) -> str:
    return str(json.loads(w.base_members["findings.json"])[0]["id"])


def response(
    w: World,
    entries: list[dict[str, Any]] | None = None,
    *,
    files: dict[str, bytes] | None = None,
    signer: str = "S1",
    assessment: str | None = None,
    business_id: str = BUSINESS_ID.replace("-", ""),
    encrypt: bool = True,
    manifest: dict[str, Any] | None = None,
    body: bytes | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A response package as a supplier can build one, signed by `signer`."""
    rows = entries if entries is not None else [entry(w)]
    members = {
        "response.json": body or json.dumps(rows, ensure_ascii=False).encode(),
        **{
            f"evidence/{k}": v for k, v in (files if files is not None else {FILE: b"%PDF"}).items()
        },
        **(extra or {}),
    }
    from certdesk.crypto import keys

    named = manifest or {
        "kind": "response",
        "signer": keys.fingerprint(keys.signing_public(w.signers[signer])),
        "assessment": assessment or w.aid,
        "supplier": {"business_id": business_id},
    }
    to = Recipient(w.hq_public) if encrypt else None
    return seal_archive(build_archive(members, named), w.signers[signer], to, "response")


def entry(w: World, **fields: Any) -> dict[str, Any]:
    return {
        "finding_id": finding_of(w),
        "action": "퇴직 당일 계정 삭제 절차 시행",
        "done_on": "2026-11-30",
        "evidence": [{"id": FILE, "name": "계정삭제기록.pdf"}],
        **fields,
    }


def heic() -> bytes:
    return b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64


Case = Callable[[World], bytes]
CASES: dict[str, tuple[Case, str]] = {
    "one file referenced 200 times": (
        lambda w: response(w, [entry(w, evidence=[{"id": FILE, "name": "a.pdf"}] * 200)]),
        "malformed",
    ),
    "one file for ten entries": (
        lambda w: response(
            w, [entry(w, evidence=[{"id": FILE, "name": "a.pdf"}] * 2)], files={FILE: b"x"}
        ),
        "appears twice",
    ),
    "answers smuggled into a response": (
        lambda w: response(w, extra={"answers.json": b"[]"}),
        "unexpected file: answers.json",
    ),
    "2,000 responses": (lambda w: response(w, [entry(w)] * 2000), "malformed"),
    "the same finding twice": (
        lambda w: response(w, [entry(w), entry(w, evidence=[])]),
        "appears twice",
    ),
    "an unknown finding": (
        lambda w: response(w, [entry(w, finding_id="6d1f3a52-0c6e-4d35-9b8b-3f1a2e4c5d6e")]),
        "finding_id",
    ),
    "a referenced file missing": (lambda w: response(w, files={}), "does not list exactly"),
    "a file nobody references": (
        lambda w: response(w, [entry(w, evidence=[])], files={FILE: b"x"}),
        "does not list exactly",
    ),
    "a done date in words": (lambda w: response(w, [entry(w, done_on="soon")]), "malformed"),
    "an empty action": (lambda w: response(w, [entry(w, action="")]), "malformed"),
    "an action of 5,000 characters": (
        lambda w: response(w, [entry(w, action="x" * 5000)]),
        "malformed",
    ),
    "a file name with a folder": (
        lambda w: response(w, [entry(w, evidence=[{"id": FILE, "name": "../../x"}])]),
        "malformed",
    ),
    "a key more": (lambda w: response(w, [entry(w, score="100")]), "malformed"),
    "eleven files for one finding": (
        lambda w: response(
            w,
            [
                entry(
                    w,
                    evidence=[
                        {"id": f"{i:08x}-0000-4000-8000-000000000000", "name": "a"}
                        for i in range(11)
                    ],
                )
            ],
            files={f"{i:08x}-0000-4000-8000-000000000000": b"x" for i in range(11)},
        ),
        "malformed",
    ),
    "response.json an object": (lambda w: response(w, body=b"{}", files={}), "malformed"),
    "response.json nested deep": (
        lambda w: response(w, body=b"[" * 50_000 + b"]" * 50_000, files={}),
        "malformed",
    ),
    "signed by the other supplier": (lambda w: response(w, signer="S2"), "that supplier's own key"),
    "signed by the assessor": (lambda w: response(w, signer="A"), "that supplier's own key"),
    "for another supplier's number": (
        lambda w: response(w, business_id="2208162517"),
        "that supplier's own key",
    ),
    "for the supplier's own self-assessment": (
        lambda w: response(w, assessment=w.self_aid),
        "no final on-site result",
    ),
    "for an assessment headquarters does not hold": (
        lambda w: response(w, assessment="6d1f3a52-0c6e-4d35-9b8b-3f1a2e4c5d6e"),
        "no final on-site result",
    ),
    "not encrypted": (lambda w: response(w, encrypt=False), "not encrypted"),
    "a HEIC photo, whose location cannot be removed": (
        lambda w: response(
            w, [entry(w, evidence=[{"id": FILE, "name": "IMG_0001.HEIC"}])], files={FILE: heic()}
        ),
        "HEIC",
    ),
    "signed by a revoked key": (lambda w: response(w, signer="R"), "revoked key"),
}


@pytest.mark.parametrize("case", CASES)
def test_refused_in_one_line_and_nothing_written(world: World, case: str) -> None:
    build, expected = CASES[case]
    before = world.files_digest()
    outcome = world.import_bytes(build(world), f"r-{abs(hash(case))}.cdpkg")
    assert outcome.status == "refused", outcome
    assert expected in outcome.reason
    assert outcome.reason.isprintable()
    assert world.files_digest() == before


def _photo_with_gps() -> bytes:
    image = Image.new("RGB", (32, 24), (10, 120, 200))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 41.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_a_genuine_response_is_kept_apart_and_loses_its_location(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from certdesk.services.assessment import evidence, reports
    from certdesk.services.hq import corrective

    fresh = build_world(tmp_path_factory.mktemp("genuine-response"))
    photo = _photo_with_gps()
    files = {FILE: photo}
    photo_entry = entry(fresh, evidence=[{"id": FILE, "name": "현장사진.jpg"}])
    outcome = fresh.import_bytes(response(fresh, [photo_entry], files=files))
    assert outcome.status == "imported", outcome.reason
    with fresh.hq.acting() as ctx:
        names = [e.name for e in reports.gap_report(ctx, fresh.aid).evidence]
        assert "현장사진.jpg" not in names  # apart until the closure is accepted
        [waiting] = corrective.pending(ctx)
        corrective.decide(ctx, waiting.id, accept=True)
        kept = [e for e in reports.gap_report(ctx, fresh.aid).evidence if e.name == "현장사진.jpg"]
        assert len(kept) == 1
        with reading(ctx) as session:
            row = session.exec(
                select(Evidence).where(Evidence.original_name == "현장사진.jpg")
            ).one()
        opened = evidence.open_file(ctx, row.id)
        with Image.open(opened) as image:
            assert 0x8825 not in image.getexif()
