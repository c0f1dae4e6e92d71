"""The operating level week by week, drawn in the terminal as columns of eighths."""

from __future__ import annotations

from datetime import date, timedelta

from levelcal import trend
from levelcal.levels import Level
from levelcal.report.terminal import level_chart

DOING, MANAGING, DIRECTING = Level.IMPLEMENTATION, Level.UNIFICATION, Level.COMMUNICATION


def test_each_week_is_a_column_as_high_as_its_operating_level():
    # Hand-made weeks: 30 h doing + 5 managing + 5 directing = (30 + 10 + 15) / 40 = 1.375,
    # 3 eighths of the first row above doing; 10 h managing = 2.0, the first row full;
    # 5 directing + 5 visioning = 3.5, two rows full and 4 eighths of the third; then a
    # week without work hours.
    weeks = [
        {DOING: 30.0, MANAGING: 5.0, DIRECTING: 5.0},
        {MANAGING: 10.0},
        {DIRECTING: 5.0, Level.BEYOND: 5.0},
        {Level.OTHER: 3.0},
    ]
    monday = date(2026, 10, 26)  # 2026-W44
    found = trend.compute(
        [(f"2026-W{44 + n}", monday + timedelta(weeks=n), hours) for n, hours in enumerate(weeks)]
    )
    assert level_chart(found).plain.splitlines() == [
        "Operating level by week",
        "4 visioning  ┤       ▄▄   ",
        "3 directing  ┤       ██   ",
        "2 managing   ┤ ▃▃ ██ ██   ",
        "1 doing      └────────────",
        "               44 45 46 --",
    ]
