"""What the classifier sees of an event, shared by training and prediction.

The analyzers here are handed to scikit-learn at training time and called by
the numpy scorer at prediction time, so both see exactly the same tokens.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from levelcal.classify.people import (
    is_a_meal,
    is_pair,
    meal_with_names,
    names_a_japanese_organization,
    names_only,
    names_the_room,
)
from levelcal.classify.titles import clean
from levelcal.classify.topics import forget_cached as forget_cached_topics
from levelcal.classify.topics import topics
from levelcal.events import Attendee, Event

_WORD = re.compile(r"(?u)\b\w\w+\b")
_URL = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
_CONTEXT_CHARS = 600
# How much of a description is looked at: the first 600 characters that are not joining
# instructions or links lie far inside it, and a 20 MB one is not searched line by line.
_DESCRIPTION_READ = 50_000


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
    executive: bool = False  # one of them is an executive you named (then also `external`)
    # The title only names people or organizations in the room ("Esselunga" with someone
    # from esselunga.it): a bare name, left to the room (`people.names_the_room`).
    names_room: bool = False


def _domain(email: str) -> str:
    return email.rpartition("@")[2]


def from_event(
    event: Event, owner_emails: frozenset[str], executives: frozenset[str] = frozenset()
) -> EventFeatures:
    """Derive the features from an event as seen by its owner.

    The people in the room are the attendees and the organizer, who many
    clients do not list as an attendee. When the owner is unknown, the
    organizer's domain stands in for the home domain, and one of the people is
    assumed to be the owner.

    An executive the owner named counts as someone from outside: LEVELS.md hard case 4
    gives a generic title with "external or executive attendees" the same level, and an
    address cannot tell a colleague from the CFO.
    """
    attendees, external, i_organize, executive, names_room = _who_is_there(
        event.attendees, event.organizer, event.title, owner_emails, executives
    )
    return EventFeatures(
        title=event.title,
        description=event.description,
        location=event.location,
        attendees=attendees,
        external=external,
        i_organize=i_organize,
        recurring=event.recurring,
        minutes=round(event.minutes),
        event_type=event.event_type,
        executive=executive,
        names_room=names_room,
    )


@functools.lru_cache(maxsize=4096)
def _who_is_there(
    attendees: tuple[Attendee, ...],
    organizer: str | None,
    title: str,
    owner_emails: frozenset[str],
    executives: frozenset[str],
) -> tuple[int, bool, bool, bool, bool]:
    """Who is in the room, as the features count them: worked out once for all the
    instances of a series."""
    people = {a.email for a in attendees} | ({organizer} if organizer else set())
    others = sorted(people - owner_emails)
    count = len(others) - (1 if others and not owner_emails else 0)
    home = {_domain(e) for e in owner_emails} or ({_domain(organizer)} if organizer else set())
    external = bool(home) and any(_domain(e) not in home for e in others if e)
    executive = any(e in executives for e in others)
    named = [(a.email, a.name) for a in attendees] + ([(organizer, "")] if organizer else [])
    return (
        count,
        external or executive,
        organizer is not None and organizer in owner_emails,
        executive,
        bool(others)
        and (
            names_the_room(title, named)
            or (external and names_a_japanese_organization(clean(title)))
        ),
    )


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@functools.lru_cache(maxsize=65_536)
def _cleaned_words(title: str) -> tuple[str, ...]:
    """The words of the title as its author wrote it: three analyzers read them."""
    return tuple(_words(clean(title)))


def title_words(features: EventFeatures) -> list[str]:
    """Title words and word pairs, without what mail clients prepend ("FW:", "Invitation:").

    Japanese and Chinese write no spaces: a run of their characters counts as its
    single characters and their pairs ("経営会議" -> 経, 営, 会, 議, 経営, 営会, 会議).
    """
    title = clean(features.title)
    words = _cleaned_words(features.title)
    if title.isascii() or not _CJK.search(title):
        return [*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))]
    tokens: list[str] = []
    for word in words:
        tokens.extend(_cjk_grams(word) if _CJK.search(word) else [word])
    pairs = [
        f"{a} {b}"
        for a, b in itertools.pairwise(words)
        if not _CJK.search(a) and not _CJK.search(b)
    ]
    return tokens + pairs


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def _cjk_grams(word: str) -> list[str]:
    characters = [ch for ch in word if _CJK.match(ch)]
    return characters + [a + b for a, b in itertools.pairwise(characters)]


def title_head(features: EventFeatures) -> list[str]:
    """The title's first word, where people put what the event is: "Prep: board deck",
    "Drive to the board meeting", "Review hiring plan"."""
    words = _cleaned_words(features.title)
    return [f"head={words[0]}"] if words else []


def title_chars(features: EventFeatures) -> list[str]:
    """Character 3- to 5-grams inside words: robust to typos, emoji and unsegmented scripts."""
    grams: list[str] = []
    for word in _title_parts(features):
        grams.extend(_word_grams(word))
    return grams


def _title_parts(features: EventFeatures) -> list[str]:
    return clean(features.title).lower().split()


def title_topics(features: EventFeatures) -> list[str]:
    """The topics the title's words name (`topics`): sport, budgets, hiring, boards..."""
    return [f"topic={topic}" for topic in topics(clean(features.title))]


