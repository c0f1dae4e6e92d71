"""Which objects of one CalDAV calendar a window needs: from the sync cache, kept fresh, or
read directly; and the one iCalendar document they make.

The cache holds a span, as for Google and Microsoft 365 (`ingest.sync_store`):

1. A full sync asks the collection for its sync token (RFC 6578) first, then
   for every object with an instance in the span (a time-range calendar-query,
   RFC 4791 §7.8, with ETags and data), and stores both in one transaction.
2. A later run, where the server gave a token, asks what changed since it
   (sync-collection): deleted hrefs are removed, changed ones fetched with one
   calendar-multiget. A refused token starts a full sync. Where it gave none,
   the span is listed again with ETags only, and only the objects whose ETag
   is new or changed are fetched; those no longer listed are removed.
3. A window outside the span is read with a time-range query and not cached.

The objects are whole VCALENDARs (a series with its overrides), unexpanded:
`document` joins them into one calendar that `ingest.ics` reads exactly as an
.ics file, so recurrence and every accounting rule are the .ics ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from levelcal.config import CaldavSettings
from levelcal.ingest.caldav.client import Collection, DavClient, DavObject
from levelcal.ingest.sync_store import (
    Fetched,
    Sync,
    SyncState,
    SyncStore,
    default_span,
)
from levelcal.ingest.sync_store import fetch as synced
from levelcal.ingest.types import OnPage

EVERYTHING = 1e15  # seconds: any object may touch any window until the .ics reader says
_COMPONENT = re.compile(r"^BEGIN:(?!VCALENDAR)", re.I | re.M)
_CALENDAR_END = re.compile(r"^END:VCALENDAR[ \t]*\r?$", re.I | re.M)
_TIMEZONE = re.compile(r"^BEGIN:VTIMEZONE\r?\n(.*?)^END:VTIMEZONE[ \t]*\r?\n?", re.I | re.M | re.S)
_TZID = re.compile(r"^TZID[;:](.*?)\r?$", re.I | re.M)


def bounds(item: Mapping[str, Any]) -> tuple[float, float] | None:
    """A stored object may touch any window (the reader knows better); one without data is
    a deletion."""
    return (-EVERYTHING, EVERYTHING) if item.get("data") else None


def _item(found: DavObject) -> dict[str, Any]:
    return {"id": found.href, "etag": found.etag, "data": found.data}


def fetch(
    client: DavClient,
    store: SyncStore,
    url: str,
    start: datetime,
    end: datetime,
    *,
    settings: CaldavSettings,
    owner: str = "",
    refresh: bool = False,
    now: datetime | None = None,
    on_page: OnPage = lambda count: None,
) -> Fetched:
    """The objects of the calendar at `url` that may touch [start, end), synced as needed."""

    def name_of(collection: Collection) -> str:
        return collection.name or url.rstrip("/").rsplit("/", 1)[-1]

    def full(span: tuple[datetime, datetime]) -> SyncState:
        collection = client.collection(url)  # the token first: a change meanwhile is seen again
        objects = client.query(url, *span, with_data=True)
        on_page(len(objects))
        state = SyncState(collection.sync_token, span[0], span[1], name_of(collection), owner)
        store.replace(url, state, [_item(o) for o in objects if o.data])
        return state

    def incremental(state: SyncState) -> SyncState:
        if state.sync_token:
            changed, deleted, token = client.changes(url, state.sync_token)
            stale = [o.href for o in changed]
        else:  # no sync-collection: compare the span's ETags with the cached ones
            listed = client.query(url, state.span_start, state.span_end, with_data=False)
            cached = {str(i["id"]): i.get("etag") for i in store.events(url, *_all())}
            stale = [o.href for o in listed if cached.get(o.href) != o.etag]
            deleted = sorted(set(cached) - {o.href for o in listed})
            token = ""
        fetched = client.multiget(url, stale) if stale else []
        on_page(len(fetched))
        gone = set(stale) - {o.href for o in fetched}  # changed, then deleted meanwhile
        tombstones = [{"id": href} for href in [*deleted, *sorted(gone)]]
        updated = SyncState(
            token or state.sync_token, state.span_start, state.span_end, state.summary, owner
        )
        store.apply(url, updated, [*tombstones, *(_item(o) for o in fetched)])
        return updated

    def direct(start: datetime, end: datetime) -> Fetched:
        collection = client.collection(url)
        objects = client.query(url, start, end, with_data=True)
        on_page(len(objects))
        return Fetched(tuple(_item(o) for o in objects if o.data), name_of(collection), "direct")

    span = default_span(now or datetime.now(UTC), settings)
    return synced(
        store, url, Sync(full, incremental, direct), start, end, span=span, refresh=refresh
    )


def _all() -> tuple[datetime, datetime]:
    return datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)


def document(items: Iterable[Mapping[str, Any]], name: str) -> bytes:
    """One VCALENDAR holding every object's components (each VTIMEZONE once, by TZID), in
    href order, so the same objects always make the same bytes (and hit the same cache)."""
    timezones: dict[str, str] = {}
    events: list[str] = []
    for item in sorted(items, key=lambda i: str(i["id"])):
        text = str(item.get("data") or "").replace("\r\n", "\n")
        first = _COMPONENT.search(text)
        ends = list(_CALENDAR_END.finditer(text))
        if first is None:
            continue
        body = text[first.start() : ends[-1].start() if ends else len(text)]
        for zone in _TIMEZONE.finditer(body):
            tzid = _TZID.search(zone.group(0))
            timezones.setdefault(tzid.group(1).strip() if tzid else zone.group(0), zone.group(0))
        events.append(_TIMEZONE.sub("", body).strip("\n"))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//levelcal//CalDAV//EN",
        f"X-WR-CALNAME:{_escaped(name)}",
        *(zone.strip("\n") for zone in timezones.values()),
        *(event for event in events if event),
        "END:VCALENDAR",
    ]
    return ("\r\n".join("\r\n".join(block.split("\n")) for block in lines) + "\r\n").encode()


def _escaped(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, comma, semicolon and newlines escaped."""
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return text.replace("\r", "").replace("\n", "\\n")
