"""A light pass over raw iCalendar text: what the parsed objects forget.

icalendar does not keep line numbers, and it normalizes DURATION:PT24H to one
day, which loses the RFC 5545 §3.3.6 distinction between exact (hours) and
nominal (days) durations. This pass recovers both from the text itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class RawEvent:
    line: int  # 1-based physical line of BEGIN:VEVENT
    uid: str | None
    duration: str | None  # the DURATION value as written


@dataclass(frozen=True, slots=True)
class Duration:
    """An RFC 5545 §3.3.6 duration split into its nominal and exact parts."""

    days: int  # weeks and days: nominal, added in wall-clock time
    seconds: int  # hours, minutes, seconds: exact, added on the time line

    @property
    def nominal(self) -> timedelta:
        return timedelta(days=self.days)

    @property
    def exact(self) -> timedelta:
        return timedelta(seconds=self.seconds)


_DURATION = re.compile(
    r"^(?P<sign>[+-])?P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)


def parse_duration(text: str) -> Duration | None:
    match = _DURATION.match(text.strip().upper())
    if match is None or text.strip().upper() in {"P", "PT", "+P", "-P"}:
        return None
    part = {
        name: int(value or 0)
        for name, value in match.groupdict(default="0").items()
        if name != "sign"
    }
    sign = -1 if match.group("sign") == "-" else 1
    return Duration(
        days=sign * (part["weeks"] * 7 + part["days"]),
        seconds=sign * (part["hours"] * 3600 + part["minutes"] * 60 + part["seconds"]),
    )


_TEXT_ESCAPE = re.compile(r"\\([\\;,nN])")


def unescaped(value: str) -> str:
    """A TEXT value as written (RFC 5545 §3.3.11): `\\,` `\\;` `\\\\` stand for the character,
    `\\n` and `\\N` for a line break; any other backslash is kept. For properties the
    parser leaves as written, such as X-WR-CALNAME."""
    return _TEXT_ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)


def unfolded_lines(text: str) -> list[tuple[int, str]]:
    """Logical content lines with the physical line number each starts on (§3.1)."""
    lines: list[tuple[int, list[str]]] = []  # pieces joined once: a line folded
    for number, physical in enumerate(text.splitlines(), start=1):  # 100,000 times is linear
        if physical[:1] in (" ", "\t") and lines:
            lines[-1][1].append(physical[1:])
        else:
            lines.append((number, [physical]))
    return [(number, "".join(pieces)) for number, pieces in lines]


def _name_and_value(line: str) -> tuple[str, str]:
    head, _, value = line.partition(":")
    return head.split(";", 1)[0].strip().upper(), value


def scan_events(text: str) -> list[RawEvent]:
    """Every VEVENT block in file order, as icalendar's walk() returns them."""
    found: list[RawEvent] = []
    stack: list[str] = []
    start = 0
    uid: str | None = None
    duration: str | None = None
    for number, line in unfolded_lines(text):
        name, value = _name_and_value(line)
        component = value.strip().upper()
        if name == "BEGIN":
            stack.append(component)
            if component == "VEVENT":
                start, uid, duration = number, None, None
        elif name == "END":
            if stack and stack[-1] == component:
                stack.pop()
                if component == "VEVENT":
                    found.append(RawEvent(line=start, uid=uid, duration=duration))
        elif stack and stack[-1] == "VEVENT":
            if name == "UID":
                uid = value.strip()
            elif name == "DURATION":
                duration = value.strip()
    return found


def repair_structure(text: str) -> tuple[str, list[str]]:
    """Balance BEGIN/END so a parser can read what is there; say what was changed.

    An END with no open BEGIN is dropped; a BEGIN left open is closed where its
    parent ends. Used only when the file does not parse as written.
    """
    output: list[str] = []
    problems: list[str] = []
    stack: list[tuple[str, int]] = []
    open_count: dict[str, int] = {}  # how many of each name are open: linear, not quadratic
    for number, line in unfolded_lines(text):
        name, value = _name_and_value(line)
        component = value.strip().upper()
        if name == "BEGIN":
            stack.append((component, number))
            open_count[component] = open_count.get(component, 0) + 1
        elif name == "END":
            if not open_count.get(component):
                problems.append(f"line {number}: END:{component} without a BEGIN; ignored")
                continue
            while stack[-1][0] != component:
                unclosed, began = stack.pop()
                open_count[unclosed] -= 1
                problems.append(
                    f"line {began}: BEGIN:{unclosed} is never closed; closed at line {number}"
                )
                output.append(f"END:{unclosed}")
            stack.pop()
            open_count[component] -= 1
        output.append(line)
    while stack:
        unclosed, began = stack.pop()
        problems.append(f"line {began}: BEGIN:{unclosed} is never closed")
        output.append(f"END:{unclosed}")
    return "\r\n".join(output) + "\r\n", problems


