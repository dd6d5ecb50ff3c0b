"""Send to headquarters warns when what goes is not final, on a real database."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from certdesk.services import context
from certdesk.services.assessment import status
from certdesk.services.exchange import sending
from certdesk.ui.field.send_dialog import SendDialog
from certdesk.ui.settings import Settings
from tests.support.workspace import supplier_and_assessment


def _dialog(ctx: context.Context, aid: str, qtbot: QtBot, tmp_path: Path) -> SendDialog:
    dialog = SendDialog(None, Settings(), sending.summary(ctx, aid), [], tmp_path / "r.cdpkg")
    qtbot.addWidget(dialog)
    return dialog


def test_a_draft_is_sent_only_with_a_warning_and_a_final_one_without(
    ctx: context.Context, qtbot: QtBot, tmp_path: Path
) -> None:
    aid = supplier_and_assessment(ctx)
    draft = _dialog(ctx, aid, qtbot, tmp_path)
    assert draft.draft_warning.isVisibleTo(draft)
    assert "Make final" in draft.draft_warning.text()
    status.set_status(ctx, aid, "final")
    final = _dialog(ctx, aid, qtbot, tmp_path)
    assert not final.draft_warning.isVisibleTo(final)
