"""Ingestion of real-world .ics files (tests/data/corpus, see ATTRIBUTION.md there).

Each file is read through `read_calendar` and `account` for a window around its
events. Every expected number is worked out by hand from RFC 5545 and the file
itself, in the comment beside the assertion; none was copied from the code's
output. Section numbers refer to RFC 5545.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from levelcal.accounting import Accounting, Exclusions, account
from levelcal.ingest.ics import read_calendar
from levelcal.ingest.types import CalendarRead
from levelcal.window import between

CORPUS = Path(__file__).parent / "data" / "corpus"

UTC = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")
LONDON = ZoneInfo("Europe/London")
CHICAGO = ZoneInfo("America/Chicago")
NEW_YORK = ZoneInfo("America/New_York")
VANCOUVER = ZoneInfo("America/Vancouver")
DUBAI = ZoneInfo("Asia/Dubai")  # UTC+4 all year: its midnight is 20:00Z
TOKYO = ZoneInfo("Asia/Tokyo")  # UTC+9 all year


def load(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def read(
    name: str, first: date, end: date, tz: ZoneInfo, data: bytes | None = None
) -> tuple[CalendarRead, Accounting]:
    """Read a corpus file (or `data`, under that file's name) for [first, end) in tz."""
    window = between(first, end, tz)
    calendar = read_calendar(
        load(name) if data is None else data,
        source=name,
        span_start=window.start,
        span_end=window.end,
        tz=tz,
    )
    return calendar, account(calendar.events, window, frozenset(), calendar.broken)


def rows(result: Accounting, fmt: str = "%m-%d %H:%M") -> list[tuple[str, str, float]]:
    """(start in the window zone, title, attributed hours) of each counted event."""
    return [(c.event.start.strftime(fmt), c.event.title, c.hours) for c in result.counted]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def assert_clean(calendar: CalendarRead, result: Accounting) -> None:
    """A well-formed file: nothing skipped, warned about or seen twice."""
    assert calendar.broken == 0
    assert calendar.warnings == ()
    assert result.excluded.duplicate == 0


# -- RRULE with EXDATE ---------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "end", "tz", "expected"),
    [
        # DTSTART;TZID=Europe/Berlin:20190304T003000, DTEND 01:00: 30 minutes.
        # RRULE:FREQ=WEEKLY;COUNT=8 gives the Mondays 4, 11, 18, 25 March and 1, 8,
        # 15, 22 April 2019 at 00:30 Berlin wall-clock time (§3.3.10: the rule
        # runs in the DTSTART zone). EXDATE 20190310T233000Z is 11 March 00:30
        # CET (UTC+1) and 20190324T233000Z is 25 March 00:30 CET (summer time
        # starts 31 March), so both match and are removed (§3.8.5.1). COUNT
        # counts the rule's instances before EXDATE, so 22 April stays the last.
        # Six remain: 3 h in a Berlin window that holds them all.
        (
            date(2019, 3, 1),
            date(2019, 5, 1),
            BERLIN,
            [
                ("03-04 00:30", "test6", 0.5),
                ("03-18 00:30", "test6", 0.5),
                ("04-01 00:30", "test6", 0.5),
                ("04-08 00:30", "test6", 0.5),
                ("04-15 00:30", "test6", 0.5),
                ("04-22 00:30", "test6", 0.5),
            ],
        ),
        # The same series seen from UTC, window [4 March 00:00Z, 22 April 00:00Z):
        # 4 March 00:30 CET is 3 March 23:30Z-00:00Z, before the window. In CET
        # 00:30 is 23:30Z the day before, in CEST (from 31 March) 22:30Z; the
        # 22 April instance is 21 April 22:30Z-23:00Z, inside. Five: 2.5 h.
        (
            date(2019, 3, 4),
            date(2019, 4, 22),
            UTC,
            [
                ("03-17 23:30", "test6", 0.5),
                ("03-31 22:30", "test6", 0.5),
                ("04-07 22:30", "test6", 0.5),
                ("04-14 22:30", "test6", 0.5),
                ("04-21 22:30", "test6", 0.5),
            ],
        ),
    ],
    ids=["berlin", "utc"],
)
def test_each_week_but_two_deleted(first, end, tz, expected):
    calendar, result = read("each_week_but_two_deleted.ics", first, end, tz)
    assert_clean(calendar, result)
    assert rows(result) == expected
    assert result.busy_hours == 0.5 * len(expected)
    assert result.excluded == Exclusions()
    assert calendar.name == "test"  # X-WR-CALNAME


