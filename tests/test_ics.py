"""Reading .ics: recurrence, time zones, durations and broken events (RFC 5545).

Every expected value is worked out by hand in the comment beside it.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from calendars import BERLIN_VTIMEZONE, vcalendar, vevent
from levelcal.accounting import account
from levelcal.errors import InputError
from levelcal.ingest.ics import _bounded_zone, read_calendar
from levelcal.window import between

BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")


def read(data: bytes, first: date, end: date, tz: ZoneInfo = BERLIN):
    window = between(first, end, tz)
    calendar = read_calendar(
        data, source="test.ics", span_start=window.start, span_end=window.end, tz=tz
    )
    return calendar, account(calendar.events, window, frozenset(), calendar.broken)


def starts(accounting) -> list[str]:
    return [item.event.start.strftime("%m-%d %H:%M") for item in accounting.counted]


WEEKLY = vevent(
    "weekly@test",
    "Team sync",
    "DTSTART;TZID=Europe/Berlin:20260302T090000",
    "DTEND;TZID=Europe/Berlin:20260302T100000",
    "RRULE:FREQ=WEEKLY;BYDAY=MO",
    "EXDATE;TZID=Europe/Berlin:20260309T090000",
)
MOVED = vevent(
    "weekly@test",
    "Team sync (moved)",
    "RECURRENCE-ID;TZID=Europe/Berlin:20260316T090000",
    "DTSTART;TZID=Europe/Berlin:20260317T140000",
    "DTEND;TZID=Europe/Berlin:20260317T153000",
)
CANCELLED = vevent(
    "weekly@test",
    "Team sync",
    "RECURRENCE-ID;TZID=Europe/Berlin:20260323T090000",
    "DTSTART;TZID=Europe/Berlin:20260323T090000",
    "DTEND;TZID=Europe/Berlin:20260323T100000",
    "STATUS:CANCELLED",
)
EXTRA = vevent(
    "extra@test",
    "Planning",
    "DTSTART;TZID=Europe/Berlin:20260303T110000",
    "DTEND;TZID=Europe/Berlin:20260303T120000",
    "RRULE:FREQ=WEEKLY;COUNT=2",
    "RDATE;TZID=Europe/Berlin:20260320T160000",
)


def test_rrule_exdate_moved_and_cancelled_overrides():
    data = vcalendar(BERLIN_VTIMEZONE, WEEKLY, MOVED, CANCELLED, EXTRA)
    calendar, result = read(data, date(2026, 3, 2), date(2026, 3, 30))
    # Mondays 2, 9, 16, 23 March: the 9th is an EXDATE, the 16th moved to Tue 17th
    # 14:00-15:30, the 23rd is a cancelled override. Planning: COUNT=2 gives 3 and 10
    # March, RDATE adds Fri 20 March 16:00 (same 1 h duration, RFC 5545 §3.8.5.2).
    assert starts(result) == [
        "03-02 09:00",
        "03-03 11:00",
        "03-10 11:00",
        "03-17 14:00",
        "03-20 16:00",
    ]
    moved = result.counted[3]
    assert moved.event.title == "Team sync (moved)" and moved.hours == 1.5
    assert moved.event.recurrence_id == datetime(2026, 3, 16, 9, tzinfo=BERLIN)
    assert result.excluded.cancelled == 1
    assert result.busy_hours == 1 + 1 + 1 + 1.5 + 1
    assert calendar.warnings == ()


def test_tzid_series_keeps_wall_clock_time_across_dst():
    # Berlin springs forward on 2026-03-29: the Monday sync stays at 09:00 local,
    # which is 08:00 UTC before and 07:00 UTC after.
    data = vcalendar(BERLIN_VTIMEZONE, WEEKLY)
    _, result = read(data, date(2026, 3, 23), date(2026, 4, 7), tz=UTC)
    assert starts(result) == ["03-23 08:00", "03-30 07:00", "04-06 07:00"]


def test_floating_times_are_read_in_the_window_zone():
    data = vcalendar(
        vevent("f@test", "Floating", "DTSTART:20260304T090000", "DTEND:20260304T100000")
    )
    for zone in (BERLIN, ZoneInfo("Asia/Tokyo")):
        _, result = read(data, date(2026, 3, 4), date(2026, 3, 5), tz=zone)
        assert result.counted[0].event.start == datetime(2026, 3, 4, 9, tzinfo=zone)


def test_windows_zone_names_resolve_to_iana():
    # Outlook writes TZID=W. Europe Standard Time, which CLDR maps to Europe/Berlin:
    # 09:00 on 10 March (CET, +01:00) is 08:00 UTC.
    data = vcalendar(
        vevent(
            "w@test",
            "Outlook",
            "DTSTART;TZID=W. Europe Standard Time:20260310T090000",
            "DTEND;TZID=W. Europe Standard Time:20260310T100000",
        )
    )
    calendar, result = read(data, date(2026, 3, 10), date(2026, 3, 11), tz=UTC)
    assert starts(result) == ["03-10 08:00"]
    assert calendar.warnings == ()


# Outlook's VTIMEZONE for "W. Europe Standard Time": its rules start in 1601.
OUTLOOK_ZONE = """\
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""
OUTLOOK_EVENT = (
    "DTSTART;TZID=W. Europe Standard Time:20261023T090000",
    "DTEND;TZID=W. Europe Standard Time:20261023T100000",
    "RRULE:FREQ=WEEKLY;COUNT=2",
)


