"""Answering the app's modal dialogs as a person would, from inside their event loop.

`exec()` runs a nested event loop that waits for a person; a test arranges, before
the click that opens the dialog, what that person does once it shows: fill its
real fields, press its real buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

T = TypeVar("T", bound=QWidget)


def when_shown(kind: type[T], act: Callable[[T], None], *, attempts: int = 1000) -> list[T]:
    """Once a modal dialog of `kind` shows, call `act` on it; the list gets the dialog."""
    seen: list[T] = []

    def poll(left: int) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            seen.append(widget)
            act(widget)
        elif left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, lambda: poll(attempts))
    return seen