# -- moved instances and changed durations (RECURRENCE-ID) --------------------


def test_recurring_events_changed_duration():
    calendar, result = read(
        "recurring_events_changed_duration.ics", date(2019, 3, 4), date(2019, 3, 25), BERLIN
    )
    assert_clean(calendar, result)
    # "New Event": DTSTART 7 March 2019 02:00 CET (01:00Z), 1 h, FREQ=DAILY;
    # UNTIL=20190310T010000Z. UNTIL is inclusive when it falls on an instance
    # (§3.3.10), and 10 March 02:00 CET is 01:00Z: instances 7, 8, 9, 10 March.
    # Overrides (§3.8.4.4), matched by RECURRENCE-ID:
    #   8 March 02:00 -> 01:00-03:00 (2 h); 9 March 02:00 -> 03:00-03:30 (0.5 h);
    #   10 March 02:00 -> an all-day DATE 10 March, TRANSP:TRANSPARENT: an all-day
    #   marker (0 h), whatever its TRANSP, so not excluded as free either.
    # "test7": DTSTART 18 March 04:00 CET (03:00Z), 1 h, DAILY;
    # UNTIL=20190320T030000Z (= 20 March 04:00 CET, inclusive): 18, 19, 20 March;
    # the 19th is overridden at the same time with the title "test7 - edited".
    # Nothing overlaps: 1 + 2 + 0.5 + 1 + 1 + 1 = 6.5 h.
    assert rows(result) == [
        ("03-07 02:00", "New Event", 1.0),
        ("03-08 01:00", "New Event", 2.0),
        ("03-09 03:00", "New Event", 0.5),
        ("03-18 04:00", "test7", 1.0),
        ("03-19 04:00", "test7 - edited", 1.0),
        ("03-20 04:00", "test7", 1.0),
    ]
    assert result.busy_hours == 6.5
    assert result.excluded == Exclusions()
    [marker] = result.all_day
    assert (marker.title, marker.start.date()) == ("New Event", date(2019, 3, 10))
    moved = result.counted[1].event
    assert moved.recurrence_id == datetime(2019, 3, 8, 2, 0, tzinfo=BERLIN)
    assert moved.end == datetime(2019, 3, 8, 3, 0, tzinfo=BERLIN)
    edited = result.counted[4].event
    assert edited.location == "location"
    assert edited.recurrence_id == datetime(2019, 3, 19, 4, 0, tzinfo=BERLIN)


def test_thunderbird_moved_and_edited_instances():
    calendar, result = read(
        "issue_223_thunderbird.ics", date(2025, 4, 21), date(2025, 4, 28), LONDON
    )
    assert_clean(calendar, result)
    # DTSTART;TZID=Europe/London:20250423T090000, DTEND 10:00 (BST, UTC+1),
    # FREQ=DAILY;UNTIL=20250427T080000Z = 27 April 09:00 BST, an instance, so
    # inclusive: 23, 24, 25, 26, 27 April. RECURRENCE-ID 24 April 09:00 moves
    # that one to 11:00-12:00; RECURRENCE-ID 25 April 09:00 keeps the time and
    # adds LOCATION:new place. The overrides' SEQUENCE (2, 3) being above the
    # master's (1) does not matter: an override replaces its instance (§3.8.4.4).
    # Five one-hour instances, none overlapping: 5 h.
    assert rows(result) == [
        ("04-23 09:00", "event", 1.0),
        ("04-24 11:00", "event", 1.0),
        ("04-25 09:00", "event", 1.0),
        ("04-26 09:00", "event", 1.0),
        ("04-27 09:00", "event", 1.0),
    ]
    assert result.busy_hours == 5.0
    assert result.excluded == Exclusions()
    moved, edited = result.counted[1].event, result.counted[2].event
    assert moved.recurrence_id == datetime(2025, 4, 24, 9, 0, tzinfo=LONDON)
    assert moved.start.astimezone(UTC) == utc(2025, 4, 24, 10)  # 11:00 BST
    assert edited.location == "new place"
    assert [c.event.location for c in result.counted].count("new place") == 1


