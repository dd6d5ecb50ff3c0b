"""The one clock of the program: the current time and today's date.

Everything that stamps, dates or ages a record asks here, so a test can put
the whole program on another day (a leap day, a date years ahead) and see
that nothing depends on when it happens to run.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


class _Fixed:
    at: datetime | None = None
    """While set (by tests only), the clock stands at this instant."""


def now() -> datetime:
    """The current time, in UTC."""
    return _Fixed.at if _Fixed.at is not None else datetime.now(UTC)


def today() -> date:
    """Today's date where the user is (the fixed day, when the clock is fixed)."""
    return _Fixed.at.date() if _Fixed.at is not None else date.today()


def fix(at: datetime | None) -> None:
    """Stand the clock at `at` (None: let it run again). For tests."""
    _Fixed.at = at


def advance(seconds: float) -> None:
    """A fixed clock moves on by `seconds` (a running one runs by itself). For tests."""
    if _Fixed.at is not None:
        _Fixed.at += timedelta(seconds=seconds)
