"""Importing result packages at headquarters, and the portfolio over them.

Run: .venv/bin/python bench/bench_package_import.py [--packages 1000]

Headquarters registers N suppliers and issues each a kit; an assessor's key
answers each with a signed, encrypted format-2 package (300 answers, 3 small
evidence files, an audit chain ending at the signed head). They are imported
into the headquarters database (read in a pool of processes, written in
batches) and the milliseconds per package reported; the baseline is a bare
SQLite insert of the same rows (one transaction per package, WAL, synchronous
FULL) in the same run. Then the portfolio query
over the N suppliers.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.exchange import Actor
from tests.support.packages import make_package
from tools.portfolio_world import business_id


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


def main() -> None:  # set-up, run and report in one place
    parser = argparse.ArgumentParser()
    parser.add_argument("--packages", type=int, default=1000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp())
    field, hq = Actor(root / "field", "field"), Actor(root / "hq", "hq")
    from certdesk.services import own_keys
    from certdesk.services.assessment import suppliers
    from certdesk.services.exchange import kit_out, results_in, trust
    from certdesk.services.hq import portfolio

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
    print(f"packages: {n} (300 answers, 3 evidence files each)")
    print(f"import: {total * 1000 / n:.1f} ms per package")
    print(
        f"bare sqlite insert of the same rows: {base:.2f} ms per package "
        f"(import is {total * 1000 / n / base:.0f}x)"
    )
    print(f"portfolio over {len(rows)} suppliers: {query * 1000:.0f} ms")
    os.environ.pop("BENCH", None)


if __name__ == "__main__":
    main()