# -- cancelled override --------------------------------------------------------


def test_cancelled_instance_is_excluded():
    calendar, result = read(
        "issue_18_cancel_status.ics", date(2020, 1, 27), date(2020, 2, 3), BERLIN
    )
    assert_clean(calendar, result)
    # DTSTART;TZID=Europe/Berlin:20200128T220000, DTEND 23:00, FREQ=DAILY;COUNT=3:
    # 28, 29, 30 January. The override RECURRENCE-ID 29 January 22:00 has
    # STATUS:CANCELLED, so that instance is excluded and counted as cancelled.
    # Two hours remain.
    assert rows(result) == [
        ("01-28 22:00", "one is cancelled", 1.0),
        ("01-30 22:00", "one is cancelled", 1.0),
    ]
    assert result.busy_hours == 2.0
    assert result.excluded == Exclusions(cancelled=1)
    [cancelled] = [e for e in calendar.events if e.status == "cancelled"]
    assert cancelled.start == datetime(2020, 1, 29, 22, 0, tzinfo=BERLIN)


# -- RDATE ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "end", "tz", "expected"),
    [
        # Event 0 ("rdate and rrule overlap"): 19:00Z-21:00Z daily from 3 August
        # 2013 to UNTIL 20 March 2015; its RDATE 5 July 2014 19:00Z is also a rule
        # instance, and the recurrence set holds it once (§3.8.5.3). Window
        # [5 July, 6 July) in Dubai (UTC+4) is [4 July 20:00Z, 5 July 20:00Z):
        # the 4 July instance is clipped to 20:00Z-21:00Z and the 5 July one to
        # 19:00Z-20:00Z, 1 h each. Event 1 only starts on 3 August 2014.
        (
            date(2014, 7, 5),
            date(2014, 7, 6),
            DUBAI,
            [
                ("07-04 23:00", "rdate and rrule overlap", 1.0),
                ("07-05 23:00", "rdate and rrule overlap", 1.0),
            ],
        ),
        # 3 and 4 August 2014 UTC: event 0 and event 1 (first instance 3 August
        # 2014 19:00Z, daily) both run 19:00Z-21:00Z each day. The events have no
        # UID, but they are different VEVENTs, so both count; each shared hour
        # gives each 1/2 (4 events x 1 h), busy time 2 x 2 h = 4 h.
        (
            date(2014, 8, 3),
            date(2014, 8, 5),
            UTC,
            [
                ("08-03 19:00", "rdate and rrule overlap", 1.0),
                ("08-03 19:00", "rdate and rrule overlap but exdate removes the date again", 1.0),
                ("08-04 19:00", "rdate and rrule overlap", 1.0),
                ("08-04 19:00", "rdate and rrule overlap but exdate removes the date again", 1.0),
            ],
        ),
        # 4-6 July 2015 UTC: event 0 ended (its last instance is 19 March 2015).
        # Event 1 (daily until 20 March 2016) has RDATE and EXDATE both 5 July 2015
        # 19:00Z: EXDATE removes that start from the whole set, the rule's
        # instance included (§3.8.5.3). 4 and 6 July remain, 2 h each.
        (
            date(2015, 7, 4),
            date(2015, 7, 7),
            UTC,
            [
                ("07-04 19:00", "rdate and rrule overlap but exdate removes the date again", 2.0),
                ("07-06 19:00", "rdate and rrule overlap but exdate removes the date again", 2.0),
            ],
        ),
        # August 2024 to July 2025 UTC: event 2 is its DTSTART 3 August 2024
        # 19:00Z-21:00Z; its RDATE 5 July 2025 is removed by the equal EXDATE.
        (
            date(2024, 8, 1),
            date(2025, 8, 1),
            UTC,
            [("08-03 19:00", "rdate but exdate removes the date again", 2.0)],
        ),
    ],
    ids=["rdate-equals-rule-instance-clipped", "overlap-shared", "exdate-removes-rdate", "single"],
)
def test_rdate_and_exdate(first, end, tz, expected):
    calendar, result = read("rdate.ics", first, end, tz)
    assert_clean(calendar, result)
    assert sorted(rows(result)) == expected
    assert result.busy_hours == sum(hours for _, _, hours in expected)
    assert result.excluded == Exclusions()