def title_stems(features: EventFeatures) -> list[str]:
    """The opening letters of long title words, so that the forms of one word count together
    ("strategy", "strategic", "Strategie", "strategia"; "recruiting", "recruitment") even
    where the corpus has only one of them."""
    return [
        word[:STEM] + "~"
        for word in _cleaned_words(features.title)
        if len(word) >= STEMMED and (word.isascii() or not _CJK.search(word))
    ]


STEM = 6  # letters kept
STEMMED = 8  # the shortest word that is cut


def title_shape(features: EventFeatures) -> list[str]:
    """How the title is written, apart from its words: two names joined by a separator
    ("Mike <> Dana"), only people's names ("Priya"), a meal and only who ("Lunch w/
    Sam"), one or two capitalized words, all capitals, a ticket key.

    A meal and names no lexicon holds is a meal and only who when the names are of the
    room ("Mittag Upmeier" with Jens Upmeier): the meal rule decides it, as "Lunch w/ Sam"."""
    shape = list(_shape(features.title))
    if features.names_room and "shape=meal" not in shape and is_a_meal(clean(features.title)):
        shape = [token for token in shape if token != "shape=names"] + ["shape=meal"]
    return shape


@functools.lru_cache(maxsize=65_536)
def _shape(raw_title: str) -> tuple[str, ...]:
    """Calendars repeat their titles: each one's shape is worked out once."""
    title = clean(raw_title)
    words = title.split()
    tokens = [f"words={min(len(words), 4)}"]
    who = _names_who_meets(title)
    if (
        not who
        and title[-1:] in _CLOSING
        and _names_who_meets(_TRAILING_NOTE.sub("", title)) == "names"
    ):
        # A note in brackets after names ("Faith x Wanjiru (moved - FAC pack)", "Thijs /
        # Marloes (vervroegd)") does not change who meets; its words still count. After a
        # meal it often says who eats ("Lunch w/ Sarah (sister)"), so a meal keeps its note.
        who = "names"
    if who:
        tokens.append(f"shape={who}")
    if len(words) <= 2 and words and all(w[:1].isupper() for w in words):
        tokens.append("shape=capitalized")
    if title.isupper() and _THREE_ASCII_LETTERS.search(title) and not _ASCII_LOWER.search(title):
        tokens.append("shape=capitals")
    if _TICKET.search(title):
        tokens.append("shape=ticket")
    return tuple(tokens)


def _names_who_meets(title: str) -> str:
    """Whether the title is a meal and only who eats it ("meal"), only who meets ("names"),
    or says more ("")."""
    # Names are short and carry no digits (a 1:1 marker aside): most titles stop here.
    if not title or len(title.split()) > 7 or _DIGIT.search(title.replace("1:1", "")):
        return ""
    if meal_with_names(title):  # before names: "Coffee - Sam" is not two people
        return "meal"
    return "names" if is_pair(title) or names_only(title) else ""


