"""Google Calendar as a levelcal source: `--calendar google` and `--calendar google:ID`.

One module per concept: `auth` (the token: connect, refresh, revoke), `api`
(the Calendar v3 client, retries, errors), `store` (the SQLite sync cache),
`sync` (full, incremental or direct reads; the design is in its docstring) and
`mapping` (Google's event JSON -> `Event`). google-api-python-client and
google-auth are imported only when a Google calendar is read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from levelcal.errors import InputError, NetworkError
from levelcal.ingest.sources import CalendarRead, Source
from levelcal.limits import Limits
from levelcal.window import Window

if TYPE_CHECKING:
    from rich.console import Console

    from levelcal.config import GoogleSettings
    from levelcal.ingest.google.api import CalendarApi
    from levelcal.ingest.google.sync import OnPage


ALL = "all"  # in `[google] calendars`: every calendar of the account


@dataclass
class Account:
    """The connected account: its credentials and API client, made on first use, then shared."""

    timeout: float
    _api: CalendarApi | None = field(default=None, repr=False)

    def api(self) -> CalendarApi:
        if self._api is None:
            from levelcal.ingest.google import auth
            from levelcal.ingest.google.api import CalendarApi

            self._api = CalendarApi(auth.load(timeout=self.timeout), timeout=self.timeout)
        return self._api

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
    """One calendar of the connected account, read through the sync cache."""

    calendar_id: str
    account: Account
    settings: GoogleSettings
    refresh: bool = False
    progress: bool = False

    @property
    def name(self) -> str:
        return f"google:{self.calendar_id}"

    @property
    def identity(self) -> str:
        return f"google:{self.calendar_id}"

    def read(self, window: Window, limits: Limits) -> CalendarRead:
        from levelcal import paths
        from levelcal.ingest.google import mapping, sync
        from levelcal.ingest.google.api import NotFound, SyncTokenExpired
        from levelcal.ingest.google.store import SyncStore

        api = self.account.api()
        try:
            with (
                SyncStore.open(paths.cache_dir()) as store,
                pages_shown(self.name, self.progress) as on_page,
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
                    if self.calendar_id != "primary":
                        raise
                    # A server (a proxy) that does not know the alias: find the primary's id.
                    fetched = fetch(_primary_id(api))
        except SyncTokenExpired as error:  # 410 to a request without a token: the server's fault
            raise NetworkError(f"{self.name}: the API answered 410 GONE ({error})") from None
        finally:
            self.account.keep_token()
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


@contextlib.contextmanager
def pages_shown(name: str, enabled: bool, console: Console | None = None) -> Iterator[OnPage]:
    """A rich spinner on stderr counting the events fetched, when asked (a terminal)."""
    if not enabled:
        yield lambda count: None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        console=console or Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task(f"{name}: fetching", total=None)

        def on_page(count: int) -> None:
            progress.update(task, description=f"{name}: {count} events fetched")

        yield on_page


def sources(
    spec: str, limits: Limits, *, refresh: bool = False, progress: bool = False
) -> list[Source]:
    """`google`: the calendars `[google] calendars` names (primary by default; "all": every
    calendar in the account's list); `google:ID`: that one."""
    from levelcal import config

    settings = config.load().google
    account = Account(timeout=limits.timeout_seconds)
    if spec == "google":
        chosen = list(dict.fromkeys(settings.calendars))
        if ALL in chosen:  # asks the account which calendars it has
            listed = [str(entry["id"]) for entry in account.api().calendars() if entry.get("id")]
            chosen = list(dict.fromkeys(c for c in [*listed, *chosen] if c not in (ALL, "primary")))
    else:
        calendar_id = spec.removeprefix("google:").strip()
        if not calendar_id:
            raise InputError("--calendar google:ID needs a calendar id (see `levelcal calendars`)")
        chosen = [calendar_id]
    return [
        GoogleCalendar(calendar_id, account, settings, refresh=refresh, progress=progress)
        for calendar_id in chosen
    ]
