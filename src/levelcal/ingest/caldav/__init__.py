"""CalDAV (iCloud, Fastmail, Nextcloud, Radicale...) as a levelcal source: `--calendar caldav`
(the `[caldav]` account) and `--calendar caldav:URL`.

`client` speaks WebDAV through the caldav package, `sync` keeps the shared
sync cache (`ingest.sync_store`) fresh with sync tokens or ETags, and the
objects are read by the .ics reader itself (`ingest.ics`, through the calendar
cache), so recurrence is expanded here, by the same code, with the same rules.
The caldav package is imported only when a CalDAV calendar is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from levelcal.errors import ConfigError, InputError
from levelcal.events import is_email
from levelcal.ingest.types import CalendarRead, ListedCalendar, Progress, Source, no_progress
from levelcal.limits import Limits
from levelcal.redact import redact_url
from levelcal.window import Window

if TYPE_CHECKING:
    from levelcal.config import CaldavSettings
    from levelcal.ingest.caldav.client import DavClient
    from levelcal.ingest.calendar_cache import CalendarCache
    from levelcal.ingest.sync_store import SyncStore

ALL = "all"
CACHE_FILE = "caldav-sync.sqlite3"
KEYRING_SERVICE = "levelcal-caldav"


def open_store(directory: Path) -> SyncStore:
    from levelcal.ingest.caldav.sync import bounds
    from levelcal.ingest.sync_store import SyncStore

    return SyncStore.open_file(directory / CACHE_FILE, bounds, "the CalDAV sync cache")


@dataclass
class Account:
    """One CalDAV login: the URL's user (or `[caldav] user`) and its password, used for
    every calendar of the run; the session is made on first use."""

    settings: CaldavSettings
    url: str
    timeout: float
    max_bytes: int  # --max-download-mb: one answer of the server
    _client: DavClient | None = field(default=None, repr=False)

    @property
    def user(self) -> str | None:
        return self.settings.user or urlsplit(self.url).username

    def client(self) -> DavClient:
        if self._client is None:
            from levelcal import credentials
            from levelcal.ingest.caldav.client import DavClient

            user = self.user
            secret = None
            if user:
                secret = credentials.password(
                    "caldav",
                    user,
                    password_env=self.settings.password_env,
                    keyring=self.settings.keyring,
                    service=KEYRING_SERVICE,
                )
            self._client = DavClient(
                self.url, user, secret, timeout=self.timeout, max_bytes=self.max_bytes
            )
        return self._client


@dataclass(frozen=True)
class CaldavCalendar:
    """One calendar collection, read through the sync cache in `store_dir` and the .ics
    reader (through `cache`, the calendar cache, unless --no-cache)."""

    url: str
    account: Account
    store_dir: Path
    cache: CalendarCache | None = None
    refresh: bool = False
    progress: Progress = no_progress

    @property
    def name(self) -> str:
        return f"caldav:{redact_url(self.url)}"

    @property
    def identity(self) -> str:
        return f"caldav:{self.url}"

    def read(self, window: Window, limits: Limits) -> CalendarRead:
        import dataclasses

        from levelcal.ingest.caldav import sync
        from levelcal.ingest.documents import Document

        user = self.account.user or ""
        with open_store(self.store_dir) as store, self.progress(self.name) as on_page:
            fetched = sync.fetch(
                self.account.client(),
                store,
                self.url,
                window.start,
                window.end,
                settings=self.account.settings,
                owner=user.lower() if is_email(user) else "",
                refresh=self.refresh,
                on_page=on_page,
            )
        data = sync.document(fetched.items, fetched.summary)
        read = Document(self.name, data, cache=self.cache).read(window, limits)
        return dataclasses.replace(read, owner_emails=(fetched.owner,) if fetched.owner else ())


def _chosen(found: str, name: str, wanted: Sequence[str]) -> bool:
    return ALL in wanted or found in wanted or found.rstrip("/") in wanted or name in wanted


def _calendars(account: Account, store_dir: Path) -> list[tuple[str, str]]:
    """The calendars the account's URL names: itself when it is one (or the cache knows it
    as one), else those under it; (url, name) each."""
    with open_store(store_dir) as store:
        known = store.state(account.url)
    if known is not None:
        return [(account.url, known.summary)]
    client = account.client()
    collection = client.collection(account.url)
    if collection.calendar:
        return [(account.url, collection.name)]
    return [(c.url, c.name) for c in client.calendars(account.url)]


def _account_url(spec: str, settings: CaldavSettings) -> str:
    if spec == "caldav":
        if not settings.url:
            raise ConfigError(
                "caldav.url is not set: levelcal config set caldav.url https://… "
                "(the README's Sources section lists the URLs of iCloud, Fastmail, Nextcloud)"
            )
        return settings.url
    from levelcal.config import caldav_url_problem

    url = spec.removeprefix("caldav:").strip()
    problem = caldav_url_problem(url)
    if problem:
        raise InputError(f"--calendar {redact_url(spec)}: the URL {problem}")
    return url


def _account(settings: CaldavSettings, url: str, limits: Limits) -> Account:
    return Account(settings, url, limits.timeout_seconds, limits.download_bytes)


def sources(
    spec: str,
    limits: Limits,
    *,
    settings: CaldavSettings,
    store_dir: Path,
    cache: CalendarCache | None = None,
    refresh: bool = False,
    progress: Progress = no_progress,
) -> list[Source]:
    """`caldav`: the `[caldav]` account's calendars that `[caldav] calendars` names (all by
    default); `caldav:URL`: that calendar, or those of that account."""
    account = _account(settings, _account_url(spec, settings), limits)
    found = _calendars(account, store_dir)
    chosen = [
        url for url, name in found if len(found) == 1 or _chosen(url, name, settings.calendars)
    ]
    if not chosen:
        raise InputError(
            f"{redact_url(account.url)}: no calendar there matches caldav.calendars "
            "(`levelcal calendars` lists them)"
        )
    return [
        CaldavCalendar(url, account, store_dir, cache=cache, refresh=refresh, progress=progress)
        for url in chosen
    ]


def calendar_list(settings: CaldavSettings, limits: Limits) -> list[ListedCalendar]:
    """The `[caldav]` account's calendars, marked by `[caldav] calendars`."""
    account = _account(settings, _account_url("caldav", settings), limits)
    client = account.client()
    collection = client.collection(account.url)
    found = (
        [(account.url, collection.name)]
        if collection.calendar
        else [(c.url, c.name) for c in client.calendars(account.url)]
    )
    return [
        ListedCalendar(
            id=redact_url(url),
            name=name,
            primary=False,
            access="",
            time_zone="",
            analyzed=_chosen(url, name, settings.calendars),
            account="caldav",
        )
        for url, name in found
    ]


def connected(settings: CaldavSettings) -> bool:
    return bool(settings.url)


def forget_cache(store_dir: Path) -> None:
    from levelcal.ingest.sync_store import forget

    forget(store_dir / CACHE_FILE)
