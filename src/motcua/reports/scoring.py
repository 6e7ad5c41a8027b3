"""Scoring of the service-quality indicators of Decision 766/QĐ-TTg (domain/README.md §7):
pure arithmetic.

``ratio = numerator / denominator × 100``. With a target T: the full points when the ratio reaches
T, else ``ratio / T × max``. Without a target: ``ratio × max / 100``. No score when the data is
missing or the denominator is 0.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def ratio(numerator: int, denominator: int) -> Fraction | None:
    if denominator <= 0 or numerator < 0:
        return None
    return Fraction(numerator * 100, denominator)


def score(
    numerator: int, denominator: int, max_points: Decimal | int, target: Decimal | int | None = None
) -> Decimal | None:
    """Points earned, to two decimals (None: no score for this period)."""
    value = ratio(numerator, denominator)
    if value is None:
        return None
    maximum = Fraction(Decimal(max_points))
    if target is not None:
        goal = Fraction(Decimal(target))
        points = maximum if value >= goal else value / goal * maximum
    else:
        points = min(value, Fraction(100)) * maximum / 100
    result = Decimal(points.numerator) / Decimal(points.denominator)
    return result.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