def test_rdate_coinciding_with_a_rule_instance_is_one_occurrence():
    # Without the accounting's duplicate filter: the reader itself yields the
    # 5 July 2014 19:00Z instance of event 0 once (§3.8.5.3, see above).
    calendar, _ = read("rdate.ics", date(2014, 7, 5), date(2014, 7, 6), UTC)
    starts = [e.start for e in calendar.events if e.start == utc(2014, 7, 5, 19)]
    assert len(starts) == 1


@pytest.mark.parametrize(
    ("first", "end", "expected"),
    [
        # DTSTART;TZID=America/Vancouver:20230920T120000, DTEND 14:00 (2 h).
        # FREQ=MONTHLY;COUNT=9;BYDAY=+3WE;BYMONTH=1,2,3,4,5,9,10,11,12: the third
        # Wednesday of each listed month from September 2023: 20 Sep, 18 Oct,
        # 15 Nov, 20 Dec, 17 Jan, 21 Feb, 20 Mar, 17 Apr, 15 May (nine; June-August
        # are not listed). EXDATE 20 December 12:00 removes one. RDATE;VALUE=PERIOD
        # 13 December 12:00/15:00 adds an instance that lasts its period, 3 h
        # (§3.8.5.2), not the 2 h of DTSTART/DTEND. 8 x 2 h + 3 h = 19 h.
        (
            date(2023, 9, 1),
            date(2024, 6, 1),
            [
                ("2023-09-20 12:00", "Test RDATE", 2.0),
                ("2023-10-18 12:00", "Test RDATE", 2.0),
                ("2023-11-15 12:00", "Test RDATE", 2.0),
                ("2023-12-13 12:00", "Test RDATE", 3.0),
                ("2024-01-17 12:00", "Test RDATE", 2.0),
                ("2024-02-21 12:00", "Test RDATE", 2.0),
                ("2024-03-20 12:00", "Test RDATE", 2.0),
                ("2024-04-17 12:00", "Test RDATE", 2.0),
                ("2024-05-15 12:00", "Test RDATE", 2.0),
            ],
        ),
        # December alone: only the period RDATE, 12:00-15:00 PST.
        (date(2023, 12, 1), date(2024, 1, 1), [("2023-12-13 12:00", "Test RDATE", 3.0)]),
    ],
    ids=["whole-series", "december"],
)
def test_period_in_rdate(first, end, expected):
    calendar, result = read("issue_113_period_in_rdate.ics", first, end, VANCOUVER)
    assert_clean(calendar, result)
    assert rows(result, "%Y-%m-%d %H:%M") == expected
    assert result.busy_hours == sum(hours for _, _, hours in expected)
    assert calendar.name == "Test RDATE"
    period = next(c.event for c in result.counted if c.hours == 3.0)
    # 12:00-15:00 PST (UTC-8, summer time ended 5 November 2023).
    assert (period.start.astimezone(UTC), period.end.astimezone(UTC)) == (
        utc(2023, 12, 13, 20),
        utc(2023, 12, 13, 23),
    )


# -- DURATION, floating times, no DTEND ----------------------------------------


@pytest.mark.parametrize("tz", [BERLIN, NEW_YORK], ids=["berlin", "new-york"])
def test_duration_floating_and_missing_end(tz):
    calendar, result = read("duration.ics", date(2018, 1, 8), date(2018, 1, 22), tz)
    assert_clean(calendar, result)
    # All three events are floating (no TZID, no Z): read in the window zone.
    # "Duration Event 1": DTSTART DATE 10 January, DURATION:P3D -> all-day,
    #   10-13 January (end exclusive): an all-day marker, no hours.
    # "Duration Event 2": 15 January 10:00 + PT3H -> 10:00-13:00, 3 h.
    # "Short event": 20 January 12:00, neither DTEND nor DURATION: for a
    #   DATE-TIME DTSTART it ends when it starts (§3.6.1), 0 h; it starts inside
    #   the window, so it is listed with 0 h.
    assert rows(result) == [
        ("01-15 10:00", "Duration Event 2", 3.0),
        ("01-20 12:00", "Short event", 0.0),
    ]
    assert result.busy_hours == 3.0
    short = result.counted[1].event
    assert short.start == short.end == datetime(2018, 1, 20, 12, 0, tzinfo=tz)
    [marker] = result.all_day
    assert marker.title == "Duration Event 1"
    assert (marker.start, marker.end) == (
        datetime(2018, 1, 10, tzinfo=tz),
        datetime(2018, 1, 13, tzinfo=tz),
    )
    assert result.excluded == Exclusions()


