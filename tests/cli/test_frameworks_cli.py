"""`certdesk frameworks ...` as a user and a script at headquarters use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from certdesk.cli import main
from certdesk.paths import criteria_dir
from tests.conftest import DATA, framework_file


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_bundled_frameworks(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "frameworks", "list", "--json")
    assert code == 0
    ids = {f["id"] for f in json.loads(out)}
    assert "nist-sp800-171r2" in ids


def test_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "frameworks", "show", "nist-sp800-171r2", "--json")
    data = json.loads(out)
    assert code == 0
    assert (data["areas"], data["criteria"], data["items"]) == (14, 26, 110)
    assert data["scoring_method"] == "deduction"
    assert data["content_hash"].startswith("sha256:")
    assert data["title"]["ko"]
    assert data["title"]["en"]


def test_show_unknown_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "frameworks", "show", "no-such-thing")
    assert code == 1
    assert err.count("\n") == 1
    assert "no framework 'no-such-thing'" in err


def test_validate_bundled_passes(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in criteria_dir().iterdir())
    code, out, err = run(capsys, "frameworks", "validate", *files)
    assert code == 0, err
    assert out.count("ok: ") == len(files)


@pytest.mark.parametrize("sample", sorted((DATA / "invalid").glob("*.yaml")), ids=lambda p: p.name)
def test_validate_invalid_sample_fails_with_one_line(
    capsys: pytest.CaptureFixture[str], sample: Path
) -> None:
    code, _, err = run(capsys, "frameworks", "validate", str(sample))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    expected = sample.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    assert lines[0].startswith(f"{sample}:")
    assert expected in lines[0]


def test_install_then_refuse_changed_content(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, isolated_home: Path
) -> None:
    source = framework_file("maturity-small.yaml")
    code, out, _ = run(capsys, "frameworks", "install", str(source))
    assert (code, out.strip()) == (0, "installed test-maturity 1.0")
    code, out, _ = run(capsys, "frameworks", "install", str(source))
    assert (code, out.strip()) == (0, "test-maturity 1.0 is already installed")
    changed = tmp_path / "changed.yaml"
    changed.write_text(source.read_text(encoding="utf-8").replace("Governance", "Oversight"))
    code, _, err = run(capsys, "frameworks", "install", str(changed))
    assert code == 1
    assert "already installed with other content" in err
    code, out, _ = run(capsys, "frameworks", "show", "test-maturity", "--json")
    assert json.loads(out)["id"] == "test-maturity"
    assert len(list((isolated_home / "criteria").iterdir())) == 1


def test_install_invalid_file_lists_problems(capsys: pytest.CaptureFixture[str]) -> None:
    bad = sorted((DATA / "invalid").glob("*.yaml"))[0]
    code, _, err = run(capsys, "frameworks", "install", str(bad))
    assert code == 1
    assert err.startswith(f"certdesk: {bad} is not a valid criteria file")


def test_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frameworks", "frobnicate"])
    assert caught.value.code == 2


def test_python_dash_m_works(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "certdesk", "frameworks", "show", "nist-sp800-171r2", "--json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["items"] == 110


def test_a_changed_file_is_checked_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, isolated_home: Path
) -> None:
    # The library remembers which file contents passed every check; a change to
    # an installed file is a new content and is checked (and refused) again.
    source = framework_file("maturity-small.yaml")
    assert main(["frameworks", "install", str(source)]) == 0
    assert main(["frameworks", "show", "test-maturity", "--json"]) == 0
    installed = next((isolated_home / "criteria").iterdir())
    installed.write_text(source.read_text(encoding="utf-8").replace("target: 4", "target: 9"))
    capsys.readouterr()
    from certdesk.services.library import frameworks

    frameworks._CACHE.clear()
    assert main(["frameworks", "show", "test-maturity"]) == 1
    assert "no framework 'test-maturity'" in capsys.readouterr().err


def test_show_says_the_method_and_the_laws_date_in_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "frameworks", "show", "privacy-impact")
    assert code == 0
    assert "scoring: weighted conformity" in out  # the method's label, never its code
    assert "laws as in force on 2026-11-30" in out