_DIGIT = re.compile(r"\d")
_TRAILING_NOTE = re.compile(r"\s*[(（\[【][^()（）\[\]【】]*[)）\]】]$")
_CLOSING = frozenset(")）]】")
_THREE_ASCII_LETTERS = re.compile(r"[A-Za-z][^A-Za-z]*[A-Za-z][^A-Za-z]*[A-Za-z]")
_ASCII_LOWER = re.compile(r"[a-z]")
_TICKET = re.compile(r"\b[A-Z][A-Z0-9]{1,9}-\d+\b|#\d{2,}")


def forget_cached_tokens() -> None:
    _word_grams.cache_clear()
    _who_is_there.cache_clear()
    _cleaned_words.cache_clear()
    _shape.cache_clear()
    _context.cache_clear()
    place_topics.cache_clear()
    clean.cache_clear()
    forget_cached_topics()


GRAM_LENGTHS = (3, 4, 5)  # letters


@functools.lru_cache(maxsize=65_536)
def _word_grams(word: str) -> tuple[str, ...]:
    """Words repeat across a calendar's titles; their n-grams are computed once."""
    padded = f" {word} "
    return tuple(padded[i : i + n] for n in GRAM_LENGTHS for i in range(len(padded) - n + 1))


def padded_words(title: str) -> str:
    """The title's words as `title_chars` reads them, each between spaces, end to end
    (" board  review "): `grams.GramTable` finds all their n-grams at once."""
    parts = clean(title).lower().split()
    return f" {'  '.join(parts)} " if parts else ""


def context_words(features: EventFeatures) -> list[str]:
    """Description words, without links or the joining instructions that video-call
    invitations paste in, the opening only. The location's words are not read: a room's
    name ("Boardroom", "HQ - CFO Office", "GF-Besprechung") says where, not at which level,
    and the corpus's locations were written with its labels. `context_topics` reads what
    kind of place a location is."""
    return _words(_context(features.description))


def context_topics(features: EventFeatures) -> list[str]:
    """The topics the description names ("Catch up" says nothing, its description,
    "renewal with our biggest customer", does), and the kind of place the location is."""
    found = topics(_context(features.description))
    place = place_topics(features.location)
    if place:
        found = tuple(sorted(set(found).union(place)))
    return [f"topic={topic}" for topic in found]


# The topics that make a location a kind of place: a restaurant, a gym, a doctor's, a
# station, a school, a church. Every other topic a room's name may hold (roles, boards,
# budgets) describes who usually sits there, not what this event is.
PLACES = frozenset(
    {
        "meals_food",
        "travel_transport",
        "health_medical",
        "sport_fitness",
        "family_children",
        "personal_errands",
        "leisure_culture",
        "religion_spiritual",
        "holidays_observances",
    }
)


@functools.lru_cache(maxsize=16_384)
def place_topics(location: str) -> tuple[str, ...]:
    """The kinds of place a location names ("Sushi Ishikawa, Ginza" a restaurant,
    "Hauptbahnhof" a journey), none for a meeting room or a video call."""
    if not location:
        return ()
    found = topics(_without_links(location)[:_CONTEXT_CHARS])
    return tuple(topic for topic in found if topic in PLACES)


@functools.lru_cache(maxsize=16_384)
def _context(description: str) -> str:
    """What the description says: both context blocks read it."""
    if not description:
        return ""
    kept = _without_joining_instructions(description[:_DESCRIPTION_READ])
    return _without_links(kept)[:_CONTEXT_CHARS]


def _without_links(text: str) -> str:
    if "://" in text or "www." in text.lower():  # else no link to drop
        return _URL.sub(" ", text)
    return text


# Words of a pasted Zoom, Teams, Meet or Webex invitation: how to join, not what it is about.
_JOINING = (
    "zoom", "microsoft teams", "teams meeting", "webex", "google meet", "meet.google", "skype",
    "gotomeeting", "bluejeans", "whereby", "meeting id", "meeting options", "passcode",
    "password", "pin:", "dial-in", "dial in", "one tap", "conference id", "phone numbers",
    "invited you", "is inviting you", "besprechungs-id", "kenncode", "einwahl",
    "id de réunion", "id de la réunion", "code secret", "código de acceso", "id da reunião",
    "senha", "vergader-id", "wachtwoord", "inbellen", "id riunione", "会議id", "会議 id",
    "パスコード", "bluemind", "visioconférence", "rejoindre la réunion", "unirse a la reunión",
    "participar da reunião", "deelnemen aan de vergadering", "partecipa alla riunione",
    # and what Gmail writes into the events it creates from mail
    "created from an email", "automatically created events",
)  # fmt: skip
_PHONE_OR_RULE = re.compile(r"^[\W\d_]*$|\+?\d[\d ().,#*-]{7,}")