@pytest.mark.parametrize(
    ("first", "end", "tz", "expected"),
    [
        # Times carry TZID=Europe/Berlin (X-WR-TIMEZONE names the same zone; the
        # four identical VTIMEZONEs change nothing). 14 January - 4 March 2019:
        # "2019-01-17 openLab" 18:00:25 has no DTEND: 0 h (§3.6.1).
        # The workshop 28 February 15:00:14-18:30:14: 3.5 h.
        # The HACKademy rental 1 March 18:00:35-21:00:35: 3 h. Busy 6.5 h.
        (
            date(2019, 1, 14),
            date(2019, 3, 4),
            BERLIN,
            [
                ("01-17 18:00:25", "2019-01-17 openLab", 0.0),
                (
                    "02-28 15:00:14",
                    "Hanf als nachhaltiges Material -- Workshop in der Machbar",
                    3.5,
                ),
                ("03-01 18:00:35", "Einmietung HACKademy - erste drei Märzwochenenden", 3.0),
            ],
        ),
        # 11 May 2019 13:00:21-20:00:21 CEST is 11:00:21Z-18:00:21Z: 7 h in UTC.
        (
            date(2019, 5, 11),
            date(2019, 5, 12),
            UTC,
            [("05-11 11:00:21", "Potsdamer Tag der Wissenschaften 11.5.2019", 7.0)],
        ),
    ],
    ids=["berlin", "utc"],
)
def test_discourse_events_without_dtend(first, end, tz, expected):
    calendar, result = read("discourse_no_dtend.ics", first, end, tz)
    assert_clean(calendar, result)
    assert rows(result, "%m-%d %H:%M:%S") == expected
    assert result.busy_hours == sum(hours for _, _, hours in expected)
    assert calendar.name == "WiLaP - machBar Events"


# -- daylight saving time ------------------------------------------------------


def test_chicago_series_across_the_end_of_summer_time():
    calendar, result = read("issue_48_dst.ics", date(2020, 10, 26), date(2020, 11, 9), CHICAGO)
    assert_clean(calendar, result)
    # Window: Monday 26 October - Monday 9 November 2020 in Chicago; summer time
    # (CDT, UTC-5) ends Sunday 1 November, then CST (UTC-6). All series are
    # 15 minutes with TZID=America/Chicago, so they keep their wall-clock time.
    #   Event#2 Mon 10:15 (from 28 Sep): 26 Oct, 2 Nov.
    #   Event#2 Tue 10:15 (from 29 Sep): 27 Oct, 3 Nov.
    #   Event#2 Thu 10:15 (from 1 Oct; EXDATE 12, 26 Nov): 29 Oct, 5 Nov.
    #   Event#2 weekly on DTSTART's Friday 10:15 (from 25 Sep; EXDATE 23 Oct,
    #     27 Nov): 30 Oct, 6 Nov.
    #   Event#4 weekly Friday 14:15 (from 25 Sep; EXDATE 23 Oct, 6 Nov, 27 Nov):
    #     30 Oct only.
    #   Event#4 Tue 14:15 (from 3 Nov): 3 Nov.
    #   Event#3 Tue 12:30 (from 3 Nov): 3 Nov.   Event#3 Thu 12:30 (from 5 Nov;
    #     EXDATE 12, 26 Nov): 5 Nov.   Event#3 Fri 12:30 (from 6 Nov, EXDATE 6 Nov):
    #     none.   Event#3 Mon 12:30 from 9 Nov: the window ends at 9 Nov 00:00.
    #   Event#1 series start 16 Nov, the single one is 13 Nov, the old series
    #     ended 22 Sep: none.
    # 12 instances x 0.25 h = 3 h, no overlaps.
    assert rows(result) == [
        ("10-26 10:15", "Event#2", 0.25),
        ("10-27 10:15", "Event#2", 0.25),
        ("10-29 10:15", "Event#2", 0.25),
        ("10-30 10:15", "Event#2", 0.25),
        ("10-30 14:15", "Event#4", 0.25),
        ("11-02 10:15", "Event#2", 0.25),
        ("11-03 10:15", "Event#2", 0.25),
        ("11-03 12:30", "Event#3", 0.25),
        ("11-03 14:15", "Event#4", 0.25),
        ("11-05 10:15", "Event#2", 0.25),
        ("11-05 12:30", "Event#3", 0.25),
        ("11-06 10:15", "Event#2", 0.25),
    ]
    assert result.busy_hours == 3.0
    assert result.excluded == Exclusions()
    # The Friday 10:15 series before and after the change: 15:15Z in CDT, 16:15Z in CST.
    fridays = [c.event.start.astimezone(UTC) for c in result.counted[3:4] + result.counted[11:]]
    assert fridays == [utc(2020, 10, 30, 15, 15), utc(2020, 11, 6, 16, 15)]


