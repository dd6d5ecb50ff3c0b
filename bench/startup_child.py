"""Child process of bench_startup.py: prints `ready` when its window is up.

Modes: bare (a bare PySide6 window), app (CertDesk started through its real
entry point, `certdesk.app.main`, until its main window is shown), workspace
(the same, then the demo assessment of the 322-item framework open and
interactive). The QApplication is made here, before the entry point, only so
that a timer can watch it; the entry point reuses it.
"""

from __future__ import annotations

import sys

mode = sys.argv[1]
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

app = QApplication(sys.argv[:1])


def ready() -> None:
    print("ready", flush=True)
    QTimer.singleShot(0, QApplication.quit)


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
    QTimer.singleShot(0, ready)


if mode == "bare":
    window = QMainWindow()
    window.resize(1400, 860)
    window.show()
    QTimer.singleShot(0, ready)
    app.exec()
else:
    from certdesk.app import main

    # The first tick after the entry point's window.show(): the window is up.
    QTimer.singleShot(0, ready if mode == "app" else open_workspace)
    sys.exit(main([]))
