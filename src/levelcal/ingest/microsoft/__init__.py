"""Microsoft 365 (Outlook) as a levelcal source: `--calendar microsoft` and `microsoft:ID`.

One module per concept, as for Google: `auth` (msal: sign in, renew, revoke),
`api` (Microsoft Graph: paging, retries, errors), `sync` (full, delta or
direct reads through the shared sync cache, `ingest.sync_store`) and `mapping`
(Graph's event JSON -> `Event`). msal and requests are imported only when a
Microsoft calendar is read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from levelcal.errors import InputError
from levelcal.ingest.types import CalendarRead, ListedCalendar, Progress, Source, no_progress
from levelcal.limits import Limits
from levelcal.window import Window

if TYPE_CHECKING:
    from levelcal.config import MicrosoftSettings
    from levelcal.ingest.microsoft.api import GraphApi
    from levelcal.ingest.sync_store import SyncStore

ALL = "all"
PRIMARY = "primary"
CACHE_FILE = "microsoft-sync.sqlite3"


@dataclass
class Account:
    """The signed-in account: its token and Graph session, made on first use, then shared."""

    settings: MicrosoftSettings
    timeout: float
    _api: GraphApi | None = field(default=None, repr=False)

    def api(self) -> GraphApi:
        if self._api is None:
            from levelcal.ingest.microsoft.api import GraphApi
            from levelcal.ingest.microsoft.auth import Token

            token = Token(self.settings.client_id, self.settings.tenant, timeout=self.timeout)
            self._api = GraphApi(token, timeout=self.timeout)
        return self._api


def bounds(item: Mapping[str, Any]) -> tuple[float, float] | None:
    """Seconds that surely enclose a Graph event (its times are UTC, an all-day event's a
    day in any zone); None for a delta round's `@removed` item, which deletes it."""
    from datetime import UTC, datetime

    if "@removed" in item:
        return None
    try:
        edges = [
            datetime.fromisoformat(str(item[side]["dateTime"])).replace(tzinfo=UTC).timestamp()
            for side in ("start", "end")
        ]
    except (KeyError, TypeError, ValueError):
        return None
    slack = 14 * 3600.0 if item.get("isAllDay") else 0.0  # a date is a day in UTC-12..UTC+14
    return edges[0] - slack, max(edges[1], edges[0]) + slack


def open_store(directory: Path) -> SyncStore:
    from levelcal.ingest.sync_store import SyncStore

    return SyncStore.open_file(directory / CACHE_FILE, bounds, "the Microsoft 365 sync cache")


@dataclass(frozen=True)
class OutlookCalendar:
    """One calendar of the signed-in account, read through the sync cache in `store_dir`."""

    calendar_id: str
    account: Account
    store_dir: Path
    refresh: bool = False
    progress: Progress = no_progress

    @property
    def name(self) -> str:
        return f"microsoft:{self.calendar_id}"

    @property
    def identity(self) -> str:
        return self.name

    def read(self, window: Window, limits: Limits) -> CalendarRead:
        from levelcal.ingest.microsoft import mapping, sync

        api = self.account.api()
        with open_store(self.store_dir) as store, self.progress(self.name) as on_page:
            fetched = sync.fetch(
                api,
                store,
                self.calendar_id,
                window.start,
                window.end,
                settings=self.account.settings,
                refresh=self.refresh,
                on_page=on_page,
            )
        fetched = fetched.well_formed()  # an API may send an emoji cut in half
        events = []
        warnings: list[str] = []
        for item in fetched.items:
            try:
                events.append(
                    mapping.to_event(item, window.tz, owner=fetched.owner, source=self.name)
                )
            except (mapping.Unusable, ValueError, TypeError) as error:
                warnings.append(f"{self.name}: event {item.get('id', '?')} skipped ({error})")
        return CalendarRead(
            events=tuple(events),
            broken=len(warnings),
            warnings=tuple(warnings),
            name=fetched.summary,
            owner_emails=(fetched.owner,) if fetched.owner else (),
        )


def _listed(account: Account) -> list[dict[str, Any]]:
    return account.api().calendars()


def sources(
    spec: str,
    limits: Limits,
    *,
    settings: MicrosoftSettings,
    store_dir: Path,
    refresh: bool = False,
    progress: Progress = no_progress,
) -> list[Source]:
    """`microsoft`: the calendars `[microsoft] calendars` names (the default calendar unless
    set; "all": every calendar of the account); `microsoft:ID`: that one."""
    account = Account(settings, limits.timeout_seconds)
    if spec == "microsoft":
        chosen = list(dict.fromkeys(settings.calendars))
        if ALL in chosen:
            listed = [str(entry["id"]) for entry in _listed(account) if entry.get("id")]
            chosen = list(dict.fromkeys(c for c in [*listed, *chosen] if c != ALL))
    else:
        calendar_id = spec.removeprefix("microsoft:").strip()
        if not calendar_id:
            raise InputError(
                "--calendar microsoft:ID needs a calendar id (see `levelcal calendars`)"
            )
        chosen = [calendar_id]
    return [
        OutlookCalendar(c, account, store_dir, refresh=refresh, progress=progress) for c in chosen
    ]


def _analyzed(entry: Mapping[str, Any], wanted: Sequence[str]) -> bool:
    return (
        ALL in wanted
        or str(entry.get("id")) in wanted
        or (bool(entry.get("isDefaultCalendar")) and PRIMARY in wanted)
    )


def calendar_list(settings: MicrosoftSettings, limits: Limits) -> list[ListedCalendar]:
    """The signed-in account's calendars (every page), marked by `[microsoft] calendars`."""
    return [
        ListedCalendar(
            id=str(item.get("id", "")),
            name=str(item.get("name") or ""),
            primary=bool(item.get("isDefaultCalendar")),
            access="owner" if item.get("canEdit") else "reader",
            time_zone="",
            analyzed=_analyzed(item, settings.calendars),
            account="microsoft",
        )
        for item in _listed(Account(settings, limits.timeout_seconds))
    ]


def connected() -> bool:
    """Whether a sign-in is stored (`levelcal calendars` lists only connected accounts)."""
    from levelcal.ingest.microsoft.auth import cache_path

    return cache_path().is_file()


def connect(
    settings: MicrosoftSettings,
    client_id: str | None,
    *,
    browser: bool,
    port: int,
    tell: Any,
    store_dir: Path,
) -> Path:
    """Sign in (see `auth.connect`) and forget the sync cache: another account may be behind
    the new sign-in. `client_id` None: `[microsoft] client_id`."""
    from levelcal.ingest.microsoft import auth

    chosen = client_id or settings.client_id
    if not chosen:
        raise InputError(auth.NO_CLIENT)
    if not 0 <= port <= 65535:
        raise InputError(f"--port must be from 0 to 65535, got {port}")
    path = auth.connect(chosen, settings.tenant, browser=browser, port=port, tell=tell)
    forget_cache(store_dir)
    return path


def disconnect(store_dir: Path) -> tuple[bool, Path]:
    """Remove the stored sign-in and the sync cache: whether there was one, and its path."""
    from levelcal.ingest.microsoft import auth

    removed = auth.revoke()
    forget_cache(store_dir)
    return removed, auth.cache_path()


def forget_cache(store_dir: Path) -> None:
    from levelcal.ingest.sync_store import forget

    forget(store_dir / CACHE_FILE)
