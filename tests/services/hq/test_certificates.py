"""A certificate is issued, verified, revoked, and then fails verification."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from certdesk.cli import main
from certdesk.errors import UserError
from certdesk.services.assessment import create, status
from certdesk.services.exchange import results_in, results_out
from certdesk.services.hq import certificates
from tests.support.exchange import Actor, kit_assessment
from tests.support.workspace import answer_all


@pytest.fixture
def imported(tmp_path: Path, clock: date) -> tuple[Actor, Actor, str, Path]:
    field, hq = Actor(tmp_path / "field", "field"), Actor(tmp_path / "hq", "hq")
    aid = kit_assessment(hq, field, tmp_path, profile="standard")
    with field.acting() as ctx:
        answer_all(ctx, aid, tmp_path)
        status.set_status(ctx, aid, "final")
    hq_key = hq.public_file("hq")
    with field.acting() as ctx:
        package = tmp_path / "final.cdpkg"
        results_out.export_package(ctx, aid, package, hq_key)
    with hq.acting() as ctx:
        [outcome] = results_in.import_files(ctx, [package]).outcomes
        assert outcome.status == "imported", outcome.reason
    return field, hq, aid, package


def test_issue_verify_revoke(
    imported: tuple[Actor, Actor, str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    clock: date,
) -> None:
    _field, hq, aid, package = imported
    with hq.acting() as ctx:
        view = certificates.issue(ctx, aid, tmp_path / "cert.pdf", "ko").certificate
        assert view.outcome == "인증"
        assert (view.valid_until - view.issued).days >= 365 * 3 - 1
        assert certificates.verify(ctx, view.code).status == "valid"
        assert certificates.verify(ctx, view.code, package).status == "valid"
        other = tmp_path / "other.cdpkg"
        other.write_bytes(package.read_bytes() + b"x")
        assert certificates.verify(ctx, view.code, other).status == "mismatch"
        later = view.valid_until + timedelta(days=1)
        assert certificates.verify(ctx, view.code, today=later).status == "expired"
        with pytest.raises(UserError, match="already has certificate"):
            certificates.issue(ctx, aid, tmp_path / "again.pdf", "en")
        assert certificates.verify(ctx, "0000-0000-0000-0000").status == "unknown"
    with hq.commanding() as db:
        assert main(["--db", db, "cert", "verify", view.code]) == 0
        assert main(["--db", db, "cert", "revoke", view.code, "--reason", "부정 발견"]) == 0
        capsys.readouterr()
        assert main(["--db", db, "cert", "verify", view.code]) == 3  # it said no
        assert "revoked (부정 발견)" in capsys.readouterr().out
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "cert.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "인증서" in text
    assert view.code in text
    assert "124-81-00998" in text
    assert "공식 인증기관의 인증서가 아닙니다" in text
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "cert.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts
    assert all(line.split()[-5] == "yes" for line in fonts)
    assert clock <= view.valid_until


def test_no_certificate_without_a_final_imported_result(
    imported: tuple[Actor, Actor, str, Path], tmp_path: Path
) -> None:
    field, hq, aid, _package = imported
    with field.acting() as ctx, pytest.raises(UserError, match="headquarters' work"):
        certificates.issue(ctx, aid, tmp_path / "c.pdf", "en")
    with hq.acting() as ctx:
        local = create.new_assessment(ctx, "한빛정밀", "industrial-security", "onsite").id
        with pytest.raises(UserError, match="needs a final on-site result imported"):
            certificates.issue(ctx, local, tmp_path / "c.pdf", "en")
    assert not (tmp_path / "c.pdf").exists()