def test_a_zone_whose_rules_start_in_1601_gives_the_same_times_from_a_recent_start():
    # RFC 5545 §3.6.5: the zone's own rules decide. 2026's last Sunday of October is the
    # 25th, so Fri 23 Oct 09:00 is CEST (+02:00, 07:00 UTC) and Fri 30 Oct 09:00 is CET
    # (+01:00, 08:00 UTC). levelcal starts the 1601 rules in 1948 (`_recent_start`): the
    # same onsets from 1949 on, without walking 425 years of them on every lookup.
    data = vcalendar(OUTLOOK_ZONE, vevent("o@test", "Outlook", *OUTLOOK_EVENT))
    calendar, result = read(data, date(2026, 10, 19), date(2026, 11, 2), tz=UTC)
    assert starts(result) == ["10-23 07:00", "10-30 08:00"]
    assert calendar.warnings == ()


@pytest.mark.parametrize(
    ("rule", "kept"),
    [
        ("RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", False),  # moved to 1948
        ("RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10;COUNT=400", True),  # counts its onsets
        ("RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10;UNTIL=19451028T010000Z", True),  # ended
        ("RRULE:FREQ=YEARLY;INTERVAL=2;BYDAY=-1SU;BYMONTH=10", True),  # odd years from 1601
        ("RRULE:FREQ=MONTHLY;INTERVAL=12;BYDAY=-1SU", True),  # a year from January 1601
    ],
)
def test_only_a_yearly_rule_that_neither_counts_nor_ends_early_is_moved(rule, kept):
    zone = OUTLOOK_ZONE.replace("RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10", rule)
    block, problems = _bounded_zone(zone)
    assert problems == []
    # Moved, each rule starts at its own first onset from 1948 on (dateutil counts DTSTART
    # as an onset): the last Sunday of October 1948 is the 31st, of March the 28th.
    assert ("DTSTART:16010101T030000" in block) is kept
    assert ("DTSTART:19481031T030000" in block) is not kept
    assert "DTSTART:19480328T020000" in block  # the daylight rule is moved in each case
    assert len(block.splitlines()) == len(zone.splitlines())  # line numbers still hold


def test_a_start_that_is_no_onset_of_its_rule_is_not_made_one():
    # DAYLIGHT from 15 Dec 1601 with BYMONTH=3: its onsets are in March, and its DTSTART,
    # which dateutil counts as an onset too, is in 1601. Moved as it was written, 15 Dec
    # 1948 would become an onset and 15 Jan 1949 read as summer time (+02:00); moved to
    # its first onset from 1948 (28 Mar 1948) it is not.
    zone = OUTLOOK_ZONE.replace("DTSTART:16010101T020000", "DTSTART:16011215T020000")
    block, _ = _bounded_zone(zone)
    assert "DTSTART:19480328T020000" in block
    event = (
        "DTSTART;TZID=W. Europe Standard Time:19490115T090000",
        "DTEND;TZID=W. Europe Standard Time:19490115T100000",
    )
    data = vcalendar(zone, vevent("w@test", "Winter", *event))
    _, result = read(data, date(1949, 1, 15), date(1949, 1, 16), tz=UTC)
    assert starts(result) == ["01-15 08:00"]  # 09:00 CET, +01:00


