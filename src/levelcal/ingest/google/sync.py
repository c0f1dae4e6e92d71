"""Which events of one calendar a window needs: from the sync cache, kept fresh, or fetched.

The API does not combine `syncToken` with `timeMin`/`timeMax` (it answers 400),
so the cache cannot hold "the window". It holds a span instead:

1. A full sync lists the calendar over the span (by default 365 days back and
   90 ahead of today, `[google] sync_days_back`/`sync_days_ahead`), with
   singleEvents=true, every page, and stores the events and the final page's
   `nextSyncToken` in one transaction.
2. Every later run asks only for the changes since that token (syncToken,
   singleEvents=true and nothing else); deletions arrive as items with status
   "cancelled": one with only its id is removed, one with its times is kept,
   cancelled, so the report counts it as cancelled rather than not at all.
   A 410 GONE means the token expired: the calendar is synced in full again.
   `--refresh` forces that too.
3. A window inside the span is read from the cache. A window outside it is
   fetched directly with timeMin/timeMax and not cached, unless a span around
   today would cover it (the cached span has fallen behind the calendar): then
   the span moves, by a full sync.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from levelcal.config import GoogleSettings
from levelcal.ingest.google.api import CalendarApi, SyncTokenExpired
from levelcal.ingest.google.store import SyncState, SyncStore
from levelcal.ingest.types import OnPage

PAGE_SIZE = 2500  # the API's largest page: fewer round trips


@dataclass(frozen=True, slots=True)
class Fetched:
    """One calendar's events for a window, its name, and how they were obtained."""

    items: tuple[dict[str, Any], ...]
    summary: str
    how: str  # "cache", "incremental", "full" or "direct"


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def default_span(now: datetime, settings: GoogleSettings) -> tuple[datetime, datetime]:
    today = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        today - timedelta(days=settings.sync_days_back),
        today + timedelta(days=settings.sync_days_ahead + 1),
    )


def _collect(
    pages: Iterable[dict[str, Any]], on_page: OnPage
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Every item of every page, and the last page (which holds nextSyncToken)."""
    items: list[dict[str, Any]] = []
    last: dict[str, Any] = {}
    for page in pages:
        items.extend(page.get("items", ()))
        last = page
        on_page(len(items))
    return items, last


def fetch(
    api: CalendarApi,
    store: SyncStore,
    calendar_id: str,
    start: datetime,
    end: datetime,
    *,
    settings: GoogleSettings,
    refresh: bool = False,
    now: datetime | None = None,
    on_page: OnPage = lambda count: None,
) -> Fetched:
    """The events of `calendar_id` that may touch [start, end), syncing the cache as needed."""
    key = f"{api.base}calendars/{calendar_id}"
    span = default_span(now or datetime.now(UTC), settings)
    cached = None if refresh else store.state(key)
    if cached is not None and cached.covers(start, end):
        try:
            state = _incremental_sync(api, store, key, calendar_id, cached, on_page)
            how = "incremental"
        except SyncTokenExpired:  # 410 GONE: the server forgot the token; start over
            state, how = _full_sync(api, store, key, calendar_id, span, on_page), "full"
    elif span[0] <= start and end <= span[1]:  # first sync, --refresh, or the span moved on
        state, how = _full_sync(api, store, key, calendar_id, span, on_page), "full"
    else:
        return _direct(api, calendar_id, start, end, on_page)
    return Fetched(tuple(store.events(key, start, end)), state.summary, how)


def _full_sync(
    api: CalendarApi,
    store: SyncStore,
    key: str,
    calendar_id: str,
    span: tuple[datetime, datetime],
    on_page: OnPage,
) -> SyncState:
    pages = api.event_pages(
        calendar_id,
        singleEvents=True,
        timeMin=_rfc3339(span[0]),
        timeMax=_rfc3339(span[1]),
        maxResults=PAGE_SIZE,
    )
    items, last = _collect(pages, on_page)
    state = SyncState(
        sync_token=str(last.get("nextSyncToken") or ""),
        span_start=span[0],
        span_end=span[1],
        summary=str(last.get("summary") or calendar_id),
    )
    store.replace(key, state, items)
    return state


def _incremental_sync(
    api: CalendarApi,
    store: SyncStore,
    key: str,
    calendar_id: str,
    state: SyncState,
    on_page: OnPage,
) -> SyncState:
    if not state.sync_token:  # the server gave none: nothing to ask changes against
        raise SyncTokenExpired("no sync token")
    pages = api.event_pages(
        calendar_id, singleEvents=True, syncToken=state.sync_token, maxResults=PAGE_SIZE
    )
    changes, last = _collect(pages, on_page)
    updated = SyncState(
        sync_token=str(last.get("nextSyncToken") or ""),
        span_start=state.span_start,
        span_end=state.span_end,
        summary=str(last.get("summary") or state.summary),
    )
    store.apply(key, updated, changes)
    return updated


def _direct(
    api: CalendarApi, calendar_id: str, start: datetime, end: datetime, on_page: OnPage
) -> Fetched:
    pages = api.event_pages(
        calendar_id,
        singleEvents=True,
        timeMin=_rfc3339(start),
        timeMax=_rfc3339(end),
        maxResults=PAGE_SIZE,
    )
    items, last = _collect(pages, on_page)
    by_id = {str(item.get("id", index)): item for index, item in enumerate(items)}  # once each
    return Fetched(tuple(by_id.values()), str(last.get("summary") or calendar_id), "direct")
