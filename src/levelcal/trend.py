"""Is the operating level moving up? The level mix week by week, and its slope.

The operating level of a week is the average level of its work hours, with
doing = 1, managing = 2, directing = 3, visioning = 4: a week all in 1:1s is
2.0, half coding and half board work is 2.0 too, but a week moving from code
to budgets moves from 1 toward 3. The trend is the least-squares slope of that
index over the weeks (weeks without work hours are left out; gaps between
recorded weeks count as the weeks they are). A slope within ±0.02 levels a
week (0.1 over five weeks) is "holding steady". The verdict names the first and
last weeks' own operating levels, which the reader can find in the chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from levelcal.levels import WORK_LEVELS, Level

LEVEL_NUMBER = {level: number for number, level in enumerate(WORK_LEVELS, start=1)}
STEADY_PER_WEEK = 0.02
MIN_WEEKS = 3


def operating_level(hours_by_level: Mapping[Level, float]) -> float | None:
    """The work-hour-weighted mean level, 1.0 to 4.0; None without work hours."""
    work = sum(hours_by_level.get(level, 0.0) for level in WORK_LEVELS)
    if work <= 0:
        return None
    return sum(LEVEL_NUMBER[level] * hours_by_level.get(level, 0.0) for level in WORK_LEVELS) / work


@dataclass(frozen=True, slots=True)
class WeekPoint:
    week: str
    monday: date
    hours_by_level: Mapping[Level, float]
    index: float | None

    @property
    def work_hours(self) -> float:
        return sum(self.hours_by_level.get(level, 0.0) for level in WORK_LEVELS)

    def share(self, level: Level) -> float:
        return self.hours_by_level.get(level, 0.0) / self.work_hours if self.work_hours else 0.0


@dataclass(frozen=True, slots=True)
class Trend:
    points: tuple[WeekPoint, ...]
    slope_per_week: float | None  # None: fewer than MIN_WEEKS weeks with work hours
    first_fitted: float | None
    last_fitted: float | None
    verdict: str


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope of ys over xs (at least two distinct xs)."""
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def _signed(value: float) -> str:
    """+0.04, -0.03; a slope that rounds to zero is shown without a sign."""
    shown = f"{value:+.2f}"
    return "0.00" if shown in ("+0.00", "-0.00") else shown


def compute(weeks: Sequence[tuple[str, date, Mapping[Level, float]]]) -> Trend:
    """The trend of (ISO week, its Monday, hours per level), in any order."""
    points = tuple(
        WeekPoint(week, monday, hours, operating_level(hours))
        for week, monday, hours in sorted(weeks, key=lambda item: item[1])
    )
    measured = [point for point in points if point.index is not None]
    if len(measured) < MIN_WEEKS:
        verdict = (
            f"Not enough history for a trend: {len(measured)} week"
            f"{'' if len(measured) == 1 else 's'} with work hours, at least {MIN_WEEKS} needed "
            "(record weeks with `levelcal analyze --last-week --save` or `levelcal digest`)."
        )
        return Trend(points, None, None, None, verdict)
    xs = [(point.monday - measured[0].monday).days / 7 for point in measured]
    ys = [point.index for point in measured if point.index is not None]
    per_week = slope(xs, ys)
    intercept = sum(ys) / len(ys) - per_week * sum(xs) / len(xs)
    first, last = intercept, intercept + per_week * xs[-1]
    if per_week > STEADY_PER_WEEK:
        direction = "moving up"
    elif per_week < -STEADY_PER_WEEK:
        direction = "moving down"
    else:
        direction = "holding steady"
    # The weeks as they were, not the fitted line: a reader checks them against the chart.
    verdict = (
        f"Operating level {measured[0].index:.2f} in {measured[0].week} → "
        f"{measured[-1].index:.2f} in {measured[-1].week}, over {len(measured)} weeks "
        f"(trend {_signed(per_week)} a week): {direction}."
    )
    return Trend(points, per_week, first, last, verdict)
