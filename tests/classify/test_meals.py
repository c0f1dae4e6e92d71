"""A meal and only who ("Lunch w/ Sam", "Déj. avec M. Dubois") is decided by who is at the
table: LEVELS.md hard case 1 makes an outsider or an executive there directing, and
"Personal: lunch" makes the rest not work. A meal that says what it is ("Team lunch",
"Lunch & Learn", "Dinner - board") is decided by its title.

The directing examples are from the hand-labeled leader calendars (sets C and E), where
the writers and the blind readers both labeled them directing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from levelcal.classify import model
from levelcal.classify.features import EventFeatures, from_event, title_shape
from levelcal.classify.people import meal_with_names
from levelcal.classify.titles import clean
from levelcal.events import Attendee, Event
from levelcal.levels import Level

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "title",
    [
        "Lunch w/ Sam",
        "lunch w/ dave",
        "Déj. avec M. Dubois",
        "Déj Bernard",
        "Almoço c/ Rui",
        "Comida Carlos Etxeberria",
        "Comida Javier T.",
        "Cafè amb Anna Roig",
        "Coffee - R. Whitfield",  # an initial and a surname
        "Coffee w/ JB ☕",  # initials, an emoji
        "Koffie met Anouk",
        "Cena con i Conti",  # an article before a family's name
        "会食（田中様）",
        "佐藤さんとランチ",  # Japanese puts the meal last
        "Updated invitation: Lunch w/ Sam",  # what a client adds is not the title
    ],
)
def test_a_meal_and_only_who(title):
    assert meal_with_names(clean(title))
    shape = title_shape(EventFeatures(title=title))
    assert "shape=meal" in shape and "shape=names" not in shape


@pytest.mark.parametrize(
    "title",
    [
        "Lunch",
        "Lunch 🥗",
        "Team lunch",
        "Lunch & Learn",
        "Lunch Marketing",
        "Dinner - board",
        "Dinner w/ Investors",
        "Lunch w/ CTO Daniel",  # who they are says what it is
        "Pranzo con il Sindaco",
        "Coffee w/ Sam re: hiring",
        "Lunch w/ Felix (Angel)",
        "Mittag mit Schwester",
        "Dîner chez Claire & Benoît",  # where, not who
        "Déj Papa & Maman – Carpentras",
        "Jantar 10 anos 💍",
        "Sync",
        "Mike <> Dana",
    ],
)
def test_a_meal_that_says_more_or_no_meal(title):
    assert not meal_with_names(title)


@pytest.mark.parametrize(
    ("room", "level"),
    [
        ({"attendees": 1, "external": True}, Level.COMMUNICATION),  # a donor, a banker
        ({"attendees": 1, "external": False}, Level.OTHER),  # a colleague
        ({"attendees": 0, "external": False}, Level.OTHER),  # alone, or no attendee lines
    ],
)
@pytest.mark.parametrize("title", ["Comida Carlos Etxeberria", "Lunch w/ Sam", "Déj Bernard"])
def test_who_is_at_the_table_decides_a_meal(title, room, level):
    shipped = model.load(ROOT / "models" / "levelcal-model.bin")
    features = EventFeatures(title=title, minutes=75, **room)
    probabilities = shipped.probabilities([features])[0]
    assert shipped.levels[int(probabilities.argmax())] is level


@pytest.mark.parametrize(
    ("people", "level"),
    [
        # set D: lunch with the savings bank's relationship manager
        ([("jens.upmeier@teuto-sparkasse.de", "Jens Upmeier")], Level.COMMUNICATION),
        # the same title with a colleague of that name
        ([("jens.upmeier@brinkmann-verpackung.de", "Jens Upmeier")], Level.OTHER),
    ],
)
def test_a_meal_with_a_name_no_lexicon_holds_is_a_meal_when_the_name_is_in_the_room(people, level):
    """ "Upmeier" is in no lexicon, so "Mittag Upmeier" has no meal shape of its own; the
    room names him, and then the meal rule decides as it does for "Lunch w/ Sam"."""
    event = Event(
        uid="mittag@d",
        recurrence_id=None,
        title="Mittag Upmeier",
        start=datetime(2026, 11, 17, 12, tzinfo=UTC),
        end=datetime(2026, 11, 17, 13, 15, tzinfo=UTC),
        attendees=tuple(Attendee(email, name, declined=False) for email, name in people),
        organizer="t.brinkmann@brinkmann-verpackung.de",
    )
    features = from_event(event, frozenset({"t.brinkmann@brinkmann-verpackung.de"}))
    assert features.names_room and "shape=meal" in title_shape(features)
    shipped = model.load(ROOT / "models" / "levelcal-model.bin")
    probabilities = shipped.probabilities([features])[0]
    assert shipped.levels[int(probabilities.argmax())] is level


def test_explain_says_who_is_at_the_table_decided(run):
    result = run("explain", "Comida Carlos Etxeberria", "--attendees", "1", "--external")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "directing, confidence" in text
    assert "The title only names a meal and who is at the table" in text
    assert "LEVELS.md hard case 1: who is at the table" in text
