"""Renderers: finished data in, text out. Nothing here reads a calendar, a file or the config.

Every renderer has the one signature `Renderer`: it takes a `Report` (what the
command computed: a Summary and its Review, or the recorded weeks) and the
`Screen` the text is for, and returns the text. `output.py` holds the table
that names each renderer and the one function that chooses from the flags and
the terminal; `explanation.py` (the classifier's own view) is the exception.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import RenderableType

    from levelcal.handoffs import Handoff, Progress
    from levelcal.history import WeekRecord
    from levelcal.ingest.types import ListedCalendar
    from levelcal.levels import Level
    from levelcal.plan import Plan
    from levelcal.review import Review
    from levelcal.summary import Summary
    from levelcal.trend import Trend
    from levelcal.window import Window


@dataclass(frozen=True, slots=True)
class Report:
    """What one command shows; each renderer reads the parts its command fills in."""

    summary: Summary | None = None  # analyze, digest
    review: Review | None = None  # analyze, digest: the role, the history, the trend
    weeks: tuple[WeekRecord, ...] = ()  # history, trend: the recorded weeks, oldest first
    trend: Trend | None = None  # trend
    history_path: Path | None = None  # history, trend: named when nothing is recorded yet
    calendars: tuple[ListedCalendar, ...] = ()  # calendars: the connected accounts' lists
    plan: Plan | None = None  # plan: the suggestions and the day strip of the week ahead
    handoffs: tuple[Progress, ...] = ()  # trend: each handoff over the recorded weeks since
    recorded_handoffs: tuple[Handoff, ...] = ()  # handoff --list

    @property
    def analysis(self) -> Summary:
        if self.summary is None:
            raise ValueError("this renderer shows an analysis, and the report holds none")
        return self.summary

    @property
    def reviewed(self) -> Review:
        if self.review is None:
            raise ValueError("this renderer shows a review, and the report holds none")
        return self.review


@dataclass(frozen=True, slots=True)
class Screen:
    """Where the text goes, as rich sees it: a terminal (its width, colours) or a pipe."""

    stream: TextIO | None = None  # None: sys.stdout at the time of drawing

    def draw(self, renderable: RenderableType) -> str:
        """The text rich would print to the stream, with the stream's width and colours."""
        from rich.console import Console

        console = Console() if self.stream is None else Console(file=self.stream)
        with console.capture() as captured:
            console.print(renderable)
        return captured.get()


Renderer = Callable[[Report, Screen], str]

# Above the 1:1s a review lists apart from what to hand off (review.one_on_ones).
ONE_ON_ONES = "1:1s are never handed off; these are past the target: shorten or make biweekly"


def sentence(text: str) -> str:
    """A clause as a sentence: capitalised, with a full stop."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


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


def shown_hours(hours_by_level: dict[Level, float]) -> dict[Level, float]:
    """Hours per level to one decimal, adding up to the busy hours shown (largest remainder)."""
    levels = list(hours_by_level)
    tenths = largest_remainder([hours_by_level[level] * 10 for level in levels])
    return {level: units / 10 for level, units in zip(levels, tenths, strict=True)}


def shown_percent(hours_by_level: dict[Level, float]) -> dict[Level, int]:
    """Whole percent of work hours per work level, adding up to 100 (none without work)."""
    from levelcal.levels import WORK_LEVELS

    work = sum(hours_by_level.get(level, 0.0) for level in WORK_LEVELS)
    if work <= 0:
        return dict.fromkeys(WORK_LEVELS, 0)
    shares = [100 * hours_by_level.get(level, 0.0) / work for level in WORK_LEVELS]
    return dict(zip(WORK_LEVELS, largest_remainder(shares, 100), strict=True))


def zone_of(window: Window) -> str:
    """The window's zone, and where it came from when a calendar chose it."""
    return f"{window.tz_name}, {window.zone_from}" if window.zone_from else window.tz_name
