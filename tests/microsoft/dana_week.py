"""Dana's Outlook calendar as Microsoft Graph's calendarView returns it (written by hand).

Times are UTC, as levelcal asks for them (`Prefer: outlook.timezone="UTC"`);
the week under test is Mon 2026-11-16 to Mon 2026-11-23 in Europe/Berlin
(UTC+1 all week). The same events, as Outlook would export them, are in
tests/data/microsoft/dana-outlook-export.ics.

The iCalUIds are Outlook global object ids ([MS-OXOCAL] 2.2.1.27): the
standup's occurrences carry their own date in bytes 16-19 (2026 = 07EA,
November = 0B, the day), which the series' export UID has zeroed; the
roadmap sync came from Google, so its id wraps Google's UID after "vCal-Uid".
"""

from __future__ import annotations

from typing import Any

OWNER = "dana@northwind.example"
WEEK = ("--from", "2026-11-16", "--to", "2026-11-23", "--tz", "Europe/Berlin")
DEFAULT_ID = "AAMkADanaCalendar"
_OUTLOOK = "040000008200E00074C5B7101A82E008"
_STANDUP_TAIL = (
    "A0F3D3E2C95BDA01" + "0000000000000000" + "10000000" + "6F1A5C3E8B2D4F7A9C0E1B2D3F4A5B6C"
)
STANDUP_UID = _OUTLOOK + "00000000" + _STANDUP_TAIL  # the series' (clean) id: the export's UID


def _id(tail: str) -> str:
    return _OUTLOOK + "00000000" + "B1C2D3E4F5A6DA01" + "0000000000000000" + "10000000" + tail


def _google_invite(uid: str) -> str:
    data = b"vCal-Uid\x01\x00\x00\x00" + uid.encode() + b"\x00"
    head = _OUTLOOK + "00000000" + "C2D3E4F5A6B7DA01" + "0000000000000000"
    return head + len(data).to_bytes(4, "little").hex().upper() + data.hex().upper()


def _when(text: str) -> dict[str, str]:
    return {"dateTime": f"{text}.0000000", "timeZone": "UTC"}


def _person(address: str, name: str, kind: str = "required", answer: str = "accepted"):
    return {
        "type": kind,
        "status": {"response": answer, "time": "2026-11-10T08:00:00Z"},
        "emailAddress": {"name": name, "address": address},
    }


_TEAM = [
    _person(OWNER, "Dana Whitfield"),
    _person("priya@northwind.example", "Priya Raman"),
    _person("tom@northwind.example", "Tom Berger"),
]


