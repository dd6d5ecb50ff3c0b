"""Calendar arithmetic the rules need."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def day(text: str | None) -> date | None:
    """A date kept as ISO text (YYYY-MM-DD), or None for none or an unreadable one."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