# -- X-WR-TIMEZONE -------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "tz", "local_start"),
    [
        (date(2021, 9, 16), NEW_YORK, "09-16 15:00"),
        (date(2021, 9, 17), TOKYO, "09-17 04:00"),
    ],
    ids=["new-york", "tokyo"],
)
def test_x_wr_timezone_gives_floating_times_a_zone(first, tz, local_start):
    calendar, result = read(
        "issue_86_x_wr_timezone_without_time_zone_in_dt.ics",
        first,
        date.fromordinal(first.toordinal() + 1),
        tz,
    )
    assert_clean(calendar, result)
    # DTSTART:20210916T210000 / DTEND:20210916T224500 are floating, but the
    # calendar says X-WR-TIMEZONE:Europe/Brussels (not RFC 5545; the README:
    # "Google's X-WR-TIMEZONE is honoured"), so they are Brussels times, CEST
    # (UTC+2): 19:00Z-20:45Z, 1.75 h. That is 15:00 in New York (EDT) and
    # 04:00 on 17 September in Tokyo. Read in the window zone instead, it
    # would start at 21:00 New York time, or on the 16th in Tokyo (outside).
    assert rows(result) == [(local_start, "Summary", 1.75)]
    event = result.counted[0].event
    assert (event.start.astimezone(UTC), event.end.astimezone(UTC)) == (
        utc(2021, 9, 16, 19),
        utc(2021, 9, 16, 20, 45),
    )
    assert calendar.name == "MyCalendar"


# -- broken events -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "first", "end", "line", "uid", "problem"),
    [
        # RRULE:FREQ=WEEKLY;UNTL=20191023;... "UNTL" is no rule part of the recur
        # grammar (§3.3.10): the RRULE is invalid. BEGIN:VEVENT is line 2.
        # The warning quotes the offending rule.
        (
            "bad_rrule_missing_until_event.ics",
            date(2019, 7, 29),
            date(2019, 11, 4),
            2,
            "blabla",
            "UNTL=20191023",
        ),
        # DTSTART 4 March 2019 08:30, DTEND 08:00: DTEND must be later than
        # DTSTART (§3.8.2.2). BEGIN:VEVENT is line 25.
        (
            "end_before_start_event.ics",
            date(2019, 3, 4),
            date(2019, 3, 5),
            25,
            "UYDQSG9TH4DE0WM3QFL2J",
            "DTEND is before DTSTART",
        ),
    ],
    ids=["bad-rrule", "end-before-start"],
)
def test_a_broken_file_is_skipped_with_a_warning(name, first, end, line, uid, problem):
    calendar, result = read(name, first, end, BERLIN)
    # The file's only VEVENT is skipped: nothing counted, one broken, one warning
    # that names the file, the line of BEGIN:VEVENT and the UID.
    assert calendar.events == ()
    assert calendar.broken == 1
    [warning] = calendar.warnings
    assert name in warning and f"line {line}" in warning and uid in warning
    assert problem in warning and "skipped" in warning
    assert result.counted == () and result.busy_hours == 0
    assert result.excluded == Exclusions(broken=1)