def timezone_blocks(text: str) -> list[tuple[int, int, str]]:
    """(first line, last line, text) of each top-level VTIMEZONE, physical line numbers."""
    lines = text.splitlines()
    blocks: list[tuple[int, int, str]] = []
    start: int | None = None
    for index, line in enumerate(lines):
        upper = line.strip().upper()
        if upper == "BEGIN:VTIMEZONE":
            start = index
        elif upper == "END:VTIMEZONE" and start is not None:
            blocks.append((start + 1, index + 1, "\r\n".join(lines[start : index + 1])))
            start = None
    return blocks


# A calendar property, so it sits among the VCALENDAR's own lines: before the first
# component in every export seen, and looked for only there (a VEVENT cannot carry it).
_CALENDAR_ZONE = re.compile(
    rb"^X-WR-TIMEZONE(?:;[^:\r\n]*)?:[ \t]*([^\r\n]+?)[ \t]*\r?$", re.M | re.I
)
_FIRST_COMPONENT = re.compile(rb"^BEGIN:V(?:EVENT|TODO|JOURNAL|FREEBUSY)\b", re.M | re.I)


def header_ends(data: bytes) -> bool:
    """Whether these first bytes of a calendar reach its first component: all its own lines
    (X-WR-TIMEZONE among them) are then in them."""
    return _FIRST_COMPONENT.search(data) is not None


def calendar_zone(data: bytes) -> str | None:
    """The zone a calendar says it is kept in, as an IANA zone this system knows: its
    X-WR-TIMEZONE (as Google writes it, or a Windows name), else the one zone its
    VTIMEZONEs define (an Outlook or Apple export writes no X-WR-TIMEZONE, only the
    VTIMEZONE of "Romance Standard Time" or "Europe/Berlin"); None otherwise, also when
    it defines several."""
    first = _FIRST_COMPONENT.search(data)
    header_end = first.start() if first else len(data)
    found = _CALENDAR_ZONE.search(data, 0, header_end)
    if found is not None:
        return zone_name(found.group(1).decode("utf-8", errors="replace"))
    defined = {
        zone_name(match.group(1).decode("utf-8", errors="replace"))
        for match in _VTIMEZONE_ID.finditer(data, 0, header_end)
    }
    return defined.pop() if len(defined) == 1 else None


# A VTIMEZONE's own TZID line ("TZID:Romance Standard Time"); an event's TZID is a parameter.
_VTIMEZONE_ID = re.compile(rb'^TZID:[ \t]*"?([^"\r\n]+?)"?[ \t]*\r?$', re.M | re.I)


def zone_name(name: str) -> str | None:
    """The IANA name of a zone as calendars write it: an IANA name this system knows, or a
    Windows name (`Eastern Standard Time`, as Outlook and Exchange write X-WR-TIMEZONE and
    TZID), read through icalendar's CLDR table, the one its TZID lookup uses; else None."""
    name = name.strip()
    if not name or _known(name):
        return name or None
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    olson = WINDOWS_TO_OLSON.get(name)
    return olson if olson and _known(olson) else None


