"""Google Calendar as a levelcal source: `--calendar google` and `--calendar google:ID`.

One module per concept: `auth` (the token: connect, refresh, revoke), `api`
(the Calendar v3 client, retries, errors), `store` (the SQLite sync cache),
`sync` (full, incremental or direct reads; the design is in its docstring) and
`mapping` (Google's event JSON -> `Event`). google-api-python-client and
google-auth are imported only when a Google calendar is read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from levelcal.errors import InputError, NetworkError
from levelcal.ingest.types import CalendarRead, ListedCalendar, Progress, Source, no_progress
from levelcal.limits import Limits
from levelcal.window import Window

if TYPE_CHECKING:
    from levelcal.config import GoogleSettings
    from levelcal.ingest.google.api import CalendarApi


ALL = "all"  # in `[google] calendars`: every calendar of the account
PRIMARY = "primary"  # in `[google] calendars` and `google:ID`: the account's own calendar


@dataclass
class Account:
    """The connected account: its credentials and API client, made on first use, then shared."""

    timeout: float
    _api: CalendarApi | None = field(default=None, repr=False)
    _listed: list[dict[str, Any]] | None = field(default=None, repr=False)

    def api(self) -> CalendarApi:
        if self._api is None:
            from levelcal.ingest.google import auth
            from levelcal.ingest.google.api import CalendarApi

            self._api = CalendarApi(auth.load(timeout=self.timeout), timeout=self.timeout)
        return self._api

    def listed(self) -> list[dict[str, Any]]:
        """The account's calendar list, asked for once a run."""
        if self._listed is None:
            try:
                self._listed = self.api().calendars()
            finally:
                self.keep_token()
        return self._listed

    def keep_token(self) -> None:
        """Write back a token the client renewed during the run (the file stays 0600)."""
        if self._api is None:
            return
        from levelcal.ingest.google import auth

        credentials = self._api.credentials
        if credentials.token != self._api.initial_token:
            auth.save(credentials, auth.token_path())
            self._api.initial_token = credentials.token


@dataclass(frozen=True)
class GoogleCalendar:
    """One calendar of the connected account, read through the sync cache in `store_dir`."""

    calendar_id: str
    account: Account
    settings: GoogleSettings
    store_dir: Path
    refresh: bool = False
    progress: Progress = no_progress

    @property
    def name(self) -> str:
        return f"google:{self.calendar_id}"

    @property
    def identity(self) -> str:
        return f"google:{self.calendar_id}"

    def zone(self) -> str | None:
        """The calendar's own time zone, as the account's calendar list gives it."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        for entry in self.account.listed():
            if str(entry.get("id")) == self.calendar_id or (
                self.calendar_id == PRIMARY and entry.get("primary")
            ):
                name = str(entry.get("timeZone") or "")
                try:
                    return ZoneInfo(name).key if name else None
                except (ZoneInfoNotFoundError, ValueError):
                    return None
        return None

    def read(self, window: Window, limits: Limits) -> CalendarRead:
        from levelcal.ingest.google import mapping, sync
        from levelcal.ingest.google.api import NotFound, SyncTokenExpired
        from levelcal.ingest.google.store import open_store

        api = self.account.api()
        try:
            with (
                open_store(self.store_dir) as store,
                self.progress(self.name) as on_page,
            ):

                def fetch(calendar_id: str) -> sync.Fetched:
                    return sync.fetch(
                        api,
                        store,
                        calendar_id,
                        window.start,
                        window.end,
                        settings=self.settings,
                        refresh=self.refresh,
                        on_page=on_page,
                    )

                try:
                    fetched = fetch(self.calendar_id)
                except NotFound:
                    if self.calendar_id != PRIMARY:
                        raise
                    # A server (a proxy) that does not know the alias: find the primary's id.
                    fetched = fetch(_primary_id(api))
        except SyncTokenExpired as error:  # 410 to a request without a token: the server's fault
            raise NetworkError(f"{self.name}: the API answered 410 GONE ({error})") from None
        finally:
            self.account.keep_token()
        fetched = fetched.well_formed()  # an API may send an emoji cut in half
        events = []
        broken = 0
        warnings: list[str] = []
        owners: set[str] = set()
        for item in fetched.items:
            try:
                events.append(
                    mapping.to_event(
                        item, window.tz, calendar_id=self.calendar_id, source=self.name
                    )
                )
            except (mapping.Unusable, ValueError, TypeError) as error:
                broken += 1
                warnings.append(f"{self.name}: event {item.get('id', '?')} skipped ({error})")
                continue
            owner = mapping.self_email(item)
            if owner:
                owners.add(owner)
        return CalendarRead(
            events=tuple(events),
            broken=broken,
            warnings=tuple(warnings),
            name=fetched.summary,
            owner_emails=tuple(sorted(owners)),
        )


def _primary_id(api: CalendarApi) -> str:
    for entry in api.calendars():
        if entry.get("primary") and entry.get("id"):
            return str(entry["id"])
    raise InputError("the Google account lists no primary calendar; use --calendar google:ID")


def analyzed(entry: Mapping[str, Any], wanted: Sequence[str]) -> bool:
    """Whether `--calendar google` reads this entry of the account's calendar list."""
    return (
        ALL in wanted
        or str(entry.get("id")) in wanted
        or (bool(entry.get("primary")) and PRIMARY in wanted)
    )


