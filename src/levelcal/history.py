"""The weekly record: hours per level and the labeled events of each ISO week, in SQLite.

One row per ISO week ("2026-W47"): re-recording a week replaces it, whatever
calendars it was read from (the history is one person's weeks; the sources are
kept to say so when they change). Written in one transaction per week, in WAL
mode with a busy timeout, so cron and a user at the same moment both succeed.
The schema version is SQLite's `user_version`; MIGRATIONS bring any older file
up to date, in order, inside one transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from levelcal.delegation import (
    Kept,
    Period,
    Spent,
    kept,
    kept_by_title,
    normalized_title,
    series_key,
)
from levelcal.errors import ConfigError, InputError
from levelcal.levels import WORK_LEVELS, Level
from levelcal.storage import private_file

if TYPE_CHECKING:
    import sqlite3

    from levelcal.handoffs import Handoff
    from levelcal.summary import Summary
    from levelcal.window import Window

BUSY_TIMEOUT_MS = 30_000


def history_path() -> Path:
    from levelcal.paths import data_dir

    return data_dir() / "history.sqlite3"


@dataclass(frozen=True, slots=True)
class WeekRecord:
    """One recorded ISO week: hours per level and its events (as history keeps them)."""

    week: str  # "2026-W47"
    monday: date
    tz: str
    sources: tuple[str, ...]
    recorded_at: str
    hours_by_level: dict[Level, float]
    events: tuple[Spent, ...] = field(default=())

    @property
    def work_hours(self) -> float:
        return sum(self.hours_by_level.get(level, 0.0) for level in WORK_LEVELS)

    @property
    def busy_hours(self) -> float:
        return sum(self.hours_by_level.values())

    def period(self) -> Period:
        return Period(1.0, self.events)


def iso_week(window: Window) -> str | None:
    """The ISO week the window is, exactly (Monday 00:00 to the next Monday), else None."""
    first, end = window.start, window.end
    if first.time() != datetime.min.time() or end.time() != datetime.min.time():
        return None
    if first.weekday() != 0 or end.date() - first.date() != timedelta(days=7):
        return None
    year, week, _ = first.date().isocalendar()
    return f"{year}-W{week:02d}"


def spent_events(summary: Summary) -> tuple[Spent, ...]:
    owners = frozenset(summary.owner_emails)
    return tuple(
        Spent(
            series_key(item.event.uid, item.event.title, item.event.recurring),
            item.event.uid,
            item.event.series_name,  # a moved instance is recorded under its series' title
            item.event.start.isoformat(),
            item.label.level,
            item.hours,
            item.event.recurring,
            round(item.label.confidence, 4),
            kept(item.event, owners),
        )
        for item in summary.events
    )


def record_of(summary: Summary, now: datetime | None = None) -> WeekRecord:
    week = iso_week(summary.window)
    if week is None:
        raise InputError(
            f"cannot save {summary.window.description}: the history keeps whole ISO weeks; "
            "use --week, --last-week or --from MONDAY --to the next MONDAY, or --no-save"
        )
    return WeekRecord(
        week=week,
        monday=summary.window.start.date(),
        tz=summary.window.tz_name,
        sources=summary.sources,
        recorded_at=(now or datetime.now().astimezone()).isoformat(timespec="seconds"),
        hours_by_level=dict(summary.hours_by_level),
        events=spent_events(summary),
    )


def weeks_of(summary: Summary) -> float:
    """How many weeks the analysis covers (a month is about 4.3)."""
    return summary.window.hours / (7 * 24)


def period_of(summary: Summary) -> Period:
    """The current analysis as a stretch of weeks, with its events as history keeps them."""
    return Period(weeks_of(summary), spent_events(summary))


# --- the database -------------------------------------------------------------------


def _v1(connection: sqlite3.Connection) -> None:
    """Weeks, hours per level, and each week's labeled events."""
    connection.execute(
        "CREATE TABLE weeks (week TEXT PRIMARY KEY, monday TEXT NOT NULL, tz TEXT NOT NULL, "
        "sources TEXT NOT NULL, recorded_at TEXT NOT NULL)"
    )
    connection.execute(
        "CREATE TABLE level_hours (week TEXT NOT NULL, level TEXT NOT NULL, "
        "hours REAL NOT NULL, PRIMARY KEY (week, level))"
    )
    connection.execute(
        "CREATE TABLE events (week TEXT NOT NULL, uid TEXT NOT NULL, title TEXT NOT NULL, "
        "start TEXT NOT NULL, hours REAL NOT NULL, level TEXT NOT NULL, "
        "confidence REAL NOT NULL)"
    )


