"""What a command asks the application layer for: the shared flags, and how to speak back.

Kept apart from `application` so that the CLI can declare its flags at start-up
(`levelcal --help`) without loading the application layer; `application`
exports these names too, and is the module to use.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

from levelcal.errors import InputError

if TYPE_CHECKING:
    from levelcal.ingest.types import Progress
    from levelcal.limits import Limits


def _silent(message: str) -> None:
    pass


@dataclass(frozen=True, slots=True)
class Callbacks:
    """How the application speaks to the user on the way; the CLI builds them."""

    note: Callable[[str], None] = _silent  # one line for stderr: a warning, an assumption
    progress: Progress | None = None  # a display for each online fetch (None: nothing)


SILENT = Callbacks()


# The largest limits a flag may raise to: far beyond any calendar, and still numbers that
# a size, a socket's timeout and a count can hold (1e308 MB would be inf bytes).
MOST_MB = 1_000_000  # a terabyte
MOST_SECONDS = 86_400  # a day
MOST_INSTANCES = 1_000_000_000

_WINDOW = {"window": True}  # a field that chooses the window (the digest: last week if none)


@dataclass(frozen=True, slots=True)
class Request:
    """Which calendars, whose, and which window: the flags analyze, digest, explain and label share.

    Each field is one flag (README, "levelcal analyze"); `cli.flags` declares
    its option, and its default is the one here.
    """

    calendar: list[str] | None = None
    me: list[str] | None = None
    executive: list[str] | None = None
    tz: str | None = None
    week: bool = field(default=False, metadata=_WINDOW)
    last_week: bool = field(default=False, metadata=_WINDOW)
    next_week: bool = field(default=False, metadata=_WINDOW)
    month: bool = field(default=False, metadata=_WINDOW)
    last_month: bool = field(default=False, metadata=_WINDOW)
    year: bool = field(default=False, metadata=_WINDOW)
    last_year: bool = field(default=False, metadata=_WINDOW)
    days: int | None = field(default=None, metadata=_WINDOW)
    from_day: str | None = field(default=None, metadata=_WINDOW)
    to_day: str | None = field(default=None, metadata=_WINDOW)
    as_of: str | None = None
    rules_file: Path | None = None
    max_file_mb: float | None = None
    max_download_mb: float | None = None
    timeout: float | None = None
    max_instances: int | None = None
    no_cache: bool = False
    refresh: bool = False
    show_private: bool = False

    def limits(self) -> Limits:
        from levelcal.limits import DEFAULT, MB, Limits

        def positive(value: float | None, flag: str, most: float) -> float | None:
            """More than 0 and at most `most`: never nan or inf, which no limit can be."""
            if value is None:
                return None
            if math.isnan(value):
                raise InputError(f"{flag} must be a number, got nan")
            if value <= 0:
                raise InputError(f"{flag} must be more than 0, got {value:g}")
            if value > most:
                raise InputError(f"{flag} must be at most {most}, got {value:g}")
            return value

        file_mb = positive(self.max_file_mb, "--max-file-mb", MOST_MB)
        download_mb = positive(self.max_download_mb, "--max-download-mb", MOST_MB)
        timeout = positive(self.timeout, "--timeout", MOST_SECONDS)
        instances = positive(self.max_instances, "--max-instances", MOST_INSTANCES)
        return Limits(
            file_bytes=int(file_mb * MB) if file_mb else DEFAULT.file_bytes,
            download_bytes=int(download_mb * MB) if download_mb else DEFAULT.download_bytes,
            timeout_seconds=timeout or DEFAULT.timeout_seconds,
            instances=int(instances) if instances else DEFAULT.instances,
        )


WINDOW_FLAGS = tuple(flag.name for flag in fields(Request) if flag.metadata.get("window"))
