"""Headquarters at scale: 10,000 result packages imported into SQLite and into PostgreSQL.

Run: .venv/bin/python bench/bench_hq_scale.py [--packages 10000] [--checkpoint 1000]
     [--backends sqlite,postgresql]

Set-up, not timed (bench/hq_scale_world.py): a headquarters per backend with N suppliers
and N kits issued to them, the assessor's key trusted, and N signed, encrypted result
packages answering those kits (300 answers, 3 evidence files each; the same files serve
every backend). PostgreSQL is a throwaway cluster (tests/support/postgres.py).

Timed, per backend: `results_in.import_files` over the first `checkpoint` files, then the
rest in chunks of `checkpoint` (read by the import pool's workers, written in batches),
the milliseconds per package of each chunk (aim: the last no dearer than the first);
against a bare insert of the same rows on the same backend in the same run, one
transaction per package (aim: at most 5x). The portfolio (`portfolio.summary`), the
portfolio page's "Work due" filter over it, and the late corrective actions
(`review.late_actions`) after the first chunk and at the end (median of 5; aim: under
100 ms). The peak memory of this process and of the largest worker.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

if TYPE_CHECKING:
    from certdesk.services.context import Context
    from tests.support.exchange import Actor
    from tests.support.postgres import Cluster

BARE = 1000
"""Packages of the bare insert (fewer when the run has fewer)."""
VIEW_RUNS = 5


@dataclass
class Views:
    suppliers: int
    portfolio: float
    due: float
    late: float


@dataclass
class Result:
    backend: str
    chunks: list[float] = field(default_factory=list)
    """Milliseconds per package of each chunk, in order."""
    wall: float = 0.0
    """Seconds spent in import_files, every chunk."""
    views: list[Views] = field(default_factory=list)
    bare: float = 0.0
    peak_self: float = 0.0
    peak_children: float = 0.0
    """RUSAGE_CHILDREN: every child so far, cumulative."""
    peak_worker: float = 0.0
    """The largest worker's own peak (VmHWM), this backend's import."""


def _median_ms(call: Callable[[], object]) -> float:
    spent = []
    for _ in range(VIEW_RUNS):
        started = time.perf_counter()
        call()
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent)


def _due(ctx: Context) -> int:
    """The portfolio page with "Work due" ticked: the service call and the page's filter."""
    from certdesk.services.hq import portfolio
    from certdesk.ui.hq.portfolio_model import is_due

    entries = portfolio.summary(ctx)
    cycles = sorted({t.cycle for e in entries for t in e.trend if t.cycle})
    latest = cycles[-1] if cycles else None
    return sum(1 for e in entries if is_due(e, latest))


def _views(ctx: Context) -> Views:
    from certdesk.services.hq import portfolio, review

    suppliers = len({e.supplier_id for e in portfolio.summary(ctx)})
    return Views(
        suppliers,
        _median_ms(lambda: portfolio.summary(ctx)),
        _median_ms(lambda: _due(ctx)),
        _median_ms(lambda: review.late_actions(ctx)),
    )


def _mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


class WorkerPeak:
    """The largest peak resident size (VmHWM) of the pool's workers, read from /proc every
    quarter second while they live. RUSAGE_CHILDREN alone overstates it: a spawned child's
    maximum starts at the parent's size when it forked, before its exec."""

    def __init__(self) -> None:
        self.kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> WorkerPeak:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(0.25):
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                    if (
                        stat[1] != me
                        or b"spawn_main" not in Path(f"/proc/{pid}/cmdline").read_bytes()
                    ):
                        continue
                    status = Path(f"/proc/{pid}/status").read_text()
                except (OSError, IndexError):
                    continue  # gone meanwhile
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.kib = max(self.kib, int(line.split()[1]))


def run(hq: Actor, backend: str, paths: list[Path], checkpoint: int) -> Result:
    """Import every file in chunks of `checkpoint`; the views after the first and the last."""
    from hq_scale_world import say

    from certdesk.services.exchange import results_in

    result = Result(backend)
    with hq.acting() as ctx, WorkerPeak() as workers:
        for start in range(0, len(paths), checkpoint):
            chunk = paths[start : start + checkpoint]
            started = time.perf_counter()
            outcomes = results_in.import_files(ctx, chunk).outcomes
            spent = time.perf_counter() - started
            wrong = [o for o in outcomes if o.status != "imported"]
            assert not wrong, (len(wrong), wrong[0])
            result.wall += spent
            result.chunks.append(spent * 1000 / len(chunk))
            say(f"  {backend}: {start + len(chunk)} imported, {result.chunks[-1]:.1f} ms/package")
            if start == 0 or start + len(chunk) == len(paths):
                result.views.append(_views(ctx))
    result.peak_self, result.peak_children = (
        _mib(resource.RUSAGE_SELF),
        _mib(resource.RUSAGE_CHILDREN),
    )
    result.peak_worker = workers.kib / 1024
    return result