def sources(
    spec: str,
    limits: Limits,
    *,
    settings: GoogleSettings,
    store_dir: Path,
    refresh: bool = False,
    progress: Progress = no_progress,
) -> list[Source]:
    """`google`: the calendars `[google] calendars` names (primary by default; "all": every
    calendar in the account's list); `google:ID`: that one."""
    account = Account(timeout=limits.timeout_seconds)
    if spec == "google":
        chosen = list(dict.fromkeys(settings.calendars))
        if ALL in chosen:  # asks the account which calendars it has
            listed = [str(entry["id"]) for entry in account.listed() if entry.get("id")]
            chosen = list(dict.fromkeys(c for c in [*listed, *chosen] if c not in (ALL, PRIMARY)))
    else:
        calendar_id = spec.removeprefix("google:").strip()
        if not calendar_id:
            raise InputError("--calendar google:ID needs a calendar id (see `levelcal calendars`)")
        chosen = [calendar_id]
    return [
        GoogleCalendar(
            calendar_id, account, settings, store_dir, refresh=refresh, progress=progress
        )
        for calendar_id in chosen
    ]


def calendar_list(settings: GoogleSettings, limits: Limits) -> list[ListedCalendar]:
    """The connected account's calendars (every page), marked by `[google] calendars`."""
    listed = Account(timeout=limits.timeout_seconds).listed()
    return [
        ListedCalendar(
            id=str(item.get("id", "")),
            name=str(item.get("summaryOverride") or item.get("summary") or ""),
            primary=bool(item.get("primary")),
            access=str(item.get("accessRole", "")),
            time_zone=str(item.get("timeZone", "")),
            analyzed=analyzed(item, settings.calendars),
            account="google",
        )
        for item in listed
    ]


def connected() -> bool:
    """Whether a token is stored (`levelcal calendars` lists only connected accounts)."""
    from levelcal.ingest.google import auth

    return auth.token_path().is_file()


def connect(
    client_secrets: Path | None, *, open_browser: bool, port: int, prompt: str, store_dir: Path
) -> Path:
    """Sign in (see `auth.connect`) and forget the sync cache: another account may be behind
    the new token. `client_secrets` None: google-client.json in the config directory."""
    from levelcal.ingest.google import auth

    secrets = client_secrets or auth.default_client_path()
    if client_secrets is None and not secrets.is_file():
        raise InputError(
            f"no OAuth client: pass --client-secrets FILE (or save it as {secrets}); "
            "the README's Google Calendar section shows how to create one in two minutes"
        )
    if not 0 <= port <= 65535:
        raise InputError(f"--port must be from 0 to 65535, got {port}")
    path = auth.connect(secrets, open_browser=open_browser, port=port, prompt=prompt)
    forget_cache(store_dir)
    return path


def disconnect(store_dir: Path) -> tuple[bool, Path]:
    """Remove the stored token and the sync cache: whether there was a token, and its path."""
    from levelcal.ingest.google import auth

    removed = auth.revoke()
    forget_cache(store_dir)
    return removed, auth.token_path()


def forget_cache(store_dir: Path) -> None:
    """Delete the sync cache and its SQLite journals."""
    from levelcal.ingest.google.store import CACHE_FILE
    from levelcal.ingest.sync_store import forget

    forget(store_dir / CACHE_FILE)
