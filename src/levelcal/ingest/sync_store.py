"""The local sync cache of an online account: each calendar's items over a synced span,
and the token its next sync starts from.

One SQLite file per account (Google, Microsoft 365, CalDAV) in the user cache
directory (`paths.cache_dir()`), private to its owner. An item is the
account's own JSON for one event (or one CalDAV object), keyed by its `id`,
with the instants that surely enclose it, which each account's `Bounds` finds;
an item without bounds is a deletion. Every update (a full sync, or the
changes of an incremental one, together with the new token) is one
transaction, so a run that fails midway leaves the cache as it was; WAL and a
busy timeout let a cron run and the user's own run share it without
corrupting it.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from levelcal.errors import ConfigError
from levelcal.storage import locked, private_file

SCHEMA_VERSION = 2  # 2: the calendar's owner is kept with its token
_BUSY_MILLISECONDS = 30_000
# Seconds since the epoch that surely enclose an item; None: the item is a deletion.
Bounds = Callable[[Mapping[str, Any]], tuple[float, float] | None]


# A UTF-16 surrogate alone: JSON may carry one ("\ud83d", an emoji an API cut in half), and
# no UTF-8 output (stdout, a CSV, corrections.jsonl, SQLite) can encode it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def well_formed(value: Any) -> Any:
    """`value` (JSON data) with every lone surrogate in its strings replaced by U+FFFD,
    as invalid UTF-8 in an .ics file is."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [well_formed(item) for item in value]
    if isinstance(value, dict):
        return {name: well_formed(item) for name, item in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class SyncState:
    """What a calendar's last sync left: its token, the span it covers, and its name."""

    sync_token: str
    span_start: datetime
    span_end: datetime
    summary: str
    owner: str = ""  # whose calendar it is, where the account says (an address)

    def covers(self, start: datetime, end: datetime) -> bool:
        return self.span_start <= start and end <= self.span_end


class SyncStore:
    """The cache file; open it with `SyncStore.open(directory)` and use it in a `with`."""

    def __init__(self, connection: sqlite3.Connection, path: Path, bounds: Bounds) -> None:
        self._db = connection
        self.path = path
        self._bounds = bounds

    @classmethod
    def open_file(cls, path: Path, bounds: Bounds, what: str) -> SyncStore:
        """Open (or create) the cache file `path` (`what` names it in errors); a damaged one
        is only a cache: it is started afresh."""
        try:
            # Setting up (WAL, tables) takes locks SQLite will not wait for: one run at a time.
            with locked(path):
                try:
                    return cls._connect(path, bounds)
                except sqlite3.OperationalError:
                    raise  # busy or locked: the file is fine, never delete it
                except sqlite3.DatabaseError:  # "not a database", "malformed"
                    forget(path)
                    return cls._connect(path, bounds)
        except (sqlite3.Error, OSError) as error:
            raise ConfigError(
                f"{path}: {what} cannot be used ({error}); "
                "set LEVELCAL_CACHE_DIR to a directory levelcal may write"
            ) from None

    @classmethod
    def _connect(cls, path: Path, bounds: Bounds) -> SyncStore:
        private_file(path)
        connection = sqlite3.connect(path, timeout=_BUSY_MILLISECONDS / 1000, isolation_level=None)
        try:
            connection.execute(f"PRAGMA busy_timeout = {_BUSY_MILLISECONDS}")
            connection.execute("PRAGMA journal_mode = WAL")
            store = cls(connection, path, bounds)
            store._create()
        except BaseException:
            connection.close()
            raise
        return store

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SyncStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _create(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):  # written by another levelcal: start afresh
            with self._transaction():
                self._db.execute("DROP TABLE IF EXISTS events")
                self._db.execute("DROP TABLE IF EXISTS calendars")
        with self._transaction():
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS calendars (key TEXT PRIMARY KEY, "
                "sync_token TEXT NOT NULL, span_start TEXT NOT NULL, span_end TEXT NOT NULL, "
                "summary TEXT NOT NULL, owner TEXT NOT NULL)"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS events (calendar TEXT NOT NULL, id TEXT NOT NULL, "
                "start_seconds REAL NOT NULL, end_seconds REAL NOT NULL, body TEXT NOT NULL, "
                "PRIMARY KEY (calendar, id))"
            )
            self._db.execute(
                "CREATE INDEX IF NOT EXISTS events_by_time ON events (calendar, start_seconds)"
            )
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any failure: all or nothing."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def state(self, key: str) -> SyncState | None:
        row = self._db.execute(
            "SELECT sync_token, span_start, span_end, summary, owner FROM calendars WHERE key = ?",
            (key,),
        ).fetchone()
        if row is None:
            return None
        token, start, end, summary, owner = row
        return SyncState(
            token, datetime.fromisoformat(start), datetime.fromisoformat(end), summary, owner
        )

    def replace(self, key: str, state: SyncState, items: Iterable[Mapping[str, Any]]) -> None:
        """A full sync: the calendar's events become `items`, its token `state`'s."""
        with self._transaction():
            self._db.execute("DELETE FROM events WHERE calendar = ?", (key,))
            self._upsert(key, items)
            self._save_state(key, state)

    def apply(self, key: str, state: SyncState, changes: Iterable[Mapping[str, Any]]) -> None:
        """An incremental sync: changed events replace theirs, deletions remove theirs."""
        with self._transaction():
            self._upsert(key, changes)
            self._save_state(key, state)

    def forget(self, key: str) -> None:
        with self._transaction():
            self._db.execute("DELETE FROM events WHERE calendar = ?", (key,))
            self._db.execute("DELETE FROM calendars WHERE key = ?", (key,))

    def events(self, key: str, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """The cached items that may touch [start, end); accounting clips them exactly."""
        with closing(
            self._db.execute(
                "SELECT body FROM events WHERE calendar = ? AND start_seconds < ? "
                "AND end_seconds >= ? ORDER BY start_seconds, id",
                (key, end.timestamp(), start.timestamp()),
            )
        ) as rows:
            return [json.loads(body) for (body,) in rows]

    def _upsert(self, key: str, items: Iterable[Mapping[str, Any]]) -> None:
        for item in items:
            event_id = str(item.get("id", ""))
            if not event_id:
                continue
            bounds = self._bounds(item)
            if bounds is None:  # a deletion (each account's Bounds says which items are)
                self._db.execute(
                    "DELETE FROM events WHERE calendar = ? AND id = ?", (key, event_id)
                )
                continue
            self._db.execute(
                "INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?, ?)",
                (key, event_id, bounds[0], bounds[1], json.dumps(item, separators=(",", ":"))),
            )

    def _save_state(self, key: str, state: SyncState) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO calendars VALUES (?, ?, ?, ?, ?, ?)",
            (
                key,
                state.sync_token,
                state.span_start.isoformat(),
                state.span_end.isoformat(),
                well_formed(state.summary),
                well_formed(state.owner),
            ),
        )


def forget(path: Path) -> None:
    """Delete a sync cache file and its SQLite journals."""
    for stale in (path, *path.parent.glob(f"{path.name}-*")):
        stale.unlink(missing_ok=True)


# --- what every account's sync does with the store -------------------------------------


class SyncExpired(Exception):
    """The server no longer knows the token of the last sync: a full sync is required."""


class SpanSettings(Protocol):
    @property
    def sync_days_back(self) -> int: ...

    @property
    def sync_days_ahead(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Fetched:
    """One calendar's items for a window, its name and owner, and how they were obtained."""

    items: tuple[dict[str, Any], ...]
    summary: str
    how: str  # "incremental", "full" or "direct"
    owner: str = ""

    def well_formed(self) -> Fetched:
        """The same, with no lone surrogate left in any text (see `well_formed`): what the
        readers map to events. Only the window's items: a sync stores what the API sent."""
        return dataclasses.replace(
            self,
            items=tuple(well_formed(item) for item in self.items),
            summary=well_formed(self.summary),
            owner=well_formed(self.owner),
        )


@dataclass(frozen=True, slots=True)
class Sync:
    """One calendar's three ways to its items, as its account does them.

    `full(span)` lists the span, stores the items and the new token in one
    transaction and returns the state; `incremental(state)` stores the changes
    since `state`'s token (raising `SyncExpired` when the server forgot it);
    `direct(start, end)` reads a window without the cache.
    """

    full: Callable[[tuple[datetime, datetime]], SyncState]
    incremental: Callable[[SyncState], SyncState]
    direct: Callable[[datetime, datetime], Fetched]


def default_span(now: datetime, settings: SpanSettings) -> tuple[datetime, datetime]:
    """The span a full sync lists: `sync_days_back` days before today to `sync_days_ahead`
    days after it (UTC days)."""
    today = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        today - timedelta(days=settings.sync_days_back),
        today + timedelta(days=settings.sync_days_ahead + 1),
    )


def fetch(
    store: SyncStore,
    key: str,
    sync: Sync,
    start: datetime,
    end: datetime,
    *,
    span: tuple[datetime, datetime],
    refresh: bool = False,
) -> Fetched:
    """The items of calendar `key` that may touch [start, end), syncing the cache as needed.

    A window inside the cached span: the changes since the last token, or a full
    sync when the server forgot it. A first sync, `refresh`, or a window that
    a span around today covers (the cached span fell behind): a full sync. Any
    other window is read directly and not cached.
    """
    cached = None if refresh else store.state(key)
    if cached is not None and cached.covers(start, end):
        try:
            state, how = sync.incremental(cached), "incremental"
        except SyncExpired:  # the server forgot the token: start over
            state, how = sync.full(span), "full"
    elif span[0] <= start and end <= span[1]:
        state, how = sync.full(span), "full"
    else:
        return sync.direct(start, end)
    return Fetched(tuple(store.events(key, start, end)), state.summary, how, state.owner)


def collect(
    pages: Iterable[Mapping[str, Any]], field: str, on_page: Callable[[int], None]
) -> tuple[list[dict[str, Any]], Mapping[str, Any]]:
    """Every item (`field` of each page) of every page, and the last page (its token)."""
    items: list[dict[str, Any]] = []
    last: Mapping[str, Any] = {}
    for page in pages:
        items.extend(page.get(field, ()))
        last = page
        on_page(len(items))
    return items, last
