"""Reading only the events near the window gives exactly what reading the whole file gives.

`read_calendar` hands icalendar only the VEVENT blocks whose time extent, read
by `ics_index` without parsing, may touch the window. These tests compare it
with `whole=True` (every block parsed) on every real-world file of the shared
corpus, on the malformed ones, and on a generated multi-year export, over many
windows and zones.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from levelcal.errors import InputError
from levelcal.events import Event
from levelcal.ingest import ics_index
from levelcal.ingest.ics import read_calendar
from levelcal.window import Window, between, week_of, year_of

DATA = Path(__file__).parent / "data"
# The hostile files built to be slow (2.8 MB of nesting, a rule that never matches) are
# left to test_malformed.py and test_resource_bounds.py: here they would only cost time.
_SLOW_BY_DESIGN = {"deeply-nested.ics", "deeply-nested-unclosed.ics", "rule-never-matches.ics"}
FILES = sorted((DATA / "corpus").glob("*.ics")) + sorted(
    path for path in (DATA / "malformed").glob("*.ics") if path.name not in _SLOW_BY_DESIGN
)
ZONES = (ZoneInfo("UTC"), ZoneInfo("Europe/Berlin"), ZoneInfo("Pacific/Auckland"))


def windows_of(data: bytes) -> list[Window]:
    """A week in each month the file mentions (up to eight), and a whole year."""
    months = sorted(
        {(int(y), int(m)) for y, m in re.findall(rb"DTSTART[^:\r\n]*:(\d{4})(\d{2})\d{2}", data)}
    )
    if not months:
        return [week_of(date(2026, 11, 25), ZoneInfo("UTC"))]
    step = max(1, len(months) // 8)
    chosen: list[Window] = []
    for number, (year, month) in enumerate(months[::step]):
        tz = ZONES[number % len(ZONES)]
        chosen.append(week_of(date(year, month, 10), tz))
    chosen.append(year_of(date(*months[0], 1), ZoneInfo("America/New_York")))
    return chosen


def same(found: tuple[Event, ...], expected: tuple[Event, ...]) -> bool:
    """The same events, in any order (a report's numbers do not depend on it)."""
    return Counter(found) == Counter(expected)


def read(data: bytes, window: Window, whole: bool) -> object:
    """The file read for the window, every block parsed or only those near it (the one-line
    error when it is refused)."""
    try:
        return read_calendar(
            data,
            source="test.ics",
            span_start=window.start,
            span_end=window.end,
            tz=window.tz,
            max_instances=2000,  # million-instances.ics: both ways skip it, quickly
            whole=whole,
        )
    except InputError as error:
        return str(error)


def both_ways(data: bytes, window: Window) -> tuple[object, object]:
    return read(data, window, whole=True), read(data, window, whole=False)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_reading_near_the_window_equals_reading_the_whole_file(path: Path) -> None:
    data = path.read_bytes()
    for window in windows_of(data):
        whole, near = both_ways(data, window)
        if isinstance(whole, str):
            assert near == whole  # the same one-line error
            continue
        assert same(near.events, whole.events), window.description  # type: ignore[attr-defined]
        assert near.name == whole.name  # type: ignore[attr-defined]
        # Problems are reported for the events that were read, so never more.
        assert set(near.warnings) <= set(whole.warnings)  # type: ignore[attr-defined]


def test_a_generated_multi_year_export_reads_the_same(generated_calendar) -> None:
    data = generated_calendar(600)
    index = ics_index.build(data)
    assert index is not None and len(index.blocks) == 600
    new_york = ZoneInfo("America/New_York")
    windows = [
        week_of(date(2026, 11, 25), new_york),
        week_of(date(2026, 3, 4), new_york),  # US summer time begins on Sunday 8 March
        week_of(date(2026, 10, 21), ZoneInfo("Europe/Berlin")),  # EU summer time ends 25 Oct
        between(date(2026, 1, 19), date(2026, 2, 2), ZoneInfo("UTC")),
    ]
    for window in windows:
        whole, near = both_ways(data, window)
        assert same(near.events, whole.events), window.description  # type: ignore[attr-defined]
        assert near.events  # type: ignore[attr-defined]


def test_a_week_parses_a_small_part_of_a_years_long_export(generated_calendar) -> None:
    data = generated_calendar(1000)
    index = ics_index.build(data)
    assert index is not None
    window = week_of(date(2026, 11, 25), ZoneInfo("America/New_York"))
    excerpt, raw = index.excerpt(data, index.near(window.start, window.end))
    assert len(raw) < 1000 / 5
    assert len(excerpt) < len(data) / 5


# -- the extent of one event, read from its text -------------------------------------


def extent(*lines: str) -> tuple[float, float]:
    text = "\r\n".join(["BEGIN:VCALENDAR", "BEGIN:VEVENT", *lines, "END:VEVENT", "END:VCALENDAR"])
    index = ics_index.build(text.encode() + b"\r\n")
    assert index is not None
    block = index.blocks[0]
    return block.first, block.last


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> float:
    return (datetime(year, month, day, hour, minute) - datetime(1970, 1, 1)).total_seconds()


def test_a_single_event_spans_dtstart_to_dtend() -> None:
    assert extent("UID:a", "DTSTART:20260105T090000Z", "DTEND:20260105T100000Z") == (
        at(2026, 1, 5, 9),
        at(2026, 1, 5, 10),
    )


def test_a_date_without_dtend_lasts_one_day() -> None:
    # RFC 5545 §3.6.1: a DTSTART of type DATE and no DTEND or DURATION: one day.
    assert extent("UID:a", "DTSTART;VALUE=DATE:20260105") == (at(2026, 1, 5), at(2026, 1, 6))


def test_duration_days_are_given_an_hour_for_a_dst_change() -> None:
    # §3.3.6: P1D is nominal, so it can be 25 hours of elapsed time.
    first, last = extent("UID:a", "DTSTART;TZID=Europe/Berlin:20261024T090000", "DURATION:P1D")
    assert last - first == 25 * 3600


def test_count_bounds_a_weekly_rule() -> None:
    # COUNT=3, one instance a week at least: the last starts within 3 weeks.
    first, last = extent(
        "UID:a",
        "DTSTART:20260105T090000Z",
        "DTEND:20260105T100000Z",
        "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=3",
    )
    assert (first, last) == (at(2026, 1, 5, 9), at(2026, 1, 26, 10))


def test_until_bounds_a_rule_through_its_whole_day() -> None:
    _, last = extent(
        "UID:a",
        "DTSTART:20260105T090000Z",
        "DTEND:20260105T100000Z",
        "RRULE:FREQ=DAILY;UNTIL=20260110",
    )
    assert last == at(2026, 1, 11, 1)


@pytest.mark.parametrize(
    "rule",
    [
        "RRULE:FREQ=WEEKLY",  # no end
        "RRULE:FREQ=MONTHLY;COUNT=3",  # the 31st skips months (§3.3.10)
        "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=2",  # leap days only
        "RRULE:FREQ=MONTHLY;BYDAY=5FR;COUNT=2",  # fifth Fridays only
        "RDATE:20300101T090000Z",
        "RECURRENCE-ID;RANGE=THISANDFUTURE:20260105T090000Z",  # §3.2.13: moves the rest
        "DTEND:20260101T090000Z",  # before DTSTART: the parser decides what to say
        "DURATION:garbage",
        "DTSTART:20260105T090000Z",  # a second DTSTART
    ],
)
def test_whatever_the_scan_cannot_bound_is_always_read(rule: str) -> None:
    assert extent("UID:a", "DTSTART:20260105T090000Z", rule) == (
        -ics_index.FOREVER,
        ics_index.FOREVER,
    )


def test_a_moved_instance_covers_its_old_and_its_new_time() -> None:
    first, last = extent(
        "UID:a",
        "RECURRENCE-ID:20260105T090000Z",
        "DTSTART:20260301T090000Z",
        "DTEND:20260301T100000Z",
    )
    assert (first, last) == (at(2026, 1, 5, 9), at(2026, 3, 1, 10))


def test_an_alarm_duration_is_not_the_events_and_folded_lines_are_joined() -> None:
    first, last = extent(
        "UID:a",
        "DTSTART:20260105T090000Z",
        "DURATION:PT1H",
        "RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=9;",
        " COUNT=2",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-PT15M",
        "DURATION:PT500H",
        "REPEAT:1",
        "END:VALARM",
    )
    # BYHOUR with COUNT is not bounded by the scan; without the fold it would be.
    assert (first, last) == (-ics_index.FOREVER, ics_index.FOREVER)
    first, last = extent(
        "UID:a",
        "DTSTART:20260105T090000Z",
        "DURATION:PT1H",
        "RRULE:FREQ=DAILY;",
        " COUNT=2",
        "BEGIN:VALARM",
        "TRIGGER:-PT15M",
        "DURATION:PT500H",
        "END:VALARM",
    )
    assert (first, last) == (at(2026, 1, 5, 9), at(2026, 1, 7, 9) + 3600 + 3600)


@pytest.mark.parametrize(
    "text",
    [
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR",
        "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\n"
        "END:VCALENDAR",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VEVENT\r\nEND:VCALENDAR",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT",
    ],
    ids=["nested", "two-calendars", "stray-end", "unclosed"],
)
def test_a_file_whose_structure_is_not_plain_gets_no_index(text: str) -> None:
    assert ics_index.build(text.encode()) is None


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_occurrences_read_without_copies_equal_the_librarys_copies(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ics` reads each occurrence from its component instead of recurring-ical-events'
    copy of it (`_Instance`): the events are the same, in the same order."""
    import recurring_ical_events

    from levelcal.ingest import ics

    data = path.read_bytes()
    for window in windows_of(data):
        light = read(data, window, whole=True)
        with monkeypatch.context() as patched:
            patched.setattr(ics, "_light_occurrence", lambda: recurring_ical_events.Occurrence)
            copied = read(data, window, whole=True)
        assert light == copied, window.description


def test_a_generated_export_reads_the_same_without_copies(
    generated_calendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    import recurring_ical_events

    from levelcal.ingest import ics

    data = generated_calendar(1000)
    window = year_of(date(2026, 1, 1), ZoneInfo("America/New_York"))
    light = read(data, window, whole=True)
    monkeypatch.setattr(ics, "_light_occurrence", lambda: recurring_ical_events.Occurrence)
    assert light == read(data, window, whole=True)