def _v2(connection: sqlite3.Connection) -> None:
    """Delegation candidates need to know a series: its recurring flag and series key.

    Version 1 rows did not keep whether an event recurred; they are keyed by
    their normalized title, which groups a weekly meeting just as well.
    """
    connection.execute("ALTER TABLE events ADD COLUMN recurring INTEGER NOT NULL DEFAULT 0")
    connection.execute("ALTER TABLE events ADD COLUMN series_key TEXT NOT NULL DEFAULT ''")
    rows = connection.execute("SELECT rowid, title FROM events").fetchall()
    connection.executemany(
        "UPDATE events SET series_key = ? WHERE rowid = ?",
        [(f"title:{normalized_title(title)}", rowid) for rowid, title in rows],
    )
    connection.execute("CREATE INDEX events_by_week ON events (week)")


def _v3(connection: sqlite3.Connection) -> None:
    """What is never handed off: 1:1s, time set aside for oneself (delegation.Kept).

    Version 2 rows did not keep the attendees; what they keep is read from the title alone.
    """
    connection.execute("ALTER TABLE events ADD COLUMN kept TEXT NOT NULL DEFAULT ''")
    rows = connection.execute("SELECT rowid, title FROM events").fetchall()
    connection.executemany(
        "UPDATE events SET kept = ? WHERE rowid = ?",
        [(kept_by_title(title).value, rowid) for rowid, title in rows],
    )


def _v4(connection: sqlite3.Connection) -> None:
    """Handoffs (`levelcal handoff`): what was handed off, to whom, when, and the hours a
    week it took before. Nothing earlier changes: an older file simply has none."""
    connection.execute(
        "CREATE TABLE handoffs (id INTEGER PRIMARY KEY, pattern TEXT NOT NULL, "
        "title TEXT NOT NULL, uids TEXT NOT NULL, to_address TEXT NOT NULL, "
        "handed_off_on TEXT NOT NULL, hours_per_week_before REAL NOT NULL, "
        "recorded_at TEXT NOT NULL)"
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2, _v3, _v4)
SCHEMA_VERSION = len(MIGRATIONS)


def _retrying(action: Callable[[], object]) -> None:
    """Switching to WAL can fail at once with "locked" while another process opens the file."""
    import sqlite3

    for attempt in range(50):
        try:
            action()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == 49:
                raise
            time.sleep(0.05)


def _rollback(connection: sqlite3.Connection) -> None:
    """Undo the transaction, if SQLite has not already (it does on a full disk): a failed
    ROLLBACK must not hide the error that made it necessary."""
    if connection.in_transaction:
        connection.execute("ROLLBACK")


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]  # another may have
        if version > SCHEMA_VERSION:
            raise ConfigError(
                f"{path}: the history was written by a newer levelcal (schema version "
                f"{version}, this one knows {SCHEMA_VERSION}); upgrade levelcal"
            )
        for migration in MIGRATIONS[version:]:
            migration(connection)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        _rollback(connection)
        raise


