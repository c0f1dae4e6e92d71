"""The week ahead, before it happens: one suggested action per series, and the reason.

`levelcal plan` reads the scheduled window (next week by default) and, for each
series or repeated title still ahead (README, "levelcal plan"), suggests one of:

- **decline**: you do not organize it, and more than `plan.decline_over` others
  attend (8 by default): you are one of many;
- **delegate**: a recurring series where someone who attends also organizes it,
  or runs it (the title names them, or a "Facilitator:", "Run by", "Led by",
  "Host:", "Chair:" or "Owner:" line of the description does): they are named
  (`Suggestion.to`). Beneath the level and nothing else to act on (a block only
  you are in, a meeting you organize), it is still to hand off, and the reason
  says the calendar names no one;
- **shorten**: a recurring series scheduled longer than every other series of
  the same kind in the window (your 1:1s; or your standups, syncs, reviews,
  plannings, retros, interviews by the word in their titles): shorten to the
  middle length of the others;
- **keep**: at or above your level; and what is never handed off (below) when
  it is not to shorten.

The first that holds is the suggestion, in this order: what is never handed off
(keep, or shorten), decline, delegate to someone named, shorten, delegate with
nobody named. What `delegation.kept` keeps (1:1s with reports, skip-levels, your
manager's 1:1, time set aside for yourself), and a 1:1 with the configured
`manager`, is never declined or delegated: at most shortened. Nothing here
changes a calendar: levelcal only reads them.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from levelcal import delegation
from levelcal.cadence import with_only
from levelcal.events import Event, elapsed
from levelcal.levels import Level
from levelcal.summary import LabeledEvent, Summary

DECLINE_OVER = 8  # the default of `plan.decline_over`
CELL_MINUTES = 30  # one cell of the day strip
# A series' kind, by the first of these words its title holds: what "shorten" compares.
_KINDS = (
    ("standup", re.compile(r"\b(?:stand[\s-]?ups?|daily scrum|dailies|daily)\b", re.I)),
    ("sync", re.compile(r"\b(?:syncs?|check[\s-]?ins?|catch[\s-]?ups?)\b", re.I)),
    ("planning", re.compile(r"\bplanning\b", re.I)),
    ("review", re.compile(r"\breviews?\b", re.I)),
    ("retro", re.compile(r"\bretro(?:spective)?s?\b", re.I)),
    ("interview", re.compile(r"\binterviews?\b", re.I)),
)
ONE_ON_ONE_KIND = "1:1"
_RUNNER_LINE = re.compile(
    r"^\s*(?:facilitat(?:or|ed by)|run by|runs it|led by|lead|host(?:ed by)?|chair(?:ed by)?"
    r"|owner|driver)\s*[:\-]?\s*(.+)$",
    re.I | re.M,
)


class Action(StrEnum):
    DELEGATE = "delegate"
    DECLINE = "decline"
    SHORTEN = "shorten"
    KEEP = "keep"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One series (or repeated title) still ahead in the window, and what to do about it."""

    title: str
    level: Level  # where most of its hours ahead are
    hours: float  # its hours still ahead in the window
    occurrences: int
    recurring: bool
    minutes: int  # its scheduled length (the middle one, when occurrences differ)
    next_start: datetime
    beneath: bool  # beneath the role's level
    action: Action
    reason: str
    to: str | None = None  # delegate: who the data names to take it (None: nobody named)


@dataclass(frozen=True, slots=True)
class Day:
    """One day of the strip: the level of each cell, the work hours, the day's markers."""

    day: date
    cells: tuple[Level | None, ...]
    work_hours: float
    markers: tuple[str, ...]  # all-day events: "Out of office", a holiday


@dataclass(frozen=True, slots=True)
class Plan:
    now: datetime  # what is before it is not "ahead"
    decline_over: int
    suggestions: tuple[Suggestion, ...]  # beneath the role first, then by hours
    days: tuple[Day, ...]
    day_start: int  # the hour of the strip's first cell
    cell_minutes: int
    owner_known: bool  # without an owner, neither decline nor delegate can be told

    @property
    def beneath(self) -> tuple[Suggestion, ...]:
        return tuple(s for s in self.suggestions if s.beneath)

    @property
    def at_level(self) -> tuple[Suggestion, ...]:
        return tuple(s for s in self.suggestions if not s.beneath)


# --- the people in an event ---------------------------------------------------------------


def _others(event: Event, owners: frozenset[str]) -> set[str]:
    """Everyone else in it: attendees who did not decline, and the organizer."""
    people = {a.email for a in event.attendees if not a.declined}
    if event.organizer:
        people.add(event.organizer)
    return people - owners


def _attends(event: Event, email: str | None) -> bool:
    """The organizer attends unless their own answer is a decline: Outlook's exports do not
    list the organizer among the attendees, Google's do."""
    return email is not None and not any(a.email == email and a.declined for a in event.attendees)


