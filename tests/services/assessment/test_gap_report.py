"""The gap report PDF, read back: its text, its fonts (all embedded), its structure."""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path
from typing import Any, cast

import pytest
from reportlab.graphics.shapes import Drawing, Line, Polygon
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from certdesk.cli import main
from certdesk.formats.gap_pdf import styles
from certdesk.formats.pdf_fonts import FONT, para, register_fonts
from certdesk.formats.pdf_radar import RadarChart, area_radar, radar
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


@pytest.mark.parametrize(("lang", "shown_by"), [("ko", "제시한 사람"), ("en", "Shown by")])
def test_sighted_documents_say_version_place_and_who_showed_them(
    demo_db: tuple[context.Context, str], tmp_path: Path, lang: str, shown_by: str
) -> None:
    ctx, assessment = demo_db
    gap = reports.gap_report(ctx, assessment).gaps[0].item_id
    recorded = {"version": "v3.2-2026-03", "seen_where": "본관 2층 보안팀 사무실"}
    evidence.add_sighted(
        ctx, assessment, gap, title="출입 통제 규정", shown_by="보안팀장 이정민", **recorded
    )
    pdf = reports.write_gap_pdf(ctx, assessment, tmp_path / f"gap-{lang}.pdf", lang).files[0]
    flat = "".join(_text(pdf).split())
    appendix = flat.rfind("부록:증적목록" if lang == "ko" else "Appendix:evidenceindex")
    assert appendix > 0
    items, index = flat[:appendix], flat[appendix:]  # the gap item's lines, the index
    for part in (items, index):
        for value in ("출입통제규정", "v3.2-2026-03", "본관2층보안팀사무실", "보안팀장이정민"):
            assert value in part, value
        assert "".join(shown_by.split()) in part
    # the demo's own sighted document (no one named as showing it) is in the index too
    assert "2026-09" in index
    assert "R&D보호구역문서고" in index.replace("&amp;", "&")


def _lines(paragraph: Paragraph, width: float) -> list[list[str]]:
    """The words of each line the paragraph breaks into at `width`."""
    paragraph.wrap(width, 10_000)  # breaks as the PDF does, by the style's wordWrap
    broken: Any = cast(Any, paragraph).blPara  # reportlab's stubs omit it
    assert broken.kind == 0  # one plain run of text: lines of (space left, words)
    return [list(words) for _space, words in broken.lines]


def test_korean_paragraphs_wrap_between_words(demo_db: tuple[context.Context, str]) -> None:
    ctx, assessment = demo_db
    framework = reports.gap_report(ctx, assessment).framework
    register_fonts()
    st = styles()
    cell = 152 * mm - 12  # the gap item's text column, less the table's padding
    wrapped = 0
    for text in [i.requirement.get("ko") for a in framework.areas for i in a.items()]:
        words = text.split()
        for style in (st["cell"], st["small"]):
            lines = _lines(para(text, style), cell)
            for line in lines:  # every line is whole words (어절), none cut in two
                assert all(w in words for w in line), (text, line)
            assert [w for line in lines for w in line] == words
            wrapped += len(lines) > 1
    assert wrapped > 20  # the check saw many paragraphs that did wrap


def test_long_unbroken_strings_stay_inside_their_column() -> None:
    register_fonts()
    st = styles()
    long = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" * 2
    url = "https://intranet.example.co.kr/보안/문서/" + "출입통제규정" * 12
    for text, style, width in ((long, "small", 90 * mm - 12), (url, "cell", 64 * mm - 12)):
        lines = _lines(para(text, st[style]), width)
        assert len(lines) > 1
        for line in lines:
            assert stringWidth(" ".join(line), FONT, st[style].fontSize) <= width + 0.01


def _segments(drawing: Drawing) -> list[tuple[float, float, float, float]]:
    """Every straight stroke of the chart: spokes, rings, the score and minimum lines."""
    segments: list[tuple[float, float, float, float]] = []
    for shape in drawing.contents:
        if isinstance(shape, Line):
            segments.append((shape.x1, shape.y1, shape.x2, shape.y2))
        elif isinstance(shape, Polygon):
            p = list(zip(shape.points[::2], shape.points[1::2], strict=True))
            segments += [(*p[i - 1], *p[i]) for i in range(len(p))]
    return segments


def _check_radar(chart: RadarChart, titles: list[str]) -> None:
    n = len(titles)
    segments = _segments(chart.drawing)
    assert len(segments) >= n * 6  # five rings and the spokes at least
    boxes = []
    for i, strings in enumerate(chart.labels):
        assert " ".join(s.text for s in strings) == " ".join(titles[i].split())
        c = math.cos(math.pi / 2 - 2 * math.pi * i / n)
        anchor = "start" if c > 0.1 else "end" if c < -0.1 else "middle"
        for s in strings:
            assert s.textAnchor == anchor, (titles[i], s.textAnchor)  # aligned away from centre
            x0, y0, x1, y1 = s.getBounds()
            assert x0 >= 0
            assert x1 <= chart.drawing.width
            assert y0 >= 0
            assert y1 <= chart.drawing.height
            # the nearest point of the label to the centre lies outside the outer ring
            nx, ny = min(max(chart.cx, x0), x1), min(max(chart.cy, y0), y1)
            assert math.hypot(nx - chart.cx, ny - chart.cy) > chart.radius + 3, s.text
            for ax, ay, bx, by in segments:  # and no stroke passes through it
                for k in range(201):
                    px, py = ax + (bx - ax) * k / 200, ay + (by - ay) * k / 200
                    assert not (x0 - 1 < px < x1 + 1 and y0 - 1 < py < y1 + 1), s.text
            boxes.append((i, x0, y0, x1, y1))
    for i, *a in boxes:  # no two areas' names overlap
        for j, *b in boxes:
            if i < j:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_radar_labels_sit_outside_the_rings(
    demo_db: tuple[context.Context, str], lang: str
) -> None:
    ctx, assessment = demo_db
    report = reports.gap_report(ctx, assessment)
    register_fonts()
    _check_radar(area_radar(report, lang), [a.title.get(lang) for a in report.framework.areas])


@pytest.mark.parametrize("n", [3, 4, 6, 8])
def test_radar_labels_clear_the_rings_for_any_number_of_areas(n: int) -> None:
    register_fonts()
    names = ["Security knowledge management and training", "물리적 보안 인프라", "Audit"]
    titles = [names[i % 3] for i in range(n)]
    _check_radar(radar(titles, ([0.9, 1.0, 0.3, 0.7] * 2)[:n], [0.6] * n), titles)