def _baseline(result: Result, root: Path, count: int, cluster: Cluster | None) -> None:
    """The bare insert on the backend just imported into, in the same run."""
    from hq_scale_world import bare_postgresql, bare_sqlite

    if result.backend == "sqlite":
        result.bare = bare_sqlite(root, count)
    else:
        assert cluster is not None
        result.bare = bare_postgresql(cluster, count)


def _table(results: list[Result], n: int, checkpoint: int, bare: int) -> list[str]:
    first, last = min(checkpoint, n), n - (len(results[0].chunks) - 1) * checkpoint
    lines: list[tuple[str, list[str]]] = [
        (f"import ms/package, first {first}", [f"{r.chunks[0]:.1f}" for r in results]),
        (f"import ms/package, last {last}", [f"{r.chunks[-1]:.1f}" for r in results]),
        ("import ms/package, overall", [f"{r.wall * 1000 / n:.1f}" for r in results]),
        (f"bare insert ms/package ({bare})", [f"{r.bare:.2f}" for r in results]),
        ("ratio import/bare (aim <= 5x)", [f"{r.wall * 1000 / n / r.bare:.1f}x" for r in results]),
        ("total import wall time", [f"{r.wall:.0f} s" for r in results]),
    ]
    for k, label in enumerate(("first chunk", "end")):
        size = results[0].views[min(k, len(results[0].views) - 1)].suppliers
        for what in ("portfolio", "due", "late"):
            name = {"portfolio": "portfolio", "due": "'Work due'", "late": "late actions"}[what]
            values = [f"{getattr(r.views[min(k, len(r.views) - 1)], what):.0f}" for r in results]
            lines.append((f"{name} ms, {size} suppliers ({label})", values))
    lines.append(("peak memory, bench process MiB", [f"{r.peak_self:.0f}" for r in results]))
    lines.append(("peak memory, children MiB", [f"{r.peak_children:.0f}" for r in results]))
    lines.append(("peak memory, largest worker MiB", [f"{r.peak_worker:.0f}" for r in results]))
    width = max(len(label) for label, _v in lines)
    head = f"{'':{width}}" + "".join(f"{r.backend:>13}" for r in results)
    return [head] + [
        f"{label:{width}}" + "".join(f"{v:>13}" for v in values) for label, values in lines
    ]


def report(results: list[Result], n: int, checkpoint: int, bare: int) -> None:
    from certdesk.services.exchange.import_pool import WORKERS
    from certdesk.services.exchange.results_batch import BATCH

    cpus = len(os.sched_getaffinity(0))
    print(f"packages: {n} (300 answers, 3 evidence files each), in chunks of {checkpoint}")
    print(f"import pool: up to {WORKERS} workers, batches of {BATCH}; CPUs here: {cpus}")
    print("views: median of 5, aim under 100 ms. Memory: bench process and children (RUSAGE,")
    print("  cumulative over the run; children's counts the bench's size at fork), largest worker")
    print("  (its own VmHWM, sampled). The PostgreSQL server's own processes are not counted.")
    for line in _table(results, n, checkpoint, bare):
        print(line)
    for r in results:
        print(f"{r.backend} chunks, ms/package: " + " ".join(f"{c:.1f}" for c in r.chunks))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--packages", type=int, default=10000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--checkpoint", type=int, default=1000)
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    assert set(backends) <= {"sqlite", "postgresql"}, backends
    import keyring
    from hq_scale_world import prepare, say

    from tests.support.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    root = Path(tempfile.mkdtemp(prefix="bench-hq-scale-"))
    bare = min(BARE, args.packages)
    results = []
    try:
        with ExitStack() as stack:
            cluster = None
            if "postgresql" in backends:
                from tests.support.postgres import cluster as pg_cluster

                cluster = stack.enter_context(pg_cluster())
            say(f"set-up in {root} (not timed)")
            world = prepare(root, args.packages, backends, cluster)
            for backend in backends:
                say(f"importing into {backend}")
                hq = world.hqs[backend]
                result = run(hq, backend, world.paths, args.checkpoint)
                _baseline(result, root, bare, cluster)
                results.append(result)
                assert hq.ctx is not None
                hq.ctx.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    report(results, args.packages, args.checkpoint, bare)


if __name__ == "__main__":
    main()