def _first_name(email: str, event: Event) -> str:
    name = next((a.name for a in event.attendees if a.email == email and a.name), "")
    return (name or email.partition("@")[0]).split()[0].split(".")[0]


def _runner(event: Event, owners: frozenset[str]) -> tuple[str, str] | None:
    """An attendee (not you) the title or the description names as running it: (who, where)."""
    attending = sorted(a.email for a in event.attendees if not a.declined and a.email not in owners)
    lines = " ".join(match.group(1) for match in _RUNNER_LINE.finditer(event.description))
    for where, text in (("the title", event.title), ("the description", lines)):
        for email in attending:
            name = _first_name(email, event)
            if len(name) > 1 and re.search(rf"\b{re.escape(name)}\b", text, re.I):
                return email, where
            if email in text.casefold():
                return email, where
    return None


# --- the suggestion for one series ----------------------------------------------------------


def kind_of(event: Event, kept: delegation.Kept) -> str | None:
    if kept is delegation.Kept.ONE_ON_ONE:
        return ONE_ON_ONE_KIND
    return next((kind for kind, words in _KINDS if words.search(event.title)), None)


@dataclass(frozen=True, slots=True)
class _Series:
    items: list[LabeledEvent]
    kept: delegation.Kept
    kind: str | None
    minutes: int

    @property
    def event(self) -> Event:
        return self.items[0].event


def _shorter(series: _Series, all_series: Sequence[_Series]) -> str | None:
    """Why to shorten it: longer than every other recurring series of its kind."""
    if series.kind is None or not series.event.recurring:
        return None
    others = [
        s.minutes
        for s in all_series
        if s is not series and s.kind == series.kind and s.event.recurring
    ]
    if not others or series.minutes <= max(others):
        return None
    kind = "1:1s" if series.kind == ONE_ON_ONE_KIND else f"{series.kind}s"
    span = f"{min(others)}" if min(others) == max(others) else f"{min(others)}–{max(others)}"
    return (
        f"{series.minutes} min, where your other {kind} take {span} min: "
        f"shorten to {round(statistics.median(others))} min"
    )


def _beneath_action(
    series: _Series, all_series: Sequence[_Series], owners: frozenset[str], decline_over: int
) -> tuple[Action, str, str | None]:
    """The action, its reason, and who the data names to hand it to (or None)."""
    event = series.event
    shorter = _shorter(series, all_series)
    if series.kept is not delegation.Kept.NO:
        one_on_one = series.kept is delegation.Kept.ONE_ON_ONE
        if shorter:
            kept = "a 1:1 is never handed off" if one_on_one else "time set aside is yours"
            return Action.SHORTEN, f"{shorter}; {kept}", None
        never = (
            "a 1:1 (a report, a skip-level, your manager): never declined or handed off"
            if one_on_one
            else "time you set aside for yourself: never handed off"
        )
        return Action.KEEP, never, None
    others = _others(event, owners)
    theirs = bool(owners) and event.organizer is not None and event.organizer not in owners
    if theirs and len(others) > decline_over:
        crowd = f"{len(others)} others attend (more than {decline_over})"
        return (
            Action.DECLINE,
            f"{event.organizer} organizes it and {crowd}: you are one of many",
            None,
        )
    if event.recurring and owners:
        if theirs and _attends(event, event.organizer):
            return (
                Action.DELEGATE,
                f"{event.organizer} organizes this series and attends it: leave it to them",
                event.organizer,
            )
        runner = _runner(event, owners)
        if runner is not None:
            return (
                Action.DELEGATE,
                f"{runner[0]} attends and runs it ({runner[1]} says so)",
                runner[0],
            )
    if shorter:
        return Action.SHORTEN, shorter, None
    return Action.DELEGATE, _nobody_named(event, others, owners, theirs), None


def _nobody_named(event: Event, others: set[str], owners: frozenset[str], theirs: bool) -> str:
    """Why a series beneath the level is to hand off although the data names no one to take
    it: what it lacks. (A VP's solo coding block is the first thing to hand off.)"""
    if not owners:
        return "beneath your level; without your address (--me) who runs it can't be told"
    if not others:
        return "beneath your level and only you are in it: hand the work to your team"
    if theirs and not event.recurring:
        return (
            f"beneath your level; a one-off {event.organizer} organizes with {len(others)} "
            "in it: send someone in your place"
        )
    if theirs:
        return f"beneath your level; {event.organizer} organizes it (and declined it)"
    return "beneath your level; you organize it and nobody in it runs it yet: name who will"


