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


def unfolded_lines(text: str) -> list[tuple[int, str]]:
    """Logical content lines with the physical line number each starts on (§3.1)."""
    lines: list[tuple[int, str]] = []
    for number, physical in enumerate(text.splitlines(), start=1):
        if physical[:1] in (" ", "\t") and lines:
            start, content = lines[-1]
            lines[-1] = (start, content + physical[1:])
        else:
            lines.append((number, physical))
    return lines


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
    for number, line in unfolded_lines(text):
        name, value = _name_and_value(line)
        component = value.strip().upper()
        if name == "BEGIN":
            stack.append((component, number))
        elif name == "END":
            open_names = [open_name for open_name, _ in stack]
            if component not in open_names:
                problems.append(f"line {number}: END:{component} without a BEGIN; ignored")
                continue
            while stack[-1][0] != component:
                unclosed, began = stack.pop()
                problems.append(
                    f"line {began}: BEGIN:{unclosed} is never closed; closed at line {number}"
                )
                output.append(f"END:{unclosed}")
            stack.pop()
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


def calendar_zone(data: bytes) -> str | None:
    """The zone a calendar says it is kept in (X-WR-TIMEZONE, as Google writes it), if an
    IANA zone this system knows; None otherwise."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    first = _FIRST_COMPONENT.search(data)
    found = _CALENDAR_ZONE.search(data, 0, first.start() if first else len(data))
    if found is None:
        return None
    name = found.group(1).decode("utf-8", errors="replace").strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name
