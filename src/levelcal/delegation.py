"""Delegation candidates: what to hand off first.

A candidate is a recurring series (one UID) or a repeated title, at a level
beneath the role (roles.py), ranked by the hours per week it cost over the
weeks looked at. Hours per week divide by every week looked at, including the
weeks it did not happen: a monthly 4-hour review costs about 1 h a week.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from levelcal.levels import Level

_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[\W_]+")


def normalized_title(title: str) -> str:
    """Titles that differ only by case, punctuation, spacing or numbers are one title.

    "Weekly sync #12" and "weekly sync - 13" match; so do "Q1 budget" and "Q2 budget".
    """
    text = _DIGITS.sub("0", title.casefold())
    return _NOT_WORD.sub(" ", text).strip()


def series_key(uid: str, title: str, recurring: bool) -> str:
    """A recurring series is one thing to hand off (its UID); other events go by title."""
    return f"series:{uid}" if recurring else f"title:{normalized_title(title)}"


@dataclass(frozen=True, slots=True)
class Spent:
    """One event's hours, as history keeps them."""

    series_key: str
    uid: str
    title: str
    start: str  # ISO 8601, for the most recent title
    level: Level
    hours: float
    recurring: bool
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Period:
    """A stretch of time and the events in it: one recorded week, or the current analysis."""

    weeks: float
    events: Sequence[Spent]


@dataclass(frozen=True, slots=True)
class Candidate:
    title: str  # the most recent title
    level: Level  # the level where most of its hours went
    hours_per_week: float
    total_hours: float
    occurrences: int
    recurring: bool


def candidates(
    periods: Iterable[Period], beneath: frozenset[Level], limit: int = 5
) -> list[Candidate]:
    """The series and titles beneath the role that cost the most hours per week."""
    periods = list(periods)
    weeks = sum(period.weeks for period in periods)
    if not beneath or weeks <= 0:
        return []
    hours: dict[str, float] = defaultdict(float)
    by_level: dict[str, dict[Level, float]] = defaultdict(lambda: defaultdict(float))
    count: dict[str, int] = defaultdict(int)
    latest: dict[str, Spent] = {}
    for period in periods:
        for spent in period.events:
            if spent.level not in beneath or spent.hours <= 0:
                continue
            key = spent.series_key
            hours[key] += spent.hours
            by_level[key][spent.level] += spent.hours
            count[key] += 1
            if key not in latest or spent.start > latest[key].start:
                latest[key] = spent
    ranked = sorted(hours, key=lambda key: (-hours[key], latest[key].title))
    return [
        Candidate(
            title=latest[key].title,
            level=max(by_level[key], key=lambda level: by_level[key][level]),
            hours_per_week=hours[key] / weeks,
            total_hours=hours[key],
            occurrences=count[key],
            recurring=key.startswith("series:"),
        )
        for key in ranked[:limit]
    ]