@contextmanager
def opened(path: Path | None = None, *, write: bool = True) -> Iterator[sqlite3.Connection]:
    """The history database, migrated to the current schema.

    To write, it is created (mode 0600) if new. To read (`write=False`), nothing is
    created or changed, so a read-only data directory or file can still be read; only a
    history an older levelcal wrote is opened for writing once, to migrate it.
    """
    import sqlite3

    path = path or history_path()
    try:
        if write:
            # SQLite keeps its own atomic commit (WAL); storage.write_atomically is for whole files.
            private_file(path)
            connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        else:
            connection = _read_only(path)
    except sqlite3.Error as error:
        raise ConfigError(f"{path}: {_failure(error)}") from None
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if write:
            _retrying(lambda: connection.execute("PRAGMA journal_mode = WAL").fetchone())
            _migrate(connection, path)
        elif _version(connection, path) < SCHEMA_VERSION:
            connection.close()
            with opened(path) as upgraded:  # once: an older levelcal's file is migrated
                yield upgraded
            return
        yield connection
    except sqlite3.DatabaseError as error:
        raise ConfigError(f"{path}: {_failure(error)}") from None
    finally:
        connection.close()


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write. A WAL file whose -shm is gone cannot be opened
    read-only where no -shm may be created: then it is read as immutable (no other writer
    can be at work in a directory nobody may write)."""
    import sqlite3
    from urllib.parse import quote

    uri = f"file:{quote(str(path))}?mode=ro"
    connection = sqlite3.connect(
        uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
    )
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:  # no -shm, and none may be made
        connection.close()
        connection = sqlite3.connect(f"{uri}&immutable=1", uri=True, isolation_level=None)
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def _version(connection: sqlite3.Connection, path: Path) -> int:
    version: int = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ConfigError(
            f"{path}: the history was written by a newer levelcal (schema version "
            f"{version}, this one knows {SCHEMA_VERSION}); upgrade levelcal"
        )
    return version


_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def _failure(error: sqlite3.Error) -> str:
    """What went wrong, and what to do: only a damaged file needs moving away."""
    if getattr(error, "sqlite_errorname", "").startswith(_DAMAGED):
        return f"the history cannot be used ({error}); move the file away to start a new history"
    return _what_happened(error)


def _what_happened(error: sqlite3.Error) -> str:
    name = getattr(error, "sqlite_errorname", "")
    if name.startswith("SQLITE_FULL"):
        return "the disk is full; the history is as it was, free some space and run again"
    if name.startswith("SQLITE_READONLY"):
        return (
            "the file or its directory is read-only; the history is as it was "
            "(run without --save, or make the data directory writable)"
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return "another levelcal run held it too long; the history is as it was, run again"
    return f"{error}; the history is as it was"


def save(record: WeekRecord, path: Path | None = None) -> tuple[str, ...] | None:
    """Record one week, replacing any earlier record of it, in one transaction.

    Returns the sources of the record it replaced, or None if the week is new.
    """
    import json

    with opened(path) as connection:
        connection.execute("BEGIN IMMEDIATE")
        try:
            row = connection.execute(
                "SELECT sources FROM weeks WHERE week = ?", (record.week,)
            ).fetchone()
            for table in ("events", "level_hours", "weeks"):
                connection.execute(f"DELETE FROM {table} WHERE week = ?", (record.week,))
            connection.execute(
                "INSERT INTO weeks (week, monday, tz, sources, recorded_at) VALUES (?, ?, ?, ?, ?)",
                (
                    record.week,
                    record.monday.isoformat(),
                    record.tz,
                    json.dumps(list(record.sources)),
                    record.recorded_at,
                ),
            )
            connection.executemany(
                "INSERT INTO level_hours (week, level, hours) VALUES (?, ?, ?)",
                [
                    (record.week, level.value, hours)
                    for level, hours in record.hours_by_level.items()
                ],
            )
            connection.executemany(
                "INSERT INTO events (week, uid, title, start, hours, level, confidence, "
                "recurring, series_key, kept) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        record.week,
                        spent.uid,
                        spent.title,
                        spent.start,
                        spent.hours,
                        spent.level.value,
                        spent.confidence,
                        int(spent.recurring),
                        spent.series_key,
                        spent.kept.value,
                    )
                    for spent in record.events
                ],
            )
            connection.execute("COMMIT")
        except BaseException:
            _rollback(connection)
            raise
    return tuple(json.loads(row[0])) if row else None


_EVENT_COLUMNS = "series_key, uid, title, start, level, hours, recurring, confidence, kept"


def _spent(
    key: str,
    uid: str,
    title: str,
    start: str,
    level: str,
    hours: float,
    recurring: int,
    confidence: float,
    kept_as: str,
) -> Spent:
    """One row of `events`, read in the order of _EVENT_COLUMNS."""
    return Spent(
        key,
        uid,
        title,
        start,
        Level(level),
        hours,
        bool(recurring),
        confidence,
        Kept(kept_as),
    )


def load(
    weeks: int, *, before: str | None = None, path: Path | None = None, events: bool = True
) -> list[WeekRecord]:
    """The last `weeks` recorded weeks (before the week `before`, if given), oldest first."""
    path = path or history_path()
    if not path.exists():
        return []
    import json  # only with a history: a report without one loads no JSON

    with opened(path, write=False) as connection:
        rows = connection.execute(
            "SELECT week, monday, tz, sources, recorded_at FROM weeks "
            "WHERE ? IS NULL OR week < ? ORDER BY week DESC LIMIT ?",
            (before, before, weeks),
        ).fetchall()
        rows_of = connection.execute
        records = []
        for week, monday, tz, sources, recorded_at in reversed(rows):
            hours = dict.fromkeys(Level, 0.0)
            for level, value in connection.execute(
                "SELECT level, hours FROM level_hours WHERE week = ?", (week,)
            ):
                hours[Level(level)] = value
            spent: tuple[Spent, ...] = ()
            if events:
                spent = tuple(
                    _spent(*row)
                    for row in rows_of(
                        f"SELECT {_EVENT_COLUMNS} FROM events WHERE week = ? ORDER BY start",
                        (week,),
                    )
                )
            records.append(
                WeekRecord(
                    week,
                    date.fromisoformat(monday),
                    tz,
                    tuple(json.loads(sources)),
                    recorded_at,
                    hours,
                    spent,
                )
            )
    return records


def forget(week: str, path: Path | None = None) -> bool:
    """Remove one recorded week (`history --forget`), in one transaction: whether it was there."""
    path = path or history_path()
    if not path.exists():
        return False
    with opened(path) as connection:
        connection.execute("BEGIN IMMEDIATE")
        try:
            found = connection.execute("SELECT 1 FROM weeks WHERE week = ?", (week,)).fetchone()
            for table in ("events", "level_hours", "weeks"):
                connection.execute(f"DELETE FROM {table} WHERE week = ?", (week,))
            connection.execute("COMMIT")
        except BaseException:
            _rollback(connection)
            raise
    return found is not None


def with_current(records: Sequence[WeekRecord], current: WeekRecord) -> list[WeekRecord]:
    """History with the current analysis in place of its week's stored record."""
    kept = [record for record in records if record.week != current.week]
    return sorted([*kept, current], key=lambda record: record.week)


