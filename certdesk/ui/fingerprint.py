"""A key's fingerprint as a person reads it aloud: eight numbered groups of four
characters, big, in a face where every character is distinct."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from certdesk.ui.fonts import fingerprint_font


class FingerprintGroups(QWidget):
    """The groups in two rows of four, each numbered, its characters spaced apart."""

    def __init__(self, fingerprint: str, parent: QWidget | None = None, points: int = 16) -> None:
        super().__init__(parent)
        self.groups = fingerprint.split()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        for column in range(1, 8, 2):
            grid.setColumnMinimumWidth(column, 120)  # groups apart, as they are read
        mono = fingerprint_font(points)
        self.shown: list[QLabel] = []
        for n, group in enumerate(self.groups):
            number = QLabel(f"{n + 1}.")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            shown = QLabel(" ".join(group.upper()))  # letters apart: read one by one
            shown.setFont(mono)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(number, n // 4, (n % 4) * 2)
            grid.addWidget(shown, n // 4, (n % 4) * 2 + 1)
            self.shown.append(shown)
