"""Child process of bench_startup.py: prints `ready` when its window is up.

Modes: bare (a bare PySide6 window), app (CertDesk's main window shown), workspace
(the demo assessment of the 322-item framework open and interactive).
"""

from __future__ import annotations

import sys

mode = sys.argv[1]
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402


def ready() -> None:
    print("ready", flush=True)
    QTimer.singleShot(0, QApplication.quit)


app = QApplication(sys.argv[:1])
if mode == "bare":
    window = QMainWindow()
    window.resize(1400, 860)
    window.show()
    QTimer.singleShot(0, ready)
else:
    from certdesk.ui.fonts import use_bundled_font
    from certdesk.ui.main_window import MainWindow
    from certdesk.ui.settings import Settings
    from certdesk.ui.style import STYLE

    use_bundled_font(app, regular_only=True)
    app.setStyleSheet(STYLE)
    main = MainWindow(Settings())
    main.show()
    if mode == "app":
        QTimer.singleShot(0, ready)
    else:

        def open_workspace() -> None:
            main.open_startup_database()
            assert main.start is not None
            main.open_assessment(main.start.model.rows[0].id)
            QTimer.singleShot(0, ready)

        QTimer.singleShot(0, open_workspace)
app.exec()
