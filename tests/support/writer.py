"""A child process for the kill -9 test: answers items until it is killed.

Usage: python -m tests.support.writer DB ASSESSMENT ROUND ITEM,ITEM,...
It cycles over the items, writing the note ROUND:COUNTER, and prints
`ack ITEM COUNTER` after each commit returns.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from certdesk.services import context, opening
from certdesk.services.assessment import answers


def main() -> None:
    path, assessment, round_ = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    items = sys.argv[4].split(",")
    ctx = context.Context(opening.open_database(path, create_role=None))
    for counter, item in enumerate(itertools.cycle(items)):
        value = "met" if counter % 2 else "partial"
        answers.answer(ctx, assessment, item, value, f"{round_}:{counter}")
        print(f"ack {item} {counter}", flush=True)


if __name__ == "__main__":
    main()
