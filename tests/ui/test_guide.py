"""Help > Guide: shown in the chosen language, and every menu path it names exists."""

from __future__ import annotations

import html
import re

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from certdesk.paths import guide_path
from certdesk.ui.guide import GuideDialog
from certdesk.ui.main_window import MainWindow

MENU_PATH = re.compile(r"<b>([^<]*?&gt;[^<]*?)</b>")


def _plain(text: str) -> str:
    """A menu entry as the guide names it: no accelerator, Korean's "(&F)" included."""
    return re.sub(r"\(&[A-Z]\)", "", text).replace("&", "").strip()


def _entries(menu: QMenu, prefix: tuple[str, ...], found: set[tuple[str, ...]]) -> None:
    for action in menu.actions():
        path = (*prefix, _plain(action.text()))
        found.add(path)
        sub = action.menu()
        if isinstance(sub, QMenu):
            _entries(sub, path, found)


def _menu_paths(window: MainWindow) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            _entries(menu, (_plain(top.text()),), found)
    return found


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_menu_path_in_the_guide_is_in_the_menus(window: MainWindow, language: str) -> None:
    window.switch_language(language)
    try:
        paths = _menu_paths(window)
        named = MENU_PATH.findall(guide_path(language).read_text(encoding="utf-8"))
        assert len(named) >= 10
        for text in named:
            steps = tuple(re.sub(r"\s+", " ", s).strip() for s in html.unescape(text).split(">"))
            assert steps in paths, f"{language}: the guide names {steps}, the menus do not"
    finally:
        window.switch_language("en")


def test_the_guide_opens_from_the_help_menu_in_the_chosen_language(window: MainWindow) -> None:
    window.switch_language("ko")
    try:
        [help_menu] = [a.menu() for a in window.menuBar().actions() if "H" in a.text()[-4:]]
        assert isinstance(help_menu, QMenu)
        [entry] = [a for a in help_menu.actions() if a.text() == "안내서(&G)"]
        assert isinstance(entry, QAction)
        entry.trigger()
        assert isinstance(window.guide, GuideDialog)
        assert window.guide.isVisible()
        assert "시작하기" in window.guide.browser.toPlainText()
    finally:
        window.switch_language("en")
