"""A long session in the real event loop: PySide6 6.12.0 drained the reference counts of
None and True (about 17 and 4 per answer) until CPython aborted after ~2,500 answers.

The canary runs the bare Qt loop that showed it in a child process, so an abort fails
the test instead of killing the run: a PySide6 upgrade that brings the leak back fails
here before any user meets it."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from pytestqt.qtbot import QtBot

from certdesk.ui.field.workspace_page import WorkspacePage

BARE_LOOP = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

    app = QCoreApplication([])
    class Emitter(QObject):
        fired = Signal(int)
    emitter, calls = Emitter(), [0]
    emitter.fired.connect(lambda value: calls.__setitem__(0, calls[0] + 1))
    before = sys.getrefcount(None), sys.getrefcount(True)

    def step() -> None:
        emitter.fired.emit(1)
        if calls[0] < 5000:
            QTimer.singleShot(0, step)
        else:
            app.quit()

    QTimer.singleShot(0, step)
    app.exec()
    print(sys.getrefcount(None) - before[0], sys.getrefcount(True) - before[1])
    """
)


def test_the_bare_qt_loop_keeps_reference_counts_level() -> None:
    run = subprocess.run(
        [sys.executable, "-c", BARE_LOOP],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
        check=False,
    )
    assert run.returncode == 0, run.stderr[-500:]
    none_drift, true_drift = (int(n) for n in run.stdout.split())
    assert abs(none_drift) < 100  # a leak of one per call would be 5,000
    assert abs(true_drift) < 100


@pytest.mark.slow
def test_5000_answers_in_one_session_keep_reference_counts_level(
    page: WorkspacePage, qtbot: QtBot
) -> None:
    """The fatal direction is down: None or True reaching zero. PySide6 6.11 takes one
    reference to None per widget it makes and never gives it back, which only adds
    (measured: 1 per QPushButton); the objects Python tracks must stay level too."""
    page.select("1.1.1")
    page.tree.setFocus()
    samples = []
    for n in range(5000):
        qtbot.keyClick(page.tree, Qt.Key.Key_1 if n % 2 else Qt.Key.Key_2)
        if n % 1000 == 999:
            qtbot.waitUntil(lambda: page.workspace.unsaved == 0)
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            gc.collect()
            samples.append((sys.getrefcount(None), sys.getrefcount(True), len(gc.get_objects())))
    assert page.workspace.held["1.1.1"].code == "met"  # the last key, saved
    first = samples[0]
    for none, true, tracked in samples[1:]:
        assert none >= first[0] - 100, samples
        assert true >= first[1] - 100, samples
        assert tracked <= first[2] + 500, samples  # history is full after 500 answers
