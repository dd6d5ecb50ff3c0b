"""One CertDesk at a time on a database: the second is told who has it, and a crash of
the first leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from certdesk.cli import main
from certdesk.errors import UserError
from certdesk.services import opening
from tests.support.workspace import new_context

HOLD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from certdesk.services import opening
    held = opening.open_context(Path(sys.argv[1]))
    print("holding", flush=True)
    time.sleep(600)
    """
)


def test_a_second_open_is_refused_with_who_holds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CERTDESK_USER", "김심사")
    first = new_context(tmp_path)
    with pytest.raises(UserError) as refused:
        opening.open_context(tmp_path / "certdesk.db")
    assert "is open in CertDesk by 김심사 on" in refused.value.message
    assert "close it there, then try again" in refused.value.message
    first.close()
    opening.open_context(tmp_path / "certdesk.db").close()  # free again


def test_the_command_line_is_refused_while_the_app_holds_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    held = new_context(tmp_path)
    assert main(["--db", str(held.db.path), "assess", "list"]) == 1
    assert "is open in CertDesk by" in capsys.readouterr().err
    held.close()
    assert main(["--db", str(held.db.path), "assess", "list"]) == 0


@pytest.mark.usefixtures("no_keyring")
def test_a_killed_holder_leaves_no_lock(tmp_path: Path) -> None:
    path = tmp_path / "certdesk.db"
    new_context(tmp_path).close()  # a passphrase database: the child can open it too
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(Path(__file__).parents[2]),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        },
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "holding"
            with pytest.raises(UserError, match="is open in CertDesk"):
                opening.open_context(path)
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
    deadline = time.monotonic() + 10
    while True:
        try:
            opening.open_context(path).close()
            break
        except UserError:
            assert time.monotonic() < deadline, "the lock outlived its process"
            time.sleep(0.1)


@pytest.mark.parametrize(
    "written",
    [
        '{"user": "evil\\u202e\\nuser\\u0000", "host": "' + "h" * 5000 + '", "since": "never"}',
        "not json at all",
        '{"user": 1}',
    ],
)
def test_a_hostile_holder_file_gives_one_line_and_changes_nothing(
    tmp_path: Path, written: str
) -> None:
    held = new_context(tmp_path)
    who = tmp_path / "certdesk.db.in-use.json"
    who.write_text(written, encoding="utf-8")  # what another user's CertDesk left beside it
    with pytest.raises(UserError) as refused:
        opening.open_context(tmp_path / "certdesk.db")
    message = refused.value.message
    assert "\n" not in message
    assert "\u202e" not in message
    assert "\x00" not in message
    assert len(message) < 400
    assert "in use" in message or "is open in CertDesk" in message
    assert who.read_text(encoding="utf-8") == written  # the refused opener wrote nothing
    held.close()
