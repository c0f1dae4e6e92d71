"""Rooms: the shape of an event apart from its text, and how training and evaluation draw them.

The corpus's own rooms were written together with its labels, so they carry
correlations real calendars do not have (long events "other", big rooms
"directing"). Training therefore never uses them for rows whose title decides
the label: it draws their rooms from one prior that is the same for every label
(`PRIOR`), so that only the text can carry the label. Rows that LEVELS.md lets
the room decide ("Sync", "Mike <> Dana") say which label each kind of room
gives (`RoomKind`), and their rooms are drawn inside each kind.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from enum import StrEnum

from levelcal.classify.features import EventFeatures
from levelcal.levels import Level


class RoomKind(StrEnum):
    """Who is in the room, as LEVELS.md hard case 4 reads it."""

    ALONE = "alone"  # nobody else, or an export without attendee lines
    INTERNAL = "internal"  # colleagues only
    EXTERNAL = "external"  # someone from outside the organization


def kind_of(features: EventFeatures) -> RoomKind:
    if features.external:
        return RoomKind.EXTERNAL
    return RoomKind.INTERNAL if features.attendees > 0 else RoomKind.ALONE


# What a room row's `null` means: the room cannot tell, so training spreads the row over
# the three levels LEVELS.md hard case 4 assigns by room, and the model learns to be unsure.
UNDECIDED = (Level.IMPLEMENTATION, Level.UNIFICATION, Level.COMMUNICATION)


@dataclass(frozen=True, slots=True)
class Prior:
    """The label-independent distribution of rooms, documented in the model card."""

    minutes: tuple[int, ...] = (
        15,
        20,
        25,
        30,
        45,
        50,
        60,
        75,
        90,
        120,
        150,
        180,
        240,
        300,
        360,
        480,
    )
    # (lowest, highest, probability) of the number of other attendees
    attendees: tuple[tuple[int, int, float], ...] = (
        (0, 0, 0.25),
        (1, 1, 0.20),
        (2, 4, 0.20),
        (5, 12, 0.20),
        (13, 30, 0.15),
    )
    external: float = 0.35  # chance that someone is external, when anyone else is there
    i_organize: float = 0.5
    recurring: float = 0.4

    def draw(self, features: EventFeatures, generator: random.Random) -> EventFeatures:
        """The text of `features` in a room drawn from the prior."""
        return self._room(features, generator, self._attendees(generator, at_least=0))

    def draw_kind(
        self, features: EventFeatures, kind: RoomKind, generator: random.Random
    ) -> EventFeatures:
        """The text of `features` in a room of `kind`, the rest drawn from the prior."""
        attendees = 0 if kind is RoomKind.ALONE else self._attendees(generator, at_least=1)
        return self._room(features, generator, attendees, kind is RoomKind.EXTERNAL)

    def _attendees(self, generator: random.Random, at_least: int) -> int:
        buckets = [b for b in self.attendees if b[1] >= at_least]
        low, high, _ = generator.choices(buckets, weights=[b[2] for b in buckets])[0]
        return generator.randint(max(low, at_least), high)

    def _room(
        self,
        features: EventFeatures,
        generator: random.Random,
        attendees: int,
        external: bool | None = None,
    ) -> EventFeatures:
        if external is None:
            external = attendees > 0 and generator.random() < self.external
        return replace(
            features,
            attendees=attendees,
            external=external,
            i_organize=generator.random() < self.i_organize,
            recurring=generator.random() < self.recurring,
            minutes=generator.choice(self.minutes),
            event_type=None,
        )


PRIOR = Prior()


@dataclass(frozen=True, slots=True)
class Room:
    """A fixed room every held-out row is tried in, to measure robustness."""

    name: str
    minutes: int
    attendees: tuple[int, ...]  # taken in turn, row by row
    external: bool
    i_organize: bool
    recurring: bool

    @property
    def kind(self) -> RoomKind:
        if self.external:
            return RoomKind.EXTERNAL
        return RoomKind.INTERNAL if self.attendees[0] > 0 else RoomKind.ALONE

    def apply(self, features: EventFeatures, row: int = 0) -> EventFeatures:
        return replace(
            features,
            minutes=self.minutes,
            attendees=self.attendees[row % len(self.attendees)],
            external=self.external,
            i_organize=self.i_organize,
            recurring=self.recurring,
            event_type=None,
        )


# The four rooms of the robustness table: a short block with no attendee lines, a meeting
# someone else runs, a weekly team meeting, and a long session with outsiders.
ROOMS = (
    Room("25 min, alone, no attendee lines", 25, (0,), False, False, False),
    Room("60 min, organized by someone else, 1-3 others", 60, (1, 2, 3), False, False, False),
    Room("120 min, weekly, 6 others", 120, (6,), False, True, True),
    Room("240 min, 10 others including externals", 240, (10,), True, False, False),
)
