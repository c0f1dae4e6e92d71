"""Handoffs that stick: what you handed off, and whether you really let go of it.

`levelcal handoff PATTERN --to ADDRESS` records a handoff in the history
database: the series (PATTERN is a case-insensitive part of the title, or an
event's UID), to whom, the day, and the hours a week the series took you in the
BASELINE_WEEKS full weeks before that day's week. Every later report looks at the
full ISO weeks since: from the first Monday on or after the handoff day (the
week of the handoff itself is the changeover, counted on neither side) up to the
end of the report's window or today, whichever comes first. An event of the
series counts as attended when the report would count it (not declined, not
cancelled, not free), by the hours the report gives it, in the week it starts.

What backs the weeks: the calendar, when the report reads one (analyze, the
digest): it holds the past weeks whether or not they were saved, and a week you
were taken off the invitation is a week without the series. `levelcal trend`
reads no calendar: there the weeks are the recorded ones (`--save`, the digest),
and a week not recorded is not counted either way.

The state of a handoff, over the weeks since (each attended or not):

- pending: no full week since yet;
- done: you attended none of them, or the last GONE_WEEKS or more in a row;
- back: you were gone GONE_WEEKS weeks or more in a row, and attended again;
- slipping: otherwise; you still attended N of the M weeks (one missed week is
  a holiday, not a handoff).

Reclaimed hours a week: the hours a week before, less the hours since divided
by the weeks since (negative when you spend more on it than before).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from levelcal.delegation import Kept, kept, normalized_title
from levelcal.events import is_email
from levelcal.levels import Level

if TYPE_CHECKING:
    from levelcal.summary import LabeledEvent

BASELINE_WEEKS = 4
GONE_WEEKS = 2
LOOKBACK_WEEKS = 8  # how far back a series' earlier attendees are read, for suggestions


class State(StrEnum):
    PENDING = "pending"
    DONE = "done"
    SLIPPING = "slipping"
    BACK = "back"


@dataclass(frozen=True, slots=True)
class Handoff:
    """One recorded handoff, as the history keeps it."""

    pattern: str  # as typed: part of a title, or a UID
    title: str  # the title of the series it matched when recorded
    uids: tuple[str, ...]  # the UIDs of the events it matched
    to: str  # the address it was handed to
    on: date  # the day it was handed off
    hours_per_week_before: float  # over the BASELINE_WEEKS full weeks before that day's week
    recorded_at: str = ""

    @property
    def first_monday(self) -> date:
        """The first week since the handoff starts on the first Monday on or after it."""
        return self.on + timedelta(days=(7 - self.on.weekday()) % 7)

    def matches(self, uid: str, title: str) -> bool:
        """An event of the handed-off series: one of its UIDs, or the title part.

        A series the new owner creates anew has a new UID but the same title.
        Given a UID, the recorded title takes the place of the title part.
        """
        text = self.title if self.pattern in self.uids else self.pattern
        return uid in self.uids or text.strip().casefold() in title.casefold()


def week_monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def baseline_weeks(on: date) -> tuple[date, date]:
    """The days [first, end) the hours a week before a handoff on `on` are averaged over."""
    end = week_monday(on)
    return end - timedelta(weeks=BASELINE_WEEKS), end


def weeks_since(handoff: Handoff, end: date) -> list[date]:
    """The Mondays of the full weeks since the handoff that end by `end`."""
    mondays, monday = [], handoff.first_monday
    while monday + timedelta(days=7) <= end:
        mondays.append(monday)
        monday += timedelta(days=7)
    return mondays


def state_of(attended: Sequence[bool]) -> State:
    """The handoff's state from the weeks since, oldest first (see the module docstring)."""
    if not attended:
        return State.PENDING
    if not any(attended):
        return State.DONE
    away, came_back = 0, False
    for week in attended:
        if week:
            came_back = came_back or away >= GONE_WEEKS
            away = 0
        else:
            away += 1
    if away >= GONE_WEEKS:
        return State.DONE
    return State.BACK if came_back else State.SLIPPING


