"""The five labels of LEVELS.md, in the order the product shows them."""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    IMPLEMENTATION = "implementation"
    UNIFICATION = "unification"
    COMMUNICATION = "communication"
    BEYOND = "beyond"
    OTHER = "other"

    @classmethod
    def parse(cls, text: str) -> Level | None:
        """A level from what a user types: its name, its short name, or its first letter."""
        wanted = text.strip().casefold()
        for level in cls:
            if wanted in (level.value, level.short_name, level.value[0]):
                return level
        return None

    @property
    def short_name(self) -> str:
        return _SHORT_NAMES[self]

    @property
    def is_work(self) -> bool:
        return self is not Level.OTHER


_SHORT_NAMES = {
    Level.IMPLEMENTATION: "doing",
    Level.UNIFICATION: "managing",
    Level.COMMUNICATION: "directing",
    Level.BEYOND: "visioning",
    Level.OTHER: "not work",
}

WORK_LEVELS: tuple[Level, ...] = tuple(level for level in Level if level.is_work)
