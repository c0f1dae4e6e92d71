"""Work done outside the working day the user set (`[working_hours]` in the config).

Each counted work event contributes its attributed hours pro rata: the share
of its time (inside the window) that falls outside the working days and hours,
read as wall-clock times in the window's zone. An 08:00–10:00 review with a
09:00 start of day is half outside.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from levelcal.config import WorkingHours
from levelcal.events import elapsed
from levelcal.summary import LabeledEvent
from levelcal.window import Window

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def outside_hours(events: Iterable[LabeledEvent], window: Window, working: WorkingHours) -> float:
    start_of_day, end_of_day = _clock(working.start), _clock(working.end)
    days = {_WEEKDAYS.index(day) for day in working.days}
    total = 0.0
    for item in events:
        if not item.label.level.is_work or item.hours <= 0:
            continue
        first = max(item.event.start, window.start).astimezone(window.tz)
        last = min(item.event.end, window.end).astimezone(window.tz)
        seconds = elapsed(first, last).total_seconds()
        if seconds <= 0:
            continue
        inside = 0.0
        day = first.date()
        while day <= last.date():
            if day.weekday() in days:
                opens = datetime.combine(day, start_of_day, tzinfo=window.tz)
                closes = datetime.combine(day, end_of_day, tzinfo=window.tz)
                overlap = elapsed(max(first, opens), min(last, closes)).total_seconds()
                inside += max(0.0, overlap)
            day += timedelta(days=1)
        total += item.hours * max(0.0, 1 - inside / seconds)
    return total


def describe(working: WorkingHours) -> str:
    """ "mon–fri 09:00–17:30" (or the listed days)."""
    ordered = sorted(working.days, key=_WEEKDAYS.index)
    indexes = [_WEEKDAYS.index(day) for day in ordered]
    consecutive = (
        indexes == list(range(indexes[0], indexes[0] + len(indexes))) if indexes else False
    )
    span = f"{ordered[0]}–{ordered[-1]}" if consecutive and len(ordered) > 2 else ", ".join(ordered)
    return f"{span or 'no days'} {working.start}–{working.end}"
