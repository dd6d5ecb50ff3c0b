"""Registers the bundled fonts so Korean renders where no Korean font is installed."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from certdesk.paths import fonts_dir

UI_FAMILY = "NanumGothic"


def register_bundled_fonts(pattern: str = "*.ttf") -> list[str]:
    """Add the fonts in resources/fonts to Qt; returns the families added."""
    families: list[str] = []
    for path in sorted(fonts_dir().glob(pattern)):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))


def use_bundled_font(app: QGuiApplication, *, regular_only: bool = False) -> None:
    """Register the bundled fonts and make the Korean-capable one the default.

    With `regular_only`, only the regular face is read now (start-up); call
    `register_bundled_fonts("*Bold.ttf")` once the window shows.
    """
    if UI_FAMILY in register_bundled_fonts(f"{UI_FAMILY}.ttf" if regular_only else "*.ttf"):
        font = QFont(UI_FAMILY)
        font.setPointSizeF(app.font().pointSizeF())
        app.setFont(font)


def fingerprint_font(points: int) -> QFont:
    """A fixed-width face for fingerprints, each character distinct as it is read aloud."""
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(points)
    return font
