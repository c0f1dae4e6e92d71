"""Small hand-written calendars for tests: every expected number is worked out beside it."""

from __future__ import annotations

from textwrap import dedent

BERLIN_VTIMEZONE = """\
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def vevent(uid: str, summary: str, *lines: str) -> str:
    """One VEVENT; `lines` are its other properties, verbatim."""
    body = "\n".join((f"UID:{uid}", "DTSTAMP:20260101T000000Z", f"SUMMARY:{summary}", *lines))
    return f"BEGIN:VEVENT\n{body}\nEND:VEVENT\n"


def vcalendar(*components: str, header: str = "") -> bytes:
    """A calendar with CRLF line ends, as RFC 5545 §3.1 wants them."""
    text = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//levelcal tests//EN\n"
        + dedent(header)
        + "".join(components)
        + "END:VCALENDAR\n"
    )
    return text.replace("\n", "\r\n").encode("utf-8")


# A week of Dana's calendar (Europe/Berlin), counted by hand: the CLI and the library tests.
ME = "dana@northwind.example"
ATTENDING = (
    "ORGANIZER;CN=Lee:mailto:lee@northwind.example",
    f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ME}",
    "ATTENDEE;PARTSTAT=ACCEPTED:mailto:lee@northwind.example",
)
WEEK = vcalendar(
    BERLIN_VTIMEZONE,
    # Mon 2 March 09:00-10:00 and 09:30-10:30 overlap: 0.75 h each, 1.5 h busy.
    vevent(
        "review@t",
        "Code review: payments PR",
        "DTSTART;TZID=Europe/Berlin:20260302T090000",
        "DTEND;TZID=Europe/Berlin:20260302T100000",
    ),
    vevent(
        "one@t",
        "1:1 Lee / Dana",
        "DTSTART;TZID=Europe/Berlin:20260302T093000",
        "DTEND;TZID=Europe/Berlin:20260302T103000",
        *ATTENDING,
    ),
    # Daily standup Mon-Fri 10:30-10:45 (5 × 0.25 h), but Wednesday's is cancelled.
    vevent(
        "standup@t",
        "Team standup",
        "DTSTART;TZID=Europe/Berlin:20260302T103000",
        "DTEND;TZID=Europe/Berlin:20260302T104500",
        "RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
        *ATTENDING,
    ),
    vevent(
        "standup@t",
        "Team standup",
        "RECURRENCE-ID;TZID=Europe/Berlin:20260304T103000",
        "DTSTART;TZID=Europe/Berlin:20260304T103000",
        "DTEND;TZID=Europe/Berlin:20260304T104500",
        "STATUS:CANCELLED",
    ),
    # Declined by the owner, transparent, and all-day: 0 hours each.
    vevent(
        "golf@t",
        "Vendor golf",
        "DTSTART;TZID=Europe/Berlin:20260303T130000",
        "DTEND;TZID=Europe/Berlin:20260303T170000",
        "ORGANIZER:mailto:sales@vendor.example",
        f"ATTENDEE;PARTSTAT=DECLINED:mailto:{ME}",
    ),
    vevent(
        "lunch@t",
        "Lunch",
        "DTSTART;TZID=Europe/Berlin:20260303T120000",
        "DTEND;TZID=Europe/Berlin:20260303T130000",
        "TRANSP:TRANSPARENT",
    ),
    vevent("ooo@t", "OOO", "DTSTART;VALUE=DATE:20260306", "DTEND;VALUE=DATE:20260307"),
    # Board meeting Thu 5 March 14:00-16:00 with DURATION.
    vevent(
        "board@t",
        "Q1 board meeting",
        "DTSTART;TZID=Europe/Berlin:20260305T140000",
        "DURATION:PT2H",
        "ORGANIZER:mailto:ceo@northwind.example",
        "ATTENDEE:mailto:investor@fund.example",
        f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ME}",
    ),
)
EXPECTED_HOURS = {  # by hand, from the comments above
    "review@t": 0.75,
    "one@t": 0.75,
    "standup@t": 0.25,
    "board@t": 2.0,
}
EXPECTED_BUSY = 1.5 + 4 * 0.25 + 2.0
WINDOW_FLAGS = ("--from", "2026-03-02", "--to", "2026-03-09", "--tz", "Europe/Berlin")
