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
    field, hq = Actor(tmp_path / "field", "field"), Actor(tmp_path / "hq", "hq")
    with hq.acting() as ctx:
        hq_db = str(ctx.db.path)
        assert (
            run(
                capsys,
                "--db",
                hq_db,
                "keys",
                "export",
                "-o",
                str(tmp_path / "hq.pub"),
                "--name",
                "본사",
            )[0]
            == 0
        )
    with field.acting() as ctx:
        db = str(ctx.db.path)
        code, out, _ = run(capsys, "--db", db, "keys", "init")
        assert code == 0
        assert out.startswith("your signing key: ")
        run(capsys, "--db", db, "supplier", "add", "한빛", "--business-id", "124-81-00998")
        _, out, _ = run(
            capsys,
            "--db",
            db,
            "assess",
            "new",
            "--supplier",
            "한빛",
            "--framework",
            "industrial-security",
            "--mode",
            "onsite",
        )
        aid = out.strip()
        run(capsys, "--db", db, "assess", "answer", aid, "1.1.1", "met")
        assert (
            run(
                capsys,
                "--db",
                db,
                "keys",
                "export",
                "-o",
                str(tmp_path / "me.pub"),
                "--name",
                "김심사",
            )[0]
            == 0
        )
        code, out, _ = run(
            capsys,
            "--db",
            db,
            "package",
            "export",
            aid,
            "-o",
            str(tmp_path / "r.cdpkg"),
            "--encrypt-to",
            str(tmp_path / "hq.pub"),
        )
        assert (code, out.strip()) == (0, f"wrote {tmp_path / 'r.cdpkg'} (sequence 1)")
    with hq.acting():
        package = str(tmp_path / "r.cdpkg")
        code, _, err = run(capsys, "--db", hq_db, "package", "import", package)
        assert code == 3  # a verification said no
        assert "signed by an unknown key" in err
        assert (
            run(
                capsys,
                "--db",
                hq_db,
                "keys",
                "trust",
                str(tmp_path / "me.pub"),
                "--name",
                "김심사",
                "--role",
                "assessor",
            )[0]
            == 0
        )
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
    with field.acting() as ctx:
        code, _, err = run(capsys, "--db", str(ctx.db.path), "keys", "list")
    assert code == 1
    assert "headquarters' work" in err
