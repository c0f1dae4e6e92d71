"""Mask the secrets that calendar URLs carry before a URL is printed or stored.

A "secret address" (Google's private-… link, Outlook's, iCloud's and Nextcloud's
published links), a login in the URL or a token in the query string is a
password to the whole calendar: it must not reach logs, error messages, the
config as shown, the history or JSON output. The rule, in order:

- the user name and password (`user:pass@`) are always masked;
- every query value is masked (`?token=***`), and a query word or name that
  looks like a token (below);
- every matrix parameter's value in the path (`;jsessionid=***`);
- a path segment that looks like a token (`private-***`, `***.ics`, `***`):
  a Google `private-` link; base64 with `=` padding; 10 digits or more; letters
  and digits together in 16 characters or more; 8 letters and digits or more
  whose kind (upper case, lower case, digit) changes as often as a random
  string's does; letters with too few vowels for a word; 24 characters without
  a break.

A segment with an `@` (a calendar named by its owner's address) is kept, and
so are words such as `calendars`, `basic.ics` or `remote.php`. When in doubt a
segment is masked: a URL shown with one part too many masked costs nothing.
The URL shown never holds a space or a control character (they are
percent-encoded), and the fragment is dropped.
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import quote, unquote, urlsplit, urlunsplit

MASK = "***"
_PRIVATE = re.compile(r"^(private-)[0-9a-f]{8,}$", re.IGNORECASE)
_CALENDAR_SUFFIXES = ("ics", "ical", "ifb", "vcs")


def looks_secret(text: str) -> bool:
    """Whether one path segment or query word looks like a token rather than a name."""
    plain = unquote(text)
    if "@" in plain or not plain:
        return False
    alphanumeric = [c for c in plain if c.isalnum()]
    letters = sum(c.isalpha() for c in alphanumeric)
    digits = len(alphanumeric) - letters
    if len(plain.rstrip("=")) < len(plain) and len(plain) >= 4:  # base64 padding
        return True
    if not letters:
        return digits >= 10
    if digits and len(plain) >= 16:
        return True
    if len(alphanumeric) < 8:
        return False
    vowels = sum(c.lower() in "aeiouy" for c in alphanumeric)
    return (
        _class_changes(alphanumeric) * 3 >= len(alphanumeric)  # as random as a token
        or (not digits and vowels * 5 < letters)  # no word has so few vowels
        or (len(plain) >= 24 and not re.search(r"[-_.+ ]", plain))
    )


def _class_changes(characters: list[str]) -> int:
    """How often the kind of character (upper, lower, digit) changes, the first aside."""
    kinds = [c.isupper() - c.isdigit() for c in characters[1:]]
    return sum(a != b for a, b in itertools.pairwise(kinds))


def _segment(part: str) -> str:
    name, *parameters = part.split(";")
    masked = [f"{p.partition('=')[0]}={MASK}" if "=" in p else _word(p) for p in parameters]
    return ";".join([_name(name), *masked])


def _name(part: str) -> str:
    private = _PRIVATE.match(part)
    if private:
        return private.group(1) + MASK
    stem, dot, suffix = part.rpartition(".")
    if dot and suffix.lower() in _CALENDAR_SUFFIXES:
        return f"{_word(stem)}.{suffix}"
    return _word(part)


def _word(part: str) -> str:
    return MASK if looks_secret(part) else part


def _query(query: str) -> str:
    pairs = (pair.partition("=") for pair in query.split("&") if pair)
    return "&".join(f"{_word(name)}={MASK}" if equals else _word(name) for name, equals, _ in pairs)


def _printable(url: str) -> str:
    """Spaces and control characters percent-encoded: the URL shown is one clean word."""
    return "".join(quote(c, safe="") if c.isspace() or not c.isprintable() else c for c in url)


def redact_url(url: str) -> str:
    """The URL with its login, query values and token-like path segments masked."""
    try:
        parts = urlsplit(_printable(url))  # urlsplit would drop a tab or newline unseen
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # not even a URL: its scheme alone is shown
        scheme, separator, _ = url.partition("://")
        return f"{scheme}://{MASK}" if separator and scheme.isalpha() else MASK
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    if port:
        host = f"{host}:{port}"
    if "@" in parts.netloc:
        host = f"{MASK}@{host}"
    path = "/".join(_segment(part) for part in parts.path.split("/"))
    return urlunsplit((parts.scheme, host, path, _query(parts.query), ""))