@pytest.mark.parametrize(
    ("broken", "good", "first", "end", "line", "uid", "expected", "excluded"),
    [
        # bad_rrule_missing_until_event.ics, then issue_18_cancel_status.ics, as one
        # input of two VCALENDARs. 27 January - 3 February 2020 in Berlin: the
        # second calendar gives 28 and 30 January 22:00 (the 29th is cancelled,
        # see test_cancelled_instance_is_excluded). Had the bad RRULE been read
        # as an endless weekly Thursday series, it would add 30 January 14:00
        # London = 15:00 Berlin.
        (
            "bad_rrule_missing_until_event.ics",
            "issue_18_cancel_status.ics",
            date(2020, 1, 27),
            date(2020, 2, 3),
            2,
            "blabla",
            [("01-28 22:00", "one is cancelled", 1.0), ("01-30 22:00", "one is cancelled", 1.0)],
            Exclusions(cancelled=1, broken=1),
        ),
        # end_before_start_event.ics, then each_week_but_two_deleted.ics; week of
        # 4 March 2019 in Berlin: the weekly test6 at 00:30 on 4 March (0.5 h),
        # and nothing from the broken 08:30/08:00 event the same morning.
        (
            "end_before_start_event.ics",
            "each_week_but_two_deleted.ics",
            date(2019, 3, 4),
            date(2019, 3, 11),
            25,
            "UYDQSG9TH4DE0WM3QFL2J",
            [("03-04 00:30", "test6", 0.5)],
            Exclusions(broken=1),
        ),
    ],
    ids=["bad-rrule", "end-before-start"],
)
def test_the_rest_still_counts_after_a_broken_event(
    broken, good, first, end, line, uid, expected, excluded
):
    calendar, result = read(broken, first, end, BERLIN, data=load(broken) + load(good))
    assert calendar.broken == 1
    [warning] = calendar.warnings
    assert f"line {line}" in warning and uid in warning
    assert rows(result) == expected
    assert result.busy_hours == sum(hours for _, _, hours in expected)
    assert result.excluded == excluded


def test_this_and_future_overrides_move_every_later_instance():
    calendar, result = read(
        "issue_75_range_parameter.ics", date(2024, 9, 12), date(2024, 9, 25), UTC
    )
    assert_clean(calendar, result)
    # UID 210: 12:00-14:00Z every 2nd day from 1 Sept (RRULE INTERVAL=2), plus
    # RDATE 14 Sept 09:00Z. RECURRENCE-ID;RANGE=THISANDFUTURE 13 Sept 12:00Z sets
    # 09:00-16:00 (start -3 h, 7 h long) for that instance and every later one
    # (§3.2.13): 13 Sept 09:00, the RDATE 14 Sept 06:00, 17 and 19 Sept 09:00.
    # 15 Sept has its own override: 17:00-19:00 (2 h). RANGE=THISANDFUTURE at
    # 21 Sept 12:00Z moves that one and the later ones +1 day 2:22 with 1 h 51 min:
    # 22 and 24 Sept 14:22 (23 Sept's instance lands on the 24th; 25 Sept's on
    # the 26th, outside). Nothing overlaps: 4 × 7 + 2 + 2 × 1.85 = 33.7 h.
    assert rows(result) == [
        ("09-13 09:00", "MODIFIED EVENT", 7.0),
        ("09-14 06:00", "MODIFIED EVENT", 7.0),
        ("09-15 17:00", "MODIFIED EVENT", 2.0),
        ("09-17 09:00", "MODIFIED EVENT", 7.0),
        ("09-19 09:00", "MODIFIED EVENT", 7.0),
        ("09-22 14:22", "EDITED EVENT", 1.85),
        ("09-24 14:22", "EDITED EVENT", 1.85),
    ]
    assert result.busy_hours == pytest.approx(33.7)
    assert result.excluded == Exclusions()
    # Each instance keeps the start its rule gave it, not the override's.
    assert [c.event.recurrence_id for c in result.counted] == [
        utc(2024, 9, 13, 12),
        utc(2024, 9, 14, 9),
        utc(2024, 9, 15, 12),
        utc(2024, 9, 17, 12),
        utc(2024, 9, 19, 12),
        utc(2024, 9, 21, 12),
        utc(2024, 9, 23, 12),
    ]
