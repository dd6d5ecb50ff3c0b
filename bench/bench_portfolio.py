"""The portfolio page with many suppliers against the start page with ten assessments.

Run: .venv/bin/python bench/bench_portfolio.py [--suppliers 1000] [--rounds 7]

Headquarters imports one final on-site result per supplier through the real import
path (tools/portfolio_world.py); a field database holds ten half-answered assessments.
Both pages are built and shown offscreen in the same process, interleaved, and the
median time to a page that has painted is reported, with the ratio (aim: at most 2x).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import keyring

from tests.support.memory_keyring import MemoryKeyring
from tools.portfolio_world import build


def shown(make: Callable[[], object]) -> float:
    from PySide6.QtWidgets import QApplication, QWidget

    started = time.perf_counter()
    page = make()
    assert isinstance(page, QWidget)
    page.resize(1400, 800)
    page.show()
    page.repaint()
    QApplication.processEvents()
    spent = time.perf_counter() - started
    page.close()
    page.deleteLater()
    QApplication.processEvents()
    return spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    root = Path(tempfile.mkdtemp())
    os.environ["CERTDESK_HOME"] = str(root / "home")
    made = time.perf_counter()
    world = build(root, args.suppliers, cycles=("2026-H2",), with_self=False)
    print(f"{args.suppliers} suppliers imported in {time.perf_counter() - made:.0f} s")
    from PySide6.QtWidgets import QApplication

    from certdesk.services.assessment import create, demo, suppliers
    from certdesk.ui.field.start_page import StartPage
    from certdesk.ui.fonts import use_bundled_font
    from certdesk.ui.hq.portfolio_page import PortfolioPage
    from tests.support.workspace import answer_all

    app = QApplication([])
    use_bundled_font(app)
    with world.field.acting() as field:
        demo.create_demo(field)
        [own] = suppliers.list_suppliers(field)
        for n in range(9):
            aid = create.new_assessment(
                field, own.id, "industrial-security", "onsite", site=f"S{n}"
            ).id
            answer_all(field, aid, root, code="met" if n % 2 else "partial")
        with world.hq.acting() as hq:
            start, folio = [], []
            for _ in range(args.rounds):
                start.append(shown(lambda: StartPage(field)))
                folio.append(shown(lambda: PortfolioPage(hq)))
    a, b = statistics.median(start), statistics.median(folio)
    print(f"start page, 10 assessments: {a * 1000:.0f} ms (median of {args.rounds})")
    print(f"portfolio page, {args.suppliers} suppliers: {b * 1000:.0f} ms")
    print(f"ratio: {b / a:.2f}x (aim: at most 2x)")


if __name__ == "__main__":
    main()
