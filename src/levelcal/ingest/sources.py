"""Which reader a --calendar value goes to: the only module that knows every reader.

`.ics` documents (files, directories, URLs, stdin) are read by `documents`
through the calendar cache; `google` and `google:ID` by `ingest.google`;
`microsoft` and `microsoft:ID` by `ingest.microsoft`; `caldav` and
`caldav:URL` by `ingest.caldav` (whose objects the .ics reader reads, through
the same calendar cache). Each reader is handed what it needs (limits, its
caches, its settings, a progress display); none looks up the config or a
directory itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from levelcal.errors import ConfigError, InputError
from levelcal.ingest.types import ListedCalendar, Progress, Source, no_progress
from levelcal.limits import DEFAULT, Limits

if TYPE_CHECKING:
    from levelcal.config import CaldavSettings, Config, GoogleSettings, MicrosoftSettings
    from levelcal.ingest.calendar_cache import CalendarCache

ACCOUNTS = ("google", "microsoft", "caldav")


def _account(spec: str) -> str | None:
    """The online account a --calendar value names (`google`, `microsoft:ID`...), if any."""
    for account in ACCOUNTS:
        if spec == account or spec.startswith(f"{account}:"):
            return account
    return None


def load(
    spec: str,
    stdin: BinaryIO,
    limits: Limits = DEFAULT,
    *,
    cache_dir: Path,
    cached: bool = True,
    refresh: bool = False,
    google: GoogleSettings | None = None,
    microsoft: MicrosoftSettings | None = None,
    caldav: CaldavSettings | None = None,
    progress: Progress = no_progress,
) -> Sequence[Source]:
    """Every calendar that one --calendar value names.

    `cache_dir` holds the caches. `cached` (not --no-cache): .ics documents and
    CalDAV objects are read through the calendar cache in it. The accounts'
    settings, `refresh` (--refresh) and `progress` matter only to the online
    accounts, whose sync caches are kept in `cache_dir` whatever `cached` says.
    """
    from levelcal import config

    account = _account(spec)
    online: dict[str, Any] = {"store_dir": cache_dir, "refresh": refresh, "progress": progress}
    if account == "google":
        from levelcal.ingest import google as google_account

        return google_account.sources(
            spec, limits, settings=google or config.GoogleSettings(), **online
        )
    if account == "microsoft":
        from levelcal.ingest import microsoft as microsoft_account

        return microsoft_account.sources(
            spec, limits, settings=microsoft or config.MicrosoftSettings(), **online
        )
    if account == "caldav":
        from levelcal.ingest import caldav as caldav_account

        cache = _calendar_cache(cache_dir) if cached else None
        return caldav_account.sources(
            spec, limits, settings=caldav or config.CaldavSettings(), cache=cache, **online
        )
    from levelcal.ingest.documents import documents

    found = documents(spec, stdin, limits)
    if not cached:
        return found
    cache = _calendar_cache(cache_dir)
    return [dataclasses.replace(document, cache=cache) for document in found]


def _calendar_cache(cache_dir: Path) -> CalendarCache:
    from levelcal.ingest.calendar_cache import CalendarCache
    from levelcal.pickle_store import CacheDir

    return CalendarCache(CacheDir(cache_dir / "calendars"))


def calendar_lists(settings: Config, account: str | None, limits: Limits) -> list[ListedCalendar]:
    """`levelcal calendars`: the calendars of `account`, or of every account set up (Google
    and Microsoft 365 once connected, CalDAV once `[caldav] url` is set)."""
    from levelcal.ingest import caldav, google, microsoft

    if account is not None and account not in ACCOUNTS:
        raise InputError(f"unknown account {account!r}: choose google, microsoft or caldav")
    set_up = {
        "google": google.connected(),
        "microsoft": microsoft.connected(),
        "caldav": caldav.connected(settings.caldav),
    }
    chosen = [account] if account else [name for name in ACCOUNTS if set_up[name]]
    if not chosen:
        raise ConfigError(
            "no calendar account is set up: run `levelcal connect google` or "
            "`levelcal connect microsoft`, or levelcal config set caldav.url URL"
        )
    listed: list[ListedCalendar] = []
    for name in chosen:
        if name == "google":
            listed += google.calendar_list(settings.google, limits)
        elif name == "microsoft":
            listed += microsoft.calendar_list(settings.microsoft, limits)
        else:
            listed += caldav.calendar_list(settings.caldav, limits)
    return listed
