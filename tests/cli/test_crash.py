"""A bug in a command ends in a one-line message and a local crash report."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from certdesk.cli import frameworks as frameworks_cli
from certdesk.cli import main
from certdesk.cli.output import EXIT_BUG


def test_unexpected_error_saves_a_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    def broken(args: argparse.Namespace) -> int:
        raise RuntimeError("boom in the list command")

    monkeypatch.setattr(frameworks_cli, "list_frameworks", broken)
    assert main(["frameworks", "list"]) == EXIT_BUG
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "a report was saved to" in err
    [report] = (isolated_home / "crash-reports").iterdir()
    assert str(report) in err
    text = report.read_text(encoding="utf-8")
    assert "RuntimeError: boom in the list command" in text
    assert "CertDesk" in text
