"""Answer persisted and rescored, against a bare SQLite insert in the same run.

Run: .venv/bin/python bench/bench_answer_latency.py [--answers N]

Writes N answers (default 1,000) through what an assessor's click goes through
in the window (`Workspace.set_answer`): the answer checked, the score of the
322-item framework updated (its criterion, area, total and decision), the
answer written to the encrypted database with its sealed audit entry and
committed. The baseline is a bare insert-and-commit of one row per answer into
a plain SQLite file with the same durability settings (WAL, synchronous FULL).
Prints p50 and p95 of both and their ratios (aim: at most 5x).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend


class _MemoryKeyring(KeyringBackend):
    priority = 1
    secrets: dict[tuple[str, str], str] = {}  # noqa: RUF012

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100)
    return cuts[49], cuts[94]


def bare_inserts(folder: Path, count: int) -> list[float]:
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE answer (item TEXT, value TEXT, note TEXT)")
    times = []
    for n in range(count):
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO answer VALUES (?, ?, ?)", (str(n), "met", "note"))
        conn.execute("COMMIT")
        times.append((time.perf_counter() - started) * 1000)
    conn.close()
    return times


def service_answers(folder: Path, count: int) -> list[float]:
    os.environ["CERTDESK_HOME"] = str(folder)
    keyring.set_keyring(_MemoryKeyring())  # type: ignore[no-untyped-call]
    from certdesk.services import opening
    from certdesk.services.assessment import create, suppliers
    from certdesk.services.assessment.workspace import Workspace

    ctx = opening.open_context(folder / "certdesk.db", create_role="field")
    suppliers.add_supplier(ctx, "Bench", "124-81-00998")
    aid = create.new_assessment(ctx, "Bench", "industrial-security", "onsite").id
    workspace = Workspace(ctx, aid)
    items = [i.id for i in workspace.items()]
    codes = ("met", "partial", "not_met")
    workspace.set_answer(items[0], "met", None)  # warm: framework loaded, connection open
    times = []
    for n in range(count):
        started = time.perf_counter()
        workspace.set_answer(items[n % len(items)], codes[n % 3], f"note {n}")
        times.append((time.perf_counter() - started) * 1000)
    assert workspace.result.unanswered == 0 or count < len(items)
    ctx.db.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare = percentiles(bare_inserts(folder, args.answers))
        ours = percentiles(service_answers(folder, args.answers))
    print(f"answers: {args.answers}")
    print(f"bare sqlite insert+commit: p50 {bare[0]:.2f} ms, p95 {bare[1]:.2f} ms")
    print(f"certdesk answer+rescore:   p50 {ours[0]:.2f} ms, p95 {ours[1]:.2f} ms")
    print(f"ratio: p50 {ours[0] / bare[0]:.1f}x, p95 {ours[1] / bare[1]:.1f}x")


if __name__ == "__main__":
    main()
