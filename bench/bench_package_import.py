"""Importing result packages at headquarters, and the portfolio over them.

Run: .venv/bin/python bench/bench_package_import.py [--packages 1000]

Headquarters registers N suppliers and issues each a kit; an assessor's key
answers each with a signed, encrypted format-2 package (300 answers, 3 small
evidence files, an audit chain ending at the signed head). They are imported
into the headquarters database and the milliseconds per package reported,
split into open (signature, trusted signer, decryption, archive), check (the
gate: shapes, kit binding, answer rules, evidence, chain, recomputed score),
write and audit;
the baseline is a bare SQLite insert of the same rows (one transaction per
package, WAL, synchronous FULL) in the same run. Then the portfolio query
over the N suppliers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.exchange import Actor
from tools.portfolio_world import business_id, chain_of

WEIGHTS = ("met",) * 6 + ("partial", "not_met")


def make_package(  # noqa: PLR0917  # a bench's generator
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


def baseline(folder: Path, count: int) -> float:
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE answer (a TEXT, i TEXT, v TEXT, n TEXT)")
    conn.execute("CREATE TABLE evidence (a TEXT, i TEXT, b BLOB)")
    conn.execute("CREATE TABLE assessment (a TEXT, s TEXT)")
    started = time.perf_counter()
    for n in range(count):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO assessment VALUES (?, ?)", (str(n), "x"))
        conn.executemany(
            "INSERT INTO answer VALUES (?, ?, ?, ?)",
            [(str(n), str(k), "met", "note") for k in range(300)],
        )
        conn.executemany(
            "INSERT INTO evidence VALUES (?, ?, ?)",
            [(str(n), str(k), b"x" * 300) for k in range(3)],
        )
        conn.execute("COMMIT")
    return (time.perf_counter() - started) * 1000 / count


def main() -> None:  # noqa: PLR0915  # set-up, run and report in one place
    parser = argparse.ArgumentParser()
    parser.add_argument("--packages", type=int, default=1000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp())
    field, hq = Actor(root / "field", "field"), Actor(root / "hq", "hq")
    from certdesk.services import own_keys
    from certdesk.services.assessment import suppliers
    from certdesk.services.exchange import (
        kit_out,
        result_gate,
        results_in,
        results_store,
        trust,
    )
    from certdesk.services.hq import portfolio
    from certdesk.store import audit

    hq_public = own_keys.read_public(hq.public_file("hq")).encryption
    assert hq_public is not None
    with field.acting():
        signer = own_keys.signing_key()
    with hq.acting() as ctx:
        trust.trust(ctx, field.public_file("a"), "bench", "assessor", None)
        framework = ctx.library.find("industrial-security")
        kits = []
        for n in range(args.packages):
            bid = business_id(n)
            suppliers.add_supplier(ctx, f"협력사 {n:04d}", bid)
            issued = kit_out.issue_kit(ctx, bid, framework.id, root / f"k{n:04d}.cdkit")
            kits.append((issued.kit, bid))
    paths = []
    for n, (kit, bid) in enumerate(kits):
        path = root / f"p{n:04d}.cdpkg"
        path.write_bytes(make_package(n, kit, signer, hq_public, framework, bid))
        paths.append(path)
    spent: dict[str, float] = defaultdict(float)

    def timed(name: str, fn: Any) -> Any:
        def wrapper(*a: Any, **k: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - started

        return wrapper

    results_in._opened = timed("open", results_in._opened)
    results_in.verify_result = timed("check", result_gate.verify_result)  # type: ignore[attr-defined]  # rebinding the imported name
    results_in.write_package = timed("write", results_store.write_package)  # type: ignore[attr-defined]  # rebinding the imported name
    audit.append = timed("audit", audit.append)
    with hq.acting() as ctx:
        started = time.perf_counter()
        outcomes = results_in.import_files(ctx, paths).outcomes
        total = time.perf_counter() - started
        assert all(o.status == "imported" for o in outcomes), outcomes[0]
        started = time.perf_counter()
        rows = portfolio.summary(ctx)
        query = time.perf_counter() - started
    n = args.packages
    base = baseline(root, n)
    per = {k: v * 1000 / n for k, v in spent.items()}
    per["write"] -= per.get("audit", 0.0)
    print(f"packages: {n} (300 answers, 3 evidence files each)")
    print(
        f"import: {total * 1000 / n:.1f} ms per package; "
        + ", ".join(f"{k} {per.get(k, 0):.1f}" for k in ("open", "check", "write", "audit"))
    )
    print(
        f"bare sqlite insert of the same rows: {base:.2f} ms per package "
        f"(import is {total * 1000 / n / base:.0f}x)"
    )
    print(f"portfolio over {len(rows)} suppliers: {query * 1000:.0f} ms")
    os.environ.pop("BENCH", None)


if __name__ == "__main__":
    main()
