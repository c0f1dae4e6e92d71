"""Delegation candidates: what to hand off first, and what is never handed off.

A candidate is a recurring series (one UID) or a repeated title, at a level
beneath the role (roles.py), ranked by the hours per week it cost over the
weeks looked at. Hours per week divide by every week looked at, including the
weeks it did not happen: a monthly 4-hour review costs about 1 h a week.

Some time is part of leading at every level, and is never a candidate (`Kept`):

- 1:1s: a title that names a skip-level, whoever attends; or a title with a 1:1
  marker ("1:1", "1-on-1", "one on one", "o3") or that only names people
  ("Dana / Priya", "Rachel <> Dana"), with exactly one other person, from the
  owner's own domain (no attendee lines: the title alone). That covers 1:1s
  with your reports and your manager's 1:1 with you: the data cannot tell a
  report from a manager, and neither is handed off. When the level they are
  labeled is past the role's ceiling, they are listed apart, to shorten or
  make biweekly.
- Time you set aside for yourself: Google's focus time, and an event with
  nobody else in it whose title is only a focus or planning marker ("Focus
  time", "Heads down", "Deep work", "No meetings", "Think time", "Plan the
  week", "Fokuszeit – nicht buchen", "Focustijd – geen afspraken"). A block
  that names its task ("Focus: ledger refactor", "Foco – propostas") is the
  task, and the task can be handed off.

Travel is `other` (the classifier's label for flights, trains and commutes),
never work, so never a candidate.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from levelcal.levels import Level

if TYPE_CHECKING:
    from levelcal.events import Event

_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[\W_]+")
_SKIP_LEVEL = re.compile(r"\bskip[\s-]?levels?\b", re.IGNORECASE)
_ONE_ON_ONE = r"(?<![\w:])(?:1\s*[:/]\s*1|1-1|1\s*on\s*1|1-on-1|one[\s-]on[\s-]one|o3)s?(?![\w:])"
# A title that is only this (emoji, punctuation and case aside) is time set aside for oneself.
# In the eight languages of the corpus, as the leader calendars write them ("Fokuszeit",
# "Tiempo de concentración", "Focustijd – geen afspraken", "Foco 🎧 não agendar").
_SET_ASIDE = (
    r"(?:focus(?: time| block| hours?)?|focustijd|focus ?tijd|fokus(?:zeit)?|foco"
    r"|heads? ?down|deep work|no meetings?(?: day| block)?|think(?:ing)? time|thinking"
    r"|reflection(?: time)?|do not (?:book|schedule)|dnb"
    r"|plan(?:ning)?(?: the| my| next)? (?:day|week)|weekly planning|reading(?: time)?"
    r"|learning(?: time)?|buffer|blocked|block"
    r"|tiempo de (?:concentración|foco)|tempo de (?:foco|concentração)"
    r"|temps de concentration|tempo di concentrazione|concentratie(?:tijd)?"
    r"|集中(?:タイム|時間)?)"
)
# What such a block adds to say it is not to be booked ("– nicht buchen", "(não marcar)").
_NOT_TO_BOOK = (
    r"(?:no (?:meetings?|mtgs?|reuniones|agendar|convocar|call)|do not (?:book|disturb)"
    r"|(?:bitte )?nicht (?:buchen|stören|einplanen)|keine (?:termine|meetings)"
    r"|geen (?:afspraken|meetings?|vergaderingen)|niet (?:plannen|inplannen|storen|boeken)"
    r"|ne pas (?:planifier|booker|caler|déranger)|pas de (?:réunions?|rdv)|sans réunions?"
    r"|sin reuniones|não (?:agendar|marcar)|sem reuniões|niente (?:call|riunioni)"
    r"|non (?:prenotare|disturbare)|nessuna riunione)(?: aub| please| bitte| por favor| svp)?"
)


# The two patterns are compiled on first use (some 3 ms): only telling kept time asks (a
# role's candidates, a saved week, a plan), and a report without them does not.
@functools.cache
def _one_on_one_pattern() -> re.Pattern[str]:
    return re.compile(_ONE_ON_ONE, re.IGNORECASE)


@functools.cache
def _own_time_pattern() -> re.Pattern[str]:
    return re.compile(rf"^(?:{_SET_ASIDE}(?: {_NOT_TO_BOOK})?|{_NOT_TO_BOOK}(?: {_SET_ASIDE})?)$")


class Kept(StrEnum):
    """Why an event is never a delegation candidate ("": it may be one)."""

    NO = ""
    ONE_ON_ONE = "one_on_one"  # a 1:1 with a report or the manager, or a skip-level
    OWN_TIME = "own_time"  # a focus block, or other time set aside for oneself


def _domain(email: str) -> str:
    return email.rpartition("@")[2].lower()


@functools.lru_cache(maxsize=8192)
def _names_people(title: str) -> bool:
    """Whether the title names people (a pair, or names alone); a year repeats its titles."""
    from levelcal.classify import people

    return people.is_pair(title) or people.names_only(title)


def _own_time(title: str) -> bool:
    return _own_time_pattern().match(normalized_title(title)) is not None


def kept_by_title(title: str) -> Kept:
    """What the title alone says (a calendar without attendee lines, an old history row)."""
    if _SKIP_LEVEL.search(title) or _one_on_one_pattern().search(title):
        return Kept.ONE_ON_ONE
    return Kept.OWN_TIME if _own_time(title) else Kept.NO


def kept(event: Event, owner_emails: frozenset[str]) -> Kept:
    """Whether the event is leading time that is never handed off, and which kind."""
    from levelcal.events import FOCUS_EVENT_TYPE

    if event.event_type == FOCUS_EVENT_TYPE:
        return Kept.OWN_TIME
    if _SKIP_LEVEL.search(event.title):
        return Kept.ONE_ON_ONE
    people = {a.email for a in event.attendees} | ({event.organizer} if event.organizer else set())
    if not event.attendees:
        return kept_by_title(event.title)
    others = people - owner_emails if owner_emails else people
    # Without a known owner the owner is one of the people: two of them make a 1:1.
    alone = len(others) <= (0 if owner_emails else 1)
    if alone:
        return Kept.OWN_TIME if _own_time(event.title) else Kept.NO
    one_other = len(others) == (1 if owner_emails else 2)
    domains = {_domain(email) for email in owner_emails} or {_domain(min(others))}
    internal = all(_domain(email) in domains for email in others - owner_emails)
    names_a_pair = _one_on_one_pattern().search(event.title) or _names_people(event.title)
    return Kept.ONE_ON_ONE if one_other and internal and names_a_pair else Kept.NO


@functools.lru_cache(maxsize=8192)
def normalized_title(title: str) -> str:
    """Titles that differ only by case, punctuation, spacing or numbers are one title.

    "Weekly sync #12" and "weekly sync - 13" match; so do "Q1 budget" and "Q2 budget".
    """
    text = _DIGITS.sub("0", title.casefold())
    return _NOT_WORD.sub(" ", text).strip()


def series_key(uid: str, title: str, recurring: bool) -> str:
    """A recurring series is one thing to hand off (its UID); other events go by title."""
    return f"series:{uid}" if recurring else f"title:{normalized_title(title)}"


@dataclass(frozen=True, slots=True)
class Spent:
    """One event's hours, as history keeps them."""

    series_key: str
    uid: str
    title: str
    start: str  # ISO 8601, for the most recent title
    level: Level
    hours: float
    recurring: bool
    confidence: float = 1.0
    kept: Kept = Kept.NO  # never a candidate, and why


