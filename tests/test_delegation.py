"""Delegation candidates: series and repeated titles beneath the role, by hours per week."""

import pytest

from levelcal import delegation
from levelcal.delegation import Period, Spent
from levelcal.levels import Level

DOING, MANAGING, DIRECTING = Level.IMPLEMENTATION, Level.UNIFICATION, Level.COMMUNICATION
BENEATH_A_VP = frozenset({DOING, MANAGING})


def spent(title, level, hours, *, uid="", recurring=False, day="2026-11-16"):
    key = delegation.series_key(uid or title, title, recurring)
    return Spent(key, uid or title, title, f"{day}T09:00:00+00:00", level, hours, recurring)


def test_titles_that_differ_by_numbers_case_and_punctuation_are_one():
    assert delegation.normalized_title("Weekly Sync #12") == "weekly sync 0"
    assert delegation.normalized_title("weekly  sync - 13") == "weekly sync 0"
    assert delegation.series_key("u1", "Focus", True) == "series:u1"
    assert delegation.series_key("u1", "Q1 Budget!", False) == "title:q0 budget"


def test_ranked_by_hours_per_week_over_all_weeks_including_those_without_it():
    # Two recorded weeks and the current one: 3 weeks in all.
    week_1 = Period(1.0, [spent("Focus", DOING, 6, uid="f", recurring=True, day="2026-11-02"),
                          spent("Sprint planning #1", MANAGING, 2, day="2026-11-02"),
                          spent("Board meeting", DIRECTING, 3, day="2026-11-03")])  # fmt: skip
    week_2 = Period(1.0, [spent("Focus", DOING, 6, uid="f", recurring=True, day="2026-11-09")])
    current = Period(1.0, [spent("Focus (new name)", DOING, 3, uid="f", recurring=True),
                           spent("sprint planning #2", MANAGING, 2.5),
                           spent("Expense report", DOING, 0.5)])  # fmt: skip
    found = delegation.candidates([week_1, week_2, current], BENEATH_A_VP)
    # Focus: (6 + 6 + 3) / 3 = 5 h a week, under its latest title; sprint planning:
    # (2 + 2.5) / 3 = 1.5; expense report 0.5 / 3. The board meeting is not beneath a VP.
    assert [(c.title, c.occurrences) for c in found] == [
        ("Focus (new name)", 3),
        ("sprint planning #2", 2),
        ("Expense report", 1),
    ]
    assert [c.hours_per_week for c in found] == pytest.approx([5.0, 1.5, 0.5 / 3])
    assert found[0].recurring and not found[1].recurring


def test_nothing_is_beneath_an_ic():
    assert delegation.candidates([Period(1.0, [spent("Code", DOING, 9)])], frozenset()) == []


def test_a_month_counts_as_its_weeks():
    # 30 days = 30/7 weeks: 10 hours over it is 10 * 7 / 30 h a week.
    [found] = delegation.candidates([Period(30 / 7, [spent("Code", DOING, 10)])], BENEATH_A_VP)
    assert found.hours_per_week == pytest.approx(7 / 3)
