"""A second window on a database that is open elsewhere is told so and keeps its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from certdesk.ui.main_window import MainWindow
from certdesk.ui.settings import Settings
from tests.support.workspace import new_context


def test_a_held_database_is_refused_and_the_window_keeps_its_own(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CERTDESK_USER", "assessor-kim")
    held = new_context(tmp_path / "held")
    own = new_context(tmp_path / "own")
    own.close()
    shown: list[str] = []
    monkeypatch.setattr(
        "certdesk.ui.operations.QMessageBox.warning",
        lambda _parent, _title, text: shown.append(text),
    )
    second = MainWindow(Settings())
    qtbot.addWidget(second)
    second.show()
    second.open_database(own.db.path)
    assert second.ctx is not None
    mine = second.ctx

    second.open_database(held.db.path)

    assert len(shown) == 1
    assert "is open in CertDesk by assessor-kim on" in shown[0]
    assert second.ctx is mine  # still on its own database, still usable
    assert second.ctx.db.path == own.db.path
    second.open_database(own.db.path)  # its own file again: not "in use" by itself
    assert second.ctx is mine
    assert len(shown) == 1
    held.close()
    second.open_database(held.db.path)
    assert second.ctx is not None
    assert second.ctx.db.path == held.db.path
    assert len(shown) == 1
    second.close()