def _known(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except Exception:  # not found, not a valid key, a name too long for a path
        return False
    return True


# Deeper than any calendar's real structure (VCALENDAR > VEVENT > VALARM is three); deeper
# components are dropped before parsing, so nesting costs linear time, not quadratic.
MAX_DEPTH = 32
_COMPONENT_LINE = re.compile(r"^(BEGIN|END):([A-Za-z0-9-]+)[ \t]*\r?$", re.M | re.I)


def limit_nesting(text: str) -> tuple[str, list[str]]:
    """The text with every component nested more than MAX_DEPTH deep blanked out (so line
    numbers stay), and what was dropped. One pass over the BEGIN and END lines.

    A VEVENT inside such a stretch keeps its own properties (the parser lifts it to the
    top, as any nested event): a file whose 100,000 BEGIN lines are never closed still
    gives its events. Unbalanced BEGIN/END are read as `repair_structure` reads them: an
    END closes the innermost open component of its name.
    """
    stack: list[str] = []
    open_count: dict[str, int] = {}
    cut_from: int | None = None  # the depth at which the blanked stretch began
    rescued: int | None = None  # the depth of a VEVENT kept inside the stretch
    blank: list[tuple[int, int]] = []  # (first, past the last) character of each stretch
    began: int | None = None  # where the stretch being blanked began
    for match in _COMPONENT_LINE.finditer(text):
        before = len(stack)
        _component_line(match, stack, open_count)
        after = len(stack)
        line, past = match.start(), _line_end(text, match.end())
        if cut_from is None:
            if after > before and after > MAX_DEPTH:
                cut_from, began = after, line
            continue
        ends, begins = after < before, after > before
        if rescued is not None:
            if ends and after < rescued:  # the rescued event's END: kept
                if began is not None:
                    blank.append((began, line))
                rescued = None
                began = past if after >= cut_from else None
                cut_from = cut_from if after >= cut_from else None
            elif begins and before == rescued:
                began = line  # a component inside the rescued event
            elif ends and after == rescued and began is not None:
                blank.append((began, past))
                began = None
            continue
        assert began is not None  # inside the stretch, outside a rescued event
        if ends and after < cut_from:
            # The stretch's own END is blanked; one that closes a component above it is kept.
            blank.append((began, past if after == cut_from - 1 else line))
            cut_from = began = None
        elif begins and stack[-1] == "VEVENT":
            blank.append((began, line))
            rescued, began = after, None
    if began is not None:
        blank.append((began, len(text)))
    blank = [(first, last) for first, last in blank if last > first]
    if not blank:
        return text, []
    pieces, cursor = [], 0
    for first, last in blank:
        pieces += [text[cursor:first], "\n" * text.count("\n", first, last)]
        cursor = last
    pieces.append(text[cursor:])
    lines = sum(text.count("\n", first, last) for first, last in blank)
    return "".join(pieces), [
        f"line {text.count(chr(10), 0, blank[0][0]) + 1}: components nested more than "
        f"{MAX_DEPTH} deep ({lines:,} lines); the deeper ones were ignored"
    ]


def _line_end(text: str, position: int) -> int:
    after = text.find("\n", position)
    return len(text) if after < 0 else after + 1


def _component_line(match: re.Match[str], stack: list[str], open_count: dict[str, int]) -> None:
    """Push a BEGIN, or pop to the innermost open component an END names (a stray END:
    nothing)."""
    name = match.group(2).upper()
    if match.group(1).upper() == "BEGIN":
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
    elif open_count.get(name):
        while True:
            closed = stack.pop()
            open_count[closed] -= 1
            if closed == name:
                return


_BARE_CR = re.compile(rb"\r(?!\n)")


def line_ends_repaired(data: bytes) -> bytes:
    """Lines ended by a bare CR (old Mac exports) ended by CRLF, as RFC 5545 §3.1 has them.
    A CR is no character a value may hold (§3.3.11: no control characters), so a bare
    one ends a line wherever it stands."""
    if _BARE_CR.search(data) is None:  # one pass: the common case costs no copy
        return data
    return _BARE_CR.sub(b"\r\n", data)


def without_nul(data: bytes) -> tuple[bytes, list[str], int]:
    """The calendar with each VEVENT that holds a NUL byte blanked out, and each other line
    that holds one (line numbers stay); what was dropped, and how many events.

    A NUL is binary data, never text (RFC 5545 §3.3.11): the event it stands in cannot be
    trusted, but the calendar's other events can.
    """
    if b"\x00" not in data:
        return data, [], 0
    lines = data.split(b"\n")
    problems: list[str] = []
    outside: list[int] = []  # 1-based numbers of the lines dropped outside any event
    skipped = 0
    began: int | None = None  # the open VEVENT's first line (0-based), if any
    bad, uid, title = False, "", ""
    for number, line in enumerate(lines):
        upper = line.strip().upper()
        if upper == b"BEGIN:VEVENT":
            began, bad, uid, title = number, False, "", ""
        elif began is not None and upper[:4] in (b"UID:", b"UID;"):
            uid = _shown_value(line)
        elif began is not None and upper[:8] in (b"SUMMARY:", b"SUMMARY;"):
            title = _shown_value(line)
        if b"\x00" in line:
            if began is None:
                lines[number] = b""
                outside.append(number + 1)
            bad = True
        if began is not None and (upper == b"END:VEVENT" or number == len(lines) - 1):
            if bad:
                lines[began : number + 1] = [b""] * (number + 1 - began)
                titled = f" ({title!r})" if title else ""
                problems.append(
                    f"line {began + 1}: event {uid or '(no UID)'}{titled}: "
                    "holds a NUL byte (binary data, not text); skipped"
                )
                skipped += 1
            began = None
    if outside:
        more = f" and {len(outside) - 1:,} more" if len(outside) > 1 else ""
        problems.append(
            f"line {outside[0]}{more}: a NUL byte (binary data, not text) outside any event; "
            "ignored"
        )
    return b"\n".join(lines), problems, skipped


def _shown_value(line: bytes) -> str:
    """A property's value for a warning: after the first colon, without NUL bytes."""
    value = line.partition(b":")[2].replace(b"\x00", b"").strip()
    return value.decode("utf-8", errors="replace")[:80]
