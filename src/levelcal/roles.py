"""Roles, the level mix each one should have, and the one sentence that names the gap.

The defaults come from docs/levels.md (README, "Roles and targets"): the higher
the role, the more of its work hours belong at the higher levels. Each role has
levels *beneath* it, whose target is a ceiling ("at most"): work to hand off,
where the delegation candidates come from. The levels it is *hired for* have a
floor ("at least"). A level in neither is shown with its target for reference
and never named as the gap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from levelcal.errors import InputError
from levelcal.levels import WORK_LEVELS, Level
from levelcal.rounding import whole_percents

DOING, MANAGING, DIRECTING, VISIONING = (
    Level.IMPLEMENTATION,
    Level.UNIFICATION,
    Level.COMMUNICATION,
    Level.BEYOND,
)
TOLERANCE_POINTS = 5.0  # a level within 5 percentage points of its target is on target


class Bound(StrEnum):
    AT_MOST = "at_most"
    AT_LEAST = "at_least"
    REFERENCE = "reference"


@dataclass(frozen=True, slots=True)
class Role:
    name: str  # as typed in the config and --role
    title: str  # as said in a sentence: "as a VP"
    article: str
    targets: Mapping[Level, float]  # percent of work hours, adding up to 100
    beneath: frozenset[Level]  # ceilings, and where delegation candidates come from
    hired_for: frozenset[Level]  # floors

    def bound(self, level: Level) -> Bound:
        if level in self.beneath:
            return Bound.AT_MOST
        if level in self.hired_for:
            return Bound.AT_LEAST
        return Bound.REFERENCE


def _role(name: str, title: str, article: str, mix: tuple[float, float, float, float],
          beneath: set[Level], hired_for: set[Level]) -> Role:  # fmt: skip
    return Role(
        name, title, article, dict(zip(WORK_LEVELS, mix, strict=True)),
        frozenset(beneath), frozenset(hired_for),
    )  # fmt: skip


# The default target mix per role, in percent of work hours: doing, managing, directing,
# visioning. Why these numbers: README, "Roles and targets".
ROLES: dict[str, Role] = {
    role.name: role
    for role in (
        _role("ic", "IC", "an", (80, 15, 5, 0), set(), {DOING}),
        _role("manager", "manager", "a", (20, 55, 20, 5), {DOING}, {MANAGING}),
        _role("director", "director", "a", (10, 35, 45, 10), {DOING, MANAGING}, {DIRECTING}),
        _role("vp", "VP", "a", (15, 20, 45, 20), {DOING, MANAGING}, {DIRECTING, VISIONING}),
        _role(
            "c-level",
            "C-level executive",
            "a",
            (5, 15, 45, 35),
            {DOING, MANAGING},
            {DIRECTING, VISIONING},
        ),
        _role(
            "founder", "founder", "a", (10, 15, 40, 35), {DOING, MANAGING}, {DIRECTING, VISIONING}
        ),
    )
}


def get(name: str, flag: str = "--role") -> Role:
    role = ROLES.get(name.strip().casefold())
    if role is None:
        raise InputError(f"{flag} {name!r} is not a role; use one of {', '.join(ROLES)}")
    return role


def with_overrides(role: Role, overrides: Mapping[Level, float]) -> Role:
    """The role with the config's `[targets]` in place of its defaults (each one a bound)."""
    if not overrides:
        return role
    targets = {level: overrides.get(level, role.targets[level]) for level in WORK_LEVELS}
    return Role(role.name, role.title, role.article, targets, role.beneath, role.hired_for)


@dataclass(frozen=True, slots=True)
class LevelTarget:
    level: Level
    hours: float
    actual_percent: float
    target_percent: float
    bound: Bound
    # The whole percent a report shows: the work levels' add up to 100 (largest remainder).
    shown_percent: int = 0

    @property
    def off_by(self) -> float:
        """Percentage points past the bound (0 when within it or a reference level)."""
        return self._past(self.actual_percent)

    @property
    def shown_off_by(self) -> float:
        """`off_by` as the shown percent gives it: what a reader works out from the report."""
        return self._past(self.shown_percent)

    def _past(self, percent: float) -> float:
        if self.bound is Bound.AT_MOST:
            return max(0.0, percent - self.target_percent)
        if self.bound is Bound.AT_LEAST:
            return max(0.0, self.target_percent - percent)
        return 0.0


@dataclass(frozen=True, slots=True)
class Assessment:
    """Actual against target for each work level, and the gap in one sentence."""

    role: Role
    work_hours: float
    levels: tuple[LevelTarget, ...]
    gap: LevelTarget | None  # the level furthest past its bound, beyond the tolerance
    sentence: str


def assess(
    role: Role, hours_by_level: Mapping[Level, float], *, scheduled: bool = False
) -> Assessment:
    """The mix against the role's targets, and the largest gap in one sentence (`scheduled`:
    a window still ahead, said as planned rather than spent)."""
    work_hours = sum(hours_by_level.get(level, 0.0) for level in WORK_LEVELS)
    percents = [
        100 * hours_by_level.get(level, 0.0) / work_hours if work_hours else 0.0
        for level in WORK_LEVELS
    ]
    shown = whole_percents([hours_by_level.get(level, 0.0) for level in WORK_LEVELS])
    levels = tuple(
        LevelTarget(
            level,
            hours_by_level.get(level, 0.0),
            percent,
            role.targets[level],
            role.bound(level),
            whole,
        )
        for level, percent, whole in zip(WORK_LEVELS, percents, shown, strict=True)
    )
    as_role = f"as {role.article} {role.title}"
    if work_hours <= 0:
        return Assessment(
            role, 0.0, levels, None, f"{as_role}, you have no work hours in this window to compare"
        )
    # The furthest past its bound as the report shows it; on a tie the lower level first
    # (it is the one to hand off).
    worst = max(levels, key=lambda target: (target.shown_off_by, -WORK_LEVELS.index(target.level)))
    if worst.shown_off_by <= TOLERANCE_POINTS:
        sentence = (
            f"{as_role}, your work hours are on target: no level is more than "
            f"{TOLERANCE_POINTS:g} points past its target"
        )
        return Assessment(role, work_hours, levels, None, sentence)
    limit = "at most" if worst.bound is Bound.AT_MOST else "at least"
    sentence = (
        f"{as_role}, {worst.shown_percent}% of your work hours "
        f"{'are scheduled as' if scheduled else 'were'} "
        f"{worst.level.short_name}; the target is {limit} {worst.target_percent:g}%"
    )
    return Assessment(role, work_hours, levels, worst, sentence)
