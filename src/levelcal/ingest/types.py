"""What every reader shares: a `Source`, what reading one yields, and its progress callback.

This module imports no reader: `ics`, `documents`, `calendar_cache` and
`google` import it, and `sources` is the one module that imports them all.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from levelcal.errors import InputError
from levelcal.events import Event
from levelcal.limits import Limits
from levelcal.window import Window

OnPage = Callable[[int], None]  # told the number of events fetched so far
# A display for one online calendar while it is fetched: entered with the calendar's name,
# told each page's running count, left when the fetch ends. The CLI builds it (a terminal).
Progress = Callable[[str], AbstractContextManager[OnPage]]


@dataclass(frozen=True, slots=True)
class CalendarRead:
    """What one calendar yielded: occurrences near the window, and what went wrong."""

    events: tuple[Event, ...]
    broken: int
    warnings: tuple[str, ...]
    name: str  # the calendar's own name (X-WR-CALNAME, Google's summary), or the source's
    owner_emails: tuple[str, ...] = ()  # whose calendar it is, where the source says (Google)
    owner_from: str = ""  # the property that named the owner (X-OWNER); "": the account did
    # One file of a directory (given with --calendar): the directory, and why the file could
    # not be read ("": it was), so a directory none of whose files can be read is refused.
    directory: str = ""
    refused: str = ""


def refuse_unreadable(reads: Iterable[CalendarRead]) -> None:
    """Refuse a directory none of whose files could be read, as a file that cannot be read
    is refused: one line, then one per file. One file read is enough (the others were
    warnings)."""
    refused: dict[str, list[str]] = {}
    for read in reads:
        if read.directory:
            refused.setdefault(read.directory, []).append(read.refused)
    for directory, reasons in refused.items():
        if all(reasons):
            raise none_readable(directory, reasons)


def none_readable(directory: str, reasons: Sequence[str]) -> InputError:
    """A directory none of whose .ics files can be read, with why for each file."""
    count = f"{len(reasons)} .ics files" if len(reasons) > 1 else ".ics file"
    return InputError(f"{directory}: none of its {count} can be read", details=reasons)


@dataclass(frozen=True, slots=True)
class ListedCalendar:
    """One calendar of a connected account (`levelcal calendars`), and whether it is read.

    `--calendar ACCOUNT:ID` reads it; `analyzed`: `--calendar ACCOUNT` reads it.
    """

    id: str
    name: str
    primary: bool
    access: str
    time_zone: str
    analyzed: bool
    account: str = "google"  # google, microsoft or caldav


class Source(Protocol):
    """One calendar to read: an .ics document, or a calendar of an online account."""

    @property
    def name(self) -> str:
        """Safe to print: a URL's secrets are masked."""

    @property
    def identity(self) -> str:
        """Tells sources apart, so that one given twice is read once."""

    def read(self, window: Window, limits: Limits) -> CalendarRead:
        """The occurrences that may touch the window, read in its zone."""


@runtime_checkable
class KeptInAZone(Protocol):
    """A source that may say which zone its calendar is kept in (an .ics file's
    X-WR-TIMEZONE, a Google calendar's time zone). Optional: a reader without one is fine."""

    def zone(self) -> str | None:
        """An IANA zone name, or None when the calendar does not say."""


def calendar_zone(sources: Sequence[Source]) -> tuple[str, str] | None:
    """The first zone a calendar declares, and that calendar's name; None if none does."""
    for source in sources:
        zone = source.zone() if isinstance(source, KeptInAZone) else None
        if zone:
            return zone, source.name
    return None


def no_progress(name: str) -> AbstractContextManager[OnPage]:
    """The `Progress` that shows nothing (not a terminal, or machine output)."""
    return contextlib.nullcontext(_ignore)


def _ignore(count: int) -> None:
    pass
