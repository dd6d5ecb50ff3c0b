"""Building the window's menus: one way to make an action, the language menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from certdesk.i18n import current_language

LANGUAGES = (("ko", "한국어"), ("en", "English"))
"""Each language's name in itself, as language menus show them."""


def add_action(
    parent: QWidget,
    menu: QMenu,
    text: str,
    slot: Callable[[], object],
    keys: str | QKeySequence.StandardKey | None = None,
) -> QAction:
    """An entry of `menu` that calls `slot` with no arguments (never Qt's `checked` flag)."""
    action = QAction(text, parent)
    # setShortcuts with a list: the first setShortcut() call makes PySide
    # build ~100 enum types (20 ms before the window shows); standard keys
    # get every platform binding (Redo: Ctrl+Y and Ctrl+Shift+Z).
    if isinstance(keys, QKeySequence.StandardKey):
        action.setShortcuts(QKeySequence.keyBindings(keys))
    elif keys is not None:
        action.setShortcuts([QKeySequence(keys)])
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def language_menu(parent: QWidget, menu: QMenu, switch: Callable[[str], None]) -> None:
    group = QActionGroup(parent)
    for code, name in LANGUAGES:
        action = menu.addAction(name)
        action.setCheckable(True)
        action.setChecked(code == current_language())
        action.triggered.connect(lambda _c=False, lang=code: switch(lang))
        group.addAction(action)
