"""The calendar event every source produces and every later stage reads."""

from __future__ import annotations

import dataclasses
import operator
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

# Kinds of event with a meaning of their own (README, "Sources"), named as Google's
# eventTypes: an availability marker is never work time, whatever its length; focus time
# is doing. Outlook's "show as" out of office and working elsewhere (Graph's showAs oof
# and workingElsewhere, an export's X-MICROSOFT-CDO-BUSYSTATUS) are read as the markers,
# except an appointment shown as out of office for less than a day (`shown_as`).
OUT_OF_OFFICE = "outOfOffice"
WORKING_LOCATION = "workingLocation"
MARKER_EVENT_TYPES = frozenset({OUT_OF_OFFICE, WORKING_LOCATION})
FOCUS_EVENT_TYPE = "focusTime"
# Outlook's "show as" values that are event types, upper-cased: Graph's oof and
# workingElsewhere, an export's X-MICROSOFT-CDO-BUSYSTATUS OOF and WORKINGELSEWHERE.
SHOW_AS = {"OOF": OUT_OF_OFFICE, "WORKINGELSEWHERE": WORKING_LOCATION}
# An appointment shown as out of office this long is an absence: a day, elapsed, as short
# as a change of clocks makes one (23 hours), so that noon to noon is a day in every zone.
AN_ABSENCE = timedelta(hours=23)
# What a private event is shown as, unless --show-private (README, "Private events").
PRIVATE_TITLE = "Private event"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def shown_as(kind: str | None, all_day: bool, start: datetime, end: datetime) -> str | None:
    """The event type of an event that Outlook shows as `kind` (`SHOW_AS`).

    Out of office on a timed appointment shorter than a day is how Outlook users mark
    time spent away: a customer visit, a flight, the dentist, an afternoon off. That
    time is the event itself, so it is counted and labeled like any other (most of it
    is not work, some is a customer's boardroom). A day or more of it (elapsed, so the
    answer is the same in every zone), or all day, is an absence: a marker. Working
    elsewhere says where the owner works, never what: always a marker."""
    if kind == OUT_OF_OFFICE and not all_day and elapsed(start, end) < AN_ABSENCE:
        return None
    return kind


def is_email(text: str) -> bool:
    """An address as a person is named: `name@domain.tld`, no spaces (not a full RFC 5322 check)."""
    return _EMAIL.match(text) is not None


class Status(StrEnum):
    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Attendee:
    email: str  # lower-cased, without "mailto:"
    name: str
    declined: bool

    def __reduce__(self) -> tuple[type[Attendee], tuple[str, str, bool]]:
        return Attendee, (self.email, self.name, self.declined)


# Google Calendar books meeting rooms as guests with addresses in this domain.
_ROOM_DOMAINS = ("resource.calendar.google.com",)


def is_room(email: str, calendar_user_type: str = "") -> bool:
    """A room or equipment booked like a guest (RFC 5545 §3.2.3 CUTYPE=ROOM or RESOURCE,
    or a room calendar's address): it holds the meeting, it does not attend it."""
    if calendar_user_type.strip().upper() in ("ROOM", "RESOURCE"):
        return True
    return email.rpartition("@")[2].lower().endswith(_ROOM_DOMAINS)


@dataclass(frozen=True, slots=True)
class Event:
    """One occurrence of a calendar event, with aware start and end.

    All-day occurrences have `all_day` set; their start and end are midnights
    of the dates (end exclusive) in the zone the source was read in.
    """

    uid: str
    recurrence_id: datetime | None  # original start of a recurring instance, else None
    title: str
    start: datetime
    end: datetime
    all_day: bool = False
    status: Status = Status.CONFIRMED
    transparent: bool = False
    description: str = ""
    location: str = ""
    organizer: str | None = None  # email, lower-cased
    attendees: tuple[Attendee, ...] = ()
    calendar: str = ""
    source: str = ""
    event_type: str | None = None  # one of the kinds above, where the source says
    categories: tuple[str, ...] = ()  # Outlook categories, iCalendar CATEGORIES
    private: bool = False  # Outlook sensitivity private, CLASS:PRIVATE, Google visibility
    hidden: tuple[str, str, str] | None = None  # a masked event's title, description, location
    # An instance its own override (RECURRENCE-ID) retitled ("… (moved)"): the series'
    # title, from its master, which names the series wherever it is shown ("" otherwise).
    series_title: str = ""
    # When the event was put on a calendar, where the source says (Google `created`,
    # Graph `createdDateTime`, iCalendar CREATED; see ingest/ics.py for DTSTAMP): the
    # reactive share of "who pulls you down" (pulled.py). None: the source does not say.
    created: datetime | None = None

    @property
    def series_name(self) -> str:
        return self.series_title or self.title

    @property
    def recurring(self) -> bool:
        return self.recurrence_id is not None

    def __reduce__(self) -> tuple[type[Event], tuple[object, ...]]:
        # The cache pickles events by the thousand: one positional call each is about
        # twice as fast, both ways, as the field-by-field state of a slotted dataclass.
        return Event, _event_fields(self)

    def masked(self) -> Event:
        """A private event as reports show it: its title, description and location hidden.

        The real text stays in `hidden`, for the classifier alone (`unmasked`); no
        renderer, the history or the JSON reads it.
        """
        if not self.private or self.hidden is not None:
            return self
        return dataclasses.replace(
            self,
            title=PRIVATE_TITLE,
            description="",
            location="",
            hidden=(self.title, self.description, self.location),
        )

    def unmasked(self) -> Event:
        """The event as its source gave it: what the classifier and corrections read."""
        if self.hidden is None:
            return self
        title, description, location = self.hidden
        return dataclasses.replace(
            self, title=title, description=description, location=location, hidden=None
        )

    @property
    def minutes(self) -> float:
        return elapsed(self.start, self.end).total_seconds() / 60


_event_fields = operator.attrgetter(*(field.name for field in dataclasses.fields(Event)))


def timestamp(value: object, tz: ZoneInfo) -> datetime | None:
    """An online account's UTC timestamp ("2026-11-20T10:00:00.000Z", Graph's seven-digit
    fractions too) in the report's zone; None when there is none or it does not read."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(tz)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time between two instants.

    Python subtracts two datetimes of the same zone by wall clock, which is an
    hour off across a DST change; going through UTC gives the elapsed time.
    """
    return end.astimezone(UTC) - start.astimezone(UTC)
