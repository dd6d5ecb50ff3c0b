"""The desktop part of `certdesk --self-test`: the real window, offscreen, on a database."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from certdesk.ui.fonts import use_bundled_font
from certdesk.ui.main_window import MainWindow
from certdesk.ui.settings import Settings


def open_and_close(path: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    use_bundled_font(app)
    window = MainWindow(Settings())
    window.show()
    window.open_database(path)
    if window.start is None or len(window.start.model.rows) != 1:
        raise AssertionError("the start page does not list the assessment")
    window.open_assessment(window.start.model.rows[0].id)
    if window.page is None or window.page.workspace.result.applicable != 322:
        raise AssertionError("the workspace did not open the 322-item framework")
    app.processEvents()
    window.close()
    window.deleteLater()
    app.processEvents()
