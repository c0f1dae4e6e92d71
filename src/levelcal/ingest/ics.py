"""Read an iCalendar (.ics) document into Events, RFC 5545 recurrence included.

icalendar parses; recurring-ical-events expands RRULE/RDATE/EXDATE/RECURRENCE-ID
after applying Google's X-WR-TIMEZONE (through x-wr-timezone). This module
checks each VEVENT first, so one broken event is skipped with a warning instead
of failing the calendar, and corrects what those libraries get wrong (see
`_end_of` and `_original_start`).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from levelcal.errors import InputError
from levelcal.events import (
    SHOW_AS,
    Attendee,
    Event,
    Status,
    is_email,
    is_room,
    shown_as,
)
from levelcal.ingest.ics_index import CalendarIndex
from levelcal.ingest.ics_index import build as build_index
from levelcal.ingest.ics_text import (
    Duration,
    RawEvent,
    limit_nesting,
    line_ends_repaired,
    parse_duration,
    repair_structure,
    scan_events,
    timezone_blocks,
    unescaped,
    unfolded_lines,
    without_nul,
    zone_name,
)
from levelcal.ingest.recurrence import estimated_instances
from levelcal.ingest.types import CalendarRead
from levelcal.limits import DEFAULT

_INDEX = "X-LEVELCAL-INDEX"
# Properties whose parse errors make an event unusable; errors elsewhere are ignored.
_CRITICAL = {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"}
# Floating times can sit up to 26 hours from UTC; expand a little more than the span.
_MARGIN = timedelta(days=2)
# Outlook writes its "show as" into exports: out of office and working elsewhere are event
# types (`events.shown_as`).
_BUSY_STATUS = "X-MICROSOFT-CDO-BUSYSTATUS"


def check_calendar(data: bytes, source: str) -> None:
    """Refuse, in one line, what is plainly not a whole iCalendar document."""
    if not data or data.isspace():  # not `strip`: a copy of a 30 MB export costs 5-20 ms
        raise InputError(f"{source}: the file is empty, not an iCalendar calendar")
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not head[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        if b"\x00" in data[:4096]:
            raise InputError(f"{source}: binary data, not an iCalendar (.ics) file")
        line = head[:200].decode("utf-8", errors="replace").splitlines()
        first = line[0][:40] if line else ""
        raise InputError(
            f"{source}: not an iCalendar file (it starts with {first!r}, expected BEGIN:VCALENDAR)"
        )
    if (  # the end first: it is where a whole calendar has it
        b"END:VCALENDAR" not in data[-4096:]
        and b"END:VCALENDAR" not in data
        and b"END:VCALENDAR" not in data.upper()
    ):
        raise InputError(f"{source}: truncated iCalendar file (no END:VCALENDAR)")


@dataclass(frozen=True, slots=True)
class Repairs:
    """What was mended in a calendar's bytes before parsing, to add to what it reads as."""

    warnings: tuple[str, ...] = ()
    skipped: int = 0  # events dropped whole

    def applied_to(self, read: CalendarRead) -> CalendarRead:
        if not self.warnings and not self.skipped:
            return read
        return dataclasses.replace(
            read, warnings=(*self.warnings, *read.warnings), broken=read.broken + self.skipped
        )


def prepared(data: bytes, source: str) -> tuple[bytes, Repairs]:
    """The calendar's bytes as the parser should see them: refused in one line when plainly
    not a calendar; else CR-only line ends made CRLF and events holding a NUL byte dropped.
    Cheap when there is nothing to mend (a report from the cache pays it too)."""
    check_calendar(data, source)
    data, problems, skipped = without_nul(line_ends_repaired(data))
    return data, Repairs(tuple(f"{source}: {problem}" for problem in problems), skipped)


def decode_text(data: bytes, source: str) -> str:
    """Bytes to text, refusing what is plainly not an iCalendar document."""
    check_calendar(data, source)
    return data.decode("utf-8-sig", errors="replace")


def read_calendar(
    data: bytes,
    *,
    source: str,
    span_start: datetime,
    span_end: datetime,
    tz: ZoneInfo,
    max_instances: int = DEFAULT.instances,
    index: CalendarIndex | None = None,
    whole: bool = False,
) -> CalendarRead:
    """Occurrences of every VEVENT that may touch [span_start, span_end), read in `tz`.

    Only the events near the span are parsed (see `ics_index`), unless `whole`
    is set or the file's structure needs the full parser; the events are the
    same either way. `index` is the file's index when the caller has it cached.
    A series whose rule would make more than `max_instances` instances up to
    the end of the span is skipped with a warning instead of being expanded.
    """
    data, repairs = prepared(data, source)
    span = reading_span(span_start, span_end)
    if not whole:
        index = index or build_index(data)
        if index is not None:
            excerpt, raw_events = index.excerpt(data, index.near(*span))
            read = read_blocks(excerpt, raw_events, source, tz, span, max_instances)
            if read is not None:
                return repairs.applied_to(read.calendar())
    text, cut = limit_nesting(decode_text(data, source))
    read = _read_text(text, scan_events(text), source, tz, span, max_instances, False)
    assert read is not None  # a file that cannot be read raised InputError
    cut_warnings = tuple(f"{source}: {problem}" for problem in cut)
    return Repairs(cut_warnings).applied_to(repairs.applied_to(read.calendar()))


