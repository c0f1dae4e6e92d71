"""Google's event JSON -> Event, and the accounting rules it must feed like the .ics path."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from google_data import DATA, PRIMARY

from levelcal.accounting import account
from levelcal.classify.features import EventFeatures
from levelcal.classify.labeler import label_all
from levelcal.events import Status
from levelcal.ingest.google.mapping import Unusable, self_email, to_event
from levelcal.levels import Level
from levelcal.window import between

BERLIN = ZoneInfo("Europe/Berlin")
ITEMS = {i["id"]: i for i in json.loads((DATA / "dana-primary.json").read_text())["items"]}


def event(event_id: str):
    return to_event(ITEMS[event_id], BERLIN, calendar_id=PRIMARY, source="google:primary")


def test_recurring_instance_keeps_the_series_uid_and_its_original_start():
    moved = event("1q2w3e4r5t6ystandup_20261118T083000Z")
    assert moved.uid == "1q2w3e4r5t6ystandup@google.com"
    assert moved.start == datetime(2026, 11, 18, 9, 45, tzinfo=BERLIN)
    assert moved.recurrence_id == datetime(2026, 11, 18, 9, 30, tzinfo=BERLIN)
    assert moved.recurring


def test_times_written_in_another_zone_are_read_in_the_window_zone():
    call = event("sfcall20261117")
    assert call.start == datetime(2026, 11, 17, 17, 0, tzinfo=BERLIN)
    assert call.start.tzinfo is BERLIN and call.minutes == 60


def test_all_day_dates_are_midnights_in_the_window_zone():
    home = event("wl20261116home")
    assert home.all_day and home.transparent and home.event_type == "workingLocation"
    assert (home.start, home.end) == (
        datetime(2026, 11, 16, tzinfo=BERLIN),
        datetime(2026, 11, 17, tzinfo=BERLIN),
    )


def test_the_self_attendee_declining_is_the_owner_declining():
    vendor = event("vendor20261119")
    assert [(a.email, a.declined) for a in vendor.attendees] == [
        ("procurement@northwind.example", False),
        (PRIMARY, True),
        ("rep@acme-observability.example", False),
    ]
    assert self_email(ITEMS["vendor20261119"]) == PRIMARY


def test_another_guests_decline_does_not_exclude_the_event():
    item = json.loads(json.dumps(ITEMS["budget20261119"]))
    item["attendees"][2]["responseStatus"] = "declined"
    assert not any(
        a.declined for a in to_event(item, BERLIN, calendar_id=PRIMARY, source="g").attendees
    )


def test_fields_carry_over():
    one_on_one = event("oneonone_priya_20261117T100000Z")
    assert one_on_one.title == "Dana / Priya 1:1"
    assert one_on_one.organizer == PRIMARY
    assert one_on_one.description.startswith("Running doc:")
    assert event("sprintplanning20261116").location == "Berlin HQ-3-Spree (12)"
    assert event("focus20261117").event_type == "focusTime"
    assert event("lunch20261118").transparent
    assert event("sfcall20261117").status is Status.CONFIRMED


def test_cancelled_status_and_a_deletion_without_a_start():
    item = dict(ITEMS["boardprep20261118"], status="cancelled")
    assert to_event(item, BERLIN, calendar_id=PRIMARY, source="g").status is Status.CANCELLED
    with pytest.raises(Unusable):
        to_event({"id": "x", "status": "cancelled"}, BERLIN, calendar_id=PRIMARY, source="g")


def test_out_of_office_and_working_location_are_markers_never_hours():
    window = between(date(2026, 11, 16), date(2026, 11, 23), BERLIN)
    events = [event("ooo20261120"), event("wl20261116home"), event("boardprep20261118")]
    result = account(events, window, frozenset({PRIMARY}))
    assert [e.title for e in result.all_day] == ["Home", "Out of office: school event"]
    assert [c.event.title for c in result.counted] == ["Board prep: Q4 engineering update deck"]
    assert result.busy_hours == 2.0


def test_focus_time_is_labeled_doing_before_the_model_is_consulted():
    def no_model():
        raise AssertionError("the model is not needed")

    (label,) = label_all([EventFeatures(title="Lunch", event_type="focusTime")], no_model)
    assert (label.level, label.decided_by) == (Level.IMPLEMENTATION, "rule")


def test_a_room_booked_as_a_guest_is_not_an_attendee():
    item = {
        **ITEMS["sfcall20261117"],
        "attendees": [
            {"email": PRIMARY, "self": True, "responseStatus": "accepted"},
            {"email": "lee@northwind.example", "responseStatus": "accepted"},
            {"email": "c_1884@resource.calendar.google.com", "resource": True},
            {"email": "boardroom@northwind.example", "resource": True},
        ],
    }
    found = to_event(item, BERLIN, calendar_id=PRIMARY, source="google:primary")
    assert [a.email for a in found.attendees] == [PRIMARY, "lee@northwind.example"]
