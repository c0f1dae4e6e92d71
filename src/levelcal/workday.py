"""Work done outside the working day the user set (`[working_hours]` in the config).

Counted exactly as the hours are (accounting.py): every instant outside the
working days and hours, read as wall-clock times in the window's zone, is
shared equally among the counted events that cover it, and the work events'
shares are added up. An 08:00–10:00 review with a 09:00 start of day is one
hour outside; if a 08:00–08:30 call overlaps it, that half hour is half the
review's.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from fractions import Fraction

from levelcal import sweep
from levelcal.config import WorkingHours
from levelcal.summary import LabeledEvent
from levelcal.sweep import ticks
from levelcal.window import Window

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _working_spans(window: Window, working: WorkingHours) -> list[tuple[int, int]]:
    """The working hours of every day the window touches, as [open, close) in ticks."""
    start_of_day, end_of_day = _clock(working.start), _clock(working.end)
    days = {_WEEKDAYS.index(day) for day in working.days}
    spans = []
    day = window.start.astimezone(window.tz).date()
    while day <= window.end.astimezone(window.tz).date():
        if day.weekday() in days:
            opens = datetime.combine(day, start_of_day, tzinfo=window.tz)
            closes = datetime.combine(day, end_of_day, tzinfo=window.tz)
            spans.append((ticks(opens), ticks(closes)))
        day += timedelta(days=1)
    return spans


def outside_hours(events: Iterable[LabeledEvent], window: Window, working: WorkingHours) -> float:
    """Work hours outside the working day: each instant shared among the events on it."""
    items = list(events)
    spans = [
        (ticks(max(item.event.start, window.start)), ticks(min(item.event.end, window.end)))
        for item in items
    ]
    is_work = [item.label.level.is_work for item in items]
    days = _working_spans(window, working)
    opening = [opens for opens, _ in days]
    per_tick = sweep.units(spans)
    outside = 0
    for here, length, covering in sweep.stretches(spans, cuts=itertools.chain(*days)):
        day = bisect.bisect_right(opening, here) - 1  # the last working day opened by now
        if not covering or (day >= 0 and here < days[day][1]):
            continue
        work = sum(1 for place in covering if is_work[place])
        outside += length * work * (per_tick // len(covering))
    return float(Fraction(outside, per_tick * 3_600_000_000))


def describe(working: WorkingHours) -> str:
    """ "mon–fri 09:00–17:30" (or the listed days)."""
    ordered = sorted(working.days, key=_WEEKDAYS.index)
    indexes = [_WEEKDAYS.index(day) for day in ordered]
    consecutive = (
        indexes == list(range(indexes[0], indexes[0] + len(indexes))) if indexes else False
    )
    span = f"{ordered[0]}–{ordered[-1]}" if consecutive and len(ordered) > 2 else ", ".join(ordered)
    return f"{span or 'no days'} {working.start}–{working.end}"
