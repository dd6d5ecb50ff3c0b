"""An unexpected error in the app: a local report and a dialog that names it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from certdesk.ui import crash


def test_unexpected_error_saves_a_report_and_says_where(
    qapp: QApplication,
    monkeypatch: pytest.MonkeyPatch,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    shown: list[str] = []
    # The real dialog is modal and would wait for a click: record its text instead.
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    crash.install()
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    [report] = (isolated_home / "crash-reports").iterdir()
    text = report.read_text(encoding="utf-8")
    assert "builtins.RuntimeError" in text
    assert "boom" not in text
    [text] = shown
    assert str(report) in text
    assert str(report) in capsys.readouterr().err
