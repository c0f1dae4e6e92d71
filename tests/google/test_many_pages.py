"""An account like the acceptance check's: several calendars, hundreds of events, many pages,
rate limits and an expired sync token; hours worked out from how the events were made."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fakeapi import RATE_LIMITED, TOO_MANY, USER_RATE_LIMITED, FakeCalendar

BERLIN = ZoneInfo("Europe/Berlin")  # CET (UTC+1) through all of November 2026
MONTH = ("--from", "2026-11-01", "--to", "2026-12-01", "--tz", "Europe/Berlin", "--json")
BULK = "c_bulk@group.calendar.google.com"


def bulk_events() -> list[dict]:
    """300 half-hour meetings, ten a day from 08:00 (back to back) on Nov 1-30.

    Every 7th (i % 7 == 0) I declined, every 11th of the rest is free, and
    every 13th is an out-of-office marker; the rest count 0.5 h each.
    """
    items = []
    for i in range(300):
        day, slot = divmod(i, 10)
        start = datetime(2026, 11, 1 + day, 8, 0, tzinfo=BERLIN) + timedelta(minutes=30 * slot)
        item = {
            "kind": "calendar#event",
            "id": f"bulk{i:03d}",
            "status": "confirmed",
            "summary": f"Customer call #{i}",
            "iCalUID": f"bulk{i:03d}@google.com",
            "start": {"dateTime": start.isoformat(), "timeZone": "Europe/Berlin"},
            "end": {"dateTime": (start + timedelta(minutes=30)).isoformat()},
            "organizer": {"email": "sales@northwind.example"},
            "attendees": [
                {
                    "email": "dana@northwind.example",
                    "self": True,
                    "responseStatus": "declined" if i % 7 == 0 else "accepted",
                },
                {"email": "buyer@customer.example", "responseStatus": "accepted"},
            ],
            "eventType": "outOfOffice" if i % 13 == 0 and i % 7 else "default",
        }
        if i % 7 and i % 11 == 0:
            item["transparency"] = "transparent"
        items.append(item)
    return items


def counted(i: int) -> bool:
    return i % 7 != 0 and i % 11 != 0 and i % 13 != 0


EXPECTED_BUSY = 0.5 * sum(counted(i) for i in range(300))


@pytest.fixture(autouse=True)
def wide_sync_span(isolated_config):
    (isolated_config / "config.toml").write_text(
        f'[google]\ncalendars = ["{BULK}"]\nsync_days_back = 3660\nsync_days_ahead = 3660\n',
        encoding="utf-8",
    )


def test_hundreds_of_events_over_many_pages_with_rate_limits_and_a_token_expiry(google, run):
    google.add_calendar(FakeCalendar(id=BULK, summary="Sales calls"), bulk_events())
    google.page_size = 25  # 300 events: 12 pages
    google.faults = [TOO_MANY, None, RATE_LIMITED, None, None, USER_RATE_LIMITED, TOO_MANY]
    result = run("analyze", *MONTH, "-c", "google")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["totals"]["busy_hours"] == pytest.approx(EXPECTED_BUSY)
    hours = {e["uid"]: e["hours"] for e in document["events"]}
    assert hours == {f"bulk{i:03d}@google.com": 0.5 for i in range(300) if counted(i)}
    assert len(document["all_day"]) == sum(1 for i in range(300) if i % 13 == 0 and i % 7)
    assert document["excluded"]["declined"] == sum(1 for i in range(300) if i % 7 == 0)

    # Changes, then an expired token: a clean full sync gives the new truth.
    google.delete(BULK, "bulk001")
    google.expire_sync_tokens(BULK)
    google.faults = [None, TOO_MANY]
    result = run("analyze", *MONTH, "-c", "google")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["totals"]["busy_hours"] == pytest.approx(EXPECTED_BUSY - 0.5)
