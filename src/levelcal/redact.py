"""Mask the secrets that calendar URLs carry before a URL is printed or stored.

A "secret address" (Google's private-… link, Outlook's and iCloud's published
links) or a token in the query string is a password to the whole calendar:
it must not reach logs, error messages or JSON output.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

MASK = "***"
_PRIVATE = re.compile(r"^(private-)[0-9a-f]{8,}$", re.IGNORECASE)
_TOKEN_LIKE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-.~%]{20,}$")


def _segment(part: str) -> str:
    private = _PRIVATE.match(part)
    if private:
        return private.group(1) + MASK
    stem, dot, suffix = part.rpartition(".")
    if dot and suffix.lower() in ("ics", "ical", "ifb") and _TOKEN_LIKE.match(stem):  # token.ics
        return f"{MASK}.{suffix}"
    readable = "@" in part or "%40" in part  # a calendar named by its owner's email
    return MASK if _TOKEN_LIKE.match(part) and not readable else part


def redact_url(url: str) -> str:
    """The URL with its password, query values and token-like path segments masked."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    if parts.username or parts.password:
        host = f"{MASK}@{host}"
    path = "/".join(_segment(part) for part in parts.path.split("/"))
    query = "&".join(
        f"{pair.partition('=')[0]}={MASK}" if "=" in pair else MASK
        for pair in parts.query.split("&")
        if pair
    )
    return urlunsplit((parts.scheme, host, path, query, ""))
