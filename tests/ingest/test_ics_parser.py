"""The plain-line shortcut splits lines exactly as icalendar's own splitter does.

icalendar is the reference here: every line the shortcut takes must come out of
`plain_parts` as it comes out of `Contentline.parts`, and every calendar must come out of
`ics_parser.calendars` as it comes out of `icalendar.Calendar.from_ical`.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import icalendar
import pytest
from icalendar.parser import Contentline, Contentlines

from levelcal.ingest import ics_parser

DATA = Path(__file__).parents[1] / "data"
SAMPLES = Path(__file__).parents[2] / "sample_calendars"
CALENDARS = sorted([*DATA.rglob("*.ics"), *SAMPLES.glob("*.ics")])


def _split(line: Contentline) -> Any:
    """What icalendar makes of a line: parts with parameter items in order, or the error."""
    try:
        name, params, value = line.parts()
    except ValueError:
        return ValueError
    return name, type(params), list(params.items()), value


def _shortcut(line: Contentline) -> Any:
    parts = ics_parser.plain_parts(line)
    if parts is None:
        return None
    name, params, value = parts
    return name, type(params), list(params.items()), value


def _lines(path: Path) -> list[Contentline]:
    return [line for line in Contentlines.from_ical(path.read_text("utf-8", "replace")) if line]


def test_every_line_of_the_test_calendars_splits_as_icalendar_splits_it():
    # Generated exports repeat their lines: 311k lines are 4k distinct ones, each checked once.
    first_seen: dict[Contentline, Path] = {}
    for path in CALENDARS:
        for line in _lines(path):
            first_seen.setdefault(line, path)
    taken = 0
    for line, path in first_seen.items():
        ours = _shortcut(line)
        if ours is not None:
            taken += 1
            assert ours == _split(line), f"{path.name}: {line!r}"
    assert taken > 3000  # the shortcut is not silently dead


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.ics")), ids=lambda p: p.name)
def test_the_shortcut_takes_nearly_every_line_of_an_ordinary_export(path):
    lines = _lines(path)
    taken = sum(ics_parser.plain_parts(line) is not None for line in lines)
    assert taken >= 0.95 * len(lines)


CORNERS = [
    "SUMMARY:Board prep",
    "summary:lower-case name",
    "SUMMARY:Budget\\, Q3\\; final\\nsecond line \\\\ done",
    "SUMMARY:",
    "DTSTART;TZID=America/New_York:20260105T090000",
    "DTSTART;VALUE=DATE:20260105",
    "DTSTART;value=date:20260105",
    "ATTENDEE;CN=Dana Whitfield;ROLE=REQ-PARTICIPANT:mailto:dana@example.com",
    'ATTENDEE;CN="Whitfield, Dana";PARTSTAT=ACCEPTED:mailto:dana@example.com',
    'ATTENDEE;CN="Dana: the boss";RSVP=TRUE:mailto:dana@example.com',
    'ATTENDEE;CN="";RSVP=TRUE:mailto:dana@example.com',
    "ATTENDEE;CN= Dana:mailto:dana@example.com",
    "ATTENDEE;CN=Dana ;ROLE=CHAIR:mailto:dana@example.com",
    "ATTENDEE ;CN=Dana:mailto:dana@example.com",
    "ATTENDEE;CN=Dana^'s^^:mailto:dana@example.com",
    'ATTENDEE;CN="Dana^nWhitfield":mailto:dana@example.com',
    "ATTENDEE;CN=Dana\\, W:mailto:dana@example.com",
    "ATTENDEE;CN=100%:mailto:dana@example.com",
    'ATTENDEE;DELEGATED-TO="mailto:a@x","mailto:b@x":mailto:dana@example.com',
    "ATTENDEE;MEMBER=a,b:mailto:dana@example.com",
    "ATTENDEE;CN=Dana;cn=Other:mailto:dana@example.com",
    "ATTENDEE;CN=:mailto:dana@example.com",
    "ATTENDEE;CN:mailto:dana@example.com",
    "ATTENDEE;=x:mailto:dana@example.com",
    "ATTENDEE;CN=Émilie Müller:mailto:emilie@example.com",
    "ATTENDEE;CN=Dana\tW:mailto:dana@example.com",
    "X-ALT-DESC;FMTTYPE=text/html:<p>a:b;c</p>",
    'DESCRIPTION;ALTREP="cid:part1.0001@example.org":The Fall\'98 Wild',
    "LOCATION:https://example.com/a%3Ab?c=d;e",
    "NO-COLON-HERE",
    ":value only",
    "X_UNDERSCORE:value",
    "X.DOT:value",
    "RRULE:FREQ=WEEKLY;BYDAY=MO,WE",
    "CATEGORIES:a,b\\,c",
]


@pytest.mark.parametrize("text", CORNERS)
def test_a_corner_case_is_split_as_icalendar_splits_it_or_left_to_icalendar(text):
    line = Contentline(text)
    ours = _shortcut(line)
    assert ours is None or ours == _split(line)


def test_random_lines_are_split_as_icalendar_splits_them_or_left_to_icalendar():
    pieces = ["A", "x", "-", "_", ".", ";", ":", "=", ",", '"', "\\", "^", "'", "%", " ",
              "\t", "é", "CN", "TZID", "VALUE", "DATE", "n", "3A", "\x01"]  # fmt: skip
    chooser = random.Random(5545)
    taken = 0
    for _ in range(20000):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 14)))
        line = Contentline(chooser.choice(["SUMMARY", "ATTENDEE;CN=a", "X"]) + text)
        ours = _shortcut(line)
        if ours is not None:
            taken += 1
            assert ours == _split(line), repr(line)
    assert taken > 1000


def _shape(component: Any) -> Any:
    """A component as everything downstream sees it: names, value types, values,
    parameters, parse errors, subcomponents."""
    return (
        component.name,
        [
            (name, type(value).__name__, value.to_ical(), list(value.params.items()))
            for name, values in component.items()
            for value in (values if isinstance(values, list) else [values])
        ],
        list(component.errors),
        [_shape(sub) for sub in component.subcomponents],
    )


def _read(parse: Any, text: str) -> Any:
    try:
        return [_shape(c) for c in parse(text)]
    except Exception as error:  # what icalendar raises, we must raise too
        return type(error)


# Not the two deeply nested files (8 s): their lines are BEGIN and END, which the line
# test above covers, and the nesting is icalendar's own code either way.
@pytest.mark.parametrize(
    "path", [p for p in CALENDARS if p.stat().st_size < 500_000], ids=lambda p: p.name
)
def test_a_calendar_reads_as_icalendar_reads_it(path):
    text = path.read_text("utf-8", "replace")
    expected = _read(lambda t: icalendar.Calendar.from_ical(t, multiple=True), text)
    assert _read(ics_parser.calendars, text) == expected


def _custom_zone_calendar(offset: str, title: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\n"
        f"BEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:{offset}\r\n"
        f"TZOFFSETTO:{offset}\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        f"BEGIN:VEVENT\r\nUID:{title}@test\r\nDTSTAMP:20260301T000000Z\r\n"
        "DTSTART;TZID=Customized Time Zone:20260303T090000\r\n"
        "DTEND;TZID=Customized Time Zone:20260303T100000\r\n"
        f"SUMMARY:{title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def test_two_calendars_defining_one_tzid_differently_each_keep_their_own(run, tmp_path):
    # RFC 5545 §3.2.19: a TZID refers to the VTIMEZONE of the same iCalendar object, so
    # 09:00 at +02:00 is 07:00 UTC and 09:00 at -05:00 is 14:00 UTC.
    berlin, chicago = tmp_path / "berlin.ics", tmp_path / "chicago.ics"
    berlin.write_text(_custom_zone_calendar("+0200", "Berlin standup"), "utf-8")
    chicago.write_text(_custom_zone_calendar("-0500", "Chicago standup"), "utf-8")
    result = run(
        "analyze", "-c", str(berlin), "-c", str(chicago),
        "--from", "2026-03-02", "--to", "2026-03-09", "--tz", "UTC", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    starts = {e["title"]: e["start"] for e in json.loads(result.stdout)["events"]}
    assert starts == {
        "Berlin standup": "2026-03-03T07:00:00+00:00",
        "Chicago standup": "2026-03-03T14:00:00+00:00",
    }
