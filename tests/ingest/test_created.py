"""When an event was made (`Event.created`), as each reader finds it: what the reactive share
of "who pulls you down" rests on (levelcal.pulled)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calendars import BERLIN_VTIMEZONE, vcalendar, vevent
from levelcal.events import Event
from levelcal.ingest.google.mapping import to_event as google_event
from levelcal.ingest.ics import read_calendar
from levelcal.ingest.microsoft.mapping import to_event as graph_event
from levelcal.pulled import reactive

BERLIN = ZoneInfo("Europe/Berlin")
DATA = Path(__file__).parents[1] / "data"
START = "DTSTART;TZID=Europe/Berlin:20261124T150000"
END = "DTEND;TZID=Europe/Berlin:20261124T160000"


def created_of(data: bytes) -> datetime | None:
    read = read_calendar(
        data,
        source="test.ics",
        span_start=datetime(2026, 11, 23, tzinfo=BERLIN),
        span_end=datetime(2026, 11, 30, tzinfo=BERLIN),
        tz=BERLIN,
    )
    (event,) = read.events
    return event.created


def test_created_is_read_from_created():
    data = vcalendar(
        BERLIN_VTIMEZONE, vevent("a@t", "Escalation", START, END, "CREATED:20261123T170000Z")
    )
    assert created_of(data) == datetime(2026, 11, 23, 18, 0, tzinfo=BERLIN)  # 17:00Z


@pytest.mark.parametrize(
    ("method", "extra", "expected"),
    [
        # A first invitation: RFC 5545 §3.8.7.2, DTSTAMP is when the message was made.
        ("METHOD:REQUEST\n", (), datetime(2026, 1, 1, 1, 0, tzinfo=BERLIN)),
        ("METHOD:REQUEST\n", ("SEQUENCE:0",), datetime(2026, 1, 1, 1, 0, tzinfo=BERLIN)),
        ("METHOD:REQUEST\n", ("SEQUENCE:2",), None),  # an update: made earlier than sent
        ("METHOD:PUBLISH\n", (), None),  # Google's export: the export's time
        ("", (), None),  # a stored calendar: when it was last written
    ],
)
def test_dtstamp_counts_only_in_a_first_invitation(method, extra, expected):
    # vevent writes DTSTAMP:20260101T000000Z (01:00 in Berlin)
    data = vcalendar(
        BERLIN_VTIMEZONE, vevent("a@t", "Escalation", START, END, *extra), header=method
    )
    assert created_of(data) == expected


def test_google_and_microsoft_say_when_an_event_was_made():
    items = json.loads((DATA / "google" / "dana-primary.json").read_text())["items"]
    event = google_event(items[0], BERLIN, calendar_id="dana@northwind.example", source="g")
    assert event.created == datetime(2026, 11, 15, 22, 52, 10, tzinfo=BERLIN)
    graph = {
        "id": "AAMk1",
        "subject": "Escalation",
        "createdDateTime": "2026-11-23T17:00:00.1234567Z",  # Graph's seven digits
        "start": {"dateTime": "2026-11-24T14:00:00.0000000", "timeZone": "UTC"},
        "end": {"dateTime": "2026-11-24T15:00:00.0000000", "timeZone": "UTC"},
    }
    made = graph_event(graph, BERLIN, owner="dana@northwind.example", source="m").created
    assert made == datetime(2026, 11, 23, 18, 0, 0, 123456, tzinfo=BERLIN)
    del graph["createdDateTime"]
    assert graph_event(graph, BERLIN, owner="", source="m").created is None


def _made(before: timedelta, recurring: bool = False) -> Event:
    start = datetime(2026, 11, 24, 15, tzinfo=BERLIN)
    return Event(
        uid="e@t",
        recurrence_id=start if recurring else None,
        title="Escalation",
        start=start,
        end=start + timedelta(hours=1),
        created=start - before,
    )


def test_reactive_means_made_less_than_48_hours_ahead_and_not_recurring():
    assert reactive(_made(timedelta(hours=47, minutes=59))) is True
    assert reactive(_made(timedelta(hours=48))) is False
    assert reactive(_made(timedelta(hours=1), recurring=True)) is False
    unknown = Event(uid="u@t", recurrence_id=None, title="x", start=_made(timedelta()).start,
                    end=_made(timedelta()).end)  # fmt: skip
    assert reactive(unknown) is None
