"""Korean renders with the bundled font even where the system has none."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from certdesk.ui.fonts import UI_FAMILY, use_bundled_font


def test_bundled_font_is_the_default_and_covers_hangul(qapp: QApplication, qtbot: QtBot) -> None:
    use_bundled_font(qapp)
    assert UI_FAMILY in QFontDatabase.families()
    label = QLabel("산업보안 관리체계 인증")
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    metrics = QFontMetrics(label.font())
    assert label.font().family() == UI_FAMILY
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "산업보안관리체계인증")
    assert metrics.horizontalAdvance("보안") > 0
