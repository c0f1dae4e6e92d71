"""Who pulls you down: the time beneath your level that others put on your calendar.

For one window (README, "Who pulls you down"):

- the work hours beneath the role's level that others organized (the event's
  organizer is someone else), against those you put there yourself (you organize
  it, or it has no organizer: a block on your own calendar);
- the organizers behind the first, most hours first, and their series;
- the reactive share of all work hours: events others organized, made less than
  48 hours before they started (where the source says when: `Event.created`),
  and not recurring. Hours of such events whose source does not say when they
  were made are counted apart, never guessed.

Without the owner's address nobody can be told apart from you: no split then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from levelcal.events import Event, elapsed
from levelcal.levels import Level
from levelcal.summary import LabeledEvent, Summary

REACTIVE_NOTICE = timedelta(hours=48)  # made less than this before it starts: reactive
ORGANIZERS = 3  # the top organizers shown
SERIES = 3  # the series shown per organizer


@dataclass(frozen=True, slots=True)
class Series:
    title: str  # a recurring series' master title, or the title of one-off events
    hours: float
    recurring: bool


@dataclass(frozen=True, slots=True)
class Organizer:
    email: str
    hours: float  # beneath-level work hours this person organized in the window
    series: tuple[Series, ...]  # theirs, most hours first (at most SERIES)


@dataclass(frozen=True, slots=True)
class PulledDown:
    beneath: frozenset[Level]  # the role's levels beneath it (empty: no role, no split)
    by_others_hours: float  # beneath-level work hours others organized
    by_you_hours: float  # beneath-level work hours you put on your own calendar
    organizers: tuple[Organizer, ...]  # most hours first (at most ORGANIZERS)
    work_hours: float
    reactive_hours: float  # work hours others organized < 48 h ahead, not recurring
    unknown_made_hours: float  # others' one-off work hours whose source does not say when made

    @property
    def reactive_share(self) -> float:
        return self.reactive_hours / self.work_hours if self.work_hours else 0.0


def organized_by_other(event: Event, owners: frozenset[str]) -> bool:
    return event.organizer is not None and event.organizer not in owners


def reactive(event: Event) -> bool | None:
    """Made less than 48 h before it started, and not recurring; None when the source does
    not say when it was made (a recurring event is never reactive, whenever it was made)."""
    if event.recurring:
        return False
    if event.created is None:
        return None
    return elapsed(event.created, event.start) < REACTIVE_NOTICE


def _series_key(event: Event) -> tuple[str, str]:
    from levelcal.delegation import normalized_title

    return ("series", event.uid) if event.recurring else ("title", normalized_title(event.title))


def _organizers(items: Iterable[LabeledEvent]) -> tuple[Organizer, ...]:
    hours: dict[str, float] = defaultdict(float)
    series: dict[str, dict[tuple[str, str], float]] = defaultdict(lambda: defaultdict(float))
    titles: dict[tuple[str, str], Series] = {}
    for item in items:
        organizer = item.event.organizer or ""
        key = _series_key(item.event)
        hours[organizer] += item.hours
        series[organizer][key] += item.hours
        titles.setdefault(key, Series(item.event.series_name, 0.0, item.event.recurring))
    ranked = sorted(hours, key=lambda email: (-hours[email], email))[:ORGANIZERS]
    return tuple(
        Organizer(
            email,
            hours[email],
            tuple(
                Series(titles[key].title, spent, titles[key].recurring)
                for key, spent in sorted(
                    series[email].items(), key=lambda pair: (-pair[1], titles[pair[0]].title)
                )[:SERIES]
            ),
        )
        for email in ranked
    )


def compute(summary: Summary, beneath: frozenset[Level]) -> PulledDown | None:
    """The split of `summary`'s window; None without an owner (nobody can be told from you)."""
    owners = frozenset(summary.owner_emails)
    if not owners:
        return None
    work = [item for item in summary.events if item.label.level.is_work and item.hours > 0]
    low = [item for item in work if item.label.level in beneath]
    theirs = [item for item in low if organized_by_other(item.event, owners)]
    others_one_off = [
        item for item in work if organized_by_other(item.event, owners) and not item.event.recurring
    ]
    return PulledDown(
        beneath=beneath,
        by_others_hours=sum(item.hours for item in theirs),
        by_you_hours=sum(item.hours for item in low) - sum(item.hours for item in theirs),
        organizers=_organizers(theirs),
        work_hours=sum(item.hours for item in work),
        reactive_hours=sum(item.hours for item in others_one_off if reactive(item.event)),
        unknown_made_hours=sum(
            item.hours for item in others_one_off if reactive(item.event) is None
        ),
    )
