"""The one way the interface runs a use case: in the background or at once, one presenter
of user errors, and the `Changes` it returns handed on to every page.

A user error (a bad file, a refused answer) is shown in one line or one
message box and changes nothing; a cancellation says nothing was changed;
anything else is a bug and goes to the crash dialog.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from certdesk.errors import CancelledError, UserError
from certdesk.i18n import _
from certdesk.services.changes import Changes

Progress = Callable[[int, int], bool]
"""Told (done, total) by the work; returns False once the user cancelled."""
Work = Callable[[Progress], Any]
MAX_DETAILS = 9


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


class _Collector:
    """The cycle collector is paused while any job runs in the pool. A collection on the
    main thread while a worker builds a report (reportlab) has aborted the interpreter
    under load (PySide6 6.11, CPython 3.11: tests/ui/test_main_window.py, seen once in
    a dozen CI runs); reference counting still frees nearly everything meanwhile, and
    the collector resumes when the last job is done."""

    lock = threading.Lock()
    running = 0
    paused = False

    @classmethod
    def job_started(cls) -> None:
        with cls.lock:
            if cls.running == 0 and gc.isenabled():
                gc.disable()
                cls.paused = True
            cls.running += 1

    @classmethod
    def job_ended(cls) -> None:
        with cls.lock:
            cls.running = max(0, cls.running - 1)
            if cls.running == 0 and cls.paused:
                cls.paused = False
                gc.enable()


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
        self.signals = _Signals(self)  # owned by the task: never freed while the job runs
        self.signals.progress.connect(self._progress)
        self.signals.finished.connect(self._finished)
        self.signals.failed.connect(self._failed)
        # Held here, not deleted by the pool: its Python side is freed in this thread,
        # never in the worker's while the interpreter collects garbage here.
        self._job = _Job(work, self.signals, self.cancelled)
        self._job.setAutoDelete(False)
        _Collector.job_started()
        QThreadPool.globalInstance().start(self._job)

    def _progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _finished(self, result: object) -> None:
        _Collector.job_ended()
        self.dialog.reset()
        self.done.emit(result)

    def _failed(self, error: object) -> None:
        _Collector.job_ended()
        self.dialog.reset()
        self.error.emit(error)


class Operations(QObject):
    """Runs use cases for a window: `changed(Changes)` follows every one that wrote."""

    changed = Signal(object)
    status = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = parent

    def present(self, title: str, error: UserError, *, quiet: bool = False) -> None:
        """Show a user error: in the status bar (`quiet`), else in a message box."""
        if quiet:
            self.status.emit(error.message)
            return
        QMessageBox.warning(
            self.window, title, "\n".join((error.message, *error.details[:MAX_DETAILS]))
        )

    def now(self, title: str, work: Callable[[], Any], *, quiet: bool = False) -> Any:
        """Run quick work at once; returns its result, or None after presenting a user error."""
        try:
            result = work()
        except UserError as exc:
            self.present(title, exc, quiet=quiet)
            return None
        self._hand_on(result)
        return result if result is not None else True

    def background(self, title: str, work: Work, done: Callable[[Any], None] | None = None) -> Task:
        """Run long work in the thread pool with a progress dialog and a cancel button."""
        task = Task(self.window, title, work)
        task.done.connect(lambda result: self._done(result, done))
        task.error.connect(lambda error: self._failed(title, error))
        return task

    def _done(self, result: object, done: Callable[[Any], None] | None) -> None:
        self._hand_on(result)
        if done is not None:
            done(result)

    def _hand_on(self, result: object) -> None:
        if isinstance(result, Changes):
            self.changed.emit(result)

    def _failed(self, title: str, error: object) -> None:
        if isinstance(error, CancelledError):
            self.status.emit(_("Cancelled: nothing was changed."))
        elif isinstance(error, UserError):
            self.present(title, error)
        elif isinstance(error, BaseException):
            raise error  # a bug: the crash dialog
