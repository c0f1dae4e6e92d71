"""Calendars read before, kept in the user's cache directory, keyed by their content.

Two kinds of entry, both named after a hash of the calendar's bytes and of the
parser's version, so a changed file or a new levelcal never finds a stale one:

- the file's index (where each VEVENT lies, see `ics_index`): any window of an
  unchanged file is read without scanning it again, parsing only nearby events;
- what one window yielded (`CalendarRead`): the same report again skips the
  parser altogether.

Each entry carries a checksum of its payload; an entry that does not match is
discarded with a warning and rebuilt, never used. Entries are pickles in a
directory only the user can write (mode 0700), like the rest of their data.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from levelcal import __version__
from levelcal.ingest.ics_index import CalendarIndex
from levelcal.ingest.sources import CalendarRead
from levelcal.limits import Limits
from levelcal.storage import write_atomically
from levelcal.window import Window

T = TypeVar("T")
_MAGIC = b"levelcal cache 1\n"
MAX_ENTRIES = 200  # the oldest go first; an index of 50k events is about 5 MB


def parser_version() -> str:
    """Everything whose change may change what a calendar reads as."""
    from importlib.metadata import version

    libraries = " ".join(
        f"{name} {version(name)}" for name in ("icalendar", "recurring-ical-events")
    )
    return f"levelcal {__version__}, {libraries}, python {sys.version_info[:2]}"


@dataclass(frozen=True, slots=True)
class Cache:
    directory: Path

    def read(
        self, data: bytes, source: str, window: Window, limits: Limits, version: str
    ) -> CalendarRead:
        """What `ics.read_calendar` gives for this calendar and window, from the cache if kept."""
        from levelcal.ingest.ics import read_calendar
        from levelcal.ingest.ics_index import build

        content = hashlib.sha256(data).hexdigest()
        file_key = _key(version, content)
        window_key = _key(
            file_key, source, window.start.isoformat(), window.end.isoformat(), window.tz.key
        )
        window_key = _key(window_key, str(limits.instances))
        problems: list[str] = []
        found = self._load(f"read-{window_key}", CalendarRead, problems)
        if found is not None:
            return found
        index = self._load(f"index-{file_key}", CalendarIndex, problems)
        if index is None:
            index = build(data)
            if index is not None:
                self._store(f"index-{file_key}", index)
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
        self._store(f"read-{window_key}", read)
        self._prune()
        if problems:
            return CalendarRead(
                events=read.events,
                broken=read.broken,
                warnings=(*problems, *read.warnings),
                name=read.name,
            )
        return read

    def _load(self, name: str, kind: type[T], problems: list[str]) -> T | None:
        path = self.directory / name
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            problems.append(f"cache entry {path} cannot be read ({error}); not used")
            return None
        value = _decoded(blob, kind)
        if value is None:
            problems.append(f"cache entry {path} is damaged; discarded and rebuilt")
            path.unlink(missing_ok=True)
            return None
        os.utime(path)  # recently used: pruned last
        return value

    def _store(self, name: str, value: object) -> None:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        blob = _MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomically(self.directory / name, blob)
        except OSError:
            pass  # a full disk or a read-only cache costs speed, never the report

    def _prune(self) -> None:
        try:
            entries = sorted(self.directory.iterdir(), key=lambda p: p.stat().st_mtime)
            for old in entries[: max(0, len(entries) - MAX_ENTRIES)]:
                old.unlink(missing_ok=True)
        except OSError:
            pass


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:40]


def _decoded(blob: bytes, kind: type[T]) -> T | None:
    """The entry's value if its checksum holds and it is of the kind expected."""
    if not blob.startswith(_MAGIC):
        return None
    checksum, _, payload = blob[len(_MAGIC) :].partition(b"\n")
    if hashlib.sha256(payload).hexdigest().encode() != checksum:
        return None
    try:
        value = pickle.loads(payload)
    except Exception:  # a checksum collision with garbage; as damaged as any
        return None
    return value if isinstance(value, kind) else None
