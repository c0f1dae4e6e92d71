"""Time the owner keeps for their own work: "Focus", "DO NOT BOOK - board pack", "🔒 Foco".

LEVELS.md makes focus and deep-work blocks doing, and a "hold", "busy" or "blocked"
with no work topic not work. The corpus's words for keeping time free ("do not book",
"ne pas planifier", "フォーカスタイム") name availability, and the text model reads a
kept block about a work item as not work ("NE PAS PLANIFIER – dossiers", "DO NOT BOOK
- FA papers / reading"); `model.kept_time_is_doing` sets that right.

The words are written here from general knowledge, in the corpus's eight languages,
folded as `topics.fold` folds a title.
"""

from __future__ import annotations

import functools
import re

from levelcal.classify.topics import fold, topics

# Blocks for work by their name alone: LEVELS.md's focus and deep-work blocks.
_FOCUS = re.compile(
    r"\b(?:focus|foco|fokus|focustijd|focusblok|fokuszeit|deep work|heads[ -]down|"
    r"no meetings?|no mtgs?|concentratie|concentracion|concentracao|concentrazione)\b"
    r"|フォーカス|集中"
)
# Words that keep the time free, which say nothing of what it is for (with "please").
_KEEP_FREE = re.compile(
    r"\b(?:do not book|don'?t book|not bookable|"
    r"ne pas (?:planifier|caler|reserver|booker|bloquer)|"
    r"no (?:agendar|reservar|programar)|nao (?:agendar|marcar)|"
    r"nicht (?:buchen|einplanen|einladen|blocken)|"
    r"niet (?:inplannen|boeken|plannen)|"
    r"non (?:prenotare|fissare|invitare)|"
    r"blocked|blocker|blok|busy|freihalten|frei halten|vrijhouden|vrij houden|"
    r"please|pls|plz|bitte|svp|aub|por favor|per favore|alsjeblieft|graag)\b"
    r"|予定を入れない|予定入れない|🔒|⛔|🚫"
)
# Time kept for the owner's own rest or life, whatever the words beside it.
_PRIVATE = re.compile(
    r"\b(?:personal|private|privat|prive|privado|privato|persoonlijk|persoenlich|"
    r"sleep|sleeping|recovery|recharge|rest|slapen|schlafen|dormir|dormire)\b"
    r"|私用|プライベート|休憩|睡眠"
)
# A hold is kept for a meeting that may come ("HOLD - SCG 2 if required"), a placeholder.
_PLACEHOLDER = re.compile(r"^\W*(?:hold|placeholder|tbc|tbd|provisional|tentative)\b")
_WORD = re.compile(r"[^\W_]{2,}")
# Words of these topics alone do not say what the time is for ("Termin", "weekly", "hold").
_SAYS_NOTHING = frozenset(("availability_markers", "generic_meeting_words", "cadence_time"))
# What a kept block may be for that is not work: it stays not work.
_PERSONAL = frozenset(
    (
        "family_children",
        "health_medical",
        "personal_errands",
        "sport_fitness",
        "leisure_culture",
        "meals_food",
        "travel_transport",
        "holidays_observances",
        "religion_spiritual",
    )
)


@functools.lru_cache(maxsize=16_384)
def keeps_time_for_work(title: str) -> bool:
    """Whether the title keeps time for the owner's own work: a focus block, or words that
    keep the time free beside words of what it is for, and nothing personal."""
    text = fold(title)
    if (
        _PLACEHOLDER.search(text)
        or _PRIVATE.search(text)
        or not _PERSONAL.isdisjoint(topics(title))
    ):
        return False
    if _FOCUS.search(text):
        return True
    if not _KEEP_FREE.search(text):
        return False
    rest = _KEEP_FREE.sub(" ", text)
    return any(
        not topics(word) or not _SAYS_NOTHING.issuperset(topics(word))
        for word in _WORD.findall(rest)
        if not word.isdigit()
    )
