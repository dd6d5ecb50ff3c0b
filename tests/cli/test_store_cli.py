"""The command-line script from the issue: supplier, assessment, answers, finding,
evidence, live score, an unreadable file, and an audit log that notices tampering."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from certdesk.cli import main
from certdesk.services import opening


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_field_script(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "field.db")
    assert run(capsys, "--db", db, "init", "--role", "field")[0] == 0
    code, out, _ = run(
        capsys, "--db", db, "supplier", "add", "한빛정밀", "--business-id", "124-81-00998"
    )
    assert code == 0
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "assess",
        "new",
        "--supplier",
        "124-81-00998",
        "--framework",
        "industrial-security",
        "--mode",
        "onsite",
        "--site",
        "평택 공장",
        "--cycle",
        "2026-H2",
        "--profile",
        "standard",
        "--scope",
        "processes=금형",
        "--scope",
        "processes=사출",
    )
    assert code == 0
    assessment = out.strip()
    assert len(out.splitlines()) == 1
    assert len(assessment) == 36
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "item_id,answer,note\n1.1.1,met,\n1.1.2,partial,검토 기록 일부\n2.1.1,met,\n",
        encoding="utf-8-sig",
    )
    assert run(capsys, "--db", db, "assess", "import-answers", assessment, str(answers))[0] == 0
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "assess",
        "finding",
        "add",
        assessment,
        "--severity",
        "major",
        "--description",
        "보호구역 출입기록 미보관",
        "--item",
        "2.1.1",
        "--owner",
        "총무팀",
        "--due",
        "2027-01-31",
    )
    assert code == 0
    photo = tmp_path / "gate.txt"
    photo.write_text("출입 대장 사본", encoding="utf-8")
    assert (
        run(capsys, "--db", db, "assess", "evidence", "add", assessment, "2.1.1", str(photo))[0]
        == 0
    )
    code, out, _ = run(capsys, "--db", db, "assess", "show", assessment, "--json")
    shown = json.loads(out)
    assert shown["score"]["framework"] == "industrial-security"
    assert shown["score"]["unanswered"] == shown["score"]["applicable"] - 3
    assert shown["score"]["outcome"] == "not-certified"
    assert shown["score"]["decided_by"] == "area-minimum"
    assert shown["score"]["provisional"] is True
    assert shown["open_findings"] == {"major": 1}
    assert shown["scope"] == {"processes": ["금형", "사출"]}

    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db).execute("SELECT * FROM answer").fetchall()

    code, out, _ = run(capsys, "--db", db, "audit", "verify")
    assert code == 0
    assert out.startswith("audit log intact")
    opened = opening.open_database(Path(db), create_role=None)
    with opened.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_entry_no_update"))
        connection.execute(
            text("UPDATE audit_entry SET actor = 'mallory' WHERE action = 'finding.add'")
        )
    opened.close()
    code, out, _ = run(capsys, "--db", db, "audit", "verify", "--json")
    report = json.loads(out)
    assert code == 3  # a verification said no
    assert report["ok"] is False
    assert report["breaks"][0]["reason"] == "altered"


def test_user_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CERTDESK_DB", str(tmp_path / "env.db"))
    code, _, err = run(capsys, "supplier", "add", "X", "--business-id", "123-45-67890")
    assert code == 1
    assert err.count("\n") == 1
    assert "not a valid business registration number" in err
    assert (tmp_path / "env.db").exists()  # the first command created a field database
    code, _, err = run(capsys, "init")
    assert (code, err.count("\n")) == (1, 1)
    assert "already exists" in err
    code, _, err = run(capsys, "assess", "show", "nope-nope")
    assert (code, err.strip()) == (1, "certdesk: no assessment 'nope-nope'")