def test_a_folded_or_parameterized_start_keeps_the_zone_as_written():
    folded = OUTLOOK_ZONE.replace("DTSTART:16010101T030000", "DTSTART:1601010\r\n 1T030000")
    block, _ = _bounded_zone(folded.replace("\n", "\r\n").replace("\r\r\n", "\r\n"))
    assert "DTSTART:19481031T030000" in block  # the fold is read as one line and moved
    assert len(block.splitlines()) == len(folded.replace("\r\n", "\n").splitlines())
    with_value = OUTLOOK_ZONE.replace("DTSTART:16010101T030000", "DTSTART;TZID=X:16010101T030000")
    assert "DTSTART;TZID=X:16010101T030000" in _bounded_zone(with_value)[0]


def test_unknown_tzid_is_a_warning_and_reads_the_window_zone():
    data = vcalendar(
        vevent(
            "mars@test",
            "Olympus",
            "DTSTART;TZID=Mars/Olympus:20260310T090000",
            "DTEND;TZID=Mars/Olympus:20260310T100000",
        )
    )
    calendar, result = read(data, date(2026, 3, 10), date(2026, 3, 11))
    assert starts(result) == ["03-10 09:00"]
    assert len(calendar.warnings) == 1
    assert (
        "line 4: event mars@test ('Olympus'): unknown time zone 'Mars/Olympus'"
        in (calendar.warnings[0])
    )


def test_exact_duration_pt24h_across_dst_is_24_elapsed_hours():
    # RFC 5545 §3.3.6: hour durations are exact. From Sat 28 March 12:00 CET, 24 hours
    # later is Sun 29 March 13:00 CEST (clocks jumped at 02:00). recurring-ical-events
    # (and icalendar's P1D reading of PT24H) would give 12:00 and 23 hours.
    data = vcalendar(
        BERLIN_VTIMEZONE,
        vevent(
            "exact@test",
            "Conference",
            "DTSTART;TZID=Europe/Berlin:20260328T120000",
            "DURATION:PT24H",
        ),
    )
    _, result = read(data, date(2026, 3, 28), date(2026, 3, 31))
    (item,) = result.counted
    assert item.event.end == datetime(2026, 3, 29, 13, tzinfo=BERLIN)
    assert item.hours == 24


def test_nominal_duration_p1d_across_dst_keeps_the_wall_clock_time():
    # RFC 5545 §3.3.6: a day duration is nominal; P1D from 12:00 ends 12:00 the next
    # day, which across the spring change is 23 elapsed hours.
    data = vcalendar(
        BERLIN_VTIMEZONE,
        vevent(
            "nominal@test",
            "Hackathon",
            "DTSTART;TZID=Europe/Berlin:20260328T120000",
            "DURATION:P1D",
        ),
    )
    _, result = read(data, date(2026, 3, 28), date(2026, 3, 31))
    (item,) = result.counted
    assert item.event.end == datetime(2026, 3, 29, 12, tzinfo=BERLIN)
    assert item.hours == 23


def test_recurring_pt90m_duration():
    data = vcalendar(
        vevent(
            "d@test",
            "Workshop",
            "DTSTART:20260302T100000Z",
            "DURATION:PT1H30M",
            "RRULE:FREQ=DAILY;COUNT=3",
        )
    )
    _, result = read(data, date(2026, 3, 2), date(2026, 3, 9), tz=UTC)
    assert [item.hours for item in result.counted] == [1.5, 1.5, 1.5]


def test_missing_end_is_zero_minutes_and_all_day_without_end_is_one_day():
    data = vcalendar(
        vevent("pin@test", "Reminder", "DTSTART:20260302T100000Z"),
        vevent("day@test", "Holiday", "DTSTART;VALUE=DATE:20260303"),
    )
    _, result = read(data, date(2026, 3, 2), date(2026, 3, 9), tz=UTC)
    assert [(i.event.title, i.hours) for i in result.counted] == [("Reminder", 0.0)]
    (holiday,) = result.all_day
    assert (holiday.start.date(), holiday.end.date()) == (date(2026, 3, 3), date(2026, 3, 4))


def test_one_broken_event_is_skipped_and_the_rest_counts():
    data = vcalendar(
        vevent("good@test", "Good", "DTSTART:20260302T100000Z", "DTEND:20260302T110000Z"),
        vevent("backwards@test", "Backwards", "DTSTART:20260302T120000Z", "DTEND:20260302T110000Z"),
        vevent("garbage@test", "Garbage", "DTSTART:tomorrow-ish", "DTEND:20260302T110000Z"),
        vevent("nostart@test", "No start", "DTEND:20260302T110000Z"),
        vevent("good2@test", "Also good", "DTSTART:20260302T130000Z", "DTEND:20260302T133000Z"),
    )
    calendar, result = read(data, date(2026, 3, 2), date(2026, 3, 3), tz=UTC)
    assert [i.event.title for i in result.counted] == ["Good", "Also good"]
    assert result.busy_hours == 1.5
    assert calendar.broken == result.excluded.broken == 3
    # Each warning names the file, the line of BEGIN:VEVENT and the UID.
    assert calendar.warnings[0].startswith(
        "test.ics: line 11: event backwards@test ('Backwards'): DTEND is before DTSTART"
    )
    assert "line 18: event garbage@test" in calendar.warnings[1]
    assert "line 25: event nostart@test ('No start'): no DTSTART" in calendar.warnings[2]


