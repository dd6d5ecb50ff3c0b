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
