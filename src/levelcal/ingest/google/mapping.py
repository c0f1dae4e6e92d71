"""Google Calendar event JSON (the API's Events resource) -> levelcal's `Event`.

The mapping mirrors the .ics reader (`ingest.ics`) so that both paths feed the
same accounting rules: `iCalUID` is the UID and `originalStartTime` the
RECURRENCE-ID, so the same occurrence in an .ics export and in the API is
counted once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from levelcal.events import Attendee, Event, Status, is_room, timestamp

_STATUSES = {"cancelled": Status.CANCELLED, "tentative": Status.TENTATIVE}


class Unusable(ValueError):
    """An item without a usable start: a deletion in a sync, or a damaged event."""


def instant(when: Mapping[str, Any] | None, tz: ZoneInfo) -> tuple[datetime, bool]:
    """A start, end or originalStartTime object: the instant in `tz`, and whether it is a date.

    `dateTime` is RFC 3339 with an offset (its `timeZone` only names the zone it
    was written in); a `date` is a day, read as midnight in the report's zone, as
    the .ics path reads floating dates (RFC 5545 §3.3.4).
    """
    if not when:
        raise Unusable("no start")
    if when.get("dateTime"):
        moment = datetime.fromisoformat(str(when["dateTime"]))
        if moment.tzinfo is None:  # RFC 3339 requires an offset; be lenient with its zone
            moment = moment.replace(tzinfo=ZoneInfo(str(when.get("timeZone") or tz.key)))
        return moment.astimezone(tz), False
    if when.get("date"):
        day = date.fromisoformat(str(when["date"]))
        return datetime.combine(day, time(0), tzinfo=tz), True
    raise Unusable("neither dateTime nor date")


def _email(value: object) -> str | None:
    text = str(value or "").strip().lower()
    return text or None


def self_email(item: Mapping[str, Any]) -> str | None:
    """The person whose calendar this copy of the event is on, where an attendee says so.

    Only a `self` attendee names a person: a shared calendar is the `self`
    organizer of its own events, and its address (…@group.calendar.google.com)
    is nobody's.
    """
    for person in item.get("attendees", ()):
        email = _email(person.get("email")) if isinstance(person, Mapping) else None
        if person.get("self") and email and not email.endswith(".calendar.google.com"):
            return email
    return None


def _attendees(item: Mapping[str, Any], calendar_id: str) -> tuple[Attendee, ...]:
    attendees = []
    for person in item.get("attendees", ()):
        if not isinstance(person, Mapping):
            continue
        # The `self` attendee is the calendar's owner; Google always gives an address,
        # but should it not, the calendar's id stands in so a decline is still seen.
        email = _email(person.get("email")) or (calendar_id.lower() if person.get("self") else None)
        if email is None or person.get("resource") or is_room(email):
            continue  # a meeting room or equipment booked as a guest is not a person
        # Only the calendar's own answer excludes the event (`self` + declined); another
        # guest's decline says nothing about this calendar's time, even when that guest's
        # calendar is read too and so counts among the owners.
        attendees.append(
            Attendee(
                email=email,
                name=str(person.get("displayName") or "").strip(),
                declined=bool(person.get("self")) and person.get("responseStatus") == "declined",
            )
        )
    return tuple(attendees)


def to_event(item: Mapping[str, Any], tz: ZoneInfo, *, calendar_id: str, source: str) -> Event:
    """One event (an instance, with singleEvents=true) read in the report's zone.

    Raises `Unusable` for an item without a start: a sync's deletion of an event
    or a cancelled instance that carries only its id.
    """
    start, all_day = instant(item.get("start"), tz)
    end_when = item.get("end")
    if end_when and not item.get("endTimeUnspecified"):
        end, _ = instant(end_when, tz)
    else:  # RFC 5545 §3.6.1: a day without an end lasts one day, a time no time
        end = start + timedelta(days=1) if all_day else start
    recurrence_id = None
    if item.get("recurringEventId") and item.get("originalStartTime"):
        recurrence_id, _ = instant(item["originalStartTime"], tz)
    organizer = item.get("organizer") or {}
    uid = str(item.get("iCalUID") or "").strip() or f"{item.get('id', '')}@google.com"
    return Event(
        uid=uid,
        recurrence_id=recurrence_id,
        title=str(item.get("summary") or "").strip() or "(no title)",
        start=start,
        end=max(end, start),
        all_day=all_day,
        status=_STATUSES.get(str(item.get("status", "")), Status.CONFIRMED),
        transparent=item.get("transparency") == "transparent",
        description=str(item.get("description") or ""),
        location=str(item.get("location") or ""),
        organizer=_email(organizer.get("email")) if isinstance(organizer, Mapping) else None,
        attendees=_attendees(item, calendar_id),
        source=source,
        event_type=str(item["eventType"]) if item.get("eventType") else None,
        private=str(item.get("visibility") or "") in ("private", "confidential"),
        created=timestamp(item.get("created"), tz),
    )
