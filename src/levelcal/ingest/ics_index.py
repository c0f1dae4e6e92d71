"""Where each VEVENT of a calendar lies, in its bytes and in time, found without parsing.

A years-long export holds tens of thousands of events, and a week's report
needs a few hundred of them. Parsing the whole file with icalendar takes
seconds per ten thousand events; finding the VEVENT blocks and reading their
DTSTART, DTEND, DURATION, RRULE and RECURRENCE-ID with regular expressions
takes a fraction of that. The index gives each block a conservative time
extent, so that only the blocks that may touch a window, together with
everything else in the file (VTIMEZONEs, calendar properties), are handed to
the real parser. Any doubt keeps the block: a value the scan cannot read, an
open-ended or sparse rule, RDATE, RANGE=THISANDFUTURE. A file whose structure
is not plain (nesting, several VCALENDARs, stray BEGIN/END) gets no index and
is parsed whole, repairs and all.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime

from levelcal.ingest.ics_text import RawEvent, parse_duration

FOREVER = float("inf")
# The scan reads times as if they were UTC; a zone's offset is at most 26 hours
# away (floating times included), so a window is widened by more than that.
_ZONE_SLACK = 3 * 86400.0
_EPOCH = date(1970, 1, 1).toordinal()

_COMPONENT = re.compile(rb"^(BEGIN|END):([A-Za-z0-9-]+)[ \t]*\r?$", re.M | re.I)
_PROPERTY = re.compile(  # name, parameters, and the value with its continuation lines
    rb'^(DTSTART|DTEND|DURATION|RRULE|RDATE|RECURRENCE-ID|UID)((?:;(?:"[^"\r\n]*"|[^";:\r\n])*)*)'
    rb":([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)",
    re.M | re.I,
)
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


@dataclass(frozen=True, slots=True)
class Block:
    """One VEVENT: its bytes, its line, and the instants it may touch (seconds, UTC-ish)."""

    begin: int
    end: int
    line: int
    uid: str | None
    duration: str | None  # the DURATION value as written
    override: bool  # has RECURRENCE-ID
    first: float
    last: float

    @property
    def raw(self) -> RawEvent:
        return RawEvent(line=self.line, uid=self.uid, duration=self.duration)


@dataclass(frozen=True, slots=True)
class CalendarIndex:
    """The VEVENT blocks of a one-VCALENDAR file, and the byte ranges around them."""

    blocks: tuple[Block, ...]
    between: tuple[tuple[int, int], ...]  # every byte range that is not a VEVENT block

    def excerpt(self, data: bytes, start: datetime, end: datetime) -> tuple[bytes, list[RawEvent]]:
        """The calendar with only the VEVENTs that may touch [start, end), as bytes.

        Every block of a UID one of whose blocks is kept keeps its masters too,
        so a moved instance is read with the rule it belongs to.
        """
        low = start.timestamp() - _ZONE_SLACK
        high = end.timestamp() + _ZONE_SLACK
        near = [b for b in self.blocks if b.first < high and b.last > low]
        with_masters = {b.uid for b in near}
        kept = {id(b) for b in near} | {
            id(b) for b in self.blocks if not b.override and b.uid in with_masters
        }
        chosen = [b for b in self.blocks if id(b) in kept]
        pieces = sorted([*self.between, *((b.begin, b.end) for b in chosen)])
        return b"".join(data[a:z] for a, z in pieces), [b.raw for b in chosen]


def build(data: bytes) -> CalendarIndex | None:
    """The index of `data`, or None when its structure is not plain enough to trust."""
    blocks: list[tuple[int, int, int]] = []  # begin, end, line
    nested: list[tuple[int, int]] = []  # components inside a VEVENT (VALARM...)
    stack: list[tuple[bytes, int]] = []
    calendars = 0
    line, counted_to = 1, 0
    for match in _COMPONENT.finditer(data):
        kind, name = match.group(1).upper(), match.group(2).upper()
        if kind == b"BEGIN":
            if name == b"VCALENDAR":
                calendars += 1
                if stack or calendars > 1:
                    return None
            elif not stack or _misplaced(name, [open_name for open_name, _ in stack]):
                return None
            stack.append((name, match.start()))
            continue
        if not stack or stack[-1][0] != name:
            return None
        _, began = stack.pop()
        after = data.find(b"\n", match.end())
        finish = len(data) if after < 0 else after + 1
        if name == b"VEVENT":
            line += data.count(b"\n", counted_to, began)
            counted_to = began
            blocks.append((began, finish, line))
        elif stack and stack[-1][0] == b"VEVENT":
            nested.append((began, finish))
    if stack or calendars != 1 or not blocks:
        return None
    values = _properties(data, blocks, nested)
    indexed = tuple(
        _block(begin, finish, line, values[number])
        for number, (begin, finish, line) in enumerate(blocks)
    )
    between, cursor = [], 0
    for begin, finish, _ in blocks:
        if begin > cursor:
            between.append((cursor, begin))
        cursor = finish
    between.append((cursor, len(data)))
    return CalendarIndex(blocks=indexed, between=tuple(between))


def _misplaced(name: bytes, open_names: list[bytes]) -> bool:
    """A VEVENT below the top, or a calendar, zone or event inside an event."""
    if name == b"VEVENT" and len(open_names) != 1:
        return True
    return b"VEVENT" in open_names and name in (b"VCALENDAR", b"VTIMEZONE", b"VEVENT")


def _properties(
    data: bytes, blocks: list[tuple[int, int, int]], nested: list[tuple[int, int]]
) -> list[dict[str, list[tuple[str, str]]]]:
    """Per block: property name -> [(parameters, value)], continuation lines joined."""
    found: list[dict[str, list[tuple[str, str]]]] = [{} for _ in blocks]
    begins = [begin for begin, _, _ in blocks]
    nested_begins = [begin for begin, _ in nested]
    for match in _PROPERTY.finditer(data):
        at = match.start()
        number = bisect_right(begins, at) - 1
        if number < 0 or at >= blocks[number][1]:
            continue  # outside every VEVENT (a VTIMEZONE's DTSTART)
        inner = bisect_right(nested_begins, at) - 1
        if inner >= 0 and at < nested[inner][1]:
            continue  # inside a VALARM: its DURATION is not the event's
        value = match.group(3)
        if b"\n" in value:  # RFC 5545 §3.1 folding
            value = _CONTINUED.sub(b"", value)
        value = value.strip()
        name = match.group(1).upper().decode("ascii")
        parameters = match.group(2).decode("utf-8", "replace").upper()
        found[number].setdefault(name, []).append((parameters, value.decode("utf-8", "replace")))
    return found


def _block(begin: int, end: int, line: int, values: dict[str, list[tuple[str, str]]]) -> Block:
    uid = values["UID"][0][1] if len(values.get("UID", ())) == 1 else None
    duration = values["DURATION"][0][1] if len(values.get("DURATION", ())) == 1 else None
    first, last = _extent(values)
    return Block(
        begin=begin,
        end=end,
        line=line,
        uid=uid,
        duration=duration,
        override="RECURRENCE-ID" in values,
        first=first,
        last=last,
    )


def _extent(values: dict[str, list[tuple[str, str]]]) -> tuple[float, float]:
    """The first and last instant the event may cover; (-inf, inf) when in doubt."""
    always = (-FOREVER, FOREVER)
    repeated = any(len(found) > 1 for name, found in values.items() if name != "RRULE")
    if "RDATE" in values or repeated:
        return always
    start = _seconds(values["DTSTART"][0][1]) if "DTSTART" in values else None
    length = _length(values, start)
    if start is None or length is None:
        return always
    first, last = start, start + length
    for _, rule in values.get("RRULE", ()):
        until = _rule_end(rule, start)
        if until is None:
            return always
        last = max(last, until + length)
    if "RECURRENCE-ID" in values:
        parameters, value = values["RECURRENCE-ID"][0]
        original = _seconds(value)
        if original is None or "THISANDFUTURE" in parameters:
            return always
        first, last = min(first, original), max(last, original + length)
    return first, last


def _length(values: dict[str, list[tuple[str, str]]], start: float | None) -> float | None:
    if start is None:
        return None
    if "DTEND" in values:
        end = _seconds(values["DTEND"][0][1])
        return None if end is None or end < start else end - start
    if "DURATION" in values:
        duration = parse_duration(values["DURATION"][0][1])
        if duration is None or duration.days < 0 or duration.seconds < 0:
            return None
        return duration.days * 86400.0 + duration.seconds + 3600  # + a DST hour, nominal days
    return 86400.0  # RFC 5545 §3.6.1: a date lasts one day, a date-time none


def _rule_end(rule: str, start: float) -> float | None:
    """The last instant an RRULE can reach, if it provably ends; else None."""
    parts = dict(part.split("=", 1) for part in rule.upper().split(";") if "=" in part)
    if "UNTIL" in parts:
        until = _seconds(parts["UNTIL"])
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


def _seconds(value: str) -> float | None:
    """A DATE or DATE-TIME value read as UTC, in seconds since 1970; None if unreadable."""
    value = value.strip()
    day = _day(value[:8])
    if day is None:
        return None
    clock = value[8:]
    if not clock:
        return day
    if len(clock) not in (7, 8) or clock[0] != "T" or not clock[1:7].isdigit():
        return None
    if len(clock) == 8 and clock[7] != "Z":
        return None
    return day + int(clock[1:3]) * 3600 + int(clock[3:5]) * 60 + min(int(clock[5:7]), 59)


@functools.lru_cache(maxsize=8192)
def _day(text: str) -> float | None:
    """Seconds from 1970 to midnight of a YYYYMMDD date; calendars repeat their days."""
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return (date(int(text[:4]), int(text[4:6]), int(text[6:])).toordinal() - _EPOCH) * 86400.0
    except ValueError:
        return None
