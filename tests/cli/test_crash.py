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
    assert "builtins.RuntimeError" in text
    assert "tests/cli/test_crash.py" in text  # where it happened
    assert "boom" not in text  # what the error said may hold what a user typed
    assert "CertDesk" in text
    assert report.stat().st_mode & 0o777 == 0o600
    assert report.parent.stat().st_mode & 0o777 == 0o700


def test_a_secret_reaches_no_report_or_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    """An unexpected error whose message and SQL parameters hold a user's note."""
    from sqlalchemy.exc import IntegrityError

    from certdesk.cli import assess as assess_cli

    secret = "김철수 010-1234-5678 금형도면 반출"
    db = str(isolated_home / "c.db")
    assert main(["--db", db, "supplier", "add", "한빛정밀", "--business-id", "124-81-00998"]) == 0
    new = ["--db", db, "assess", "new", "--supplier", "한빛정밀"]
    assert main([*new, "--framework", "industrial-security", "--mode", "onsite"]) == 0
    aid = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["--db", db, "assess", "answer", aid, "1.1.1", "met", "--note", secret]) == 0

    def broken(args: argparse.Namespace) -> int:
        params = {"note": secret}
        raise IntegrityError(f"UPDATE answer SET note='{secret}'", params, Exception(secret))

    monkeypatch.setattr(assess_cli, "answer_item", broken)
    code = main(["--db", db, "assess", "answer", aid, "1.1.1", "met", "--note", secret])
    assert code == EXIT_BUG
    err = capsys.readouterr().err
    assert secret not in err
    written = [p for p in isolated_home.rglob("*") if p.is_file() and p.suffix in (".txt", ".log")]
    assert written  # the report
    for path in written:
        assert secret.encode() not in path.read_bytes(), path
    [report] = (isolated_home / "crash-reports").iterdir()
    assert report.stat().st_mode & 0o777 == 0o600
