"""Graph's event JSON -> Event: identity, the room, and what the classifier is handed."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import dana_week
import pytest

from levelcal.classify.features import from_event
from levelcal.ingest.microsoft.mapping import Unusable, series_uid, to_event

BERLIN = ZoneInfo("Europe/Berlin")


def item(event_id: str) -> dict:
    return next(i for i in dana_week.items() if i["id"] == event_id)


def read(event_id: str):
    return to_event(item(event_id), BERLIN, owner=dana_week.OWNER, source="microsoft:primary")


def test_an_occurrence_is_its_series_and_its_original_start():
    event = read("AAMkStandup18")
    assert event.uid == dana_week.STANDUP_UID  # the instance's date bytes zeroed
    assert event.recurrence_id.isoformat() == "2026-11-18T09:30:00+01:00"
    assert event.start.isoformat() == "2026-11-18T09:45:00+01:00"


def test_an_invite_from_another_calendar_keeps_that_calendars_uid():
    assert read("AAMkRoadmap").uid == "7kq2v9s0m1roadmap@google.com"


def test_a_uid_that_is_no_outlook_id_is_kept_as_it_is():
    assert series_uid("abc@example.com") == "abc@example.com"
    assert series_uid("040000008200E0") == "040000008200E0"


def test_the_room_is_no_attendee_and_the_organizer_is_kept():
    event = read("AAMkBudget")
    assert [a.email for a in event.attendees] == [dana_week.OWNER, "marta@northwind.example"]
    assert event.organizer == "marta@northwind.example"
    assert event.location == "Room 4.12"


def test_an_outside_guest_makes_the_room_external():
    features = from_event(read("AAMkInvestors"), frozenset({dana_week.OWNER}))
    assert features.external and features.attendees == 1  # people besides the owner
    assert read("AAMkInvestors").categories == ("Board",)


def test_your_own_decline_marks_you_declined_and_no_one_else():
    event = read("AAMkVendor")
    assert [(a.email, a.declined) for a in event.attendees] == [
        (dana_week.OWNER, True),
        ("sales@contoso.example", False),
    ]


@pytest.mark.parametrize(
    ("event_id", "expected"),
    [("AAMkDentist", None), ("AAMkHome", "workingLocation"), ("AAMkBudget", None)],
)
def test_show_as_working_elsewhere_is_a_marker_and_two_hours_out_of_office_are_not(
    event_id, expected
):
    assert read(event_id).event_type == expected


@pytest.mark.parametrize(
    ("start", "end", "all_day", "expected"),
    [
        ("2026-11-19T08:00:00", "2026-11-20T06:59:00", False, None),  # 22 h 59 min away
        ("2026-11-19T12:00:00", "2026-11-20T12:00:00", False, "outOfOffice"),  # a day: absent
        ("2026-11-23T00:00:00", "2026-11-28T00:00:00", True, "outOfOffice"),  # a week off
    ],
)
def test_out_of_office_for_a_day_or_more_is_an_absence(start, end, all_day, expected):
    away = dana_week.event(
        "AAMkAway", "Out of office", start, end, ical_uid="away", showAs="oof", isAllDay=all_day
    )
    event = to_event(away, BERLIN, owner=dana_week.OWNER, source="microsoft:primary")
    assert event.event_type == expected


def test_all_day_is_a_day_in_the_reports_zone_and_private_is_flagged():
    offsite = read("AAMkOffsite")
    assert offsite.all_day and offsite.start.isoformat() == "2026-11-20T00:00:00+01:00"
    assert read("AAMkTherapy").private and not offsite.private


@pytest.mark.parametrize(
    "hostile",
    [
        {"id": "x", "@removed": {"reason": "deleted"}},
        {"id": "x", "start": {"dateTime": "yesterday"}, "end": {}},
        {"id": "x", "start": {"dateTime": "2026-11-16T08:00:00", "timeZone": "Mars/Olympus"}},
        {"id": "x", "start": "2026-11-16", "end": None},
    ],
)
def test_damaged_items_are_unusable_not_a_crash(hostile):
    with pytest.raises((Unusable, ValueError)):
        to_event(hostile, BERLIN, owner=dana_week.OWNER, source="microsoft:primary")
