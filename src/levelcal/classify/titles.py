"""The title an event's author wrote, without what mail and calendar clients add to it.

"FW: Board meeting", "Updated invitation: Board meeting @ Mon Nov 23, 2026 10am - 11am
(PST) (dana@northwind.example)" and "[EXT] Board meeting" are all a board meeting: the
classifier, the corpus split and the correction matching see the same title for each.
Only what a client prepends or appends is removed; the author's own words never are.
"""

from __future__ import annotations

import functools
import re

# Prefixes that mail and calendar clients put before a title, in the eight languages the
# corpus covers: forwards and replies (FW, WG, TR, RV, ENC, I, Doorst...), invitations and
# their updates, and the replies a calendar sends back (Accepted, Tentative...).
_CLIENT_PREFIXES = (
    # forwards and replies
    "fw",
    "fwd",
    "re",
    "aw",
    "wg",
    "tr",
    "rv",
    "res",
    "enc",
    "i",
    "r",
    "doorst",
    "antw",
    "sv",
    "vs",
    "転送",
    "返信",
    # invitations, in English, German, French, Spanish, Portuguese, Dutch, Italian, Japanese
    "invitation",
    "updated invitation",
    "updated invitation with note",
    "new event",
    "event invitation",
    "einladung",
    "aktualisierte einladung",
    "neue einladung",
    "invitation mise à jour",
    "nouvelle invitation",
    "invitación",
    "invitación actualizada",
    "convite",
    "convite atualizado",
    "uitnodiging",
    "bijgewerkte uitnodiging",
    "invito",
    "invito aggiornato",
    "招待",
    "更新された招待",
    "招待状",
    # replies and changes a calendar sends back
    "accepted",
    "tentative",
    "tentatively accepted",
    "declined",
    "canceled",
    "cancelled",
    "canceled event",
    "cancelled event",
    "updated",
    "updated event",
    "new time proposed",
    "angenommen",
    "abgelehnt",
    "mit vorbehalt",
    "vorläufig",
    "abgesagt",
    "accepté",
    "refusé",
    "provisoire",
    "annulé",
    "aceptado",
    "aceptada",
    "rechazado",
    "provisional",
    "cancelado",
    "cancelada",
    "aceito",
    "recusado",
    "provisório",
    "geaccepteerd",
    "afgewezen",
    "voorlopig",
    "geannuleerd",
    "accettato",
    "rifiutato",
    "provvisorio",
    "annullato",
    "承諾",
    "仮承諾",
    "辞退",
    "キャンセル",
    # the banner mail gateways add for outside senders
    "external",
    "ext",
)
_PREFIX = re.compile(
    r"^\s*(?:(?:"
    + "|".join(re.escape(p) for p in sorted(_CLIENT_PREFIXES, key=len, reverse=True))
    + r")\s*[:：]|[\[(【]\s*(?:ext|external|extern|externe|externo|esterno|外部)\s*[\])】]:?"
    + r"|\*+\s*external\s*\*+:?)\s*",
    re.IGNORECASE,
)
# Google's invitation mails end the title with when and whose calendar, in the reader's
# language: "... @ Mon Nov 23, 2026 10am - 11am (PST) (dana@northwind.example)", "... @
# Weekly from 10am to 11am on Monday (PST) (...)", "... @ 2026年11月19日 (木) 13:00～14:30
# (JST) (...)". What follows " @ " is a date or a time, and the owner's address.
_WHEN_SUFFIX = re.compile(
    r"\s+@\s+(?=[^@]*(?:\d{4}|\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|\d{1,2}[:.h]\d{2}))[^@]*$",
    re.IGNORECASE,
)
_OWNER_SUFFIX = re.compile(r"\s*\(\s*[^()\s@]+@[^()\s@]+\.[^()\s@]+\s*\)\s*$")
# A prefix ends in a colon or sits in brackets or stars, a suffix holds an address: a title
# without any of these characters has neither.
_MARKS = frozenset(":：[(【*@")


@functools.lru_cache(maxsize=65_536)
def clean(title: str) -> str:
    """The title without client prefixes and invitation suffixes; never empty if it wasn't."""
    if _MARKS.isdisjoint(title):  # most titles: no prefix or suffix can match
        return title.strip()
    text = title.strip()
    while True:
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text or not stripped.strip():
            break
        text = stripped
    without_owner = _OWNER_SUFFIX.sub("", text)
    without_when = _WHEN_SUFFIX.sub("", without_owner)
    return (without_when or without_owner or text).strip() or title.strip()