def _suggestion(
    series: _Series,
    all_series: Sequence[_Series],
    beneath: frozenset[Level],
    owners: frozenset[str],
    decline_over: int,
) -> Suggestion:
    by_level: dict[Level, float] = defaultdict(float)
    for item in series.items:
        by_level[item.label.level] += item.hours
    level = max(by_level, key=lambda lvl: (by_level[lvl], lvl.is_work))
    low = level in beneath
    to = None
    if low:
        action, reason, to = _beneath_action(series, all_series, owners, decline_over)
    else:
        action, reason = Action.KEEP, f"at or above your level ({level.short_name})"
    event = series.event
    return Suggestion(
        title=event.series_name,
        level=level,
        hours=sum(by_level.values()),
        occurrences=len(series.items),
        recurring=event.recurring,
        minutes=series.minutes,
        next_start=event.start,
        beneath=low,
        action=action,
        reason=reason,
        to=to,
    )


def _series(
    summary: Summary, owners: frozenset[str], manager: str | None, now: datetime
) -> list[_Series]:
    """The window's work events still ahead, one group per series or repeated title."""
    groups: dict[str, list[LabeledEvent]] = defaultdict(list)
    for item in summary.events:
        event = item.event
        if item.label.level.is_work and event.start >= now and item.hours > 0:
            groups[delegation.series_key(event.uid, event.title, event.recurring)].append(item)
    found = []
    for items in groups.values():
        event = items[0].event
        kept = delegation.kept(event, owners)
        if manager and kept is delegation.Kept.NO and with_only(event, manager, owners):
            kept = delegation.Kept.ONE_ON_ONE  # the configured manager's 1:1, whatever its title
        minutes = round(statistics.median(item.event.minutes for item in items))
        found.append(_Series(items, kept, kind_of(event, kept), minutes))
    return found


# --- the day strip --------------------------------------------------------------------------


def _cell_level(items: Sequence[LabeledEvent], start: datetime, end: datetime) -> Level | None:
    """The level that covers most of [start, end); None when nothing does."""
    covered: dict[Level, float] = defaultdict(float)
    for item in items:
        overlap = elapsed(max(start, item.event.start), min(end, item.event.end))
        if overlap.total_seconds() > 0:
            covered[item.label.level] += overlap.total_seconds()
    return max(covered, key=lambda level: (covered[level], level.is_work)) if covered else None


def _day_hours(summary: Summary, working: tuple[time, time]) -> tuple[int, int]:
    """The strip's first and last hour: the working day, widened to every event's that
    starts and ends on one day, on whole hours."""
    first, last = working[0].hour, working[1].hour + (1 if working[1].minute else 0)
    for item in summary.events:
        start = item.event.start.astimezone(summary.window.tz)
        end = item.event.end.astimezone(summary.window.tz)
        if start.date() == end.date():
            first = min(first, start.hour)
            last = max(last, end.hour + (1 if end.minute or end.second else 0))
    return first, last


def days(summary: Summary, working: tuple[time, time]) -> tuple[tuple[Day, ...], int]:
    """The window day by day, in cells of CELL_MINUTES from the strip's first hour."""
    tz = summary.window.tz
    first, last = _day_hours(summary, working)
    cells = (last - first) * 60 // CELL_MINUTES
    found = []
    day = summary.window.start.date()
    while day < summary.window.end.date():
        origin = datetime.combine(day, time(first), tzinfo=tz)
        row = tuple(
            _cell_level(
                summary.events,
                origin + timedelta(minutes=CELL_MINUTES * n),
                origin + timedelta(minutes=CELL_MINUTES * (n + 1)),
            )
            for n in range(cells)
        )
        work = sum(
            item.hours
            for item in summary.events
            if item.label.level.is_work and item.event.start.astimezone(tz).date() == day
        )
        markers = tuple(
            event.title for event in summary.all_day if event.start.date() <= day < event.end.date()
        )
        found.append(Day(day, row, work, markers))
        day += timedelta(days=1)
    return tuple(found), first


def build(
    summary: Summary,
    beneath: frozenset[Level] | None,
    *,
    now: datetime,
    decline_over: int = DECLINE_OVER,
    manager: str | None = None,
    working: tuple[time, time] = (time(9), time(17, 30)),
) -> Plan:
    """The plan of `summary`'s window as of `now`: suggestions, and the day strip.

    `beneath`: the role's levels beneath it; None without a role, and then no suggestion
    (nothing can be said to be beneath or at the level).
    """
    owners = frozenset(summary.owner_emails)
    all_series = _series(summary, owners, manager, now) if beneath is not None else []
    suggestions = sorted(
        (_suggestion(s, all_series, beneath or frozenset(), owners, decline_over)
         for s in all_series),
        key=lambda s: (not s.beneath, -s.hours, s.next_start, s.title),
    )  # fmt: skip
    strip, first = days(summary, working)
    return Plan(
        now=now,
        decline_over=decline_over,
        suggestions=tuple(suggestions),
        days=strip,
        day_start=first,
        cell_minutes=CELL_MINUTES,
        owner_known=bool(owners),
    )
