"""The exchange from the command line: keys, trust, export, import, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from certdesk.cli import main
from tests.support.exchange import Actor


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_field_to_headquarters(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The whole exchange from scripts: kit out, kit in, result out, result in."""
    field, hq = Actor(tmp_path / "field", "field"), Actor(tmp_path / "hq", "hq")
    kit, package = str(tmp_path / "k.cdkit"), str(tmp_path / "r.cdpkg")
    with hq.commanding() as hq_db:
        run(capsys, "--db", hq_db, "supplier", "add", "한빛", "--business-id", "124-81-00998")
        issue = ["--db", hq_db, "kit", "issue", "--supplier", "1248100998", "-o", kit]
        code, out, _ = run(capsys, *issue, "--framework", "industrial-security")
        assert code == 0
        fingerprint = out.strip().rpartition("fingerprint ")[2]
    with field.commanding() as db:
        code, out, _ = run(capsys, "--db", db, "keys", "init")
        assert (code, out.startswith("your signing key: ")) == (0, True)
        code, _, err = run(capsys, "--db", db, "kit", "import", kit)
        assert (code, "first kit: check headquarters' fingerprint" in err) == (1, True)
        code, out, _ = run(
            capsys, "--db", db, "kit", "import", kit, "--accept-fingerprint", fingerprint
        )
        assert code == 0
        aid = out.strip()
        run(capsys, "--db", db, "assess", "answer", aid, "1.1.1", "met")
        me = str(tmp_path / "me.pub")
        assert run(capsys, "--db", db, "keys", "export", "-o", me, "--name", "김심사")[0] == 0
        code, out, _ = run(capsys, "--db", db, "package", "export", aid, "-o", package)
        assert (code, out.strip()) == (0, f"wrote {package} (sequence 1)")  # to the pinned key
    with hq.commanding():
        code, _, err = run(capsys, "--db", hq_db, "package", "import", package)
        assert code == 3  # a verification said no
        assert "signed by an unknown key" in err
        trusted = ["--db", hq_db, "keys", "trust", me, "--name", "김심사", "--role", "assessor"]
        assert run(capsys, *trusted)[0] == 0
        code, out, _ = run(capsys, "--db", hq_db, "package", "import", package, "--json")
        assert code == 0
        assert json.loads(out)[0]["status"] == "imported"
        code, out, _ = run(capsys, "--db", hq_db, "package", "import", package, "--json")
        assert (code, json.loads(out)[0]["status"]) == (0, "present")
        code, out, _ = run(capsys, "--db", hq_db, "keys", "list", "--json")
        assert [k["name"] for k in json.loads(out)] == ["김심사"]


def test_trust_store_only_at_headquarters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    field = Actor(tmp_path / "field", "field")
    with field.commanding() as db:
        code, _, err = run(capsys, "--db", db, "keys", "list")
    assert code == 1
    assert "headquarters' work" in err