# --- handoffs ------------------------------------------------------------------------

_HANDOFF_COLUMNS = (
    "pattern, title, uids, to_address, handed_off_on, hours_per_week_before, recorded_at"
)


@contextmanager
def _transaction(path: Path | None) -> Iterator[sqlite3.Connection]:
    """The history, opened for one write transaction: all of it happens, or none."""
    with opened(path) as connection:
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def add_handoff(handoff: Handoff, path: Path | None = None) -> None:
    """Record one handoff; one of the same pattern and address replaces it (a new date)."""
    import json

    with _transaction(path) as connection:
        connection.execute(
            "DELETE FROM handoffs WHERE pattern = ? AND to_address = ?",
            (handoff.pattern, handoff.to),
        )
        connection.execute(
            f"INSERT INTO handoffs ({_HANDOFF_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                handoff.pattern,
                handoff.title,
                json.dumps(list(handoff.uids)),
                handoff.to,
                handoff.on.isoformat(),
                handoff.hours_per_week_before,
                handoff.recorded_at,
            ),
        )


def handoffs(path: Path | None = None) -> list[Handoff]:
    """Every recorded handoff, oldest first (none when there is no history yet)."""
    path = path or history_path()
    if not path.exists():
        return []
    import json

    from levelcal.handoffs import Handoff

    with opened(path, write=False) as connection:
        rows = connection.execute(
            f"SELECT {_HANDOFF_COLUMNS} FROM handoffs ORDER BY handed_off_on, id"
        ).fetchall()
    return [
        Handoff(pattern, title, tuple(json.loads(uids)), to, date.fromisoformat(on), hours, at)
        for pattern, title, uids, to, on, hours, at in rows
    ]


def remove_handoffs(chosen: Sequence[Handoff], path: Path | None = None) -> None:
    """Forget these handoffs (`handoff --undo`), in one transaction."""
    with _transaction(path) as connection:
        connection.executemany(
            "DELETE FROM handoffs WHERE pattern = ? AND to_address = ? AND handed_off_on = ?",
            [(h.pattern, h.to, h.on.isoformat()) for h in chosen],
        )
