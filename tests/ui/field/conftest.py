"""The workspace page on a real encrypted database, shown offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from certdesk.services import context
from certdesk.services.assessment.workspace import Workspace
from certdesk.ui.field.workspace_page import WorkspacePage
from certdesk.ui.fonts import use_bundled_font
from tests.support.workspace import new_context, supplier_and_assessment


@pytest.fixture
def ctx(tmp_path: Path, qapp: QApplication) -> context.Context:
    use_bundled_font(qapp)
    return new_context(tmp_path)


@pytest.fixture
def page(ctx: context.Context, qtbot: QtBot) -> WorkspacePage:
    aid = supplier_and_assessment(ctx)
    widget = WorkspacePage(Workspace(ctx, aid))
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
