"""Make a headquarters database with a portfolio of suppliers over four cycles, through the
real import path (see tools/portfolio_world.py), for screenshots and trying the app.

    .venv/bin/python tools/make_portfolio.py FOLDER [--suppliers 50]

Prints the database's path; open it with `CERTDESK_HOME=FOLDER/hq .venv/bin/certdesk
--db FOLDER/hq/certdesk.db` (its key is in the file keyring under FOLDER).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools.portfolio_world import build


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--suppliers", type=int, default=50)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    world = build(args.folder, args.suppliers)
    print(world.hq.home / "certdesk.db", f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
