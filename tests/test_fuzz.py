"""Fuzz target for the parser path: any bytes in, Events or a LevelcalError out.

CI runs it briefly; `make fuzz` runs it long (LEVELCAL_FUZZ_EXAMPLES=20000).
It found the infinite loop behind tests/data/malformed/stray-end-before-events.ics.
"""

from __future__ import annotations

import os
from datetime import date
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from levelcal.accounting import account
from levelcal.errors import LevelcalError
from levelcal.ingest.ics import read_calendar
from levelcal.window import between
from strategies import mutated

EXAMPLES = int(os.environ.get("LEVELCAL_FUZZ_EXAMPLES", "150"))
WINDOW = between(date(2026, 3, 2), date(2026, 3, 9), ZoneInfo("Europe/Berlin"))
PREFIX = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"


def parse(data: bytes) -> None:
    try:
        read = read_calendar(
            data, source="fuzz.ics", span_start=WINDOW.start, span_end=WINDOW.end, tz=WINDOW.tz
        )
    except LevelcalError as error:
        assert "\n" not in str(error)  # one line, whatever the input
        return
    result = account(read.events, WINDOW, frozenset(), read.broken)
    assert 0 <= result.busy_hours <= WINDOW.hours


@settings(max_examples=EXAMPLES, deadline=None)
@given(mutated())
def test_damaged_calendars(data):
    parse(data)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_after_a_calendar_header(data):
    parse(PREFIX + data + b"\r\nEND:VCALENDAR\r\n")
