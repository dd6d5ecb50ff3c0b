"""The command line behaves as Unix tools do: pipes, Ctrl+C, exit codes, --lang."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from certdesk.cli import frameworks as frameworks_cli
from certdesk.cli import main
from certdesk.cli.output import EXIT_INTERRUPTED, EXIT_USER


def test_a_closed_pipe_ends_quietly(isolated_home: Path) -> None:
    done = subprocess.run(
        f"{sys.executable} -m certdesk frameworks list --json | head -c 1",
        shell=True,
        capture_output=True,
        text=True,
        env={**os.environ, "CERTDESK_HOME": str(isolated_home)},
        check=True,
    )
    assert done.stdout == "["
    assert done.stderr == ""
    assert not (isolated_home / "crash-reports").exists()


def test_ctrl_c_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    def interrupted(args: argparse.Namespace) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(frameworks_cli, "list_frameworks", interrupted)
    assert main(["frameworks", "list"]) == EXIT_INTERRUPTED
    assert capsys.readouterr().err == ""
    assert not (isolated_home / "crash-reports").exists()


def test_a_report_language_is_not_the_language_of_messages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "c.db")
    out = str(tmp_path / "r.pdf")
    assert main(["--db", db, "report", "gap", "nope", "-o", out, "--lang", "ko"]) == EXIT_USER
    assert "no assessment 'nope'" in capsys.readouterr().err
    assert main(["--lang", "ko", "--db", db, "report", "gap", "nope", "-o", out]) == EXIT_USER
    assert "평가 'nope'가 없습니다" in capsys.readouterr().err