def event(
    event_id: str,
    subject: str,
    start: str,
    end: str,
    *,
    ical_uid: str,
    organizer: str = "dana@northwind.example",
    attendees: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One event as Graph returns it: the fields levelcal reads, and some it does not."""
    item: dict[str, Any] = {
        "@odata.etag": f'W/"{event_id}"',
        "id": event_id,
        "createdDateTime": "2026-11-01T08:00:00Z",
        "lastModifiedDateTime": "2026-11-10T08:00:00Z",
        "iCalUId": ical_uid,
        "subject": subject,
        "bodyPreview": "",
        "body": {"contentType": "text", "content": ""},
        "importance": "normal",
        "sensitivity": "normal",
        "isAllDay": False,
        "isCancelled": False,
        "isOrganizer": organizer == OWNER,
        "showAs": "busy",
        "type": "singleInstance",
        "webLink": f"https://outlook.office365.com/owa/?itemid={event_id}",
        "responseStatus": {"response": "organizer" if organizer == OWNER else "accepted"},
        "start": _when(start),
        "end": _when(end),
        "location": {"displayName": ""},
        "categories": [],
        "organizer": {"emailAddress": {"name": organizer.split("@")[0], "address": organizer}},
        "attendees": attendees if attendees is not None else [],
    }
    item.update(extra)
    return item


def standup(day: int, **extra: Any) -> dict[str, Any]:
    """An occurrence of the daily standup, 09:30-09:45 Berlin (08:30Z), on 2026-11-`day`."""
    start = f"2026-11-{day:02d}T08:30:00"
    fields: dict[str, Any] = {
        "type": "occurrence",
        "seriesMasterId": "AAMkStandupMaster",
        "originalStart": f"2026-11-{day:02d}T08:30:00Z",
        "responseStatus": {"response": "accepted"},
    }
    item = event(
        f"AAMkStandup{day:02d}",
        "Platform standup",
        start,
        f"2026-11-{day:02d}T08:45:00",
        ical_uid=_OUTLOOK + f"07EA0B{day:02X}" + _STANDUP_TAIL,
        organizer="priya@northwind.example",
        attendees=_TEAM,
        **fields,
    )
    item.update(extra)
    return item


def items() -> list[dict[str, Any]]:
    """Three weeks of standups (9-27 Nov, 15 instances) and the week's other events."""
    days = [d for d in range(9, 28) if d not in (14, 15, 21, 22)]
    standups = {d: standup(d) for d in days}
    standups[18] = standup(  # moved by a quarter of an hour: an exception
        18,
        subject="Platform standup (moved)",
        type="exception",
        start=_when("2026-11-18T08:45:00"),
        end=_when("2026-11-18T09:00:00"),
    )
    standups[20] = standup(20, subject="Canceled: Platform standup", isCancelled=True)
    return [
        *standups.values(),
        event(
            "AAMkIncident",
            "Incident bridge: payments outage",
            "2026-11-15T22:00:00",
            "2026-11-16T00:00:00",
            ical_uid=_id("11111111111111111111111111111111"),
            attendees=[_person("oncall@northwind.example", "On-call")],
        ),
        event(
            "AAMkRoadmap",
            "Quarterly roadmap sync with SF product",
            "2026-11-16T16:00:00",
            "2026-11-16T17:00:00",
            ical_uid=_google_invite("7kq2v9s0m1roadmap@google.com"),
            organizer="sam@northwind.example",
            attendees=[_person(OWNER, "Dana Whitfield"), _person("sam@northwind.example", "Sam")],
            responseStatus={"response": "accepted"},
        ),
        event(
            "AAMkLunch",
            "Lunch",
            "2026-11-17T11:00:00",
            "2026-11-17T12:00:00",
            ical_uid=_id("22222222222222222222222222222222"),
            showAs="free",
        ),
        event(
            "AAMkBudget",
            "FY27 budget review: engineering",
            "2026-11-17T13:00:00",
            "2026-11-17T14:30:00",
            ical_uid=_id("33333333333333333333333333333333"),
            organizer="marta@northwind.example",
            attendees=[
                _person(OWNER, "Dana Whitfield"),
                _person("marta@northwind.example", "Marta Keller"),
                _person("room412@northwind.example", "Room 4.12", kind="resource"),
            ],
            responseStatus={"response": "accepted"},
            location={"displayName": "Room 4.12"},
        ),
        event(
            "AAMkInvestors",
            "Quarterly update: Acme Ventures",
            "2026-11-18T10:00:00",
            "2026-11-18T11:00:00",
            ical_uid=_id("44444444444444444444444444444444"),
            attendees=[
                _person(OWNER, "Dana Whitfield"),
                _person("partner@acmeventures.example", "Lee Park", kind="optional"),
            ],
            categories=["Board"],
        ),
        event(
            "AAMkVendor",
            "Vendor sync: Contoso",
            "2026-11-18T15:00:00",
            "2026-11-18T16:00:00",
            ical_uid=_id("55555555555555555555555555555555"),
            organizer="sales@contoso.example",
            attendees=[
                _person(OWNER, "Dana Whitfield", answer="declined"),
                _person("sales@contoso.example", "Contoso Sales"),
            ],
            responseStatus={"response": "declined"},
        ),
        event(
            "AAMkArchitecture",
            "Architecture review: event bus",
            "2026-11-19T09:00:00",
            "2026-11-19T10:30:00",
            ical_uid=_id("66666666666666666666666666666666"),
            attendees=_TEAM,
        ),
        event(
            "AAMkDebrief",
            "Hiring debrief: staff engineer",
            "2026-11-19T10:00:00",
            "2026-11-19T11:00:00",
            ical_uid=_id("77777777777777777777777777777777"),
            attendees=_TEAM,
        ),
        event(
            "AAMkDentist",
            "Out of office: dentist",
            "2026-11-19T12:00:00",
            "2026-11-19T14:00:00",
            ical_uid=_id("88888888888888888888888888888888"),
            showAs="oof",
        ),
        event(
            "AAMkTherapy",
            "Therapy with Dr. Lang",
            "2026-11-19T16:00:00",
            "2026-11-19T17:00:00",
            ical_uid=_id("99999999999999999999999999999999"),
            sensitivity="private",
        ),
        event(
            "AAMkHome",
            "Working from home",
            "2026-11-20T08:00:00",
            "2026-11-20T16:00:00",
            ical_uid=_id("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            showAs="workingElsewhere",
        ),
        event(
            "AAMkOffsite",
            "Team offsite",
            "2026-11-20T00:00:00",
            "2026-11-21T00:00:00",
            ical_uid=_id("BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"),
            isAllDay=True,
        ),
    ]
