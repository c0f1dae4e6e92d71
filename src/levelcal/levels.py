"""The five labels of LEVELS.md, in the order the product shows them.

A person reads the short names (doing, managing, directing, visioning, not
work); the JSON, the CSV and the files levelcal writes keep the labels
(implementation ... other). Wherever a level is typed (`label`, a rules file,
`config set targets.*`), any of its names and any unambiguous start of one is
accepted: `i`, `man`, `vis`, `not`; `d` could be doing or directing, and is refused.
"""

from __future__ import annotations

from enum import StrEnum


class UnknownLevel(ValueError):
    """What a user typed names no level, or more than one; the message says which."""


class Level(StrEnum):
    IMPLEMENTATION = "implementation"
    UNIFICATION = "unification"
    COMMUNICATION = "communication"
    BEYOND = "beyond"
    OTHER = "other"

    @classmethod
    def parse(cls, text: str, levels: tuple[Level, ...] | None = None) -> Level:
        """The level a user means: a label, a short name, or the start of either.

        Raises UnknownLevel naming the candidates when the text is ambiguous
        (`d`: doing or directing) and the levels to choose from when it is none.
        `levels` narrows the choice (the work levels, for targets).
        """
        choices = levels or tuple(cls)
        wanted = " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()
        exact = [level for level in choices if wanted in level.names]
        if exact:
            return exact[0]
        found = [
            level for level in choices if wanted and any(n.startswith(wanted) for n in level.names)
        ]
        if len(found) == 1:
            return found[0]
        if found:
            candidates = " or ".join(level.short_name for level in found)
            raise UnknownLevel(f"{text.strip()!r} could be {candidates}: type more of it")
        raise UnknownLevel(f"{text.strip()!r} is not a level; use one of {names(choices)}")

    @property
    def short_name(self) -> str:
        return _SHORT_NAMES[self]

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a user may type for it: the label, the short name, and `notwork`."""
        short = self.short_name
        return (self.value, short, short.replace(" ", "")) if " " in short else (self.value, short)

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


def names(levels: tuple[Level, ...] = tuple(Level)) -> str:
    """ "doing, managing, directing, visioning or not work": the levels as a person reads them."""
    shown = [level.short_name for level in levels]
    return ", ".join(shown[:-1]) + f" or {shown[-1]}" if len(shown) > 1 else shown[0]
