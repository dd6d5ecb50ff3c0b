"""The operation runner pauses the cycle collector while a job runs in the pool, and
resumes it when the last one is done, whether it succeeded or failed."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from certdesk.errors import UserError
from certdesk.ui.operations import Task


def test_the_collector_rests_while_jobs_run_and_resumes_after_the_last(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    assert gc.isenabled()
    release = threading.Event()
    seen: list[bool] = []

    def slow(_report: object) -> str:
        release.wait(10)
        seen.append(gc.isenabled())
        return "done"

    def failing(_report: object) -> str:
        release.wait(10)
        raise UserError("refused")

    first, second = Task(host, "a", slow), Task(host, "b", failing)
    assert not gc.isenabled()
    with qtbot.waitSignal(first.done, timeout=10000), qtbot.waitSignal(second.error, timeout=10000):
        release.set()
    assert seen == [False]
    assert gc.isenabled()
