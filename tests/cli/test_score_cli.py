"""`certdesk score FRAMEWORK ANSWERS.csv` on the bundled NIST framework."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from certdesk.cli import main
from certdesk.domain.framework import Framework
from certdesk.formats.criteria import load_framework
from certdesk.paths import criteria_dir


@pytest.fixture(scope="module")
def nist() -> Framework:
    return load_framework(criteria_dir() / "nist-sp800-171r2.yaml")


def write_csv(path: Path, rows: Sequence[tuple[str, ...]], encoding: str = "utf-8") -> Path:
    lines = ["item_id,answer,note", *(",".join(r) for r in rows)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def score_json(capsys: pytest.CaptureFixture[str], csv_file: Path) -> dict[str, object]:
    code = main(["score", "nist-sp800-171r2", str(csv_file), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_all_not_met(capsys: pytest.CaptureFixture[str], tmp_path: Path, nist: Framework) -> None:
    rows = [(i.id, "not_met", "") for i in nist.items()]
    data = score_json(capsys, write_csv(tmp_path / "a.csv", rows))
    assert data["total"] == -203
    assert data["framework"] == "nist-sp800-171r2"
    assert data["outcome"] == "incomplete"
    assert data["provisional"] is False
    assert data["unanswered"] == 0
    assert isinstance(data["areas"], dict)
    assert data["areas"]["3.1"] == -54


def test_all_met_with_bom(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, nist: Framework
) -> None:
    rows = [(i.id, "met", "") for i in nist.items()]
    data = score_json(capsys, write_csv(tmp_path / "a.csv", rows, "utf-8-sig"))
    assert (data["total"], data["outcome"], data["decided_by"]) == (
        110,
        "fully-implemented",
        "full-score",
    )


def test_ssp_missing_in_cp949_with_korean_notes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, nist: Framework
) -> None:
    rows = [(i.id, "met", "확인함") for i in nist.items() if i.id != "3.12.4"]
    rows.append(("3.12.4", "not_met", "시스템 보안 계획 없음"))
    data = score_json(capsys, write_csv(tmp_path / "a.csv", rows, "cp949"))
    assert data["outcome"] == "incomplete"
    assert data["decided_by"] == "ssp-missing"
    assert data["outcome_kind"] == "incomplete"


def test_text_output_says_cannot_be_completed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    csv_file = write_csv(tmp_path / "a.csv", [("3.12.4", "not_met", "")])
    assert main(["score", "nist-sp800-171r2", str(csv_file)]) == 0
    out = capsys.readouterr().out
    assert "Cannot be completed" in out
    assert "Provisional: 109 of 110 items are unanswered" in out


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("9.9.9", "met", ""), "row 3: unknown item '9.9.9'"),
        (("3.1.1", "partial", ""), "row 3: 'partial' is not an answer for item 3.1.1"),
        (("3.1.2", "na", ""), "row 3: item 3.1.2 answered 'na' needs a justification"),
        (("3.1.1", "met", ""), "row 3: item 3.1.1 is answered twice"),
    ],
)
def test_bad_row_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, row: tuple[str, ...], message: str
) -> None:
    csv_file = write_csv(tmp_path / "a.csv", [("3.1.1", "met", ""), row])
    assert main(["score", "nist-sp800-171r2", str(csv_file)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err


def test_missing_columns(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("id,value\n3.1.1,met\n", encoding="utf-8")
    assert main(["score", "nist-sp800-171r2", str(csv_file)]) == 1
    assert "must name the columns item_id and answer" in capsys.readouterr().err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["score", "nist-sp800-171r2", str(tmp_path / "none.csv")]) == 1
    assert "there is no file" in capsys.readouterr().err


def test_unknown_profile(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    csv_file = write_csv(tmp_path / "a.csv", [("3.1.1", "met", "")])
    assert main(["score", "nist-sp800-171r2", str(csv_file), "--profile", "x"]) == 1
    assert "has no profile 'x'" in capsys.readouterr().err