def test_rrule_that_cannot_be_expanded_drops_only_its_series():
    data = vcalendar(
        vevent(
            "bad@test",
            "Bad rule",
            "DTSTART:20260302T100000Z",
            "DTEND:20260302T110000Z",
            "RRULE:FREQ=SOMETIMES",
        ),
        vevent("good@test", "Good", "DTSTART:20260302T120000Z", "DTEND:20260302T130000Z"),
    )
    calendar, result = read(data, date(2026, 3, 2), date(2026, 3, 3), tz=UTC)
    assert [i.event.title for i in result.counted] == ["Good"]
    assert calendar.broken == 1 and "bad@test" in calendar.warnings[0]


def test_all_day_start_with_a_date_time_end_is_still_all_day():
    data = vcalendar(
        vevent("mixed@test", "Offsite", "DTSTART;VALUE=DATE:20260302", "DTEND:20260304T000000")
    )
    calendar, result = read(data, date(2026, 3, 2), date(2026, 3, 9), tz=UTC)
    assert result.counted == () and len(result.all_day) == 1
    assert calendar.warnings == ()


def test_google_x_wr_timezone_export():
    # Google writes UTC times with X-WR-TIMEZONE; the series recurs at the local
    # time of that zone: 08:00Z on 2 March is 09:00 in Berlin, and stays 09:00
    # local after the change on 29 March (07:00Z).
    data = vcalendar(
        vevent(
            "g@test",
            "Standup",
            "DTSTART:20260302T080000Z",
            "DTEND:20260302T081500Z",
            "RRULE:FREQ=WEEKLY;BYDAY=MO",
        ),
        header="X-WR-TIMEZONE:Europe/Berlin\n",
    )
    _, result = read(data, date(2026, 3, 30), date(2026, 3, 31))
    assert starts(result) == ["03-30 09:00"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"<!DOCTYPE html><html><body>404 Not Found</body></html>", "not an iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n", "truncated"),
    ],
)
def test_documents_that_are_not_calendars(data, message):
    with pytest.raises(InputError, match=message):
        read(data, date(2026, 3, 2), date(2026, 3, 3))


def test_an_empty_calendar_is_not_an_error():
    calendar, result = read(vcalendar(), date(2026, 3, 2), date(2026, 3, 3))
    assert calendar.events == () and result.busy_hours == 0


# Apple Calendar writes each observance's RRULE before its DTSTART (RFC 5545 §3.6.5 sets
# no order). A custom TZID makes the VTIMEZONE decide the offsets.
APPLE_ORDER_ZONE = """\
BEGIN:VTIMEZONE
TZID:Toronto (Apple order)
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
DTSTART:20070311T020000
TZNAME:EDT
TZOFFSETTO:-0400
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
DTSTART:20071104T020000
TZNAME:EST
TZOFFSETTO:-0500
END:STANDARD
END:VTIMEZONE
"""


def test_a_zone_whose_rules_come_before_their_start_keeps_its_rules():
    data = vcalendar(
        APPLE_ORDER_ZONE,
        vevent(
            "dean@test",
            "Conseil de faculté",
            "DTSTART;TZID=Toronto (Apple order):20260112T090000",
            "DTEND;TZID=Toronto (Apple order):20260112T100000",
            "RRULE:FREQ=MONTHLY;COUNT=7",
        ),
    )
    calendar, accounting = read(data, date(2026, 1, 1), date(2026, 8, 1), UTC)
    assert calendar.warnings == ()
    # 12 January is EST (-05:00): 09:00 is 14:00 UTC. Daylight time runs from the second
    # Sunday of March (8 March 2026) to the first of November, so 12 March to 12 July
    # are EDT (-04:00): 13:00 UTC.
    assert starts(accounting) == [
        "01-12 14:00", "02-12 14:00", "03-12 13:00", "04-12 13:00",
        "05-12 13:00", "06-12 13:00", "07-12 13:00",
    ]  # fmt: skip
