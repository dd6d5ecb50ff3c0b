"""The register and the database's keeping from the command line, for scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from certdesk.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "field.db")
    assert (
        run(capsys, "--db", path, "supplier", "add", "한빛정밀", "--business-id", "1248100998")[0]
        == 0
    )
    return path


def _suppliers(capsys: pytest.CaptureFixture[str], db: str, *more: str) -> list[dict[str, object]]:
    code, out, _err = run(capsys, "--db", db, "supplier", "list", "--json", *more)
    assert code == 0
    found = json.loads(out)
    assert isinstance(found, list)
    return found


def test_a_supplier_is_edited_archived_and_restored(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, _out, err = run(
        capsys,
        "--db",
        db,
        "supplier",
        "edit",
        "한빛정밀",
        "--contact-email",
        "sec@hanbit.example",
        "--site",
        "구미",
        "--site",
        "평택",
        "--process",
        "사출",
    )
    assert (code, err) == (0, "")
    [view] = _suppliers(capsys, db)
    assert (view["contact_email"], view["sites"], view["processes"]) == (
        "sec@hanbit.example",
        ["구미", "평택"],
        ["사출"],
    )
    assert run(capsys, "--db", db, "supplier", "archive", "124-81-00998")[0] == 0
    assert _suppliers(capsys, db) == []
    assert _suppliers(capsys, db, "--archived")[0]["archived"] is True
    assert run(capsys, "--db", db, "supplier", "archive", "한빛정밀", "--restore")[0] == 0
    assert len(_suppliers(capsys, db)) == 1
    code, _out, err = run(
        capsys, "--db", db, "supplier", "edit", "한빛정밀", "--contact-email", "x"
    )
    assert code == 1
    assert err.count("\n") == 1
    assert "not an e-mail address" in err


def test_a_backup_is_written_and_restored_by_a_script(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CERTDESK_BACKUP_PASSPHRASE", "a long backup passphrase")
    backup = tmp_path / "b.cdbackup"
    assert run(capsys, "--db", db, "db", "backup", str(backup))[0] == 0
    restored = tmp_path / "restored.db"
    code, out, _err = run(capsys, "db", "restore", str(backup), "--to", str(restored))
    assert (code, out.strip()) == (0, str(restored))
    assert [s["name"] for s in _suppliers(capsys, str(restored))] == ["한빛정밀"]
    monkeypatch.setenv("CERTDESK_BACKUP_PASSPHRASE", "not the passphrase at all")
    code, _out, err = run(capsys, "db", "restore", str(backup), "--to", str(tmp_path / "x.db"))
    assert code == 1
    assert "backup passphrase is not right" in err
    assert not (tmp_path / "x.db").exists()


@pytest.mark.usefixtures("no_keyring")
def test_a_new_passphrase_from_a_script(
    capsys: pytest.CaptureFixture[str], db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CERTDESK_NEW_PASSPHRASE", "a brand new passphrase")
    assert run(capsys, "--db", db, "db", "passphrase")[0] == 0
    assert run(capsys, "--db", db, "supplier", "list")[0] == 1  # the old one no longer opens
    monkeypatch.setenv("CERTDESK_PASSPHRASE", "a brand new passphrase")
    assert len(_suppliers(capsys, db)) == 1
