"""Which events of one Outlook calendar a window needs: from the sync cache, kept fresh by
Graph's delta query, or read directly.

Like Google's (`google.sync`), the cache holds a span, not the window:

1. A full sync runs a delta round over the span (`calendarView/delta` with
   startDateTime and endDateTime: occurrences and exceptions expanded by the
   server), follows every `@odata.nextLink`, and stores the events and the
   final page's `@odata.deltaLink` in one transaction, with the calendar's
   name and owner.
2. Every later run GETs that delta link: the changes since, deletions as
   `@removed` items (removed from the cache). A dead link (410 Gone,
   `syncStateNotFound`) starts a full sync, and so does `--refresh`.
3. A window outside the span is read with `calendarView` and not cached.

Microsoft documents the delta of a calendar other than the default one only
in its beta API; when v1.0 refuses it (400 or 404), that calendar is read
directly every time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from levelcal.config import MicrosoftSettings
from levelcal.ingest.microsoft.api import PRIMARY, DeltaExpired, GraphApi, GraphError, calendar_path
from levelcal.ingest.sync_store import (
    Fetched,
    Sync,
    SyncState,
    SyncStore,
    collect,
    default_span,
)
from levelcal.ingest.sync_store import fetch as synced
from levelcal.ingest.types import OnPage


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _window(start: datetime, end: datetime) -> dict[str, str]:
    return {"startDateTime": _iso(start), "endDateTime": _iso(end)}


def _delta_path(calendar_id: str) -> str:
    """v1.0 documents `me/calendarView/delta` (the default calendar); others are beta."""
    return (
        "me/calendarView/delta"
        if calendar_id == PRIMARY
        else f"{calendar_path(calendar_id)}/calendarView/delta"
    )


def fetch(
    api: GraphApi,
    store: SyncStore,
    calendar_id: str,
    start: datetime,
    end: datetime,
    *,
    settings: MicrosoftSettings,
    refresh: bool = False,
    now: datetime | None = None,
    on_page: OnPage = lambda count: None,
) -> Fetched:
    """The events of `calendar_id` that may touch [start, end), syncing the cache as needed."""
    key = f"{api.root}{calendar_path(calendar_id)}"
    what = f"reading calendar {calendar_id}"

    def about() -> tuple[str, str]:
        calendar = api.calendar(calendar_id)
        owner = calendar.get("owner")
        address = owner.get("address") if isinstance(owner, Mapping) else ""
        return str(calendar.get("name") or calendar_id), str(address or "").lower()

    def state_after(
        last: Mapping[str, Any], span: tuple[datetime, datetime], name: str, owner: str
    ):
        return SyncState(str(last.get("@odata.deltaLink") or ""), span[0], span[1], name, owner)

    def full(span: tuple[datetime, datetime]) -> SyncState:
        name, owner = about()
        pages = api.pages(_delta_path(calendar_id), _window(*span), what)
        items, last = collect(pages, "value", on_page)
        state = state_after(last, span, name, owner)
        store.replace(key, state, items)
        return state

    def incremental(state: SyncState) -> SyncState:
        if not state.sync_token:
            raise DeltaExpired("no delta link")
        changes, last = collect(api.pages(state.sync_token, None, what), "value", on_page)
        updated = state_after(last, (state.span_start, state.span_end), state.summary, state.owner)
        store.apply(key, updated, changes)
        return updated

    def direct(start: datetime, end: datetime) -> Fetched:
        name, owner = about()
        pages = api.pages(f"{calendar_path(calendar_id)}/calendarView", _window(start, end), what)
        items, _ = collect(pages, "value", on_page)
        by_id = {str(item.get("id", index)): item for index, item in enumerate(items)}  # once
        return Fetched(tuple(by_id.values()), name, "direct", owner)

    if calendar_id != PRIMARY and store.state(key) is None and not _delta_works(api, calendar_id):
        return direct(start, end)
    span = default_span(now or datetime.now(UTC), settings)
    return synced(
        store, key, Sync(full, incremental, direct), start, end, span=span, refresh=refresh
    )


def _delta_works(api: GraphApi, calendar_id: str) -> bool:
    """Whether Graph answers the delta of this (non-default) calendar: one small probe."""
    now = datetime.now(UTC)
    try:
        api.get(_delta_path(calendar_id), _window(now, now), f"reading calendar {calendar_id}")
    except GraphError as error:
        if error.status in (400, 404, 501):
            return False
        raise
    return True
