"""Long work off the interface thread, with a progress dialog and a cancel button."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from certdesk.i18n import _

Work = Callable[[Callable[[int, int], bool]], Any]
"""A job that reports (done, total) and stops when told False."""


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Work, signals: _Signals, cancelled: threading.Event) -> None:
        super().__init__()
        self.work, self.signals, self.cancelled = work, signals, cancelled

    def run(self) -> None:
        def report(done: int, total: int) -> bool:
            self.signals.progress.emit(done, total)
            return not self.cancelled.is_set()

        try:
            result = self.work(report)
        except Exception as exc:  # handed to the interface thread, which decides
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class Task(QObject):
    """Runs `work` in the thread pool; `done(result)` or `error(exception)` follows."""

    done = Signal(object)
    error = Signal(object)

    def __init__(self, parent: QWidget, title: str, work: Work) -> None:
        super().__init__(parent)
        self.cancelled = threading.Event()
        self.dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self.cancelled.set)
        self.signals = _Signals()
        self.signals.progress.connect(self._progress)
        self.signals.finished.connect(self._finished)
        self.signals.failed.connect(self._failed)
        QThreadPool.globalInstance().start(_Job(work, self.signals, self.cancelled))

    def _progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _finished(self, result: object) -> None:
        self.dialog.reset()
        self.done.emit(result)

    def _failed(self, error: object) -> None:
        self.dialog.reset()
        self.error.emit(error)
