"""What the classifier sees of an event, shared by training and prediction.

The analyzers here are handed to scikit-learn at training time and called by
the numpy scorer at prediction time, so both see exactly the same tokens.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from levelcal.events import Event

_WORD = re.compile(r"(?u)\b\w\w+\b")
_URL = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
_CONTEXT_CHARS = 600


@dataclass(frozen=True, slots=True)
class EventFeatures:
    title: str
    description: str = ""
    location: str = ""
    attendees: int = 0  # people other than the owner
    external: bool = False  # any of them outside the owner's organization
    i_organize: bool = False
    recurring: bool = False
    minutes: int = 0
    event_type: str | None = None


def _domain(email: str) -> str:
    return email.rpartition("@")[2]


def from_event(event: Event, owner_emails: frozenset[str]) -> EventFeatures:
    """Derive the features from an event as seen by its owner.

    The people in the room are the attendees and the organizer, who many
    clients do not list as an attendee. When the owner is unknown, the
    organizer's domain stands in for the home domain, and one of the people is
    assumed to be the owner.
    """
    people = {a.email for a in event.attendees} | ({event.organizer} if event.organizer else set())
    others = sorted(people - owner_emails)
    attendee_count = len(others) - (1 if others and not owner_emails else 0)
    home = {_domain(e) for e in owner_emails} or (
        {_domain(event.organizer)} if event.organizer else set()
    )
    external = bool(home) and any(_domain(e) not in home for e in others if e)
    return EventFeatures(
        title=event.title,
        description=event.description,
        location=event.location,
        attendees=attendee_count,
        external=external,
        i_organize=event.organizer is not None and event.organizer in owner_emails,
        recurring=event.recurring,
        minutes=round(event.minutes),
        event_type=event.event_type,
    )


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def title_words(features: EventFeatures) -> list[str]:
    """Title words and word pairs."""
    tokens = _words(features.title)
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def title_chars(features: EventFeatures) -> list[str]:
    """Character 2- to 5-grams inside words: robust to typos, emoji and unsegmented scripts."""
    grams: list[str] = []
    for word in features.title.lower().split():
        grams.extend(_word_grams(word))
    return grams


def forget_cached_tokens() -> None:
    _word_grams.cache_clear()


@functools.lru_cache(maxsize=65_536)
def _word_grams(word: str) -> tuple[str, ...]:
    """Words repeat across a calendar's titles; their n-grams are computed once."""
    padded = f" {word} "
    grams: list[str] = []
    for n in range(2, 6):
        if len(padded) < n:
            grams.append(padded)
            break
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return tuple(grams)


def context_words(features: EventFeatures) -> list[str]:
    """Description and location words, links removed, the opening only."""
    text = _URL.sub(" ", f"{features.location} {features.description}")[:_CONTEXT_CHARS]
    return _words(text)


def _attendee_bucket(count: int) -> str:
    if count <= 0:
        return "alone"
    if count == 1:
        return "one"
    if count <= 4:
        return "few"
    if count <= 12:
        return "team"
    return "crowd"


def _duration_bucket(minutes: int) -> str:
    if minutes <= 30:
        return "short"
    if minutes <= 60:
        return "hour"
    if minutes <= 180:
        return "long"
    return "block"


def meta_tokens(features: EventFeatures) -> list[str]:
    """Who is in the room, and how the event is shaped (LEVELS.md: generic titles)."""
    people = _attendee_bucket(features.attendees)
    reach = "external" if features.external else "internal"
    tokens = [
        f"people={people}",
        f"people={people}&{reach}",
        f"reach={reach}",
        f"organizer={'me' if features.i_organize else 'other'}",
        f"recurs={'yes' if features.recurring else 'no'}",
        f"length={_duration_bucket(features.minutes)}",
    ]
    if features.event_type:
        tokens.append(f"type={features.event_type.lower()}")
    return tokens


ANALYZERS = {
    "title_words": title_words,
    "title_chars": title_chars,
    "context_words": context_words,
    "meta": meta_tokens,
}


def rows_to_features(rows: Iterable[dict[str, object]]) -> list[EventFeatures]:
    """Corpus rows (models/corpus/*.jsonl) to features."""
    return [
        EventFeatures(
            title=str(row["title"]),
            description=str(row.get("description", "")),
            location=str(row.get("location", "")),
            attendees=int(row.get("attendees", 0)),  # type: ignore[call-overload]
            external=bool(row.get("external", False)),
            i_organize=bool(row.get("i_organize", False)),
            recurring=bool(row.get("recurring", False)),
            minutes=int(row.get("minutes", 0)),  # type: ignore[call-overload]
            event_type=str(row["event_type"]) if row.get("event_type") else None,
        )
        for row in rows
    ]
