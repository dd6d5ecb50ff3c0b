"""The program's one clock: a fixed day reaches every record, and tests go through it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sqlalchemy import text

from certdesk.services.assessment import answers, status
from tests.support.workspace import new_context, supplier_and_assessment

TESTS = Path(__file__).parent
SYSTEM_DAY = re.compile(r"\bdate\.today\(\)|\bdatetime\.now\(|\btime\.time\(\)")


def test_a_fixed_day_reaches_every_stamp(tmp_path: Path, clock: date) -> None:
    ctx = new_context(tmp_path)
    aid = supplier_and_assessment(ctx)
    answers.answer(ctx, aid, "1.1.1", "met")
    status.set_status(ctx, aid, "final")
    with ctx.db.engine.connect() as connection:
        stamps = [
            *connection.execute(text("SELECT answered_at FROM answer")).scalars(),
            *connection.execute(text("SELECT closed_at FROM assessment")).scalars(),
            *connection.execute(text("SELECT at FROM audit_entry")).scalars(),
        ]
    assert stamps
    assert all(str(s).startswith(clock.isoformat()) for s in stamps)


def test_tests_ask_the_clock_not_the_system() -> None:
    """A test that reads the system's date directly cannot be moved to the fake days."""
    direct = [
        f"{path.relative_to(TESTS)}:{n}"
        for path in TESTS.rglob("*.py")
        if path.name != "test_clock.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SYSTEM_DAY.search(line)
    ]
    assert direct == []
