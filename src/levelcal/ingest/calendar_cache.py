"""Calendars read before, kept in the user's cache directory, keyed by their content.

Two kinds of entry, both named after a hash of the calendar's bytes and of the
parser's version, so a changed file or a new levelcal never finds a stale one:

- the file's index (where each VEVENT lies, see `ics_index`): any window of an
  unchanged file is read without scanning it again, parsing only nearby events;
- what one window yielded (`CalendarRead`): the same report again skips the
  parser altogether.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
from dataclasses import dataclass, field

from levelcal import __version__
from levelcal.events import Attendee, Event
from levelcal.ingest.ics_index import CalendarIndex
from levelcal.ingest.types import CalendarRead
from levelcal.limits import Limits
from levelcal.pickle_store import CacheDir, key
from levelcal.window import Window

# Bump when ics.py or ics_index.py start reading a file differently between releases, or a
# pickled type moves to another module (2: CalendarRead moved to ingest/types.py; 3: rooms
# booked as guests are not attendees; 4: CATEGORIES and CLASS are read).
READ_FORMAT = 4


def parser_version() -> str:
    """Everything whose change may change what a calendar reads as, or what a pickle holds."""
    from importlib.metadata import version

    libraries = " ".join(
        f"{name} {version(name)}" for name in ("icalendar", "recurring-ical-events")
    )
    shapes = " ".join(
        ",".join(field.name for field in dataclasses.fields(kind))
        for kind in (CalendarRead, Event, Attendee, CalendarIndex)
    )
    python = sys.version_info[:2]
    return f"levelcal {__version__}/{READ_FORMAT}, {libraries}, python {python}, {shapes}"


@dataclass(frozen=True, slots=True)
class CalendarCache:
    """The calendar cache, handed to each document by `sources.load` (none with --no-cache)."""

    entries: CacheDir
    version: str = field(default_factory=parser_version)

    def read(self, data: bytes, source: str, window: Window, limits: Limits) -> CalendarRead:
        """What `ics.read_calendar` gives for this calendar and window, from the cache if kept."""
        from levelcal.ingest.ics import read_calendar
        from levelcal.ingest.ics_index import build

        file_key = key(self.version, hashlib.sha256(data).hexdigest())
        window_key = key(
            file_key,
            source,
            window.start.isoformat(),
            window.end.isoformat(),
            window.tz.key,
            str(limits.instances),
        )
        problems: list[str] = []
        found = self.entries.get(f"read-{window_key}", CalendarRead, problems)
        if found is not None:
            return found
        index = self.entries.get(f"index-{file_key}", CalendarIndex, problems)
        if index is None:
            index = build(data)
            if index is not None:
                self.entries.put(f"index-{file_key}", index)
        read = read_calendar(
            data,
            source=source,
            span_start=window.start,
            span_end=window.end,
            tz=window.tz,
            max_instances=limits.instances,
            index=index,
            whole=index is None,
        )
        self.entries.put(f"read-{window_key}", read)
        if problems:
            return CalendarRead(
                events=read.events,
                broken=read.broken,
                warnings=(*problems, *read.warnings),
                name=read.name,
            )
        return read
