"""Time and size of the gap report of a 322-item assessment, against a bare PDF.

Run: .venv/bin/python bench/bench_gap_report.py

Builds an on-site assessment of industrial-security with every item answered
(about 40% gaps, each with a note) and writes the Korean and English gap
reports. The baseline, in the same run, is a bare reportlab document of the
same gap texts as plain paragraphs in the same embedded font (no tables, chart
or contents). Prints time, size, pages and the ratios.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import keyring

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.memory_keyring import MemoryKeyring


def bare_pdf(texts: list[str], out: Path) -> float:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from certdesk.formats.pdf_fonts import FONT, register_fonts

    register_fonts()
    style = ParagraphStyle("p", fontName=FONT, fontSize=9.5, leading=14, wordWrap="CJK")
    started = time.perf_counter()
    SimpleDocTemplate(str(out), initialFontName=FONT).build([Paragraph(t, style) for t in texts])
    return time.perf_counter() - started


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(x.split()[-1] for x in info.stdout.splitlines() if x.startswith("Pages")))


def main() -> None:
    keyring.set_keyring(MemoryKeyring())
    folder = Path(tempfile.mkdtemp())
    os.environ["CERTDESK_HOME"] = str(folder)
    from certdesk.services import opening
    from certdesk.services.assessment import answers, create, reports, suppliers

    ctx = opening.open_context(folder / "certdesk.db", create_role="field")
    suppliers.add_supplier(ctx, "한빛정밀", "124-81-00998")
    aid = create.new_assessment(
        ctx, "한빛정밀", "industrial-security", "onsite", site="평택 공장"
    ).id
    rng = random.Random(7)
    fw = ctx.library.find("industrial-security")
    for item in fw.items():
        code = rng.choices(("met", "partial", "not_met"), weights=(6, 2, 2))[0]
        answers.record_answer(ctx, aid, item.id, code, "현장 확인 결과 일부 기록이 누락됨")
    report = reports.gap_report(ctx, aid)
    texts = [(fw.item(g.item_id) or next(fw.items())).requirement.get("ko") for g in report.gaps]
    base = bare_pdf(texts, folder / "bare.pdf")
    base_size = (folder / "bare.pdf").stat().st_size
    print(f"gap items: {len(report.gaps)} of {report.result.applicable}")
    print(
        f"bare pdf of the gap texts: {base * 1000:.0f} ms, {base_size / 1024:.0f} KiB, "
        f"{pages(folder / 'bare.pdf')} pages"
    )
    for lang in ("ko", "en"):
        out = folder / f"gap-{lang}.pdf"
        started = time.perf_counter()
        reports.write_gap_pdf(ctx, aid, out, lang)
        took = time.perf_counter() - started
        size = out.stat().st_size
        print(
            f"gap report ({lang}): {took * 1000:.0f} ms ({took / base:.1f}x), "
            f"{size / 1024:.0f} KiB ({size / base_size:.1f}x), {pages(out)} pages"
        )


if __name__ == "__main__":
    main()