_JOINING_WORDS = re.compile("|".join(re.escape(words) for words in _JOINING))


def _joining(line: str) -> bool:
    return _JOINING_WORDS.search(line.lower()) is not None


# What calendar services paste between markers of their own: Google Calendar's conference
# block between two "-::~:~::~…~::-" lines (or after one, if the text was cut), and Teams'
# between two lines of underscores. Outlook also sets off a forwarded message with
# underscores, so such a block is dropped only when it holds joining instructions.
_GOOGLE_BLOCK = re.compile(r"-::~[:~]*::-.*?(?:-::~[:~]*::-|\Z)", re.DOTALL)
# Other services set theirs off with rules of dashes or equals signs ("----------").
_RULED_BLOCK = re.compile(
    r"^(?:_{20,}|-{10,}|={10,})[ \t]*$.*?(?:^(?:_{20,}|-{10,}|={10,})[ \t]*$|\Z)",
    re.DOTALL | re.MULTILINE,
)


def _without_conference_blocks(description: str) -> str:
    if "-::~" in description:
        description = _GOOGLE_BLOCK.sub("\n", description)
    if "____" in description or "-----" in description or "=====" in description:
        description = _RULED_BLOCK.sub(
            lambda block: "\n" if _joining(block[0]) else block[0], description
        )
    return description


def _without_joining_instructions(description: str) -> str:
    description = _without_conference_blocks(description)
    joining = _joining(description)  # no line has joining words when the whole text has none
    if not joining and "\n" not in description:
        return description if not _PHONE_OR_RULE.search(description) else ""
    return "\n".join(
        line
        for line in description.splitlines()
        if not (joining and _joining(line)) and not _PHONE_OR_RULE.search(line)
    )


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
    # Google's event type is not a feature: focus time is decided by a rule, and out of
    # office and working location are markers, before any event reaches the model.
    return [
        "room",  # always there: each way rooms decide gets its own starting point
        f"people={people}",
        f"people={people}&{reach}",
        f"reach={reach}",
        f"organizer={'me' if features.i_organize else 'other'}",
        f"recurs={'yes' if features.recurring else 'no'}",
        f"length={_duration_bucket(features.minutes)}",
    ]


ROOM_ANALYZER = "meta"  # the one analyzer that reads the room, not the text

# How the scorer may look tokens up once per batch instead of once per event (the same
# tokens come out either way): an analyzer that is the concatenation of its parts' tokens,
# and what each analyzer reads, when that is less than the whole event.
PARTS = {"title_chars": (_title_parts, _word_grams)}


# what each analyzer reads: `operator.attrgetter` reads it faster than a function would
_title = operator.attrgetter("title")
_description = operator.attrgetter("description")
_location_and_description = operator.attrgetter("location", "description")
_room = operator.attrgetter("attendees", "external", "i_organize", "recurring", "minutes")


READS: dict[str, Callable[[EventFeatures], object]] = {
    "title_words": _title,
    "title_head": _title,
    "title_chars": _title,
    "title_stems": _title,
    "title_shape": _title,
    "title_topics": _title,
    "context_words": _description,
    "context_topics": _location_and_description,
    ROOM_ANALYZER: _room,
}

ANALYZERS = {
    "title_words": title_words,
    "title_head": title_head,
    "title_chars": title_chars,
    "title_shape": title_shape,
    "title_topics": title_topics,
    "title_stems": title_stems,
    "context_words": context_words,
    "context_topics": context_topics,
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
            executive=bool(row.get("executive", False)),
            names_room=bool(row.get("names_room", False)),
        )
        for row in rows
    ]
