"""What the classifier sees of an event: who is in the room, from the owner's side."""

from datetime import UTC, datetime

from levelcal.classify.features import from_event
from levelcal.events import Attendee, Event

START = datetime(2026, 3, 2, 9, tzinfo=UTC)
END = datetime(2026, 3, 2, 9, 45, tzinfo=UTC)
ME = "kim@orca.example"


def event(organizer: str | None, *emails: str) -> Event:
    attendees = tuple(Attendee(email, "", declined=False) for email in emails)
    return Event("u", None, "Budget review", START, END, organizer=organizer, attendees=attendees)


def test_the_organizer_counts_even_when_not_listed_as_an_attendee():
    features = from_event(event("cfo@orca.example", ME, "ceo@orca.example"), frozenset({ME}))
    assert (features.attendees, features.external, features.i_organize) == (2, False, False)
    assert features.minutes == 45


def test_an_organizer_listed_as_attendee_is_one_person():
    features = from_event(event(ME, ME, "lee@orca.example"), frozenset({ME}))
    assert (features.attendees, features.external, features.i_organize) == (1, False, True)


def test_anyone_outside_the_owners_domain_is_external():
    features = from_event(event(ME, ME, "buyer@acme.example"), frozenset({ME}))
    assert (features.attendees, features.external) == (1, True)


def test_without_an_owner_one_person_is_assumed_to_be_the_owner():
    # Organizer's domain is home; three people, one of them the owner: two others.
    features = from_event(
        event("lee@orca.example", "lee@orca.example", "sam@orca.example", "ana@acme.example"),
        frozenset(),
    )
    assert (features.attendees, features.external) == (2, True)


def test_an_event_with_nobody_else_has_no_attendees():
    assert from_event(event(ME), frozenset({ME})).attendees == 0
    assert from_event(event(None), frozenset()).attendees == 0
