"""Exact numbers and their display rounding."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from certdesk.domain.framework import Method


def to_fraction(value: int | float | str | Fraction) -> Fraction:
    """An exact fraction of a number as written (0.1 is one tenth, not a binary float)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def rounded(value: Fraction, places: int = 2) -> Decimal:
    """`value` rounded half up to `places` decimals: for display only."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def score_text(method: Method, value: Fraction | None) -> str:
    """A score as its method shows it: a percentage (weighted conformity), a maturity
    level with two decimals, or whole points (deduction); a dash for none."""
    if value is None:
        return "—"
    from certdesk.domain.framework import Method

    if method is Method.WEIGHTED_CONFORMITY:
        return f"{rounded(value * 100, 1)}%"
    return str(rounded(value, 2 if method is Method.MATURITY else 0))


def fraction_text(value: Fraction) -> str:
    """A lossless text form: "3/4", "110", "-203"."""
    return str(value)
