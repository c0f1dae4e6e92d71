"""Google's sync cache: `sync_store` with the Google file and the bounds of Google's events."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from levelcal.ingest.sync_store import SyncState, SyncStore

__all__ = ["CACHE_FILE", "SyncState", "bounds", "open_store"]

CACHE_FILE = "google-sync.sqlite3"
_DAY_SLACK = timedelta(hours=14)  # a date is a day in some zone: UTC-12 to UTC+14


def bounds(item: Mapping[str, Any]) -> tuple[float, float] | None:
    """Seconds since the epoch that surely enclose the event; None without a start.

    Google answers a deletion (in an incremental sync) as status "cancelled",
    often with nothing but the id: that removes the event. One that still has
    its times stays, cancelled, so the report counts it among the cancelled.
    """

    def edge(when: object, slack: timedelta) -> float | None:
        if not isinstance(when, Mapping):
            return None
        if when.get("dateTime"):
            moment = datetime.fromisoformat(str(when["dateTime"]))
            return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
        if when.get("date"):
            midnight = datetime.combine(date.fromisoformat(str(when["date"])), time(0), UTC)
            return (midnight + slack).timestamp()
        return None

    try:
        start = edge(item.get("start"), -_DAY_SLACK)
        end = edge(item.get("end"), _DAY_SLACK + timedelta(days=1))
    except ValueError:
        return None
    if start is None:
        return None
    return start, max(end if end is not None else start + 86_400 + 2 * 50_400, start)


def open_store(directory: Path) -> SyncStore:
    """The Google sync cache in `directory`, opened (see `SyncStore.open_file`)."""
    return SyncStore.open_file(directory / CACHE_FILE, bounds, "the Google sync cache")
