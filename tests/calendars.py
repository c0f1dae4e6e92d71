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
