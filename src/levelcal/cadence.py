"""A cadence upward: when you last met your manager one-on-one, and whether it recurs.

The manager is the config's `manager` (an address). A 1:1 with them is a counted
event (not cancelled, declined, free or all-day) whose people, organizer and
attendees alike, are the manager and the owner only. levelcal sees only the data
it read: the span looked at (`Cadence.span_start` to `span_end`), which the
report names; a 1:1 before it is not known, and is said to be so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from levelcal.events import Event

WITHOUT = timedelta(weeks=4)  # no 1:1 in this long: the digest says so
LOOK_BACK = WITHOUT  # how far before the report's moment the calendars are read


@dataclass(frozen=True, slots=True)
class Cadence:
    manager: str
    now: datetime  # the moment "last" and "next" are told from
    span_start: datetime  # the data looked in: these instants, in these calendars
    span_end: datetime
    calendars: tuple[str, ...]
    last: datetime | None  # the start of the last 1:1 before `now`, in the span
    next: datetime | None  # the start of the next one after `now`, in the span
    recurring: str | None  # the title of a recurring 1:1 series with them, if one exists

    @property
    def overdue(self) -> bool:
        """No 1:1 in the four weeks before `now` (as far as the span shows)."""
        return self.last is None or self.now - self.last > WITHOUT


def with_only(event: Event, manager: str, owners: frozenset[str]) -> bool:
    """A 1:1 with `manager`: the manager and the owner are the only people in it."""
    people = {a.email for a in event.attendees} | ({event.organizer} if event.organizer else set())
    if manager not in people:
        return False
    others = people - owners - {manager}
    # Without a known owner, the owner is the one other person there may be.
    return not others if owners else len(others) <= 1


def find(
    counted: Iterable[Event],
    manager: str,
    owners: frozenset[str],
    *,
    now: datetime,
    span: tuple[datetime, datetime],
    calendars: tuple[str, ...],
) -> Cadence:
    """The cadence with `manager` in the counted events of `span`."""
    meetings = sorted(
        (event for event in counted if with_only(event, manager, owners)),
        key=lambda event: event.start,
    )
    before = [event for event in meetings if event.start <= now]
    after = [event for event in meetings if event.start > now]
    series = next((event for event in reversed(meetings) if event.recurring), None)
    return Cadence(
        manager=manager,
        now=now,
        span_start=span[0],
        span_end=span[1],
        calendars=calendars,
        last=before[-1].start if before else None,
        next=after[0].start if after else None,
        recurring=series.series_name if series else None,
    )
