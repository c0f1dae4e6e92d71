"""The operating-level index and its least-squares slope, with numbers worked out by hand."""

from datetime import date, timedelta

import pytest

from levelcal import trend
from levels_short import DIRECTING, DOING, MANAGING, OFF, VISIONING

MONDAY = date(2026, 10, 5)  # 2026-W41


def week(offset: int, hours: dict) -> tuple[str, date, dict]:
    monday = MONDAY + timedelta(weeks=offset)
    year, number, _ = monday.isocalendar()
    return (f"{year}-W{number:02d}", monday, hours)


def test_the_index_is_the_work_hour_weighted_mean_level_and_ignores_other():
    # (10*1 + 20*2 + 10*3 + 0*4) / 40 = 80 / 40 = 2.0; the 30 hours of `other` do not count.
    assert trend.operating_level({DOING: 10, MANAGING: 20, DIRECTING: 10, OFF: 30}) == 2.0
    assert trend.operating_level({DIRECTING: 3, VISIONING: 1}) == 3.25
    assert trend.operating_level({OFF: 8}) is None


def test_a_leader_moving_from_code_to_budgets_is_moving_up():
    # Index per week: 1.5, 2.0, 2.5 (all 40 h): slope 0.5 a week, fitted 1.5 -> 2.5.
    found = trend.compute(
        [
            week(0, {DOING: 20, MANAGING: 20}),
            week(1, {MANAGING: 40}),
            week(2, {MANAGING: 20, DIRECTING: 20}),
        ]
    )
    assert found.slope_per_week == pytest.approx(0.5)
    assert found.verdict == (
        "Operating level 1.50 in 2026-W41 → 2.50 in 2026-W43, over 3 weeks "
        "(trend +0.50 a week): moving up."
    )


def test_the_verdict_names_the_weeks_as_they_were_not_the_fitted_line():
    # Index per week: 1.0, 2.5, 2.0. Slope: mean 11/6; ((-1)(1 - 11/6) + (1)(2 - 11/6)) / 2
    # = 0.5 a week; the fitted line runs 4/3 -> 7/3, but the weeks were 1.00 and 2.00.
    found = trend.compute(
        [
            week(0, {DOING: 40}),
            week(1, {MANAGING: 20, DIRECTING: 20}),
            week(2, {MANAGING: 40}),
        ]
    )
    assert found.slope_per_week == pytest.approx(0.5)
    assert found.verdict == (
        "Operating level 1.00 in 2026-W41 → 2.00 in 2026-W43, over 3 weeks "
        "(trend +0.50 a week): moving up."
    )


def test_gaps_between_weeks_count_and_empty_weeks_are_left_out():
    # x = 0, 1, 3 weeks; y = 1.0, 1.0, 2.0. mean x 4/3, mean y 4/3;
    # slope = sum((x-mx)(y-my)) / sum((x-mx)^2) = (4/9 + 1/9 + 10/9) / (16/9 + 1/9 + 25/9)
    #       = (15/9) / (42/9) = 0.357...
    found = trend.compute(
        [
            week(3, {MANAGING: 10}),
            week(0, {DOING: 10}),
            week(1, {DOING: 10}),
            week(2, {OFF: 40}),  # a holiday week: no work hours, no index
        ]
    )
    assert [p.week for p in found.points] == ["2026-W41", "2026-W42", "2026-W43", "2026-W44"]
    assert found.points[2].index is None
    assert found.slope_per_week == pytest.approx(15 / 42)


def test_a_flat_mix_is_holding_steady_and_two_weeks_are_not_a_trend():
    steady = trend.compute([week(n, {DOING: 10, MANAGING: 10 + n * 0.1}) for n in range(4)])
    assert steady.verdict.endswith("holding steady.")
    short = trend.compute([week(0, {DOING: 1}), week(1, {MANAGING: 1})])
    assert short.slope_per_week is None
    assert short.verdict.startswith("Not enough history for a trend: 2 weeks with work hours")


def test_trend_command_charts_recorded_weeks(run):
    for as_of in ("2026-11-11", "2026-11-18", "2026-11-25"):
        assert run("analyze", "--last-week", "--as-of", as_of, "--save", "--json").exit_code == 0
    result = run("trend", "--json")
    assert result.exit_code == 0, result.output
    import json

    document = json.loads(result.stdout)
    assert [w["week"] for w in document["weeks"]] == ["2026-W45", "2026-W46", "2026-W47"]
    chart = run("trend")
    assert "Level mix by week" in chart.stdout and "Operating level " in chart.stdout
    assert run("trend", "--weeks", "0").exit_code == 2
