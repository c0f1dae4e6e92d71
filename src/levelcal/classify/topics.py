"""What a title is about, beyond the words the corpus happens to contain.

The classifier learns words from its corpus; a title made of words it never
saw ("Pádel", "Aufsichtsratssitzung", "安全パトロール") would be left to chance.
`lexicon/` lists, per topic (sport, holidays, budgets, hiring, boards,
strategy...), the words and short phrases that name it in the corpus's eight
languages, written for levelcal from general knowledge. A title gets a
`topic=` token for every topic one of its words names, and the model learns
from the corpus which topics go with which level: the lists name topics, never
levels.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

_LEXICON = Path(__file__).parent / "lexicon"
_WORD = re.compile(r"\d:\d|[^\W_]+(?:[-'’.&][^\W_]+)*")  # "1:1" first: else "1", "1"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")
_ACCENTS = re.compile(r"[\u0300-\u036f]")  # the combining marks NFKD splits off letters
_JOINER = re.compile(r"[-'’.&]")
_LONGEST_PHRASE = 3  # words
# Folding accents can turn an entry into another language's commonest word ("thé" is
# "the"): such an entry would tag half the titles, so it is left out.
_FUNCTION_WORDS = frozenset(
    "the a an of to in on at for with and or by my our de la le les el los las del des du "  # noqa: SIM905
    "et y e o en un una une der die das und im am zu il lo gli di da per con het een van op "
    "te met".split()
)
_COMPOUND_PART = 5  # letters: the shortest head of a compound that is looked up
_COMPOUND_TAIL = 7  # and the shortest tail ("sitzung", not "missie" in "commissie")
_LONG_HEAD = 7  # letters: a head this long names its topic before any ending ("Vorstand|sebene")


def word_set(words: str) -> frozenset[str]:
    """A list of words written as one string, split at spaces: the word lists' form."""
    return frozenset(words.split())


def fold(text: str) -> str:
    """Case and accents aside: "Réunion" is "reunion". Japanese keeps its voiced kana:
    NFKD splits "ゴ" into "コ" and a mark that is not an accent, and NFC joins them again
    (else the lexicon's "ゴルフ" and a title's could never match)."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize(
        "NFC", _ACCENTS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    )


@functools.cache
def _lexicon() -> dict[str, tuple[str, ...]]:
    """Each entry, folded, and the topics that list it."""
    found: dict[str, tuple[str, ...]] = {}
    for path in sorted(_LEXICON.glob("*.txt")):  # in order: each entry's topics come sorted
        topic = path.stem
        # Folding is per character: a whole file at once is the same as line by line, faster.
        for line in fold(path.read_text(encoding="utf-8")).splitlines():
            entry = " ".join(line.split())
            if not entry or entry in _FUNCTION_WORDS:
                continue
            listed = found.get(entry, ())
            if not listed or listed[-1] != topic:  # a file may list an entry twice
                found[entry] = (*listed, topic)
    return found


def lexicon_topics() -> list[str]:
    """The topics the lexicon knows, by file name."""
    return sorted(path.stem for path in _LEXICON.glob("*.txt"))


@functools.cache
def _openings() -> frozenset[str]:
    """The first letters of the lexicon's words long enough to be part of a compound."""
    return frozenset(entry[:_COMPOUND_PART] for entry in _lexicon() if len(entry) >= _COMPOUND_PART)


@functools.cache
def _phrase_starts() -> dict[str, frozenset[str]]:
    """The first word of each of the lexicon's phrases, and the words that follow it there:
    only they can start one."""
    followers: dict[str, set[str]] = {}
    for entry in _lexicon():
        if " " in entry:  # entries are folded and their spaces single
            first, second, *_ = entry.split(" ")
            followers.setdefault(first, set()).add(second)
    return {first: frozenset(seconds) for first, seconds in followers.items()}


@functools.lru_cache(maxsize=65_536)
def topics(text: str) -> tuple[str, ...]:
    """The topics `text` names: by its words and phrases of up to three words, by the
    parts of long compounds ("Aufsichtsratssitzung" holds "aufsichtsrat" and "sitzung"),
    and inside runs of Japanese or Chinese characters, which have no spaces."""
    words = _WORD.findall(fold(text))
    found = set().union(*map(_word_topics, words))
    starts = _phrase_starts()
    if not starts.keys().isdisjoint(words):
        lexicon = _lexicon()
        for start in range(len(words) - 1):
            seconds = starts.get(words[start])
            if seconds is not None and words[start + 1] in seconds:
                for end in range(start + 2, min(start + _LONGEST_PHRASE, len(words)) + 1):
                    found.update(lexicon.get(" ".join(words[start:end]), ()))
    if not text.isascii():
        for run in _CJK.findall(text):
            found |= _run_topics(run)
    return tuple(sorted(found))


@functools.lru_cache(maxsize=65_536)
def _word_topics(word: str) -> frozenset[str]:
    """The topics one folded word names, itself or by its parts: titles share words, so
    each is looked up once."""
    lexicon = _lexicon()
    keys = [word]
    if not word.isalnum():  # "team-dinner", "sync/review": each part is a word too
        keys.extend(_JOINER.split(word))
    elif len(word) >= 2 * _COMPOUND_PART - 1 and word not in lexicon:
        # A long word the lexicon lacks may be a compound of words it has.
        openings = _openings()
        if word[:_COMPOUND_PART] in openings:
            keys.extend(
                word[:cut]
                for cut in range(_COMPOUND_PART, len(word) - 3)
                if cut >= _LONG_HEAD or _a_word_starts(word[cut:], lexicon, openings)
            )
        keys.extend(
            word[cut:]
            for cut in range(4, len(word) - _COMPOUND_TAIL + 1)
            if word[cut : cut + _COMPOUND_PART] in openings
        )
    return frozenset(topic for key in keys if key in lexicon for topic in lexicon[key])


def _a_word_starts(
    rest: str, lexicon: dict[str, tuple[str, ...]], openings: frozenset[str]
) -> bool:
    """Whether what follows a short compound head starts a word of the lexicon, after a
    linking "s", "e", "n" or "en" at most ("Monat|s|gespräch", "Klant|en|service"): an
    ending is not a word, and a short head before an ending is often another word
    ("opera|tions", "comer|cial", "perso|nale", "cardio|logia")."""
    return any(
        rest[skip:] in lexicon or rest[skip : skip + _COMPOUND_PART] in openings
        for skip in range(3)
        if len(rest) - skip >= 4
    )


@functools.lru_cache(maxsize=16_384)
def _run_topics(run: str) -> frozenset[str]:
    """The topics named anywhere inside a run of Japanese or Chinese characters."""
    lexicon = _lexicon()
    return frozenset(
        topic
        for size in range(1, min(len(run), 6) + 1)
        for start in range(len(run) - size + 1)
        for topic in lexicon.get(run[start : start + size], ())
    )


def forget_cached() -> None:
    """Start cold, as a fresh process does (for measuring speed)."""
    topics.cache_clear()
    _word_topics.cache_clear()
    _run_topics.cache_clear()
