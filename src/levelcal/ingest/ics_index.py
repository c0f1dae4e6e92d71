"""Where each VEVENT of a calendar lies, in its bytes and in time, found without parsing.

A years-long export holds tens of thousands of events, and a week's report
needs a few hundred of them. Parsing the whole file with icalendar takes
seconds per ten thousand events; one pass of one regular expression over the
bytes finds every component line and every DTSTART, DTEND, DURATION, RRULE,
RDATE, RECURRENCE-ID and UID in a fraction of that. The index gives each
block a conservative time extent, so that only the blocks that may touch a
window, together with everything else in the file (VTIMEZONEs, calendar
properties), are handed to the real parser. Any doubt keeps the block: a value
the scan cannot read, an open-ended or sparse rule, RDATE,
RANGE=THISANDFUTURE. A file whose structure is not plain (nesting, several
VCALENDARs, stray BEGIN/END) gets no index and is parsed whole, repairs and all.

Each block also gets a digest of its bytes, and the file a digest of
everything that is not a VEVENT block (its context: VTIMEZONEs,
X-WR-TIMEZONE, the calendar's name). What the scan reads from a block depends
on its bytes alone, so a re-exported calendar reuses the previous index's
reading of every block it still holds (found by the calendar's lineage, its
lines before the first VEVENT), and reads only the new ones.

A large file is cut in two at a VEVENT's BEGIN line near its middle, and each
half is scanned, hashed and read on a core of its own; the halves are joined
only when the first ends between two components of the one VCALENDAR, which
is where the second began; else the file is scanned whole.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from levelcal.ingest.ics_text import MAX_DEPTH, RawEvent, parse_duration
from levelcal.ingest.parallel import WORTH_SPLITTING, in_halves

FOREVER = float("inf")
DIGEST_SIZE = 16  # bytes of BLAKE2b per block: collisions are out of reach
# The scan reads times as if they were UTC; a zone's offset is at most 26 hours
# away (floating times included), so a window is widened by more than that.
_ZONE_SLACK = 3 * 86400.0
_EPOCH = date(1970, 1, 1).toordinal()

_NAMES = rb"DTSTART|DTEND|DURATION|RRULE|RDATE|RECURRENCE-ID|UID"
_NAMED = frozenset(_NAMES.split(b"|"))
# The structure: every BEGIN and END line (the first line of the file has no newline before it).
_COMPONENT = re.compile(rb"\n((?i:BEGIN|END)):([A-Za-z0-9-]+)[ \t]*\r?$", re.M)
_FIRST_COMPONENT = re.compile(rb"((?i:BEGIN|END)):([A-Za-z0-9-]+)[ \t]*\r?$", re.M)
# The properties the extent needs, in one block: the name, the character after it (";"
# before parameters, ":" before the value), and the rest of the line with its continuation
# lines (RFC 5545 §3.1 folding).
_PROPERTY = re.compile(rb"\n((?i:" + _NAMES + rb"))([;:])([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)")
_PARAMETERS = re.compile(rb'((?:;(?:"[^"\r\n]*"|[^";:\r\n])*)*):')  # up to the value
_CONTINUED = re.compile(rb"\r?\n[ \t]")
# Longest span one period of each frequency can cover, in seconds.
_PERIOD = {
    "SECONDLY": 1.0,
    "MINUTELY": 60.0,
    "HOURLY": 3600.0,
    "DAILY": 86400.0,
    "WEEKLY": 7 * 86400.0,
    "MONTHLY": 31 * 86400.0,
    "YEARLY": 366 * 86400.0,
}


# What the scan reads from one block's bytes, the same wherever the block stands: its UID
# (None when missing or given twice), its DURATION as written, whether it has a
# RECURRENCE-ID, and the first and last instant it may touch (seconds since 1970, read as
# UTC). A plain tuple: tens of thousands are made, and sent between processes.
Reading = tuple[str | None, str | None, bool, float, float]


@dataclass(frozen=True, slots=True)
class Block:
    """One VEVENT: its bytes, and what the scan read from them."""

    begin: int
    end: int
    uid: str | None
    duration: str | None
    override: bool
    first: float
    last: float


@dataclass(frozen=True, slots=True)
class CalendarIndex:
    """The VEVENT blocks of a one-VCALENDAR file, column by column, and the bytes around them.

    Columns rather than one object per block: the index of a 50,000-event export
    is kept in the cache, and arrays store and load in milliseconds.
    """

    begins: array  # byte offset of each block's BEGIN:VEVENT line
    ends: array  # just past its END:VEVENT line
    lines: array  # the 1-based line of its BEGIN:VEVENT, for warnings
    first: array  # float seconds: the earliest instant it may touch
    last: array
    uids: tuple[str | None, ...]
    durations: tuple[str | None, ...]
    overrides: bytes  # 1 where the block has a RECURRENCE-ID
    digests: bytes  # DIGEST_SIZE bytes per block, of its bytes
    between: tuple[tuple[int, int], ...]  # every byte range that is not a VEVENT block
    context: str  # hex digest of those ranges: the same for a re-export of the calendar

    def __len__(self) -> int:
        return len(self.begins)

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(
            Block(
                self.begins[n],
                self.ends[n],
                self.uids[n],
                self.durations[n],
                bool(self.overrides[n]),
                self.first[n],
                self.last[n],
            )
            for n in range(len(self))
        )

    def digest(self, number: int) -> bytes:
        return self.digests[number * DIGEST_SIZE : (number + 1) * DIGEST_SIZE]

    def near(self, start: datetime, end: datetime) -> list[int]:
        """The blocks that may touch [start, end), in file order, with their series' masters.

        Every block of a UID one of whose blocks is kept keeps its masters too,
        so a moved instance is read with the rule it belongs to.
        """
        low = start.timestamp() - _ZONE_SLACK
        high = end.timestamp() + _ZONE_SLACK
        near = [
            n
            for n, (a, z) in enumerate(zip(self.first, self.last, strict=True))
            if a < high and z > low
        ]
        series = {self.uids[n] for n in near}
        masters = [n for n, uid in enumerate(self.uids) if uid in series and not self.overrides[n]]
        return sorted({*near, *masters})

    def excerpt(self, data: bytes, chosen: Sequence[int]) -> tuple[bytes, list[RawEvent]]:
        """The calendar with only the `chosen` blocks (in file order), and what the parser
        should know of each: its line, UID and DURATION as written."""
        pieces = sorted([*self.between, *((self.begins[n], self.ends[n]) for n in chosen)])
        raw = [RawEvent(self.lines[n], self.uids[n], self.durations[n]) for n in chosen]
        return b"".join(data[a:z] for a, z in pieces), raw


def build(
    data: bytes,
    previous: Callable[[str], CalendarIndex | None] | None = None,
    idle: Callable[[], object] | None = None,
) -> CalendarIndex | None:
    """The index of `data`, or None when its structure is not plain enough to trust.

    `previous(lineage)` may give the index of an earlier version of the same calendar
    (`lineage`: a digest of the calendar's lines before its first VEVENT): blocks whose
    bytes it already read are not read again. A large file is scanned in two halves on
    two cores (see `parallel`), each finding its blocks, hashing and reading them;
    `idle` is other work for this process once its half is done (see `in_halves`).
    """
    known = _Known.of(previous(lineage(data)) if previous else None)
    parts = _halves(data) if len(data) >= WORTH_SPLITTING["scan"] else [(0, len(data))]

    def scan(chosen: Sequence[_Range]) -> list[_Part | None]:
        return [_scan(data, begin, finish, known, begin > 0) for begin, finish in chosen]

    found = _joined(in_halves(scan, parts, worth_it=len(parts) == 2, idle=idle))
    if found is None and len(parts) == 2:  # the middle was not between two top-level blocks
        found = _joined(scan([(0, len(data))]))
    if found is None:
        return None
    view = memoryview(data)
    between, cursor = [], 0
    for begin, finish in zip(found.begins, found.ends, strict=True):
        if begin > cursor:
            between.append((cursor, begin))
        cursor = finish
    between.append((cursor, len(data)))
    context = hashlib.blake2b(digest_size=DIGEST_SIZE)
    for begin, finish in between:
        context.update(view[begin:finish])
    return CalendarIndex(
        begins=found.begins,
        ends=found.ends,
        lines=found.lines,
        first=found.first,
        last=found.last,
        uids=tuple(found.uids),
        durations=tuple(found.durations),
        overrides=bytes(found.overrides),
        digests=bytes(found.digests),
        between=tuple(between),
        context=context.hexdigest(),
    )


def lineage(data: bytes) -> str:
    """What a re-export of a calendar most likely shares with the version read before: its
    lines before the first VEVENT (name, zone, VTIMEZONEs), as a hex digest. Only a key
    to find an earlier index by: what the scan read from a block depends on its bytes alone,
    so any earlier index is a safe source of readings."""
    head = data.find(b"BEGIN:VEVENT")
    return hashlib.blake2b(data[: head if head >= 0 else len(data)], digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class _Known:
    """What an earlier index read, found by a block's digest (its place in that index)."""

    index: CalendarIndex | None
    places: dict[bytes, int]

    @staticmethod
    def of(index: CalendarIndex | None) -> _Known:
        if index is None:
            return _Known(None, {})
        size, digests = DIGEST_SIZE, index.digests
        return _Known(
            index, {digests[n : n + size]: n // size for n in range(0, len(digests), size)}
        )

    def reading(self, digest: bytes) -> Reading | None:
        place = self.places.get(digest)
        if place is None or self.index is None:
            return None
        index = self.index
        return (
            index.uids[place],
            index.durations[place],
            bool(index.overrides[place]),
            index.first[place],
            index.last[place],
        )


_Properties = list[tuple[bytes, bytes, bytes]]  # (name, ";" or ":", the rest) of one block
_Range = tuple[int, int]


@dataclass(slots=True)
class _Part:
    """What one part of a file holds, column by column (arrays travel between processes
    and join in a moment): its VEVENT blocks, their lines (counted from the part's start,
    0 for its first line), digests and what the scan read from each; the components still
    open at its end, the VCALENDARs that began in it, and its line ends."""

    begins: array
    ends: array
    lines: array
    digests: bytearray
    first: array
    last: array
    uids: list[str | None]
    durations: list[str | None]
    overrides: bytearray
    open_names: tuple[bytes, ...]
    calendars: int
    newlines: int


def _halves(data: bytes) -> list[_Range]:
    """The file cut in two at a VEVENT's BEGIN line near its middle (one part if none)."""
    middle = data.find(b"\nBEGIN:VEVENT", len(data) // 2)
    return [(0, middle), (middle, len(data))] if middle > 0 else [(0, len(data))]


def _scan(data: bytes, begin: int, finish: int, known: _Known, inside: bool) -> _Part | None:
    """One part of the file: its blocks found, hashed and read (`known`: what an earlier
    index read). `inside`: the part starts within the VCALENDAR, between two components."""
    structure = _structure(data, begin, finish, inside)
    if structure is None:
        return None
    ranges, nested, open_names, calendars = structure
    view = memoryview(data)
    digests = [hashlib.blake2b(view[a:z], digest_size=DIGEST_SIZE).digest() for a, z in ranges]
    readings = [
        known.reading(digest) or _reading(_properties(data, ranges[n], nested.get(n, ())))
        for n, digest in enumerate(digests)
    ]
    lines, running, cursor = array("q"), 0, begin
    for start, _ in ranges:
        running += data.count(b"\n", cursor, start)
        cursor = start
        lines.append(running)
    return _Part(
        begins=array("q", [start for start, _ in ranges]),
        ends=array("q", [end for _, end in ranges]),
        lines=lines,
        digests=bytearray(b"".join(digests)),
        first=array("d", [r[3] for r in readings]),
        last=array("d", [r[4] for r in readings]),
        uids=[r[0] for r in readings],
        durations=[r[1] for r in readings],
        overrides=bytearray(r[2] for r in readings),
        open_names=open_names,
        calendars=calendars,
        newlines=running + data.count(b"\n", cursor, finish),
    )


def _joined(parts: Sequence[_Part | None]) -> _Part | None:
    """The parts' blocks end to end, their lines counted from the file's first (1), when
    together they are one plain VCALENDAR."""
    whole: _Part | None = None
    for part in parts:
        if part is None:
            return None
        part.lines = array("q", [line + 1 for line in part.lines])
        if whole is None:
            whole = part
            continue
        if whole.open_names != (b"VCALENDAR",):
            return None  # the cut was not between two components of the calendar
        whole.lines += array("q", [line + whole.newlines for line in part.lines])
        for name in ("begins", "ends", "digests", "first", "last", "uids", "durations"):
            getattr(whole, name).extend(getattr(part, name))
        whole.overrides += part.overrides
        whole.open_names, whole.newlines = part.open_names, whole.newlines + part.newlines
        whole.calendars += part.calendars
    if whole is None or whole.open_names or whole.calendars != 1 or not whole.begins:
        return None
    return whole


def _structure(
    data: bytes, begin: int, finish: int, inside: bool
) -> tuple[list[_Range], dict[int, list[_Range]], tuple[bytes, ...], int] | None:
    """Each VEVENT's byte range in data[begin:finish], the ranges of the components nested
    in it (VALARMs), the components open at the end, and how many VCALENDARs began.
    `inside`: the part begins within the one VCALENDAR."""
    ranges: list[_Range] = []
    nested: dict[int, list[_Range]] = {}
    names: list[bytes] = [b"VCALENDAR"] if inside else []  # the open components, outermost first
    starts: list[int] = [begin] if inside else []  # where each began
    calendars = 0
    first = None if inside else _FIRST_COMPONENT.match(data, 0, finish)
    matches = _COMPONENT.finditer(data, begin, finish)
    for match in itertools.chain((first,) if first else (), matches):
        name = match.group(2).upper()
        if match.group(1).upper() == b"BEGIN":
            if name == b"VCALENDAR":
                calendars += 1
                if names or calendars > 1:
                    return None
            elif not names or len(names) >= MAX_DEPTH or _misplaced(name, names):
                return None  # too deep: the whole-file read drops what is deeper
            names.append(name)
            starts.append(match.start(1))
            continue
        if not names or names[-1] != name:
            return None
        names.pop()
        began = starts.pop()
        after = data.find(b"\n", match.end())
        end = len(data) if after < 0 else after + 1
        if name == b"VEVENT":
            ranges.append((began, end))
        elif len(names) == 2 and names[-1] == b"VEVENT":
            nested.setdefault(len(ranges), []).append((began, end))
    return ranges, nested, tuple(names), calendars


def _properties(data: bytes, block: _Range, nested: Sequence[_Range]) -> _Properties:
    """The block's own properties: none of a component nested in it (a VALARM's DURATION)."""
    if not nested:
        return _PROPERTY.findall(data, *block)
    found, cursor = [], block[0]
    for begin, finish in nested:
        found += _PROPERTY.findall(data, cursor, begin)
        cursor = finish - 1  # the newline before the line after the nested component
    return found + _PROPERTY.findall(data, cursor, block[1])


def _misplaced(name: bytes, open_names: list[bytes]) -> bool:
    """A VEVENT below the top, or a calendar, zone or event inside an event."""
    if name == b"VEVENT" and len(open_names) != 1:
        return True
    return b"VEVENT" in open_names and name in (b"VCALENDAR", b"VTIMEZONE", b"VEVENT")


def _reading(properties: _Properties) -> Reading:
    """What one block's properties say (see `Reading`); plain code: it runs once per event."""
    found: dict[bytes, tuple[bytes, bytes]] = {}  # name -> (parameters, value)
    rules: list[bytes] = []
    repeated = False
    for name, separator, rest in properties:
        if b"\n" in rest:  # RFC 5545 §3.1 folding
            rest = _CONTINUED.sub(b"", rest)
        if separator == b":":
            parameters, value = b"", rest
        elif b'"' not in rest:
            parameters, colon, value = rest.partition(b":")
            if not colon:
                continue  # not a property line after all
        else:  # a quoted parameter may hold a colon
            match = _PARAMETERS.match(b";" + rest)
            if match is None:
                continue
            parameters, value = match.group(1), rest[match.end() - 1 :]
        if name not in _NAMED:
            name = name.upper()
        if name == b"RRULE":
            rules.append(value.strip())
        elif name in found:
            repeated = True
        else:
            found[name] = (parameters, value.strip())
    uid = _text(found.get(b"UID"), repeated and _twice(properties, b"UID"))
    duration = _text(found.get(b"DURATION"), repeated and _twice(properties, b"DURATION"))
    override = b"RECURRENCE-ID" in found
    if repeated or b"RDATE" in found:
        return uid, duration, override, -FOREVER, FOREVER
    first, last = _extent(found, rules)
    return uid, duration, override, first, last


def _twice(properties: _Properties, wanted: bytes) -> bool:
    return sum(name.upper() == wanted for name, _, _ in properties) > 1


def _text(found: tuple[bytes, bytes] | None, twice: bool) -> str | None:
    """A property's value as text; None when it is missing or given twice."""
    return None if found is None or twice else found[1].decode("utf-8", "replace")


def _extent(found: dict[bytes, tuple[bytes, bytes]], rules: list[bytes]) -> tuple[float, float]:
    """The first and last instant the event may cover; (-inf, inf) when in doubt."""
    always = (-FOREVER, FOREVER)
    start = _seconds(found[b"DTSTART"][1]) if b"DTSTART" in found else None
    length = _length(found, start)
    if start is None or length is None:
        return always
    first, last = start, start + length
    for rule in rules:
        until = _rule_end(rule.decode("utf-8", "replace"), start)
        if until is None:
            return always
        last = max(last, until + length)
    if b"RECURRENCE-ID" in found:
        parameters, value = found[b"RECURRENCE-ID"]
        original = _seconds(value)
        if original is None or b"THISANDFUTURE" in parameters.upper():
            return always
        first, last = min(first, original), max(last, original + length)
    return first, last


def _length(found: dict[bytes, tuple[bytes, bytes]], start: float | None) -> float | None:
    if start is None:
        return None
    if b"DTEND" in found:
        end = _seconds(found[b"DTEND"][1])
        return None if end is None or end < start else end - start
    if b"DURATION" in found:
        return _duration_length(found[b"DURATION"][1])
    return 86400.0  # RFC 5545 §3.6.1: a date lasts one day, a date-time none


@functools.lru_cache(maxsize=1024)
def _duration_length(value: bytes) -> float | None:
    """The longest span a DURATION may cover; calendars repeat a few durations."""
    duration = parse_duration(value.decode("utf-8", "replace"))
    if duration is None or duration.days < 0 or duration.seconds < 0:
        return None
    return duration.days * 86400.0 + duration.seconds + 3600  # + a DST hour, nominal days


def _rule_end(rule: str, start: float) -> float | None:
    """The last instant an RRULE can reach, if it provably ends; else None."""
    parts = dict(part.split("=", 1) for part in rule.upper().split(";") if "=" in part)
    if "UNTIL" in parts:
        until = _seconds(parts["UNTIL"].strip().encode())
        return None if until is None else until + 86400  # a date UNTIL includes its day
    if "COUNT" not in parts or parts.get("FREQ") in (None, "MONTHLY", "YEARLY"):
        return None  # a month's 31st or a year's 29 February may be years apart
    try:
        count, interval = int(parts["COUNT"]), int(parts.get("INTERVAL", "1"))
    except ValueError:
        return None
    by = {name for name in parts if name.startswith("BY")} - {"BYDAY"}
    if parts["FREQ"] not in _PERIOD:
        return None
    period = _PERIOD[parts["FREQ"]]
    if "BYDAY" in parts:
        # One weekday a week at least, so each instance is at most a week after the last;
        # "BYDAY=5FR" and the like may skip whole months: not bounded here.
        if any(ch.isdigit() for ch in parts["BYDAY"]) or parts["FREQ"] not in ("DAILY", "WEEKLY"):
            return None
        period = _PERIOD["WEEKLY"]
    if by or count < 1 or interval < 1:
        return None  # BYMONTHDAY=31, BYMONTH=2;BYMONTHDAY=29...: periods may pass empty
    return start + count * interval * period


def _seconds(value: bytes) -> float | None:
    """A DATE or DATE-TIME value read as UTC, in seconds since 1970; None if unreadable."""
    day = _day(value[:8])
    if day is None:
        return None
    if len(value) == 8:
        return day
    clock = _clock(value[8:])
    return None if clock is None else day + clock


@functools.lru_cache(maxsize=8192)
def _day(text: bytes) -> float | None:
    """Seconds from 1970 to midnight of a YYYYMMDD date; calendars repeat their days."""
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return (date(int(text[:4]), int(text[4:6]), int(text[6:])).toordinal() - _EPOCH) * 86400.0
    except ValueError:
        return None


@functools.lru_cache(maxsize=8192)
def _clock(text: bytes) -> int | None:
    """Seconds into the day of a "THHMMSS" or "THHMMSSZ" time; meetings repeat their hours."""
    if len(text) not in (7, 8) or text[:1] != b"T" or not text[1:7].isdigit():
        return None
    if len(text) == 8 and text[7:] != b"Z":
        return None
    return int(text[1:3]) * 3600 + int(text[3:5]) * 60 + min(int(text[5:7]), 59)
