"""Starting the desktop app."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from certdesk.i18n import set_language
from certdesk.ui import crash
from certdesk.ui.fonts import register_bundled_fonts, use_bundled_font
from certdesk.ui.main_window import MainWindow, start_later
from certdesk.ui.qt_language import use_qt_language
from certdesk.ui.settings import Settings
from certdesk.ui.style import STYLE


def run(argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("CertDesk")
    app.setOrganizationName("CertDesk")
    use_bundled_font(app, regular_only=True)
    app.setStyleSheet(STYLE)
    settings = Settings()
    use_qt_language(set_language(settings.language))
    crash.install()
    window = MainWindow(settings)
    window.show()
    QTimer.singleShot(0, lambda: register_bundled_fonts("*Bold.ttf"))
    start_later(window)
    return app.exec()
