"""Child process of tests/ui/test_startup_imports.py: starts CertDesk through its real entry
point and prints, as JSON, the modules loaded when the window is first visible and when the
demo assessment's workspace is interactive.

Usage: python -m tests.support.startup_probe (CERTDESK_HOME with a database and its demo).
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
seen: dict[str, list[str]] = {}


def _loaded() -> list[str]:
    return sorted(sys.modules)


def _window() -> QMainWindow:
    [window] = [w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow"]
    assert isinstance(window, QMainWindow)
    return window


def visible() -> None:
    assert _window().isVisible()
    seen["visible"] = _loaded()
    QTimer.singleShot(0, workspace)


def workspace() -> None:
    window = _window()
    start = getattr(window, "start", None)
    if start is None or not start.model.rows:  # the database opens on a later tick
        QTimer.singleShot(0, workspace)
        return
    window.open_assessment(start.model.rows[0].id)  # type: ignore[attr-defined]
    QTimer.singleShot(0, interactive)


def interactive() -> None:
    page = getattr(_window(), "page", None)
    assert page is not None
    assert page.isVisible()
    seen["workspace"] = _loaded()
    print(json.dumps(seen), flush=True)
    QTimer.singleShot(0, QApplication.quit)


from certdesk.app import main  # noqa: E402  (the QApplication first, as the bench does)

QTimer.singleShot(0, visible)
sys.exit(main([]))
