"""Start-up, responsiveness and idle memory of the desktop app, against a bare PySide6 window.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_startup.py [--runs N]

The baseline, measured in the same run and interleaved with the app's runs, is a
bare PySide6 window holding a 300-row tree. Times are from starting a Python
process to its window being shown and one event-loop tick done, the median of N
runs:
- app: CertDesk's main window visible (aim: at most 1.15x the bare window);
- workspace: the demo assessment of the 322-item framework open and
  interactive (aim: at most 2x);
- idle memory: resident memory with the demo workspace open after ten idle ticks,
  against the bare window's (aim: at most 1.5x);
- answer: inside the app's event loop (`app.exec()`), from an answer to the tick
  after it, when the tree and dashboard are repainted and the answer saved to the
  encrypted database (p50 and p95; within one 16 ms frame is the aim of the
  window; bench_answer_latency.py holds the write against a bare insert).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child_run(mode: str, env: dict[str, str]) -> tuple[float, int]:
    """Milliseconds from starting the process to its `ready` line, and its memory (KiB)."""
    started = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "startup_child.py"), mode],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None
        line = child.stdout.readline()
        elapsed = (time.perf_counter() - started) * 1000
        _, errors = child.communicate()
    said, _sep, rss = line.strip().partition(" ")
    assert said == "ready", errors
    assert child.returncode == 0, errors
    return elapsed, int(rss)


def prepare(home: Path) -> dict[str, str]:
    # As on a user's machine: compiled modules are cached after the first start
    # (this machine sets PYTHONDONTWRITEBYTECODE, which would make every start
    # compile CertDesk's sources again). The cache goes to the temporary home.
    inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {
        **inherited,
        "PYTHONPYCACHEPREFIX": str(home / "pycache"),
        "CERTDESK_HOME": str(home),
        "CERTDESK_DEMO": "yes",
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "BENCH_KEYRING_FILE": str(home / "keyring.json"),
        "PYTHON_KEYRING_BACKEND": "tests.support.file_keyring.FileKeyring",
        "PYTHONPATH": str(ROOT),
    }
    child_run("workspace", env)  # first run: creates the database and the demo
    return env


def answer_latency(env: dict[str, str], count: int = 120) -> list[float]:
    """Answers given one per tick inside the app's event loop; each from the answer to the
    next tick, when its repaint and its deferred save have run."""
    os.environ.update(env)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from certdesk.ui.main_window import MainWindow
    from certdesk.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    main = MainWindow(Settings())
    main.show()
    main.open_startup_database()
    assert main.start is not None
    main.open_assessment(main.start.model.rows[0].id)
    page = main.page
    assert page is not None
    items = [i.id for i in page.workspace.items()][-count:]
    times: list[float] = []

    def step(n: int, started: float) -> None:
        if n:
            times.append((time.perf_counter() - started) * 1000)
        if n == len(items):
            assert page is not None
            assert page.workspace.unsaved == 0
            app.quit()
            return
        now = time.perf_counter()
        assert page is not None
        page.answer(items[n], ("met", "partial", "not_met")[n % 3], "")
        QTimer.singleShot(0, lambda: step(n + 1, now))

    QTimer.singleShot(0, lambda: step(0, 0.0))
    app.exec()
    main.close()
    main.deleteLater()
    app.processEvents()  # tear the window down while Qt is alive, not at exit
    return times


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100)[p - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(Path(tmp))
        # Interleaved, so that a slower moment of the machine hits every mode.
        runs: dict[str, list[tuple[float, int]]] = {m: [] for m in ("bare", "app", "workspace")}
        idle: list[int] = []
        for _ in range(args.runs):
            for mode, found in runs.items():
                found.append(child_run(mode, env))
            idle.append(child_run("idle", env)[1])
        times = {m: statistics.median(t for t, _ in found) for m, found in runs.items()}
        bare_rss = statistics.median(r for _, r in runs["bare"])
        answers = answer_latency(env)
    bare = times["bare"]
    print(f"bare PySide6 window with a 300-row tree: {bare:.0f} ms, {bare_rss / 1024:.0f} MiB")
    print(f"certdesk window visible: {times['app']:.0f} ms ({times['app'] / bare:.2f}x; aim 1.15)")
    print(
        f"workspace interactive (322 items): {times['workspace']:.0f} ms "
        f"({times['workspace'] / bare:.2f}x; aim 2)"
    )
    rss = statistics.median(idle)
    print(
        f"idle memory, demo workspace open: {rss / 1024:.0f} MiB ({rss / bare_rss:.2f}x; aim 1.5)"
    )
    print(
        f"answer to repainted tree, dashboard and saved answer: p50 {percentile(answers, 50):.1f} "
        f"ms, p95 {percentile(answers, 95):.1f} ms (aim: one 16 ms frame)"
    )


if __name__ == "__main__":
    main()