@dataclass(frozen=True, slots=True)
class Attended:
    """An event you attended, as the handoffs read it: from the calendar or the history."""

    uid: str
    title: str
    day: date  # the day it starts, in the report's zone
    hours: float


@dataclass(frozen=True, slots=True)
class Progress:
    """How one handoff is going, over the weeks since."""

    handoff: Handoff
    state: State
    weeks: int  # M: full weeks since
    attended: int  # N: of them, the weeks you still attended
    hours: float  # H: your hours in the series in those weeks
    backed_by: str  # "calendar" or "history"

    @property
    def reclaimed_per_week(self) -> float | None:
        """Hours a week before, less hours a week since; None before a full week."""
        if not self.weeks:
            return None
        return self.handoff.hours_per_week_before - self.hours / self.weeks


def progress(
    handoff: Handoff, attended: Iterable[Attended], mondays: Sequence[date], backed_by: str
) -> Progress:
    """The handoff over the weeks starting on `mondays` (ascending): what you attended then."""
    hours = dict.fromkeys(mondays, 0.0)
    for event in attended:
        monday = week_monday(event.day)
        if monday in hours and handoff.matches(event.uid, event.title):
            hours[monday] += event.hours
    weekly = [hours[monday] > 0 for monday in mondays]
    return Progress(
        handoff, state_of(weekly), len(mondays), sum(weekly), sum(hours.values()), backed_by
    )


def hours_per_week_before(
    on: date, matched: Iterable[Attended], weeks: int = BASELINE_WEEKS
) -> float:
    """The matched events' hours in the BASELINE_WEEKS full weeks before `on`'s, a week:
    divided by `weeks`, those of them that were read (0 read: 0 h)."""
    first, end = baseline_weeks(on)
    hours = sum(event.hours for event in matched if first <= event.day < end)
    return hours / weeks if weeks else 0.0


# --- suggestions: series that look handed off, but you still attend ----------------------


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A series beneath the role that gained an attendee who now organizes it."""

    title: str
    to: str  # the new organizer's address
    to_name: str  # their name, as the invitation gives it, else the address
    hours: float  # your hours in it in the report's window
    level: Level


def _name(email: str, event: LabeledEvent) -> str:
    for attendee in event.event.attendees:
        if attendee.email == email and attendee.name and not is_email(attendee.name):
            return attendee.name
    return email


def suggestions(
    window_events: Sequence[LabeledEvent],
    earlier: Sequence[tuple[str, frozenset[str]]],
    owner_emails: frozenset[str],
    beneath: frozenset[Level],
    recorded: Sequence[Handoff],
) -> list[Suggestion]:
    """Recurring series beneath the role, attended in the window, organized there by someone
    who was not among the people of the series' earliest occurrence read before it.

    `earlier`: (normalized series title, its people: organizer and attendees) of each
    occurrence before the window, oldest first. A series recorded as handed off is left out.
    """
    first_seen: dict[str, frozenset[str]] = {}
    for key, present in earlier:
        first_seen.setdefault(key, present)
    found: dict[str, Suggestion] = {}
    for item in window_events:
        event = item.event
        organizer = event.organizer
        if not event.recurring or item.label.level not in beneath or organizer is None:
            continue
        if organizer in owner_emails or kept(event, owner_emails) is not Kept.NO:
            continue
        key = normalized_title(event.series_name)
        before = first_seen.get(key)
        if before is None or organizer in before:
            continue
        if any(handoff.matches(event.uid, event.series_name) for handoff in recorded):
            continue
        hours = (found[key].hours if key in found else 0.0) + item.hours
        name = _name(organizer, item)
        found[key] = Suggestion(event.series_name, organizer, name, hours, item.label.level)
    return sorted(found.values(), key=lambda s: (-s.hours, s.title))


def people(organizer: str | None, attendees: Iterable[str]) -> frozenset[str]:
    return frozenset(attendees) | ({organizer} if organizer else frozenset())
