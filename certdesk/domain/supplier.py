"""Suppliers are identified by their Korean business registration number."""

from __future__ import annotations

from enum import StrEnum

WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def normalize_business_id(text: str) -> str | None:
    """The ten digits of a business registration number, or None if it is not one.

    Dashes and spaces are allowed (123-45-67890); the check digit must match.
    """
    digits = text.replace("-", "").replace(" ", "")
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return None
    d = [int(c) for c in digits]
    total = sum(a * w for a, w in zip(d, WEIGHTS, strict=False)) + (d[8] * 5) // 10
    return digits if (10 - total % 10) % 10 == d[9] else None


def format_business_id(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


class Tier(StrEnum):
    """How critical a supplier is to the buyer, as headquarters classes it."""

    CRITICAL = "critical"
    """Holds the buyer's design data or core technology."""
    HIGH = "high"
    """Makes parts to the buyer's drawings, or reaches its network."""
    STANDARD = "standard"
