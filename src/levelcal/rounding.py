"""Whole numbers that add up: what every report shows of hours and shares."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction


def largest_remainder(exact: Sequence[Fraction | float], total: int | None = None) -> list[int]:
    """Whole units for each exact amount that add up to `total` (default: their sum, rounded).

    Each amount is rounded down, and the units still missing go to the largest
    remainders (the first of equal ones): the rule the JSON's hours, the report's
    hours and percentages, and the trend's bars all follow, so that what is shown
    adds up to the total shown.
    """
    amounts = [Fraction(value) for value in exact]
    units = [math.floor(value) for value in amounts]
    wanted = round(sum(amounts, Fraction(0))) if total is None else total
    by_remainder = sorted(range(len(amounts)), key=lambda i: (units[i] - amounts[i], i))
    for index in by_remainder[: max(0, wanted - sum(units))]:
        units[index] += 1
    return units


def whole_percents(amounts: Sequence[float]) -> list[int]:
    """Each amount's share of their sum, in whole percent adding up to 100 (all 0 when the
    sum is): the shares of work hours every report and the role's gap show."""
    total = sum(amounts)
    if total <= 0:
        return [0] * len(amounts)
    return largest_remainder([100 * amount / total for amount in amounts], 100)
