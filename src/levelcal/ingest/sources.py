"""Which reader a --calendar value goes to: the only module that knows every reader.

`.ics` documents (files, directories, URLs, stdin) are read by `documents`
through the calendar cache; `google` and `google:ID` by `ingest.google`. Each
reader is handed what it needs (limits, its cache, its settings, a progress
display); none looks up the config or a directory itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from levelcal.ingest.types import Progress, Source, no_progress
from levelcal.limits import DEFAULT, Limits

if TYPE_CHECKING:
    from levelcal.config import GoogleSettings


def load(
    spec: str,
    stdin: BinaryIO,
    limits: Limits = DEFAULT,
    *,
    cache_dir: Path,
    cached: bool = True,
    refresh: bool = False,
    google: GoogleSettings | None = None,
    progress: Progress = no_progress,
) -> Sequence[Source]:
    """Every calendar that one --calendar value names.

    `cache_dir` holds the caches. `cached` (not --no-cache): .ics documents are
    read through the calendar cache in it. `google` (the `[google]` settings),
    `refresh` (--refresh) and `progress` matter only to `google` and
    `google:ID`, whose sync cache is kept in `cache_dir` whatever `cached` says.
    """
    if spec == "google" or spec.startswith("google:"):
        from levelcal.config import GoogleSettings
        from levelcal.ingest import google as account

        return account.sources(
            spec,
            limits,
            settings=google or GoogleSettings(),
            store_dir=cache_dir,
            refresh=refresh,
            progress=progress,
        )
    from levelcal.ingest.documents import documents

    found = documents(spec, stdin, limits)
    if not cached:
        return found
    from levelcal.ingest.calendar_cache import CalendarCache
    from levelcal.pickle_store import CacheDir

    cache = CalendarCache(CacheDir(cache_dir / "calendars"))
    return [dataclasses.replace(document, cache=cache) for document in found]