@dataclass(frozen=True, slots=True)
class Period:
    """A stretch of time and the events in it: one recorded week, or the current analysis."""

    weeks: float
    events: Sequence[Spent]


@dataclass(frozen=True, slots=True)
class Candidate:
    title: str  # the most recent title (a series': its master's, not a moved instance's)
    level: Level  # the level where most of its hours went
    hours_per_week: float
    total_hours: float
    occurrences: int
    recurring: bool


def _ranked(
    periods: Iterable[Period], wanted: Callable[[Spent], bool], limit: int
) -> list[Candidate]:
    """The series and repeated titles of the wanted events, by hours per week over all the
    periods."""
    periods = list(periods)
    weeks = sum(period.weeks for period in periods)
    if weeks <= 0:
        return []
    hours: dict[str, float] = defaultdict(float)
    by_level: dict[str, dict[Level, float]] = defaultdict(lambda: defaultdict(float))
    count: dict[str, int] = defaultdict(int)
    latest: dict[str, Spent] = {}
    for period in periods:
        for spent in period.events:
            if not wanted(spent) or spent.hours <= 0:
                continue
            key = spent.series_key
            hours[key] += spent.hours
            by_level[key][spent.level] += spent.hours
            count[key] += 1
            if key not in latest or spent.start > latest[key].start:
                latest[key] = spent
    # A one-off is past: advice is for what comes back, a series or a title met again.
    repeated = [key for key in hours if key.startswith("series:") or count[key] > 1]
    ranked = sorted(repeated, key=lambda key: (-hours[key], latest[key].title))
    return [
        Candidate(
            title=latest[key].title,
            level=max(by_level[key], key=lambda level: by_level[key][level]),
            hours_per_week=hours[key] / weeks,
            total_hours=hours[key],
            occurrences=count[key],
            recurring=key.startswith("series:"),
        )
        for key in ranked[:limit]
    ]


def candidates(
    periods: Iterable[Period], beneath: frozenset[Level], limit: int = 5
) -> list[Candidate]:
    """The series and titles beneath the role that cost the most hours per week, leaving
    out what is never handed off (1:1s, time set aside for oneself)."""
    if not beneath:
        return []
    return _ranked(periods, lambda s: s.level in beneath and not s.kept, limit)


def one_on_ones(
    periods: Iterable[Period], levels: frozenset[Level], limit: int = 5
) -> list[Candidate]:
    """The 1:1s and skip-levels at `levels` (those past the role's ceiling), by hours per
    week: kept, but to shorten or make biweekly."""
    if not levels:
        return []
    return _ranked(periods, lambda s: s.level in levels and s.kept is Kept.ONE_ON_ONE, limit)
