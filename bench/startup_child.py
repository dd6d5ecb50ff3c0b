"""Child process of bench_startup.py: prints `ready RSS_KB` when its window is up.

Modes: bare (a bare PySide6 window with a 300-row tree), app (CertDesk started
through its real entry point, `certdesk.app.main`, until its main window is
shown), workspace (the same, then the demo assessment of the 322-item framework
open and interactive), idle (the workspace, then ten idle ticks of the event
loop: the memory an assessor's open workspace holds). The QApplication is made
here, before the entry point, only so that a timer can watch it; the entry point
reuses it.
"""

from __future__ import annotations

import sys

mode = sys.argv[1]
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QTreeWidget, QTreeWidgetItem  # noqa: E402

app = QApplication(sys.argv[:1])


def rss_kb() -> int:
    """This process's resident memory (Linux), in KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(x for x in status if x.startswith("VmRSS:"))
    return int(line.split()[1])


def ready() -> None:
    print(f"ready {rss_kb()}", flush=True)
    QTimer.singleShot(0, QApplication.quit)


def idle(ticks: int = 10) -> None:
    if ticks:
        QTimer.singleShot(20, lambda: idle(ticks - 1))
    else:
        ready()


def main_window() -> QMainWindow:
    [window] = [w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow"]
    assert isinstance(window, QMainWindow)
    assert window.isVisible()
    return window


def open_workspace() -> None:
    window = main_window()
    start = getattr(window, "start", None)
    if start is None:  # the database opens on a later tick
        QTimer.singleShot(0, open_workspace)
        return
    window.open_assessment(start.model.rows[0].id)  # type: ignore[attr-defined]
    QTimer.singleShot(0, ready if mode == "workspace" else idle)


if mode == "bare":
    window = QMainWindow()
    tree = QTreeWidget()
    tree.setHeaderLabels(["Item", "Answer"])
    for n in range(300):
        QTreeWidgetItem(tree, [f"{n // 5}.{n % 5}", "—"])
    window.setCentralWidget(tree)
    window.resize(1400, 860)
    window.show()
    QTimer.singleShot(0, ready)
    app.exec()
else:
    from certdesk.app import main

    # The first tick after the entry point's window.show(): the window is up.
    QTimer.singleShot(0, ready if mode == "app" else open_workspace)
    sys.exit(main([]))
