"""Microsoft Graph event JSON (calendarView instances) -> levelcal's `Event`.

The mapping mirrors the .ics reader, so both paths feed the same accounting
rules (README, "Sources"):

- the UID is the event's `iCalUId`, read as the UID Outlook writes into an
  .ics export, so the same meeting in Outlook and in an export counts once;
  the RECURRENCE-ID of an occurrence or exception is its `originalStart`;
- `isCancelled` is cancelled; the owner's own `responseStatus` declined is a
  decline; `showAs` free is transparent, workingElsewhere is a marker, and so is
  oof for a day or more (shorter, it is time away: `events.shown_as`);
  `isAllDay` is an all-day marker;
- `sensitivity` private or confidential marks the event private (its title is
  masked in reports unless --show-private);
- the organizer and the required and optional attendees are the room; a
  resource (a meeting room, equipment) is not a person.

Times arrive in UTC (the API asks with `Prefer: outlook.timezone="UTC"`), as
`dateTime` without an offset and `timeZone` "UTC".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from levelcal.events import (
    SHOW_AS,
    Attendee,
    Event,
    Status,
    is_room,
    shown_as,
    timestamp,
)

_PRIVATE = {"private", "confidential"}
_INSTANCES = {"occurrence", "exception"}
# [MS-OXOCAL] 2.2.1.27 PidLidGlobalObjectId: 16 bytes that mark it, the instance date
# (YH, YL, M, D: zero in the series' "clean" id), then creation time, 8 reserved bytes,
# a 4-byte size and the data, which holds "vCal-Uid" 01 00 00 00 and the UID itself
# (NUL-ended) when the meeting came from another calendar system.
_GLOBAL_OBJECT_ID = bytes.fromhex("040000008200E00074C5B7101A82E008")
_VCAL_UID = b"vCal-Uid\x01\x00\x00\x00"


class Unusable(ValueError):
    """An item that is no event: a deletion in a delta round, or one without a start."""


def series_uid(ical_uid: str) -> str:
    """The UID an .ics export of this event carries: Graph's `iCalUId` with an occurrence's
    own date removed (Outlook's clean global object id), or the UID of the calendar system
    the meeting came from."""
    text = ical_uid.strip()
    try:
        blob = bytes.fromhex(text)
    except ValueError:
        return text  # not an Outlook global object id: the UID as it is
    if not blob.startswith(_GLOBAL_OBJECT_ID) or len(blob) < 40:
        return text
    found = blob.find(_VCAL_UID, 40)
    if found >= 0:
        uid = blob[found + len(_VCAL_UID) :].split(b"\x00", 1)[0]
        return uid.decode("utf-8", "replace").strip() or text
    clean = blob[:16] + bytes(4) + blob[20:]
    return clean.hex().upper()


def _zone(name: str) -> ZoneInfo:
    if name.upper() in ("UTC", "Z", ""):
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Unusable(f"unknown time zone {name!r}") from None


def _instant(when: object, tz: ZoneInfo, all_day: bool) -> datetime:
    """A dateTimeTimeZone in the report's zone; an all-day date is that day's midnight in it,
    as the .ics path reads a date (RFC 5545 §3.3.4)."""
    if not isinstance(when, Mapping) or not when.get("dateTime"):
        raise Unusable("no start or end")
    text = str(when["dateTime"])
    if all_day:
        return datetime.combine(date.fromisoformat(text[:10]), time(0), tzinfo=tz)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_zone(str(when.get("timeZone") or "UTC")))
    return moment.astimezone(tz)


def _address(person: object) -> tuple[str | None, str]:
    """The lower-cased address and the name of an `emailAddress` holder."""
    email = person.get("emailAddress") if isinstance(person, Mapping) else None
    if not isinstance(email, Mapping):
        return None, ""
    address = str(email.get("address") or "").strip().lower()
    return (address or None), str(email.get("name") or "").strip()


def _attendees(item: Mapping[str, Any], owner: str) -> tuple[Attendee, ...]:
    """The people invited; the owner's own answer (`responseStatus`) marks a decline."""
    declined = _response(item) == "declined"
    found: list[Attendee] = []
    for person in item.get("attendees") or ():
        address, name = _address(person)
        if address is None or str(person.get("type", "")).lower() == "resource":
            continue  # a meeting room or equipment booked as a resource is not a person
        if is_room(address):
            continue
        found.append(Attendee(address, name, declined=declined and address == owner))
    if declined and owner and all(a.email != owner for a in found):
        found.append(Attendee(owner, "", declined=True))
    return tuple(found)


def _response(item: Mapping[str, Any]) -> str:
    status = item.get("responseStatus")
    return str(status.get("response") or "") if isinstance(status, Mapping) else ""


def _text(value: object) -> str:
    return str(value or "").strip()


def to_event(item: Mapping[str, Any], tz: ZoneInfo, *, owner: str, source: str) -> Event:
    """One instance (a single event, an occurrence or an exception) read in `tz`.

    `owner` is the calendar's owner (its address), whose answer is the event's.
    Raises `Unusable` for a delta round's deletion, or an item without times.
    """
    if "@removed" in item:
        raise Unusable("deleted")
    all_day = bool(item.get("isAllDay"))
    start = _instant(item.get("start"), tz, all_day)
    end = max(_instant(item.get("end"), tz, all_day), start)
    recurrence_id = None
    if str(item.get("type", "")) in _INSTANCES and item.get("originalStart"):
        original = datetime.fromisoformat(str(item["originalStart"]))
        recurrence_id = (original if original.tzinfo else original.replace(tzinfo=UTC)).astimezone(
            tz
        )
    show_as = str(item.get("showAs") or "")
    body = item.get("body")
    description = _text(body.get("content")) if isinstance(body, Mapping) else ""
    location = item.get("location")
    organizer, _ = _address(item.get("organizer"))
    uid = series_uid(_text(item.get("iCalUId"))) or f"{item.get('id', '')}@outlook"
    return Event(
        uid=uid,
        recurrence_id=recurrence_id,
        title=_text(item.get("subject")) or "(no title)",
        start=start,
        end=end,
        all_day=all_day,
        status=Status.CANCELLED
        if item.get("isCancelled")
        else Status.TENTATIVE
        if show_as == "tentative"
        else Status.CONFIRMED,
        transparent=show_as == "free",
        description=description or _text(item.get("bodyPreview")),
        location=_text(location.get("displayName")) if isinstance(location, Mapping) else "",
        organizer=organizer,
        attendees=_attendees(item, owner),
        source=source,
        event_type=shown_as(SHOW_AS.get(show_as.upper()), all_day, start, end),
        categories=tuple(_text(c) for c in item.get("categories") or () if _text(c)),
        private=str(item.get("sensitivity") or "").lower() in _PRIVATE,
        created=timestamp(item.get("createdDateTime"), tz),
    )
