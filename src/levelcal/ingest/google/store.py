"""The local sync cache: each calendar's events over a synced span, and its sync token.

One SQLite file in the user cache directory (`paths.cache_dir()`), private to
its owner. Every update (a full sync, or the changes of an incremental one,
together with the new sync token) is one transaction, so a run that fails
midway leaves the cache as it was; WAL and a busy timeout let a cron run and
the user's own run share it without corrupting it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from levelcal.errors import ConfigError
from levelcal.storage import locked, private_file

CACHE_FILE = "google-sync.sqlite3"
SCHEMA_VERSION = 1
_BUSY_MILLISECONDS = 30_000
_DAY_SLACK = timedelta(hours=14)  # a date is a day in some zone: UTC-12 to UTC+14


@dataclass(frozen=True, slots=True)
class SyncState:
    """What a calendar's last sync left: its token, the span it covers, and its name."""

    sync_token: str
    span_start: datetime
    span_end: datetime
    summary: str

    def covers(self, start: datetime, end: datetime) -> bool:
        return self.span_start <= start and end <= self.span_end


def _bounds(item: Mapping[str, Any]) -> tuple[float, float] | None:
    """Seconds since the epoch that surely enclose the event; None without a start."""

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


class SyncStore:
    """The cache file; open it with `SyncStore.open(directory)` and use it in a `with`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, directory: Path) -> SyncStore:
        """Open (or create) the cache; a damaged one is only a cache: it is started afresh."""
        path = directory / CACHE_FILE
        try:
            # Setting up (WAL, tables) takes locks SQLite will not wait for: one run at a time.
            with locked(path):
                try:
                    return cls._connect(path)
                except sqlite3.OperationalError:
                    raise  # busy or locked: the file is fine, never delete it
                except sqlite3.DatabaseError:  # "not a database", "malformed"
                    for damaged in (path, *directory.glob(f"{CACHE_FILE}-*")):
                        damaged.unlink(missing_ok=True)
                    return cls._connect(path)
        except (sqlite3.Error, OSError) as error:
            raise ConfigError(
                f"{path}: the Google sync cache cannot be used ({error}); "
                "set LEVELCAL_CACHE_DIR to a directory levelcal may write"
            ) from None

    @classmethod
    def _connect(cls, path: Path) -> SyncStore:
        private_file(path)
        connection = sqlite3.connect(path, timeout=_BUSY_MILLISECONDS / 1000, isolation_level=None)
        try:
            connection.execute(f"PRAGMA busy_timeout = {_BUSY_MILLISECONDS}")
            connection.execute("PRAGMA journal_mode = WAL")
            store = cls(connection, path)
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
                "CREATE TABLE IF NOT EXISTS calendars (key TEXT PRIMARY KEY, sync_token TEXT "
                "NOT NULL, span_start TEXT NOT NULL, span_end TEXT NOT NULL, summary TEXT NOT NULL)"
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
            "SELECT sync_token, span_start, span_end, summary FROM calendars WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        token, start, end, summary = row
        return SyncState(token, datetime.fromisoformat(start), datetime.fromisoformat(end), summary)

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
        """The cached events that may touch [start, end); accounting clips them exactly."""
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
            bounds = _bounds(item)
            # Google answers a deletion (in an incremental sync) as status "cancelled",
            # often with nothing but the id: that removes the event. One that still has
            # its times stays, cancelled, so the report counts it among the cancelled.
            if bounds is None:
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
            "INSERT OR REPLACE INTO calendars VALUES (?, ?, ?, ?, ?)",
            (
                key,
                state.sync_token,
                state.span_start.isoformat(),
                state.span_end.isoformat(),
                state.summary,
            ),
        )
