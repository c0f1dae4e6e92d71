"""The flags analyze, explain, label and the rest share: which calendars, whose, when.

A command declares `selection: Selection` as its first parameter and is wrapped
in `@selecting`; typer then shows every shared flag in its place.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from levelcal.cli.app import note
from levelcal.errors import InputError

if TYPE_CHECKING:
    from levelcal.classify.model import Model
    from levelcal.classify.rules import Rule
    from levelcal.config import Config
    from levelcal.ingest.sources import Source
    from levelcal.limits import Limits
    from levelcal.summary import Summary

MAX_WARNINGS_SHOWN = 10


def _sources(
    specs: list[str],
    config: Config,
    sample_if_none: bool,
    limits: Limits,
    *,
    cached: bool = True,
    refresh: bool = False,
    progress: bool = False,
) -> list[Source]:
    from levelcal import paths, resources
    from levelcal.ingest.sources import load
    from levelcal.ingest.types import no_progress
    from levelcal.report.progress import pages_shown

    chosen = specs or list(config.calendars)
    if not chosen and not sample_if_none:
        return []
    if not chosen:
        sample = resources.sample_calendar()
        note(
            f"no calendar given or configured: analyzing the bundled sample calendar "
            f"{sample.name} (pass --calendar FILE for your own)"
        )
        chosen = [str(sample)]
    return [
        source
        for spec in chosen
        for source in load(
            spec,
            sys.stdin.buffer,
            limits,
            cache_dir=paths.cache_dir(),
            cached=cached,
            refresh=refresh,
            google=config.google,
            progress=pages_shown() if progress else no_progress,
        )
    ]


def _zone_name(flag: str | None, config: Config) -> str:
    if flag:
        return flag
    if config.timezone:
        return config.timezone
    try:
        import tzlocal

        return str(tzlocal.get_localzone_name() or "UTC")
    except Exception:  # an unusual system zone setup: fall back rather than fail
        return "UTC"


def _rules(path: Path | None) -> tuple[Rule, ...]:
    from levelcal.classify import rules
    from levelcal.paths import default_rules_path

    if path is not None:
        if not path.is_file():
            raise InputError(f"--rules {path}: no such file")
        return rules.load(path)
    default = default_rules_path()
    return rules.load(default) if default.is_file() else ()


def show_warnings(warnings: tuple[str, ...]) -> None:
    for warning in warnings[:MAX_WARNINGS_SHOWN]:
        note(f"warning: {warning}")
    hidden = len(warnings) - MAX_WARNINGS_SHOWN
    if hidden > 0:
        note(f"warning: ... and {hidden} more (all are listed under `warnings` in --json)")


CalendarOption = Annotated[
    list[str] | None,
    typer.Option(
        "--calendar",
        "-c",
        metavar="SOURCE",
        help="An .ics file, a directory of .ics files, an http(s):// or webcal:// URL, "
        "- for stdin, google (the configured Google calendars) or google:ID. "
        "Repeat for several calendars.",
    ),
]
MeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--me", metavar="EMAIL", help="Your email address, to find events you declined. Repeatable."
    ),
]
TzOption = Annotated[
    str | None, typer.Option("--tz", metavar="ZONE", help="IANA time zone of the window.")
]
WeekOption = Annotated[bool, typer.Option("--week", help="This ISO week (the default).")]
LastWeekOption = Annotated[bool, typer.Option("--last-week", help="Last ISO week.")]
MonthOption = Annotated[bool, typer.Option("--month", help="This calendar month.")]
LastMonthOption = Annotated[bool, typer.Option("--last-month", help="Last month.")]
YearOption = Annotated[bool, typer.Option("--year", help="This calendar year.")]
LastYearOption = Annotated[bool, typer.Option("--last-year", help="Last calendar year.")]
DaysOption = Annotated[
    int | None,
    typer.Option("--days", metavar="N", help="The N days up to and including today."),
]
FromOption = Annotated[
    str | None, typer.Option("--from", metavar="DATE", help="First day (YYYY-MM-DD).")
]
ToOption = Annotated[
    str | None, typer.Option("--to", metavar="DATE", help="Day after the last one (exclusive).")
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Take this date as today for --week, --month, --days and the rest.",
    ),
]
MaxFileOption = Annotated[
    float | None,
    typer.Option("--max-file-mb", metavar="MB", help="Largest .ics file or stdin to read (100)."),
]
MaxDownloadOption = Annotated[
    float | None,
    typer.Option("--max-download-mb", metavar="MB", help="Largest calendar to download (50)."),
]
TimeoutOption = Annotated[
    float | None,
    typer.Option("--timeout", metavar="SECONDS", help="Time allowed for each download (30)."),
]
MaxInstancesOption = Annotated[
    int | None,
    typer.Option(
        "--max-instances",
        metavar="N",
        help="Most instances one recurring series may make up to the window's end (100000).",
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every calendar afresh: neither use nor update the cache of parsed calendars.",
    ),
]
RefreshOption = Annotated[
    bool,
    typer.Option(
        "--refresh", help="Sync online calendars (Google) in full, not just their changes."
    ),
]
RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        metavar="FILE",
        help="TOML rules (regex on title -> level) that override the model.",
    ),
]


@dataclass(frozen=True, slots=True)
class Selection:
    """Which calendars, whose, and which window: the flags analyze, explain and label share."""

    calendar: list[str] | None = None
    me: list[str] | None = None
    tz: str | None = None
    week: bool = False
    last_week: bool = False
    month: bool = False
    last_month: bool = False
    year: bool = False
    last_year: bool = False
    days: int | None = None
    from_day: str | None = None
    to_day: str | None = None
    as_of: str | None = None
    rules_file: Path | None = None
    max_file_mb: float | None = None
    max_download_mb: float | None = None
    timeout: float | None = None
    max_instances: int | None = None
    no_cache: bool = False
    refresh: bool = False

    def limits(self) -> Limits:
        from levelcal.limits import DEFAULT, MB, Limits

        def positive(value: float | None, flag: str) -> float | None:
            if value is not None and value <= 0:
                raise InputError(f"{flag} must be more than 0, got {value:g}")
            return value

        file_mb = positive(self.max_file_mb, "--max-file-mb")
        download_mb = positive(self.max_download_mb, "--max-download-mb")
        timeout = positive(self.timeout, "--timeout")
        instances = positive(self.max_instances, "--max-instances")
        return Limits(
            file_bytes=int(file_mb * MB) if file_mb else DEFAULT.file_bytes,
            download_bytes=int(download_mb * MB) if download_mb else DEFAULT.download_bytes,
            timeout_seconds=timeout or DEFAULT.timeout_seconds,
            instances=int(instances) if instances else DEFAULT.instances,
        )

    def analyze(
        self,
        *,
        sample_if_none: bool = True,
        load_model: Callable[[], Model] | None = None,
        progress: bool = False,
    ) -> Summary:
        """Read, count and label; `progress` shows online fetches on stderr (a terminal only)."""
        from levelcal import config as user_config
        from levelcal.analysis import analyze
        from levelcal.classify import personal
        from levelcal.window import parse_date, parse_zone, resolve

        settings = user_config.load()
        zone = parse_zone(_zone_name(self.tz, settings))
        today = parse_date(self.as_of, "--as-of") if self.as_of else datetime.now(zone).date()
        window = resolve(
            tz=zone,
            today=today,
            week=self.week,
            last_week=self.last_week,
            month=self.month,
            last_month=self.last_month,
            year=self.year,
            last_year=self.last_year,
            days=self.days,
            from_day=parse_date(self.from_day, "--from") if self.from_day else None,
            to_day=parse_date(self.to_day, "--to") if self.to_day else None,
        )
        rules = _rules(self.rules_file)
        limits = self.limits()
        sources = _sources(
            list(self.calendar or ()),
            settings,
            sample_if_none,
            limits,
            cached=not self.no_cache,
            refresh=self.refresh,
            progress=progress,
        )
        summary = analyze(
            sources,
            window,
            owner_emails=tuple(self.me or ()) or settings.owner_emails,
            load_model=load_model or (lambda: personal.active_model(note)),
            rules=rules,
            corrections=personal.stored_corrections(),
            limits=limits,
        )
        show_warnings(summary.warnings)
        return summary


_SELECTION_FLAGS = {  # Selection field -> (its option type, its default)
    "calendar": (CalendarOption, None),
    "me": (MeOption, None),
    "tz": (TzOption, None),
    "week": (WeekOption, False),
    "last_week": (LastWeekOption, False),
    "month": (MonthOption, False),
    "last_month": (LastMonthOption, False),
    "year": (YearOption, False),
    "last_year": (LastYearOption, False),
    "days": (DaysOption, None),
    "from_day": (FromOption, None),
    "to_day": (ToOption, None),
    "as_of": (AsOfOption, None),
    "rules_file": (RulesOption, None),
    "max_file_mb": (MaxFileOption, None),
    "max_download_mb": (MaxDownloadOption, None),
    "timeout": (TimeoutOption, None),
    "max_instances": (MaxInstancesOption, None),
    "no_cache": (NoCacheOption, False),
    "refresh": (RefreshOption, False),
}


def selecting(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command the shared calendar, window and limit flags, as one `selection`.

    The command declares `selection: Selection` first; typer sees the flags of
    `_SELECTION_FLAGS` in its place, and the command receives them packed.
    """
    import inspect

    own = list(inspect.signature(command, eval_str=True).parameters.values())[1:]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
        for name, (kind, default) in _SELECTION_FLAGS.items()
    ]
    own = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]

    @functools.wraps(command)
    def with_selection(**flags: Any) -> Any:
        selection = Selection(**{name: flags.pop(name) for name in _SELECTION_FLAGS})
        return command(selection, **flags)

    parameters = [*shared, *own]
    with_selection.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    with_selection.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_selection
