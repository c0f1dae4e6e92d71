"""Clip, exclude, and share overlapping time: hours per event in a window.

The rules (README, "How hours are counted"): an event counts only for its part
inside the window; cancelled, declined and free (transparent) occurrences are
excluded and counted; all-day occurrences (free or not), Google's out-of-office
and working-location events, and Outlook's working elsewhere and out of office for
a day or more (`events.shown_as`), are markers with no hours; every
instant covered by k counted events gives each of them 1/k of it, so event
hours add up to the busy time, the union of all counted events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from levelcal import sweep
from levelcal.events import MARKER_EVENT_TYPES, Event, Status
from levelcal.sweep import ticks
from levelcal.window import Window


def _hours(seconds: Fraction) -> float:
    """float(seconds / 3600), without building the quotient: a report asks for a year's
    events' hours tens of thousands of times. Integer division is correctly rounded, so
    this is the same float."""
    return seconds.numerator / (seconds.denominator * 3600)


@dataclass(frozen=True, slots=True)
class Exclusions:
    """Occurrences in the window that are not counted, by reason (first that applies)."""

    cancelled: int = 0
    declined: int = 0
    free: int = 0
    broken: int = 0  # VEVENTs that could not be read at all
    duplicate: int = 0  # the same occurrence seen in more than one source


@dataclass(frozen=True, slots=True)
class CountedEvent:
    event: Event
    attributed_seconds: Fraction

    @property
    def hours(self) -> float:
        return _hours(self.attributed_seconds)


@dataclass(frozen=True, slots=True)
class Accounting:
    window: Window
    counted: tuple[CountedEvent, ...]  # in start order
    all_day: tuple[Event, ...]
    excluded: Exclusions
    busy_seconds: Fraction

    @property
    def busy_hours(self) -> float:
        return _hours(self.busy_seconds)


def is_declined(event: Event, owner_emails: frozenset[str]) -> bool:
    return any(a.declined and a.email in owner_emails for a in event.attendees)


def touches(event: Event, window: Window) -> bool:
    """Overlaps [start, end); a zero-length event counts if it starts inside."""
    if event.start == event.end:
        return window.start <= event.start < window.end
    return event.start < window.end and event.end > window.start


def account(
    events: Iterable[Event], window: Window, owner_emails: frozenset[str], broken: int = 0
) -> Accounting:
    seen: dict[tuple[str, datetime], str] = {}  # occurrence -> the source it came from
    cancelled = declined = free = duplicate = 0
    counted: list[Event] = []
    all_day: list[Event] = []
    for event in sorted(events, key=lambda e: (e.start, e.end, e.uid)):
        if not touches(event, window):
            continue
        key = (event.uid, event.recurrence_id or event.start)
        if seen.setdefault(key, event.source) != event.source:
            duplicate += 1
            continue
        if event.status is Status.CANCELLED:
            cancelled += 1
        elif is_declined(event, owner_emails):
            declined += 1
        elif event.all_day or event.event_type in MARKER_EVENT_TYPES:
            # A marker whatever its TRANSP: Google exports holidays and other all-day
            # events as TRANSPARENT, and they are what the reader wants to see listed.
            all_day.append(event)
        elif event.transparent:
            free += 1
        else:
            counted.append(event)
    shares, busy = _share_overlaps(counted, window)
    return Accounting(
        window=window,
        counted=tuple(CountedEvent(e, s) for e, s in zip(counted, shares, strict=True)),
        all_day=tuple(all_day),
        excluded=Exclusions(cancelled, declined, free, broken, duplicate),
        busy_seconds=busy,
    )


def _share_overlaps(events: list[Event], window: Window) -> tuple[list[Fraction], Fraction]:
    """Each event's share of the time it covers (see `sweep`), and the busy time."""
    spans = [
        (ticks(max(event.start, window.start)), ticks(min(event.end, window.end)))
        for event in events
    ]
    per_tick = sweep.units(spans)
    sums = [0] * len(events)
    busy = 0
    for _, length, covering in sweep.stretches(spans):
        if covering:
            busy += length
            share = length * (per_tick // len(covering))
            for place in covering:
                sums[place] += share
    per_second = per_tick * 1_000_000
    return [Fraction(total, per_second) for total in sums], Fraction(busy, 1_000_000)
