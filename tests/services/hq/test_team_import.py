"""Four people at four desks import overlapping sets of the same 200 result packages
into one headquarters database on PostgreSQL at once: four real processes of the
command line, each reading in its own pool of worker processes. Every package ends up
present once, nobody sees an error, and the audit log verifies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from keyring.backends.fail import Keyring as FailKeyring
from sqlmodel import func, select

from certdesk.services.assessment import audit_log
from certdesk.store.tables import Assessment, ImportedPackage
from tests.support.exchange import TEAM_PASSPHRASE, Actor
from tests.support.packages import many_results
from tests.support.postgres import Cluster

PACKAGES = 200
DESKS = 4
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def hq_backend() -> str:
    """These tests choose their backends themselves: they run once."""
    return "explicit"


def test_four_desks_importing_the_same_packages_at_once_lose_nothing(
    tmp_path: Path, pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    # no keyring at these desks: keys in files under a passphrase, the team's audit key
    # from the description's box under the team passphrase, as a fresh process finds them
    monkeypatch.setenv("CERTDESK_KEY_PASSPHRASE", "headquarters key passphrase")
    monkeypatch.setenv("CERTDESK_PASSPHRASE", TEAM_PASSPHRASE)
    refusing = FailKeyring()  # type: ignore[no-untyped-call]  # keyring's own class
    hq = Actor(tmp_path / "hq", "hq", ring=refusing, server=pg_cluster.new_database())
    import time

    t0 = time.perf_counter()
    made = many_results(tmp_path, PACKAGES, hq=hq)
    print("made", time.perf_counter() - t0)
    assert hq.ctx is not None
    hq.ctx.close()
    hq.ctx = None
    db = hq.home / "certdesk.db"
    env = {
        **os.environ,
        "CERTDESK_HOME": str(hq.home),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PYTHONPATH": str(ROOT),
    }
    step = PACKAGES // DESKS
    desks = [
        subprocess.Popen(
            [sys.executable, "-m", "certdesk", "--db", str(db), "package", "import", "--json"]
            + [str(p) for p in made.paths[n * step :] + made.paths[: n * step]],
            env={**env, "CERTDESK_USER": f"desk{n}"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(DESKS)
    ]
    said = [desk.communicate(timeout=600) for desk in desks]
    for desk, (_out, err) in zip(desks, said, strict=True):
        assert desk.returncode == 0, err
    statuses = [o["status"] for out, _err in said for o in json.loads(out)]
    assert len(statuses) == PACKAGES * DESKS
    assert set(statuses) == {"imported", "present"}
    assert statuses.count("imported") == PACKAGES  # each written once, by one desk
    try:
        with hq.acting() as ctx, ctx.db.session() as session:
            held = session.exec(select(ImportedPackage.sha256)).all()
            assert len(held) == len(set(held)) == PACKAGES
            assert session.exec(select(func.count()).select_from(Assessment)).one() == PACKAGES
            assert audit_log.verify(ctx).ok
    finally:
        if hq.ctx is not None:
            hq.ctx.close()  # the server's connections closed, not left to the collector