def import_parser() -> None:
    """Load the parser now (a forked child then has it too)."""
    import recurring_ical_events  # noqa: F401

    import levelcal.ingest.ics_parser  # noqa: F401  (and icalendar with it)


def reading_span(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The instants whose occurrences are read for a window [start, end)."""
    return start - _MARGIN, end + _MARGIN


@dataclass(frozen=True, slots=True)
class BlocksRead:
    """What reading some VEVENT blocks yields, told block by block (for the block cache).

    A block's position is its place among the VEVENTs read (0, 1, ...).
    """

    events: tuple[Event, ...]
    origins: tuple[int, ...]  # the position of the block each event comes from
    notes: tuple[tuple[int, str], ...]  # (position, warning) about one block, in order
    troubled: frozenset[int]  # blocks skipped or warned about: read again every time
    aligned: bool  # the parser saw the blocks the scan saw, one for one
    broken: int
    warnings: tuple[str, ...]  # about the calendar as a whole (its repairs)
    name: str
    owner: str = ""  # the address X-OWNER names (an Outlook export), lower-cased; "": none

    def calendar(self) -> CalendarRead:
        notes = sorted(self.notes, key=lambda note: note[0])  # stable: a block's own order
        return CalendarRead(
            events=self.events,
            broken=self.broken,
            warnings=(*self.warnings, *(message for _, message in notes)),
            name=self.name,
            **owned_by(self.owner),
        )


def owned_by(owner: str) -> dict[str, Any]:
    """The `CalendarRead` fields that say whose calendar X-OWNER names (none when "")."""
    return {"owner_emails": (owner,), "owner_from": "X-OWNER"} if owner else {}


def read_blocks(
    excerpt: bytes,
    raw_events: list[RawEvent],
    source: str,
    tz: ZoneInfo,
    span: tuple[datetime, datetime],
    max_instances: int,
) -> BlocksRead | None:
    """Read an excerpt of a calendar (see `CalendarIndex.excerpt`) block by block; None
    when it does not parse as written (then the whole file is read, repairs and all)."""
    return _read_text(
        decode_text(excerpt, source), raw_events, source, tz, span, max_instances, True
    )


def _read_text(
    text: str,
    raw_events: list[RawEvent],
    source: str,
    tz: ZoneInfo,
    span: tuple[datetime, datetime],
    max_instances: int,
    only_as_written: bool,
) -> BlocksRead | None:
    """Read one iCalendar text; None if `only_as_written` and it needs repairs."""
    text, zone_rules = _bounded_zone_rules(text)
    calendars, repairs = _parse(text, source)
    if repairs and only_as_written:
        return None
    warnings = [f"{source}: {problem}" for problem in (*zone_rules, *repairs)]
    events: list[Event] = []
    origins: list[int] = []
    notes: list[tuple[int, str]] = []
    troubled: set[int] = set()
    aligned = True
    broken = 0
    name = owner = ""
    first = 0  # position of the calendar's first VEVENT among all read
    for calendar in calendars:
        name = name or unescaped(_text(calendar.get("X-WR-CALNAME")))
        owner = owner or _owner(calendar.get("X-OWNER"))
        warnings += [f"{source}: {problem}" for problem in _mended_zones(calendar, tz)]
        # Named as `CalendarRead.name` will name them, so that `read_all` copies none.
        named = name or _file_name(source)
        reader = _CalendarReader(
            calendar, raw_events, source, named, tz, warnings, (span[1], max_instances)
        )
        for origin, event in reader.occurrences(*span):
            events.append(event)
            origins.append(first + origin)
        notes += [(first + position, message) for position, message in reader.notes]
        troubled |= {first + position for position, _ in reader.notes}
        aligned = aligned and reader.aligned
        broken += reader.broken
        raw_events = raw_events[reader.vevent_count :]
        first += reader.vevent_count
    return BlocksRead(
        events=tuple(events),
        origins=tuple(origins),
        notes=tuple(notes),
        troubled=frozenset(troubled),
        aligned=aligned,
        broken=broken,
        warnings=tuple(warnings),
        name=name or _file_name(source),
        owner=owner,
    )


def _file_name(source: str) -> str:
    """What a calendar without X-WR-CALNAME is called: its file's name."""
    return source.rsplit("/", 1)[-1]


def _parse(text: str, source: str) -> tuple[list[Any], list[str]]:
    """The VCALENDARs in the text; when it does not parse as written, what a repair saves.

    Repairs: BEGIN/END balanced (see `repair_structure`), and VTIMEZONEs that
    cannot be read dropped, so their events fall back to the report's zone.
    """
    import icalendar

    from levelcal.ingest.ics_parser import calendars as read_calendars

    try:
        calendars = read_calendars(text)
        # A stray END makes icalendar return the components after it as top-level
        # ones; only a list of VCALENDARs is a calendar read as written.
        if calendars and all(c.name == "VCALENDAR" for c in calendars):
            return list(calendars), []
        failure = "no complete VCALENDAR in the file"
    except Exception as error:  # icalendar raises ValueError and others on garbage
        failure = str(error)
    repaired, problems = repair_structure(text)
    lines = repaired.splitlines()
    for first, last, block in reversed(timezone_blocks(repaired)):
        try:
            icalendar.Calendar.from_ical(f"BEGIN:VCALENDAR\r\n{block}\r\nEND:VCALENDAR\r\n")
        except Exception as error:
            tzid = next((ln[5:] for ln in block.splitlines() if ln.upper().startswith("TZID:")), "")
            problems.append(
                f"VTIMEZONE {tzid.strip()!r} cannot be read ({error}); ignored, so times "
                "that use it are read in the report's zone"
            )
            del lines[first - 1 : last]
    try:
        calendars = read_calendars("\r\n".join(lines) + "\r\n")
        calendars = [c for c in calendars if c.name == "VCALENDAR"]
    except Exception:
        calendars = []
    if not calendars or not problems:
        raise InputError(f"{source}: not a valid iCalendar file ({failure})")
    return list(calendars), [f"{problem}; the rest was read" for problem in problems]


def _mended_zones(calendar: Any, tz: ZoneInfo) -> list[str]:
    """Mend, in place, a calendar zone that would otherwise lose every event.

    X-WR-TIMEZONE (Google's, Outlook's) as a Windows name is read as its IANA zone, as a
    TZID is; one unknown or empty is dropped, so times without a zone are read in the
    report's zone instead of every event failing.
    """
    problems = []
    declared = calendar.get("X-WR-TIMEZONE")
    if declared is not None:
        written = _text(declared)
        known = zone_name(written)
        if known is None:
            del calendar["X-WR-TIMEZONE"]
            what = (
                f"X-WR-TIMEZONE {written!r} is no time zone"
                if written
                else "X-WR-TIMEZONE is empty"
            )
            problems.append(f"{what}; times without a zone are read in {tz.key}")
        elif known != written:
            calendar["X-WR-TIMEZONE"] = known
    return problems


def _bounded_zone_rules(text: str) -> tuple[str, list[str]]:
    """The text with each VTIMEZONE observance RRULE that changes the offset more than 12
    times a year (FREQ=HOURLY, SECONDLY...) blanked out, and what was dropped.

    icalendar builds a zone when it parses a TZID that uses it, and the zone expands its
    rules from their DTSTART on every lookup: minutes and gigabytes for FREQ=SECONDLY.
    Real zones change twice a year (RFC 5545 §3.6.5). Done on the text, before parsing.
    """
    problems: list[str] = []
    pieces, cursor = [], 0
    for first, last in _zone_blocks(text):
        block, dropped = _bounded_zone(text[first:last])
        if block != text[first:last]:
            pieces += [text[cursor:first], block]
            cursor = last
            problems += dropped
    if not pieces:
        return text, []
    return "".join([*pieces, text[cursor:]]), problems


_ZONE_BEGIN = re.compile(r"^BEGIN:VTIMEZONE[ \t]*\r?$", re.I | re.M)
_ZONE_END = re.compile(r"^END:VTIMEZONE[ \t]*\r?$", re.I | re.M)
_OBSERVANCES = ("STANDARD", "DAYLIGHT")


def _zone_blocks(text: str) -> list[tuple[int, int]]:
    """Where each VTIMEZONE lies (from its BEGIN to its END): one pass, however many
    BEGIN lines are never closed."""
    begins = [match.start() for match in _ZONE_BEGIN.finditer(text)]
    ends = [match.end() for match in _ZONE_END.finditer(text)] if begins else []
    blocks: list[tuple[int, int]] = []
    following = 0
    for begin in begins:
        if blocks and begin < blocks[-1][1]:
            continue
        following = bisect.bisect_right(ends, begin, following)
        if following == len(ends):
            break
        blocks.append((begin, ends[following]))
    return blocks


def _bounded_zone(block: str) -> tuple[str, list[str]]:
    """One VTIMEZONE's text with its too frequent observance rules blanked out, and its
    yearly rules started no earlier than `_OLDEST_ONSET` (see `_recent_start`).

    An observance's properties come in any order (Apple Calendar writes RRULE before
    DTSTART), so its rules are judged at its END, against its DTSTART."""
    from icalendar import vDDDTypes, vRecur

    lines = block.splitlines(keepends=True)  # as `unfolded_lines` counts them
    logical = unfolded_lines(block)
    problems = []
    tzid, observance, start, start_at, dated = "", "", None, -1, False
    rules: list[tuple[int, str]] = []  # the observance's RRULEs: (logical line, value)

    def physical_lines(position: int) -> range:
        """The text lines of logical line `position`: the line and its folds."""
        following = logical[position + 1][0] if position + 1 < len(logical) else len(lines) + 1
        return range(logical[position][0] - 1, following - 1)

    for position, (_, line) in enumerate(logical):
        name, _, value = line.partition(":")
        name, _, parameters = name.partition(";")
        name = name.strip().upper()
        if name == "TZID" and not tzid:
            tzid = value.strip()
        elif name == "BEGIN":
            observance, start, start_at, dated, rules = value.strip().upper(), None, -1, False, []
        elif name == "DTSTART":
            start, start_at = _quietly(vDDDTypes.from_ical, value), position
            # a parameter other than VALUE=DATE-TIME makes dateutil refuse the zone: left so
            dated = dated or parameters.strip().upper() not in ("", "VALUE=DATE-TIME")
        elif name in ("RDATE", "EXRULE"):  # onsets a moved start would not move
            dated = True
        elif name == "RRULE" and observance in _OBSERVANCES:
            rules.append((position, value))
        elif name == "END":
            kept = []
            for rule_at, rule_text in rules:
                rule = _quietly(vRecur.from_ical, rule_text)
                if rule is None or (
                    isinstance(start, date) and _changes_monthly_at_most(rule, start)
                ):
                    kept.append((rule, rule_text))
                    continue
                for physical in physical_lines(rule_at):
                    lines[physical] = "\n"
                problems.append(
                    f"VTIMEZONE {tzid!r}: its {observance} rule {rule_text.strip()} changes the "
                    "offset more than 12 times a year; the rule was ignored"
                )
            recent = _recent_start(start, kept) if kept and not dated else None
            if recent is not None:
                ending = "\r\n" if lines[physical_lines(start_at)[-1]].endswith("\r\n") else "\n"
                for physical in physical_lines(start_at):  # its folds become blank lines
                    lines[physical] = ending
                lines[physical_lines(start_at)[0]] = f"DTSTART:{recent}{ending}"
            observance, start, start_at, dated, rules = "", None, -1, False, []
    return "".join(lines), problems


# Outlook starts every zone's yearly rules in 1601, and the zone icalendar builds from a
# VTIMEZONE (dateutil's) walks each rule from its start on every lookup: 425 years of
# onsets for each time read, most of the time it takes to read an Outlook export. The
# rule's first onset in 1948 or after, as its start, gives the same onsets from then on;
# nothing before that is on a calendar a report reads.
_OLDEST_ONSET = datetime(1948, 1, 1)
_EARLIER = 1944  # a leap year before it, to find that onset from: any DTSTART day is valid


def _recent_start(start: object, rules: list[tuple[Any, str]]) -> str | None:
    """The DTSTART (local time, as a VTIMEZONE writes it) to give an observance whose rules
    begin before `_OLDEST_ONSET`: the rules' first onset from then on, found from the same
    month, day and time in `_EARLIER` (what a rule without BYMONTH or BYMONTHDAY takes from
    DTSTART). dateutil counts DTSTART as an onset, so it must be one. None to keep the
    observance's own: for rules that do not recur every year (FREQ=YEARLY, INTERVAL 1:
    every other year would count from another year) or that count their onsets (COUNT),
    and for rules with no onset from 1948 on."""
    from dateutil.rrule import rrulestr

    if not isinstance(start, datetime) or start.tzinfo or start >= _OLDEST_ONSET:
        return None
    onsets = []
    for rule, text in rules:
        if rule is None or "COUNT" in rule or rule.get("INTERVAL", [1])[0] != 1:
            return None
        if str(rule.get("FREQ", [""])[0]).upper() != "YEARLY":
            return None
        try:
            onset = rrulestr(text.strip(), dtstart=start.replace(year=_EARLIER)).after(
                _OLDEST_ONSET, inc=True
            )
        except (ValueError, TypeError, OverflowError):
            return None
        if onset is None:
            return None
        onsets.append(onset)
    return f"{min(onsets):%Y%m%dT%H%M%S}"


def _quietly(parse: Callable[[str], Any], value: str) -> Any:
    try:
        return parse(value.strip())
    except Exception:  # a value the parser will report in its own words, or ignore
        return None


def _changes_monthly_at_most(rule: Any, start: date) -> bool:
    frequency = str(rule.get("FREQ", [""])[0]).upper()
    year_later = _comparable(start, ZoneInfo("UTC")) + timedelta(days=365)
    return frequency in ("YEARLY", "MONTHLY") and estimated_instances(rule, start, year_later) <= 12


def _rules(component: Any) -> list[Any]:
    """A component's RRULEs (RFC 5545 allows one; some files have several)."""
    from icalendar import vRecur

    rules = component.get("RRULE")
    found = rules if isinstance(rules, list) else [rules] if rules is not None else []
    return [rule for rule in found if isinstance(rule, vRecur)]  # not a broken one


def _shown_rule(rule: Any) -> str:
    return str(rule.to_ical().decode("utf-8", errors="replace"))


def _ends_before(rule: Any, start: date, tz: ZoneInfo) -> bool:
    """The rule's UNTIL is before DTSTART (compared by day when either is a date)."""
    until = rule.get("UNTIL", [None])[0]
    if not isinstance(until, date):
        return False
    if not isinstance(until, datetime) or not isinstance(start, datetime):
        return _day_of(until) < _day_of(start)
    return _comparable(until, tz) < _comparable(start, tz)


# Rule parts that can leave a whole year without an instance; with them a rule may match
# once in years (29 February), or never (BYMONTH=2;BYMONTHDAY=30). A weekday (BYDAY=MO),
# or a month alone, comes round within a year.
_SPARSE = ("BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS")
_SEARCH_SECONDS = 0.25  # of CPU: a rule that matches at all is found in a century of days


class _SearchTooLong(BaseException):
    """The probe's timer: not an Exception, so no library handler swallows it."""


def _endless_search(component: Any, end: datetime) -> str | None:
    """A rule that never matches, found before recurring-ical-events expands it.

    dateutil looks for a rule's next instance day by day until it finds one or passes
    the year 9999; UNTIL and COUNT are checked only against instances found. So a rule
    such as FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 runs for minutes whatever its UNTIL. A
    rule with a part that can skip periods is asked, under a CPU timer, for its first
    instance after the window: one that matches at all answers at once.
    """
    start = _decoded(component, "DTSTART")
    if not isinstance(start, date):
        return None
    first = start if isinstance(start, datetime) else datetime.combine(start, time(0))
    after = end.astimezone(UTC).replace(tzinfo=None)
    for rule in _rules(component):
        ordinal = any(str(day)[:1] in "+-0123456789" for day in rule.get("BYDAY", []))
        if not ordinal and not any(part in rule for part in _SPARSE):
            continue
        # The search alone: no UNTIL or COUNT (they end it only at an instance found).
        probe = type(rule)({k: v for k, v in rule.items() if k not in ("UNTIL", "COUNT")})
        if not _search_ends(_shown_rule(probe), first.replace(tzinfo=None), after):
            return (
                f"RRULE {_shown_rule(rule)} finds no instance in a century of days (its parts "
                "never or hardly ever match)"
            )
    return None


def _search_ends(rule: str, first: datetime, after: datetime) -> bool:
    """Whether dateutil finds the rule's first instance after `after` within the CPU budget
    (True too where no timer can be set: a thread other than the main one)."""
    import signal
    import threading

    from dateutil.rrule import rrulestr

    if threading.current_thread() is not threading.main_thread():
        return True

    def expired(signum: int, frame: Any) -> None:
        raise _SearchTooLong

    previous = signal.signal(signal.SIGVTALRM, expired)
    try:
        signal.setitimer(signal.ITIMER_VIRTUAL, _SEARCH_SECONDS)
        rrulestr(rule, dtstart=first).after(after)
    except _SearchTooLong:
        return False
    except Exception:  # a rule dateutil refuses: recurring-ical-events says why, later
        return True
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
    return True


def _day_of(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


class _CalendarReader:
    """One VCALENDAR: check its events, expand them, turn occurrences into Events."""

    def __init__(
        self,
        calendar: Any,
        raw_events: list[RawEvent],
        source: str,
        name: str,
        tz: ZoneInfo,
        warnings: list[str],
        expansion_limit: tuple[datetime, int],
    ) -> None:
        self.calendar = calendar
        self.source = source
        self.name = name
        # An invitation (iTIP METHOD:REQUEST), not a stored calendar or an export (PUBLISH)
        self.invitation = _text(calendar.get("METHOD")).upper() == "REQUEST"
        self.tz = tz
        self.warnings = warnings  # about the calendar as a whole
        self.notes: list[tuple[int, str]] = []  # (position, warning) about one VEVENT
        self.broken = 0
        vevents = [c for c in calendar.subcomponents if c.name == "VEVENT"]
        if len(vevents) != len(list(calendar.walk("VEVENT"))):
            vevents = _flatten(calendar)
            warnings.append(
                f"{source}: events nested inside other components (not valid iCalendar); "
                "read as if they stood at the top"
            )
        self.vevent_count = len(vevents)
        # icalendar and the raw scan see the same blocks in the same order unless
        # the nesting is odd; then line numbers and raw durations are not used.
        aligned = len(raw_events) >= len(vevents) and all(
            (raw.uid or "") == str(c.get("UID", "")).strip()
            for raw, c in zip(raw_events, vevents, strict=False)
        )
        self.aligned = aligned and len(raw_events) == len(vevents)
        self.raw: list[RawEvent | None] = (
            list(raw_events[: len(vevents)]) if aligned else [None] * len(vevents)
        )
        self.durations: list[Duration | None] = [
            parse_duration(raw.duration) if raw and raw.duration else None for raw in self.raw
        ]
        for index, component in enumerate(vevents):
            self._drop_rules_ending_before_start(index, component)
        self.recurring_uids: set[str] = set()
        self.series_titles: dict[str, str] = {}  # UID -> the master's title
        for index, component in enumerate(vevents):
            component[_INDEX] = str(index)
            if any(key in component for key in ("RRULE", "RDATE", "RECURRENCE-ID")):
                self.recurring_uids.add(str(component.get("UID", "")))
            if "RECURRENCE-ID" not in component and ("RRULE" in component or "RDATE" in component):
                title = _text(component.get("SUMMARY")) or "(no title)"
                self.series_titles.setdefault(str(component.get("UID", "")), title)
        self.vevents = vevents
        # What every occurrence of one component says alike (`_shared`), by the component:
        # a series' instances share their master. The component is kept with it, so its id
        # cannot be reused while the entry lives.
        self.shared_fields: dict[int, tuple[Any, dict[str, Any]]] = {}
        for index, component in enumerate(vevents):
            problem = (
                self._problem(component)
                or self._too_many(component, *expansion_limit)
                or _endless_search(component, expansion_limit[0])
            )
            if problem:
                self._skip(index, component, problem)

    # -- checking -------------------------------------------------------------

    def _where(self, index: int, component: Any) -> str:
        raw = self.raw[index]
        line = f"line {raw.line}: " if raw else ""
        uid = str(component.get("UID", "")).strip() or "(no UID)"
        title = str(component.get("SUMMARY", "")).strip()
        titled = f" ({title!r})" if title else ""
        return f"{self.source}: {line}event {uid}{titled}"

    def _skip(self, index: int, component: Any, problem: str) -> None:
        self.notes.append((index, f"{self._where(index, component)}: {problem}; skipped"))
        self.calendar.subcomponents.remove(component)
        self.broken += 1

    def _problem(self, component: Any) -> str | None:
        for prop, message in getattr(component, "errors", []):
            if prop in _CRITICAL:
                return f"bad {prop} ({message})"
        if "DTSTART" not in component:
            return "no DTSTART"
        for rule in _rules(component):
            interval = rule.get("INTERVAL", [1])[0]
            if not isinstance(interval, int) or interval < 1:
                # RFC 5545 §3.3.10: a positive integer; 0 would repeat one instant forever.
                return f"bad RRULE (INTERVAL={interval}: it must be 1 or more)"
        start = _decoded(component, "DTSTART")
        if not isinstance(start, date):
            return f"DTSTART {component.get('DTSTART')!r} is not a date or date-time"
        if "DTEND" in component:
            end = _decoded(component, "DTEND")
            if not isinstance(end, date):
                return "DTEND is not a date or date-time"
            # Some clients write an all-day DTSTART with a date-time DTEND: the
            # value types should match (RFC 5545 §3.6.1), but the intent is clear.
            if not isinstance(start, datetime) and isinstance(end, datetime):
                end = end.date()
            if _comparable(end, self.tz) < _comparable(start, self.tz):
                return "DTEND is before DTSTART"
        elif "DURATION" in component:
            duration = _decoded(component, "DURATION")
            if not isinstance(duration, timedelta):
                return "DURATION is not a duration"
            if duration < timedelta(0):
                return "DURATION is negative"
        self._warn_unknown_zone(component)
        return None

    def _drop_rules_ending_before_start(self, index: int, component: Any) -> None:
        """A rule whose UNTIL is before DTSTART makes no instance; DTSTART is still the
        series' first one (RFC 5545 §3.8.5.3), so it is read alone, with a warning."""
        start = _decoded(component, "DTSTART")
        rules = _rules(component)
        if not isinstance(start, date) or not rules:
            return
        kept = [rule for rule in rules if not _ends_before(rule, start, self.tz)]
        if len(kept) == len(rules):
            return
        del component["RRULE"]
        for rule in kept:
            component.add("RRULE", rule)
        self.notes.append(
            (
                index,
                f"{self._where(index, component)}: RRULE UNTIL is before DTSTART, so the rule "
                "makes no instance; DTSTART alone is read",
            )
        )

    def _too_many(self, component: Any, end: datetime, limit: int) -> str | None:
        for rule in _rules(component):
            count = estimated_instances(rule, _decoded(component, "DTSTART"), end)
            if count > limit:
                return (
                    f"RRULE {_shown_rule(rule)} would make about {count:,.0f} instances "
                    f"up to the end of the window, more than the limit of {limit:,} "
                    "(raise it with --max-instances)"
                )
        return None

    def _warn_unknown_zone(self, component: Any) -> None:
        prop = component.get("DTSTART")
        tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
        start = _decoded(component, "DTSTART")
        if tzid and isinstance(start, datetime) and start.tzinfo is None:
            index = int(component[_INDEX])
            self.notes.append(
                (
                    index,
                    f"{self._where(index, component)}: unknown time zone {tzid!r}; "
                    f"its times are read as {self.tz.key}",
                )
            )

    # -- expanding ------------------------------------------------------------

    def occurrences(self, span_start: datetime, span_end: datetime) -> list[tuple[int, Event]]:
        """Each occurrence, with the position of the VEVENT it comes from."""
        found: list[tuple[int, Event]] = []
        days: set[tuple[int, datetime]] = set()
        for occurrence in self._expand(span_start, span_end):
            index, event = int(occurrence[_INDEX]), self._event(occurrence)
            if event.all_day:
                # A DATE start with FREQ=HOURLY (or finer) makes one all-day instance a day,
                # not one an hour: its instances are days (RFC 5545 §3.3.10, DATE values).
                if (index, event.start) in days:
                    continue
                days.add((index, event.start))
            found.append((index, event))
        return found

    def _expand(self, span_start: datetime, span_end: datetime) -> list[Any]:

        try:
            query = _query(self.calendar)
            return list(query.between(span_start, span_end))
        except Exception:  # a series the checks above did not catch: find it below
            pass
        found: list[Any] = []
        for uid in dict.fromkeys(str(c.get("UID", "")) for c in self._vevents_left()):
            series = [c for c in self._vevents_left() if str(c.get("UID", "")) == uid]
            try:
                query = _query(self._calendar_with(series))
                found.extend(query.between(span_start, span_end))
            except Exception as error:
                for component in series:
                    self._skip(
                        int(component[_INDEX]), component, f"cannot expand its recurrence ({error})"
                    )
        return found

    def _vevents_left(self) -> list[Any]:
        return [c for c in self.calendar.subcomponents if c.name == "VEVENT"]

    def _calendar_with(self, series: Iterable[Any]) -> Any:
        import icalendar

        calendar = icalendar.Calendar()
        for key, value in self.calendar.property_items(recursive=False):
            if key not in ("BEGIN", "END"):
                calendar.add(key, value)
        for component in self.calendar.subcomponents:
            if component.name == "VTIMEZONE":
                calendar.add_component(component)
        for component in series:
            calendar.add_component(component)
        return calendar

    # -- converting -----------------------------------------------------------

    def _event(self, occurrence: Any) -> Event:
        index = int(occurrence[_INDEX])
        shared = self._shared(occurrence, index)
        raw_start = _decoded(occurrence, "DTSTART")
        all_day = shared["all_day"]
        if all_day and isinstance(raw_start, datetime):
            raw_start = raw_start.date()
        start = self._aware(raw_start)
        end = self._end_of(occurrence, index, start, all_day)
        recurrence_id = None
        if str(occurrence.get("UID", "")) in self.recurring_uids and "RECURRENCE-ID" in occurrence:
            recurrence_id = self._original_start(occurrence, index, start)
        if shared["event_type"] is not None:  # as Outlook shows it: how long matters
            kind = shown_as(shared["event_type"], all_day, start, end)
            shared = shared if kind == shared["event_type"] else {**shared, "event_type": kind}
        return Event(recurrence_id=recurrence_id, start=start, end=end, **shared)

    def _shared(self, occurrence: Any, index: int) -> dict[str, Any]:
        """The Event's fields that do not depend on which occurrence it is: worked out once
        per component (`_Instance`s of one series share it), else for each occurrence."""
        component = occurrence.component if isinstance(occurrence, _Instance) else None
        if component is not None and id(component) in self.shared_fields:
            return self.shared_fields[id(component)][1]
        fields = {
            "uid": str(occurrence.get("UID", "")).strip() or f"{self.source}#{index}",
            "title": _text(occurrence.get("SUMMARY")) or "(no title)",
            "all_day": not isinstance(_decoded(self.vevents[index], "DTSTART"), datetime),
            "status": _status(occurrence.get("STATUS")),
            "transparent": _text(occurrence.get("TRANSP")).upper() == "TRANSPARENT",
            "description": _text(occurrence.get("DESCRIPTION")),
            "location": _text(occurrence.get("LOCATION")),
            "organizer": _email(occurrence.get("ORGANIZER")),
            "attendees": _attendees(occurrence.get("ATTENDEE")),
            "source": self.source,
            "calendar": self.name,
            "event_type": SHOW_AS.get(_text(occurrence.get(_BUSY_STATUS)).upper()),
            "series_title": self._series_title(occurrence, index),
            "categories": _categories(occurrence.get("CATEGORIES")),
            "private": _text(occurrence.get("CLASS")).upper() in ("PRIVATE", "CONFIDENTIAL"),
            "created": self._created(occurrence),
        }
        if component is not None:
            self.shared_fields[id(component)] = (component, fields)
        return fields

    def _created(self, occurrence: Any) -> datetime | None:
        """When the event was put on a calendar, where the file says so.

        CREATED (RFC 5545 §3.8.7.1). Else DTSTAMP, but only in a first invitation
        (METHOD:REQUEST, SEQUENCE 0 or none): in an iTIP message §3.8.7.2 makes it the
        time the message was created, and a first invitation is sent when the event is
        made. In a stored calendar or an export (Google's is METHOD:PUBLISH) it is when
        the object was last written, or when the file was: Google stamps every event of
        an export with the export's time. It says nothing then of when the event was made.
        """
        value = _decoded(occurrence, "CREATED")
        if value is None and self.invitation and _text(occurrence.get("SEQUENCE")) in ("", "0"):
            value = _decoded(occurrence, "DTSTAMP")
        return self._aware(value) if isinstance(value, datetime) else None

    def _series_title(self, occurrence: Any, index: int) -> str:
        """The master's title, for an instance whose own override gave it another one."""
        if "RECURRENCE-ID" not in self.vevents[index]:
            return ""
        master = self.series_titles.get(str(occurrence.get("UID", "")), "")
        return master if master != (_text(occurrence.get("SUMMARY")) or "(no title)") else ""

    def _original_start(self, occurrence: Any, index: int, start: datetime) -> datetime:
        """The start the rule gave this instance before an override moved it.

        An override with RANGE=THISANDFUTURE moves every later instance by the
        same offset (RFC 5545 §3.2.13), and recurring-ical-events copies that
        override's RECURRENCE-ID onto all of them; undo the offset instead, so
        each instance keeps an identity of its own.
        """
        component = self.vevents[index]  # the master, or the override that made this one
        recurrence_id = self._aware(_decoded(occurrence, "RECURRENCE-ID"))
        own = component.get("RECURRENCE-ID")  # None on the master's own instances
        if own is None or str(own.params.get("RANGE", "")).upper() != "THISANDFUTURE":
            return recurrence_id
        shift = self._aware(_decoded(component, "DTSTART")) - recurrence_id
        return (start - shift).astimezone(self.tz)

    def _aware(self, value: date | datetime) -> datetime:
        """Floating times and dates are read in the report's zone (RFC 5545 §3.3.5)."""
        if not isinstance(value, datetime):
            return datetime.combine(value, time(0), tzinfo=self.tz)
        if value.tzinfo is None:
            return value.replace(tzinfo=self.tz)
        return value.astimezone(self.tz)

    def _end_of(self, occurrence: Any, index: int, start: datetime, all_day: bool) -> datetime:
        """The occurrence's end, with DURATION added as RFC 5545 §3.3.6 says.

        recurring-ical-events adds every duration in wall-clock time, and icalendar
        reads PT24H as one day; both are wrong across a DST change. Weeks and days
        are nominal (same wall-clock time), hours, minutes and seconds are exact.
        """
        duration = self.durations[index]
        if "DTEND" not in self.vevents[index] and duration is not None:
            nominal_end = start + duration.nominal  # aware + timedelta: wall clock
            return (nominal_end.astimezone(UTC) + duration.exact).astimezone(self.tz)
        if "DTEND" in occurrence:
            end = _decoded(occurrence, "DTEND")
            if all_day and isinstance(end, datetime):
                end = end.date()
            return max(self._aware(end), start)
        if all_day:  # an all-day event without DTEND lasts one day (RFC 5545 §3.6.1)
            return start + timedelta(days=1)
        return start


def _query(calendar: Any) -> Any:
    """recurring-ical-events' query of the calendar's VEVENTs, handing out `_Instance`s."""
    import recurring_ical_events
    from recurring_ical_events import ComponentsWithName

    return recurring_ical_events.of(
        calendar, components=[ComponentsWithName("VEVENT", occurrence=_light_occurrence())]
    )


_COMPUTED = ("DTSTART", "DTEND", "RECURRENCE-ID")  # what an occurrence's copy changes
_DROPPED = ("DURATION", "RRULE", "RDATE", "EXDATE")  # and what it leaves out


class _Instance:
    """One occurrence as `_CalendarReader._event` reads it: what recurring-ical-events'
    copy of the component holds (its `as_component`: the computed DTSTART and DTEND, a
    RECURRENCE-ID, no DURATION and no rule), read from the component itself instead of
    a copy made for each of a year's thousands of instances."""

    __slots__ = ("component", "end", "start")

    def __init__(self, component: Any, start: Any, end: Any) -> None:
        self.component, self.start, self.end = component, start, end

    def __contains__(self, name: str) -> bool:
        return name in _COMPUTED or (name not in _DROPPED and name in self.component)

    def __getitem__(self, name: str) -> Any:
        if name in _COMPUTED or name in _DROPPED:
            raise KeyError(name)  # never read as a raw property here: see `decoded`
        return self.component[name]

    def get(self, name: str, default: Any = None) -> Any:
        if name in _COMPUTED or name in _DROPPED:
            raise KeyError(name)
        return self.component.get(name, default)

    def decoded(self, name: str) -> Any:
        if name == "DTSTART":
            return self.start
        if name == "DTEND":
            return self.end
        if name == "RECURRENCE-ID" and "RECURRENCE-ID" not in self.component:
            return self.start  # as_component: a master's instance is identified by its start
        if name in _DROPPED:
            raise KeyError(name)
        return self.component.decoded(name)


@functools.cache
def _light_occurrence() -> type:
    """recurring-ical-events' Occurrence, whose component is an `_Instance`; where its
    insides are not as expected (another release), the library's own copy."""
    from recurring_ical_events import Occurrence

    class LightOccurrence(Occurrence):
        def as_component(self, keep_recurrence_attributes: bool) -> Any:
            component = getattr(getattr(self, "_adapter", None), "_component", None)
            if component is None or self.sequence >= 0 or keep_recurrence_attributes:
                return super().as_component(keep_recurrence_attributes)
            return _Instance(component, self.start, self.end)

    return LightOccurrence


def _flatten(calendar: Any) -> list[Any]:
    """Lift every VEVENT and VTIMEZONE, however deeply nested, to the calendar's top."""
    timezones = list(calendar.walk("VTIMEZONE"))
    events = list(calendar.walk("VEVENT"))
    for timezone in timezones:
        timezone.subcomponents = [
            c for c in timezone.subcomponents if c.name in ("STANDARD", "DAYLIGHT")
        ]
    for event in events:
        event.subcomponents = [
            c for c in event.subcomponents if c.name not in ("VEVENT", "VTIMEZONE", "VCALENDAR")
        ]
    calendar.subcomponents = [*timezones, *events]
    return events


def _decoded(component: Any, name: str) -> Any:
    try:
        return component.decoded(name)
    except Exception:
        return None


def _comparable(value: date, tz: ZoneInfo) -> datetime:
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0), tzinfo=tz)
    return value if value.tzinfo else value.replace(tzinfo=tz)


