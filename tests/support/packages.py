"""Result packages made fast, as an assessor's laptop writes them (format 2), for tests
and benchmarks that need hundreds: 300 answers, 3 small evidence files, an audit chain
ending at the signed head, sealed to headquarters' key for a kit it issued."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.exchange import Actor
from tools.portfolio_world import business_id, chain_of

WEIGHTS = ("met",) * 6 + ("partial", "not_met")


def make_package(  # a bench's generator
    n: int, kit: str, signer: Any, hq_public: bytes, framework: Any, supplier: str
) -> bytes:
    """A result package as an assessor's laptop writes it for kit `kit` (format 2)."""
    from certdesk.services.exchange.container import Recipient, seal

    aid = str(uuid.UUID(int=n + 1))
    items = [i.id for i in framework.items()][:300]
    answers = [
        {
            "item_id": i,
            "party": "assessor",
            "value": WEIGHTS[k % len(WEIGHTS)],
            "note": "현장 확인",
            "na_justification": None,
            "answered_by": "bench",
            "answered_at": "2026-11-24 00:00:00+00:00",
        }
        for k, i in enumerate(items)
    ]
    evidence, files = [], {}
    for k in range(3):
        ev = str(uuid.UUID(int=(n + 1) * 10 + k))
        body = f"evidence {n}-{k}".encode() * 20
        files[f"evidence/{ev}"] = body
        evidence.append(
            {
                "id": ev,
                "item_id": items[k],
                "kind": "file",
                "original_name": f"scan{k}.pdf",
                "media_type": "application/pdf",
                "size": len(body),
                "sha256": hashlib.sha256(body).hexdigest(),
                "title": None,
                "doc_version": None,
                "seen_where": None,
                "shown_by": None,
                "added_by": "bench",
                "added_at": "2026-11-24 00:00:00+00:00",
            }
        )
    assessment = {
        "id": aid,
        "framework_id": framework.id,
        "framework_version": framework.version,
        "framework_hash": framework.content_hash,
        "profile": None,
        "mode": "onsite",
        "cycle": "2026-H2",
        "assessor": "bench",
        "scope_json": "{}",
        "status": "final",
        "follows_id": None,
        "sequence": 1,
        "created_at": "2026-11-01 00:00:00+00:00",
        "updated_at": "2026-11-24 00:00:00+00:00",
        "closed_at": "2026-11-24 00:00:00+00:00",
        "kit_id": kit,
    }
    chain, head = chain_of(aid)
    members = {
        "assessment.json": json.dumps(assessment).encode(),
        "answers.json": json.dumps(answers, ensure_ascii=False).encode(),
        "findings.json": b"[]",
        "evidence.json": json.dumps(evidence).encode(),
        "audit.json": json.dumps(chain).encode(),
        **files,
    }
    manifest = {
        "assessment": aid,
        "kit": kit,
        "audit_head": head,
        "sequence": 1,
        "mode": "onsite",
        "framework": {
            "id": framework.id,
            "version": framework.version,
            "content_hash": framework.content_hash,
        },
        "supplier": {"business_id": supplier, "name": f"협력사 {n:04d}"},
        "site": None,
        "claimed": {"total": "0", "outcome": "x"},
    }
    return seal(members, manifest, signer, Recipient(hq_public), "result")


@dataclass
class Results:
    """Headquarters with `paths`: one signed result package per supplier and kit."""

    hq: Actor
    field: Actor
    paths: list[Path]


def many_results(root: Path, count: int, hq: Actor | None = None) -> Results:
    """`count` suppliers registered at headquarters, a kit issued to each, and the result
    package an assessor (trusted there) sends back for it."""
    from certdesk.services import own_keys
    from certdesk.services.assessment import suppliers
    from certdesk.services.exchange import kit_out, trust

    hq = hq or Actor(root / "hq", "hq")
    field = Actor(root / "field", "field")
    public = own_keys.read_public(hq.public_file("hq")).encryption
    assert public is not None
    with field.acting():
        signer = own_keys.signing_key()
    paths = []
    with hq.acting() as ctx:
        trust.trust(ctx, field.public_file("a"), "assessor", "assessor", None)
        framework = ctx.library.find("industrial-security")
        for n in range(count):
            bid = business_id(n)
            suppliers.add_supplier(ctx, f"협력사 {n:04d}", bid)
            issued = kit_out.issue_kit(ctx, bid, framework.id, root / f"k{n:04d}.cdkit")
            path = root / f"p{n:04d}.cdpkg"
            path.write_bytes(make_package(n, issued.kit, signer, public, framework, bid))
            paths.append(path)
    return Results(hq, field, paths)
