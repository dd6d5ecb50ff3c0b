"""UI tests: offscreen Qt that sees only the bundled fonts; Qt warnings fail tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from certdesk.paths import fonts_dir
from certdesk.ui.main_window import MainWindow
from certdesk.ui.settings import Settings


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    cache = Path(config.rootpath) / ".pytest_cache" / "fontconfig"
    cache.mkdir(parents=True, exist_ok=True)
    conf = cache / "fonts.conf"
    conf.write_text(
        "<?xml version='1.0'?>\n<fontconfig>\n"
        f"  <dir>{fonts_dir()}</dir>\n  <cachedir>{cache}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    os.environ["FONTCONFIG_FILE"] = str(conf)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui" in str(item.path):
            item.add_marker(pytest.mark.ui)


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """The real window on a first run: a new encrypted database with the demo."""
    monkeypatch.setenv("CERTDESK_DEMO", "yes")
    main = MainWindow(Settings())
    qtbot.addWidget(main)
    main.show()
    main.open_startup_database()
    return main


@pytest.fixture
def warned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the operation runner put before the person in a warning box, a text each
    (the box itself would wait for a click offscreen)."""
    texts: list[str] = []
    monkeypatch.setattr(
        "certdesk.ui.operations.QMessageBox.warning",
        lambda _parent, _title, text: texts.append(text),
    )
    return texts