def _owner(value: Any) -> str:
    """The address X-OWNER (Outlook's `X-OWNER;CN=…:mailto:…`) names, lower-cased; "" when
    there is none or it is not a mailto: address."""
    text = _text(value)
    address = text[len("mailto:") :].strip() if text[:7].lower() == "mailto:" else ""
    return address.lower() if is_email(address) else ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


def _categories(value: Any) -> tuple[str, ...]:
    """CATEGORIES (RFC 5545 §3.8.1.2): one property or several, each a list of names."""
    found: list[str] = []
    for item in value if isinstance(value, list) else [value] if value is not None else []:
        names = getattr(item, "cats", None)
        found += [
            str(n).strip() for n in (names if names is not None else [item]) if str(n).strip()
        ]
    return tuple(dict.fromkeys(found))


def _status(value: Any) -> Status:
    text = _text(value).upper()
    if text == "CANCELLED":
        return Status.CANCELLED
    if text == "TENTATIVE":
        return Status.TENTATIVE
    return Status.CONFIRMED


def _email(value: Any) -> str | None:
    text = _text(value)
    if not text:
        return None
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.strip().lower() or None


def _attendees(value: Any) -> tuple[Attendee, ...]:
    """The people invited; rooms and equipment (RFC 5545 §3.2.3 CUTYPE) are not people."""
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    attendees = []
    for item in values:
        email = _email(item)
        if email is None:
            continue
        params = getattr(item, "params", {})
        if is_room(email, str(params.get("CUTYPE", ""))):
            continue
        attendees.append(
            Attendee(
                email=email,
                name=str(params.get("CN", "")).strip(),
                declined=str(params.get("PARTSTAT", "")).upper() == "DECLINED",
            )
        )
    return tuple(attendees)
