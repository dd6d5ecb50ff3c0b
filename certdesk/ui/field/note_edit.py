"""The note of an item: typed text is never lost, and the keyboard always gets out.

Tab and Shift+Tab move the focus on (a note needs no tab characters); Esc hands the
focus back to the item list. Whenever the focus leaves, `left` is emitted first, so
the pane saves the note (or says why it cannot) before anything else happens.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class NoteEdit(QPlainTextEdit):
    left = Signal()
    """The focus is leaving: save what was typed now."""
    escaped = Signal()
    """Esc: the user wants back to the item list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.left.emit()
            self.escaped.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.left.emit()
        super().focusOutEvent(event)
