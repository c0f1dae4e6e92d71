"""Calendars read before, kept in the user's cache directory, keyed by their content.

Four kinds of entry, each named after a hash of what it depends on and of the
parser's version, so a changed file or a new levelcal never finds a stale one:

- `read-`: what one window of one file yielded (`CalendarRead`): the same report
  again skips the parser altogether;
- `index-`: the file's index (where each VEVENT lies, see `ics_index`): any
  window of an unchanged file is read without scanning it again;
- `lineage-`: per calendar lineage (its lines before the first VEVENT: name,
  X-WR-TIMEZONE, VTIMEZONEs, see `ics_index.lineage`), which index was built last,
  so a re-exported calendar's index reuses what the scan read from its unchanged blocks;
- `blocks-`: the block cache, per context and window: the events each series
  (the window's VEVENT blocks of one UID, keyed by a digest of their bytes)
  yielded. A changed file re-parses only the series whose blocks changed.

What the block cache keeps is what a cold read gives for that series, and the
events are put together in the order a cold read lists them (series by series,
in file order), so a report from the cache is the report of a cold run, byte
for byte. A series the parser warned about is never kept (its warnings name
lines, which move): it is read again every time, with the cold read's words.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from levelcal import __version__
from levelcal.events import Attendee, Event
from levelcal.ingest.ics_index import DIGEST_SIZE, CalendarIndex
from levelcal.ingest.parallel import alongside, in_background, meanwhile_now, pending, settle
from levelcal.ingest.types import CalendarRead
from levelcal.limits import Limits
from levelcal.pickle_store import CacheDir, key
from levelcal.window import Window

if TYPE_CHECKING:
    from levelcal.ingest.ics import BlocksRead

# Bump when ics.py or ics_index.py start reading a file differently between releases, or a
# pickled type moves to another module (2: CalendarRead moved to ingest/types.py; 3: rooms
# booked as guests are not attendees; 4: CATEGORIES, CLASS and Outlook's busy status are
# read; 5: the block cache, warnings in block order; 6: CREATED, and DTSTAMP of an
# invitation, as `created`; 7: NUL bytes, CR-only lines, zone rules, nesting; 8: the index
# keeps each block's line, and finds an earlier version by its lineage; 9: X-OWNER names the
# owner, X-WR-CALNAME is unescaped; 10: an appointment shown as out of office for less
# than a day is an event, not a marker; 11: zone rules that start before 1948 start then).
READ_FORMAT = 11


ALONGSIDE_AT_MOST = timedelta(days=62)  # the longest window read beside other work
# What a pending `meanwhile` task (loading the classifier) adds to this process's half of a
# split parse, in `_cost` units (a third of a millisecond each, about): with the cache
# writes and the child's result to unpickle, a cold year of 50k events ends soonest at 900.
TASK_COST = 900.0


def _window_key(file_key: str, source: str, window: Window, limits: Limits) -> str:
    return key(
        file_key,
        source,
        window.start.isoformat(),
        window.end.isoformat(),
        window.tz.key,
        str(limits.instances),
    )


def _status(path: Path) -> str:
    """What changes whenever a file's content may have: size, modification and change
    times (ns), inode and device."""
    found = path.stat()
    return f"{found.st_size}:{found.st_mtime_ns}:{found.st_ctime_ns}:{found.st_ino}:{found.st_dev}"


def parser_version() -> str:
    """Everything whose change may change what a calendar reads as, or what a pickle holds."""
    libraries = " ".join(_installed(name) for name in _PARSER)
    shapes = " ".join(
        ",".join(field.name for field in dataclasses.fields(kind))
        for kind in (CalendarRead, Event, Attendee, CalendarIndex, ParsedSeries)
    )
    python = sys.version_info[:2]
    return f"levelcal {__version__}/{READ_FORMAT}, {libraries}, python {python}, {shapes}"


_PARSER = ("icalendar", "recurring_ical_events", "x_wr_timezone", "dateutil")


def _installed(module: str) -> str:
    """Which copy of a library is installed, told without importing it (a report from the
    cache must not pay for the parser): where its code lies, its size and its time."""
    from importlib.util import find_spec

    spec = find_spec(module)
    if spec is None or spec.origin is None:
        return f"{module} missing"
    try:
        status = os.stat(spec.origin)
    except OSError:
        return f"{module} at {spec.origin}"
    return f"{module} at {spec.origin} {status.st_size} {status.st_mtime_ns}"


@dataclass(frozen=True, slots=True)
class ParsedSeries:
    """The block cache of one calendar context and one window: events per series digest."""

    name: str  # the calendar's name, as a cold read finds it
    owner: str  # the address its X-OWNER names ("": none), as a cold read finds it
    source: str  # the name the events were read under (Event.source)
    events: dict[bytes, tuple[Event, ...]]


@dataclass(frozen=True, slots=True)
class _Series:
    blocks: tuple[int, ...]  # block numbers in the index, in file order
    digest: bytes | None  # None: never cached (no UID, or a UID the scan could not read)


@dataclass(frozen=True, slots=True)
class CalendarCache:
    """The calendar cache, handed to each document by `sources.load` (none with --no-cache)."""

    entries: CacheDir
    version: str = field(default_factory=parser_version)

    def read(
        self,
        data: bytes,
        source: str,
        window: Window,
        limits: Limits,
        digest: str | None = None,
    ) -> CalendarRead:
        """What `ics.read_calendar` gives for this calendar and window, from the cache if kept
        (`digest`: the data's SHA-256, when the caller has it)."""
        settle()  # a child of an earlier read may still write what this one looks for
        file_key = key(self.version, digest or hashlib.sha256(data).hexdigest())
        window_key = _window_key(file_key, source, window, limits)
        problems: list[str] = []
        found = self.entries.get(f"read-{window_key}", CalendarRead, problems)
        if found is not None:
            return found

        def work() -> tuple[tuple[CalendarRead, list[str]], Callable[[], None]]:
            told, writes = list(problems), Writes()
            read = self._read_and_keep(data, source, window, limits, file_key, told, writes)
            return (read, told), writes.done

        # A cold read: a forked child reads while this process does what the report needs
        # next (see `parallel.meanwhile`); the child's result is what this process would
        # have read, and once it is sent the child writes the cache entries this process
        # would have written. Not for a long window: sending back a year's events costs
        # what the overlap saves, and a third process would hold a year's parse (50k
        # events: 75 MB more). Its cache entries are written by a forked child while this
        # process labels and reports: pickling a year's events takes a quarter of a second.
        if window.end - window.start > ALONGSIDE_AT_MOST:
            (read, problems), write = work()
            in_background(write)
        else:
            read, problems = alongside(work, len(data))
        if problems:
            return dataclasses.replace(read, warnings=(*problems, *read.warnings))
        return read

    def _read_and_keep(
        self,
        data: bytes,
        source: str,
        window: Window,
        limits: Limits,
        file_key: str,
        problems: list[str],
        writes: Writes,
    ) -> CalendarRead:
        """The read, and the cache entries that keep it in `writes` (written when told)."""
        from levelcal.ingest.ics import prepared

        data, repairs = prepared(data, source)  # the index is of the bytes as mended
        index = self._index(data, file_key, problems, writes)
        if index is None:
            read = _read_cold(data, source, window, limits, None)
        else:
            read = self._read_blocks(data, index, source, window, limits, problems, writes)
        read = repairs.applied_to(read)
        writes.put(self.entries, f"read-{_window_key(file_key, source, window, limits)}", read)
        return read

    def read_file(
        self,
        path: Path,
        load: Callable[[], bytes],
        source: str,
        window: Window,
        limits: Limits,
    ) -> CalendarRead:
        """`read` for a local file. An unchanged file (the same size, modification and change
        times, inode and device as when it was last read) is known by its digest without
        being read: a warm report of a 30 MB export reads neither the file nor its hash."""
        settle()
        try:
            before = _status(path)
        except OSError:
            return self.read(load(), source, window, limits)
        named = f"status-{key(self.version, str(path.resolve()), before)}"
        problems: list[str] = []
        digest = self.entries.get(named, str, problems)
        if digest is not None and not problems:
            file_key = key(self.version, digest)
            window_key = _window_key(file_key, source, window, limits)
            found = self.entries.get(f"read-{window_key}", CalendarRead, problems)
            if found is not None and not problems:
                return found
        data = load()
        digest = hashlib.sha256(data).hexdigest()
        with contextlib.suppress(OSError):
            if _status(path) == before:  # not written to while it was read
                self.entries.put(named, digest)
        return self.read(data, source, window, limits, digest)

    def _index(
        self, data: bytes, file_key: str, problems: list[str], writes: Writes
    ) -> CalendarIndex | None:
        """The file's index: kept, or built reusing the last index of the same calendar (and
        then kept through `writes`)."""
        from levelcal.ingest.ics_index import build, lineage

        index = self.entries.get(f"index-{file_key}", CalendarIndex, problems)
        if index is not None:
            return index
        earlier: list[tuple[str, CalendarIndex]] = []

        def previous(line: str) -> CalendarIndex | None:
            last = self.entries.get(f"lineage-{key(self.version, line)}", str, problems)
            if last is None or last == file_key:
                return None
            found = self.entries.get(f"index-{last}", CalendarIndex, problems)
            if found is not None:
                earlier.append((last, found))
            return found

        from levelcal.ingest.ics import import_parser

        # The parser is needed next, to read the window's blocks: loaded while the scan's
        # other half (started later, in a child) finishes.
        index = build(data, previous, idle=import_parser)
        if index is None:
            return None
        built: CalendarIndex = index

        def keep() -> None:
            self.entries.put(f"index-{file_key}", built)
            self.entries.put(f"lineage-{key(self.version, lineage(data))}", file_key)
            for last, replaced in earlier:
                # An earlier version of this calendar lives on in this index: drop it. (Two
                # calendars with the same lineage, which share few blocks, keep both.)
                if 2 * _shared_blocks(replaced, built) >= len(replaced):
                    self.entries.discard(f"index-{last}")

        writes.later(keep)
        return index

    def _read_blocks(
        self,
        data: bytes,
        index: CalendarIndex,
        source: str,
        window: Window,
        limits: Limits,
        problems: list[str],
        writes: Writes,
    ) -> CalendarRead:
        """The window's events, series by series: kept ones from the block cache, the rest
        parsed (on two cores when there are many: the writes waiting may be done while the
        other half ends)."""
        from levelcal.ingest import ics
        from levelcal.ingest.parallel import WORTH_SPLITTING, in_halves

        span = ics.reading_span(window.start, window.end)
        series = _series_of(index, index.near(*span))
        entry = "blocks-" + key(
            self.version,
            index.context,
            window.tz.key,
            span[0].isoformat(),
            span[1].isoformat(),
            str(limits.instances),
        )
        kept = self.entries.get(entry, ParsedSeries, problems)
        known = kept.events if kept is not None else {}
        missing = [s for s in series if s.digest is None or s.digest not in known]
        parsed: list[tuple[Sequence[_Series], BlocksRead | None]] = []
        if missing or kept is None:

            def parse(part: Sequence[_Series]) -> list[tuple[Sequence[_Series], BlocksRead | None]]:
                chosen = sorted(n for s in part for n in s.blocks)
                excerpt, raw = index.excerpt(data, chosen)
                read = ics.read_blocks(excerpt, raw, source, window.tz, span, limits.instances)
                return [(part, read)]

            ics.import_parser()  # once, before any fork, for both halves
            split = sum(len(s.blocks) for s in missing) >= WORTH_SPLITTING["parse"]
            # Each series reads the same in any company: the halves are made even in work,
            # this process's lighter by a pending task's (loading the classifier), which it
            # does once its half is parsed, while the child ends the other.
            task = TASK_COST if split and pending() else 0.0
            ahead, behind = _even_halves(index, missing, span[1].timestamp(), task)

            def idle() -> None:
                writes.done()
                meanwhile_now()

            parsed = in_halves(
                parse, [*ahead, *behind], worth_it=split, split_at=len(ahead), idle=idle
            )
        if any(read is None or not read.aligned or read.warnings for _, read in parsed):
            # Repairs, or blocks the parser and the scan see differently: read as a cold run
            # does, and keep nothing of it in the block cache.
            return _read_cold(data, source, window, limits, index)
        fresh, notes, broken, header = _by_series(parsed)
        events: list[Event] = []
        keep: dict[bytes, tuple[Event, ...]] = {}
        for one in series:
            if one in fresh:
                found, clean = fresh[one]
                if clean and one.digest is not None:
                    keep[one.digest] = found
            else:
                assert kept is not None and one.digest is not None
                found = known[one.digest]
                if kept.source != source:
                    found = tuple(dataclasses.replace(e, source=source) for e in found)
                keep[one.digest] = found
            events.extend(found)
        if header is None:
            assert kept is not None
            header = kept.name, kept.owner
        name, owner = header
        if parsed or kept is None or keep.keys() != known.keys() or kept.source != source:
            writes.put(self.entries, entry, ParsedSeries(name, owner, source, keep))
        return CalendarRead(
            events=tuple(events),
            broken=broken,
            warnings=tuple(message for _, message in sorted(notes, key=lambda note: note[0])),
            name=name,
            **ics.owned_by(owner),
        )


class Writes:
    """Cache writes that wait until `done` is called (each is done once, in order)."""

    def __init__(self) -> None:
        self.waiting: list[Callable[[], None]] = []

    def later(self, write: Callable[[], None]) -> None:
        self.waiting.append(write)

    def put(self, entries: CacheDir, name: str, value: object) -> None:
        self.later(lambda: entries.put(name, value))

    def done(self) -> None:
        while self.waiting:
            self.waiting.pop(0)()


def _read_cold(
    data: bytes, source: str, window: Window, limits: Limits, index: CalendarIndex | None
) -> CalendarRead:
    """What `ics.read_calendar` reads, the file whole when it has no index."""
    from levelcal.ingest.ics import read_calendar

    return read_calendar(
        data,
        source=source,
        span_start=window.start,
        span_end=window.end,
        tz=window.tz,
        max_instances=limits.instances,
        index=index,
        whole=index is None,
    )


def _series_of(index: CalendarIndex, chosen: Sequence[int]) -> list[_Series]:
    """The chosen blocks grouped by UID, in the order of each series' first block: the order
    in which recurring-ical-events lists a calendar's series."""
    grouped: dict[str | int, list[int]] = {}  # a UID, or the number of a block without one
    for number in chosen:
        uid = index.uids[number]
        grouped.setdefault(uid if uid is not None else number, []).append(number)
    series = []
    for group, blocks in grouped.items():
        digest = None
        if isinstance(group, str):
            digest = hashlib.blake2b(
                b"".join(index.digest(n) for n in blocks), digest_size=16
            ).digest()
        series.append(_Series(tuple(blocks), digest))
    return series


def _shared_blocks(one: CalendarIndex, other: CalendarIndex) -> int:
    size = DIGEST_SIZE
    mine = {one.digests[n : n + size] for n in range(0, len(one.digests), size)}
    return sum(other.digests[n : n + size] in mine for n in range(0, len(other.digests), size))


_WEEK = 7 * 86400.0
_YEARS = 10 * 52 * _WEEK  # how far back an unbounded series is counted


def _cost(index: CalendarIndex, series: _Series, end: float) -> float:
    """About how much work reading a series is, in blocks: a block that spans more than two
    days (a recurring master, mostly) is expanded from its start to the end of the window,
    and recurring-ical-events steps through each instance on the way (a week a step, say)."""
    cost = 0.0
    for number in series.blocks:
        first, last = index.first[number], index.last[number]
        cost += 1.0
        if last - first > 2 * 86400.0:
            cost += max(0.0, end - max(first, end - _YEARS)) / _WEEK / 20
    return cost


def _even_halves(
    index: CalendarIndex, series: Sequence[_Series], end: float, head_start: float = 0.0
) -> tuple[list[_Series], list[_Series]]:
    """The series dealt into two halves of about the same work (costliest first, each to
    the lighter half), each half in file order; the first half has `head_start` less."""
    costs = [_cost(index, one, end) for one in series]
    halves: tuple[list[int], list[int]] = ([], [])
    loads = [head_start, 0.0]
    for number in sorted(range(len(series)), key=lambda n: -costs[n]):
        lighter = 0 if loads[0] <= loads[1] else 1
        halves[lighter].append(number)
        loads[lighter] += costs[number]
    return [series[n] for n in sorted(halves[0])], [series[n] for n in sorted(halves[1])]


def _by_series(
    parsed: Sequence[tuple[Sequence[_Series], BlocksRead | None]],
) -> tuple[
    dict[_Series, tuple[tuple[Event, ...], bool]],
    list[tuple[int, str]],
    int,
    tuple[str, str] | None,
]:
    """Each parsed series' events and whether they are clean; the warnings, each with the
    number of its block; the broken events; the calendar's name and owner (None: nothing
    was parsed)."""
    fresh: dict[_Series, tuple[tuple[Event, ...], bool]] = {}
    notes: list[tuple[int, str]] = []
    broken, header = 0, None
    for part, read in parsed:
        assert read is not None
        chosen = sorted(n for s in part for n in s.blocks)  # position -> block number
        owner = {n: s for s in part for n in s.blocks}
        found: dict[_Series, list[Event]] = {s: [] for s in part}
        for origin, event in zip(read.origins, read.events, strict=True):
            found[owner[chosen[origin]]].append(event)
        troubled = {owner[chosen[position]] for position in read.troubled}
        for one in part:
            fresh[one] = (tuple(found[one]), one not in troubled)
        notes += [(chosen[position], message) for position, message in read.notes]
        broken += read.broken
        header = header or (read.name, read.owner)
    return fresh, notes, broken, header
