"""Every acknowledged answer survives a kill -9 of the writing process."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from certdesk.services import opening
from tests.support.workspace import new_context, supplier_and_assessment

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 12


@pytest.mark.slow
@pytest.mark.usefixtures("no_keyring")
def test_acknowledged_answers_survive_kill_9(tmp_path: Path) -> None:
    ctx = new_context(tmp_path)
    aid = supplier_and_assessment(ctx)
    items = [i.id for i in ctx.library.find("industrial-security").items()][:40]
    ctx.db.close()
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PYTHONPATH": str(ROOT),
    }
    rng = random.Random(20261124)
    total_acks = 0
    for round_ in range(ROUNDS):
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.support.writer",
                str(tmp_path / "certdesk.db"),
                aid,
                str(round_),
                ",".join(items),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=ROOT,
            text=True,
        )
        time.sleep(rng.uniform(1.2, 2.4))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        acked: dict[str, int] = {}
        for line in out.splitlines():
            _ack, item, count = line.split()
            acked[item] = int(count)
        total_acks += len(acked)
        db = opening.open_database(tmp_path / "certdesk.db", create_role=None)
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            rows = connection.execute(text("SELECT item_id, note FROM answer")).all()
            notes: dict[str, str] = {str(item): str(note) for item, note in rows}
        db.close()
        for item, counter in acked.items():
            held_round, held_counter = notes[item].split(":")
            assert int(held_round) == round_, item
            assert int(held_counter) >= counter, item
    assert total_acks > ROUNDS  # the kills landed while answers were being written
