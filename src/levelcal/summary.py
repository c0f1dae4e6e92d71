"""The finished analysis as data: what every renderer reads, and nothing else."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from levelcal.accounting import CountedEvent, Exclusions
from levelcal.events import Event
from levelcal.levels import WORK_LEVELS, Level
from levelcal.window import Window

if TYPE_CHECKING:
    from levelcal.classify.label import Label


@dataclass(frozen=True, slots=True)
class LabeledEvent:
    counted: CountedEvent
    label: Label

    @property
    def event(self) -> Event:
        return self.counted.event

    @property
    def hours(self) -> float:
        return self.counted.hours


@dataclass(frozen=True, slots=True)
class TimeSink:
    """A recurring series or a repeated title, and what it cost in the window."""

    title: str
    hours: float
    occurrences: int
    recurring: bool


@dataclass(frozen=True, slots=True)
class Summary:
    window: Window
    sources: tuple[str, ...]
    events: tuple[LabeledEvent, ...]
    all_day: tuple[Event, ...]
    excluded: Exclusions
    busy_hours: float
    warnings: tuple[str, ...] = ()
    owner_emails: tuple[str, ...] = ()
    hours_by_level: dict[Level, float] = field(default_factory=dict)
    calendars: tuple[str, ...] = ()  # each calendar's own name (X-WR-CALNAME), or its file's
    # What named the owner when the calendars did (not --me or the config): "X-OWNER of a.ics".
    owner_from: str = ""
    # Who counts as an executive in the room (--executive, the config's executives and manager).
    executives: tuple[str, ...] = ()

    @property
    def calendar_names(self) -> tuple[str, ...]:
        """The calendars as a person (or a mail) names them: never a full local path."""
        return tuple(dict.fromkeys(self.calendars or self.sources))

    @classmethod
    def build(
        cls,
        *,
        window: Window,
        sources: tuple[str, ...],
        events: tuple[LabeledEvent, ...],
        all_day: tuple[Event, ...],
        excluded: Exclusions,
        busy_hours: float,
        warnings: tuple[str, ...],
        owner_emails: tuple[str, ...],
        calendars: tuple[str, ...] = (),
        owner_from: str = "",
        executives: tuple[str, ...] = (),
    ) -> Summary:
        by_level = dict.fromkeys(Level, 0.0)
        for item in events:
            by_level[item.label.level] += item.hours
        return cls(
            window,
            sources,
            events,
            all_day,
            excluded,
            busy_hours,
            warnings,
            owner_emails,
            by_level,
            calendars,
            owner_from,
            executives,
        )

    @property
    def work_hours(self) -> float:
        return sum(self.hours_by_level[level] for level in WORK_LEVELS)

    def work_share(self, level: Level) -> float | None:
        """Share of work hours; None for `other`, which is never work."""
        if not level.is_work:
            return None
        return self.hours_by_level[level] / self.work_hours if self.work_hours else 0.0

    @property
    def top_work_level(self) -> Level | None:
        if self.work_hours <= 0:
            return None
        return max(WORK_LEVELS, key=lambda level: self.hours_by_level[level])

    @property
    def uncertain_hours(self) -> float:
        return sum(item.hours for item in self.events if item.label.uncertain)

    def time_sinks(self, level: Level, limit: int = 3) -> list[TimeSink]:
        """The biggest consumers of a level: recurring series by UID (named by their
        master's title), others by title."""
        hours: dict[tuple[str, str], float] = defaultdict(float)
        counts: dict[tuple[str, str], int] = defaultdict(int)
        titles: dict[tuple[str, str], str] = {}
        for item in self.events:
            if item.label.level is not level or item.hours <= 0:
                continue
            event = item.event
            key = (
                ("series", event.uid)
                if event.recurring
                else ("title", re.sub(r"\s+", " ", event.title).strip().casefold())
            )
            hours[key] += item.hours
            counts[key] += 1
            titles.setdefault(key, event.series_name)  # never one moved instance's title
        ranked = sorted(hours, key=lambda key: (-hours[key], titles[key]))
        return [
            TimeSink(titles[key], hours[key], counts[key], key[0] == "series")
            for key in ranked[:limit]
        ]
