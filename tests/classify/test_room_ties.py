"""Managing and directing differ by who is at the table (LEVELS.md, hard case 1): when the
text leaves the two close, the room chooses; otherwise the title decides alone."""

from __future__ import annotations

import numpy as np
import pytest

from levelcal.classify.features import EventFeatures
from levelcal.classify.model import TIE, room_breaks_ties
from levelcal.levels import Level

LEVELS = tuple(Level)
MANAGING, DIRECTING = LEVELS.index(Level.UNIFICATION), LEVELS.index(Level.COMMUNICATION)
DOING = LEVELS.index(Level.IMPLEMENTATION)


def odds(**given: float) -> np.ndarray:
    """A row of probabilities by level index; the rest share what is left."""
    row = np.zeros(len(LEVELS))
    for name, value in given.items():
        row[{"managing": MANAGING, "directing": DIRECTING, "doing": DOING}[name]] = value
    rest = [i for i in range(len(LEVELS)) if row[i] == 0]
    row[rest] = (1 - row.sum()) / len(rest)
    return row


def chosen(row: np.ndarray, event: EventFeatures) -> tuple[Level, float]:
    (broken,) = room_breaks_ties(row[None, :], [event], LEVELS)
    return LEVELS[int(broken.argmax())], float(broken.max())


CUSTOMER = EventFeatures(title="Service review", attendees=3, external=True)
BOSS = EventFeatures(title="Service review", attendees=1, executive=True)
TEAM = EventFeatures(title="Service review", attendees=3)
NOBODY_LISTED = EventFeatures(title="Service review")


@pytest.mark.parametrize(
    ("row", "event", "level"),
    [
        (odds(managing=0.55, directing=0.35), CUSTOMER, Level.COMMUNICATION),
        (odds(managing=0.55, directing=0.35), BOSS, Level.COMMUNICATION),
        (odds(directing=0.55, managing=0.35), TEAM, Level.UNIFICATION),
        # the room agrees with the text: nothing moves
        (odds(directing=0.55, managing=0.35), CUSTOMER, Level.COMMUNICATION),
        # no attendee lines: the room says nothing, the scores stand
        (odds(managing=0.55, directing=0.35), NOBODY_LISTED, Level.UNIFICATION),
        # not close: the title decides whatever the room
        (odds(managing=0.55 + TIE / 2, directing=0.35 - TIE / 2), CUSTOMER, Level.UNIFICATION),
        # close, but doing is between them: not a managing/directing call
        (odds(managing=0.4, doing=0.35, directing=0.2), CUSTOMER, Level.UNIFICATION),
    ],
)
def test_the_room_breaks_only_a_near_tie_of_managing_and_directing(row, event, level):
    assert chosen(row, event)[0] is level


def test_a_broken_tie_keeps_the_confidence_the_text_gave_the_pair():
    row = odds(managing=0.55, directing=0.35)
    assert chosen(row, CUSTOMER) == (Level.COMMUNICATION, pytest.approx(0.55))


def test_the_text_probabilities_are_left_as_they_were():
    """`explain` shows both: the tie broken, and what the text alone gave."""
    row = odds(managing=0.55, directing=0.35)[None, :]
    row.flags.writeable = False
    broken = room_breaks_ties(row, [CUSTOMER], LEVELS)
    assert LEVELS[int(broken.argmax())] is Level.COMMUNICATION
    assert LEVELS[int(row.argmax())] is Level.UNIFICATION


def test_explain_says_the_room_broke_the_tie(run):
    """ "Service review": the shipped model leaves managing ahead of directing by less
    than TIE. With a customer at the table the room makes it directing, and explain says
    so; with colleagues alone or no attendee lines, the title's managing stands."""
    with_customer = run("explain", "Service review", "--attendees", "3", "--external")
    assert with_customer.exit_code == 0, with_customer.stderr
    assert "directing, confidence" in with_customer.stdout
    assert "so who is in the room decided" in with_customer.stdout
    for room in (("--attendees", "3"), ()):
        alone = run("explain", "Service review", *room)
        assert "managing, confidence" in alone.stdout
        assert "who is in the room decided" not in alone.stdout
