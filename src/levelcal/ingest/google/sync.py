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

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from levelcal.config import GoogleSettings
from levelcal.ingest.google.api import CalendarApi
from levelcal.ingest.sync_store import (
    Fetched,
    Sync,
    SyncExpired,
    SyncState,
    SyncStore,
    collect,
    default_span,
)
from levelcal.ingest.sync_store import fetch as synced
from levelcal.ingest.types import OnPage

__all__ = ["PAGE_SIZE", "Fetched", "default_span", "fetch"]

PAGE_SIZE = 2500  # the API's largest page: fewer round trips


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


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

    def state_after(last: Mapping[str, Any], span: tuple[datetime, datetime], name: str):
        return SyncState(
            sync_token=str(last.get("nextSyncToken") or ""),
            span_start=span[0],
            span_end=span[1],
            summary=str(last.get("summary") or name),
        )

    def full(span: tuple[datetime, datetime]) -> SyncState:
        pages = api.event_pages(
            calendar_id,
            singleEvents=True,
            timeMin=_rfc3339(span[0]),
            timeMax=_rfc3339(span[1]),
            maxResults=PAGE_SIZE,
        )
        items, last = collect(pages, "items", on_page)
        state = state_after(last, span, calendar_id)
        store.replace(key, state, items)
        return state

    def incremental(state: SyncState) -> SyncState:
        if not state.sync_token:  # the server gave none: nothing to ask changes against
            raise SyncExpired("no sync token")
        pages = api.event_pages(
            calendar_id, singleEvents=True, syncToken=state.sync_token, maxResults=PAGE_SIZE
        )
        changes, last = collect(pages, "items", on_page)
        updated = state_after(last, (state.span_start, state.span_end), state.summary)
        store.apply(key, updated, changes)
        return updated

    def direct(start: datetime, end: datetime) -> Fetched:
        pages = api.event_pages(
            calendar_id,
            singleEvents=True,
            timeMin=_rfc3339(start),
            timeMax=_rfc3339(end),
            maxResults=PAGE_SIZE,
        )
        items, last = collect(pages, "items", on_page)
        by_id = {str(item.get("id", index)): item for index, item in enumerate(items)}  # once
        return Fetched(tuple(by_id.values()), str(last.get("summary") or calendar_id), "direct")

    span = default_span(now or datetime.now(UTC), settings)
    return synced(
        store, key, Sync(full, incremental, direct), start, end, span=span, refresh=refresh
    )
