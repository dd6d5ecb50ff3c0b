"""Start-up and responsiveness of the desktop app, against a bare PySide6 window.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_startup.py [--runs N]

All times are from starting a Python process to its window being shown and one
event-loop tick done, the median of N runs, measured in the same run as a bare
PySide6 window (the baseline):
- app: CertDesk's main window visible (aim: under 1.3x the bare window);
- workspace: the demo assessment of the 322-item framework open and
  interactive (aim: under 3x);
- answer to dashboard: in one process, from an answer to the repainted tree and
  dashboard (aim: within one 16 ms frame); the save to the encrypted database
  follows on the next event-loop tick and is reported beside it.
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


def child_time(mode: str, env: dict[str, str]) -> float:
    """Milliseconds from starting the process to its `ready` line."""
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
    assert line.strip() == "ready", errors
    assert child.returncode == 0, errors
    return elapsed


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
        "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
        "PYTHONPATH": f"{ROOT / 'bench'}{os.pathsep}{ROOT}",
    }
    child_time("workspace", env)  # first run: creates the database and the demo
    return env


def answer_latency(env: dict[str, str], count: int = 60) -> tuple[float, float]:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "bench"))
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from certdesk.ui.main_window import MainWindow
    from certdesk.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    main = MainWindow(Settings())
    main.show()
    main.open_startup_database()
    assert main.start is not None
    assert app is not None
    main.open_assessment(main.start.model.rows[0].id)
    page = main.page
    assert page is not None
    items = [i.id for i in page.workspace.items()][-count:]
    shown, saved = [], []
    for n, item in enumerate(items):
        started = time.perf_counter()
        page.answer(item, ("met", "partial", "not_met")[n % 3], "")
        # The next frame: deliver the pending paint requests (only the dirty
        # regions, as Qt paints them), but not the timer that saves.
        QApplication.sendPostedEvents(None, QEvent.Type.UpdateRequest)
        QApplication.sendPostedEvents(None, QEvent.Type.UpdateLater)
        shown.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        app.processEvents()  # the deferred save runs on this tick
        saved.append((time.perf_counter() - started) * 1000)
    main.close()
    main.deleteLater()
    app.processEvents()  # tear the window down while Qt is alive, not at exit
    return statistics.median(shown), statistics.median(saved)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(Path(tmp))
        # Interleaved, so that a slower moment of the machine hits every mode.
        times: dict[str, list[float]] = {"bare": [], "app": [], "workspace": []}
        for _ in range(args.runs):
            for mode, runs in times.items():
                runs.append(child_time(mode, env))
        results = {mode: statistics.median(runs) for mode, runs in times.items()}
        latency = answer_latency(env)
    bare = results["bare"]
    print(f"bare PySide6 window: {bare:.0f} ms")
    print(f"certdesk window visible: {results['app']:.0f} ms ({results['app'] / bare:.2f}x)")
    print(
        f"workspace interactive (322 items): {results['workspace']:.0f} ms "
        f"({results['workspace'] / bare:.2f}x)"
    )
    print(f"answer to repainted dashboard and tree: {latency[0]:.1f} ms (median; aim 16)")
    print(f"then the save on the next tick: {latency[1]:.1f} ms (median)")


if __name__ == "__main__":
    main()
