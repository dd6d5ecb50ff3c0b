"""The gap report PDF, read back: its text, its fonts (all embedded), its structure."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from certdesk.cli import main
from certdesk.services import context
from certdesk.services.assessment import demo, evidence, reports
from tests.support.workspace import new_context

TOOLS = ("pdftotext", "pdffonts", "pdfinfo")


@pytest.fixture
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[context.Context, str]:
    missing = [t for t in TOOLS if not shutil.which(t)]
    assert not missing, f"install poppler-utils ({missing}); ./dev test does"
    folder = tmp_path_factory.mktemp("report")
    ctx = new_context(folder)
    assessment = demo.create_demo(ctx).id
    scan = folder / "출입대장.pdf"
    scan.write_bytes(b"%PDF-1.4 visitor log")
    evidence.add_file(ctx, assessment, "2.4.1", scan)
    return ctx, assessment


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _fonts(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "ko",
            [
                "미흡사항 보고서",
                "목차",
                "판정: 인증 불가",
                "영역별 점수",
                "부적합 사항과 시정조치",
                "부록: 증적 목록",
                "산업보안 관리체계 인증",
            ],
        ),
        (
            "en",
            [
                "Gap report",
                "Contents",
                "Outcome: Not certified",
                "Scores per area",
                "Findings and corrective actions",
                "Appendix: evidence index",
                "Industrial security management system certification",
            ],
        ),
    ],
)
def test_report_reads_back(
    demo_db: tuple[context.Context, str], tmp_path: Path, lang: str, words: list[str]
) -> None:
    ctx, assessment = demo_db
    pdf = reports.write_gap_pdf(ctx, assessment, tmp_path / f"gap-{lang}.pdf", lang).files[0]
    text = _text(pdf)
    for word in words:
        assert word in text, word
    report = reports.gap_report(ctx, assessment)
    assert report.framework.content_hash in text.replace("\n", "").replace(" ", "")
    first_gap = report.gaps[0].item_id
    assert first_gap in text
    assert "퇴직자 3명의 설계망 계정이" in text  # the major finding
    flat = text.replace("\n", "").replace(" ", "")
    for finding in report.findings:  # a response names its finding: the id is printed
        assert finding.id
        assert finding.id in flat
    assert ("중대" if lang == "ko" else "Major") in text
    assert " major " not in text  # codes never reach the page
    [file_evidence] = [e for e in report.evidence if e.kind == "file"]
    assert file_evidence.sha256 is not None
    assert file_evidence.sha256 in text.replace("\n", "").replace(" ", "")
    fonts = _fonts(pdf)
    assert fonts, "no fonts listed"
    assert all(row[-5] == "yes" for row in fonts), fonts  # the 'emb' column
    assert all("NanumGothic" in row[0] for row in fonts)


def test_cli_writes_the_report(
    demo_db: tuple[context.Context, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx, assessment = demo_db
    out = tmp_path / "r.pdf"
    ctx.close()  # the command line opens it itself: one CertDesk at a time holds a database
    code = main(
        ["--db", str(ctx.db.path), "report", "gap", assessment, "-o", str(out), "--lang", "en"]
    )
    assert code == 0, capsys.readouterr().err
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    assert pages >= 5


def test_unwritable_output_is_one_line(
    demo_db: tuple[context.Context, str], tmp_path: Path
) -> None:
    ctx, assessment = demo_db
    from certdesk.errors import UserError

    with pytest.raises(UserError, match="cannot write"):
        reports.write_gap_pdf(ctx, assessment, tmp_path / "no" / "such" / "dir.pdf", "en")
