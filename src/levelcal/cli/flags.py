"""The flags several commands share, each declared once.

`REQUEST_OPTIONS` gives each field of `Request` (levelcal.request) its option; the
field's type and default come from the dataclass itself. A command declares
`request: Request` as its first parameter and is wrapped in `@requesting`:
typer then shows every shared flag in its place, and the command receives
them packed.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import inspect
import typing
from collections.abc import Callable
from typing import Annotated, Any

import typer

from levelcal.request import Request

REQUEST_OPTIONS: dict[str, Any] = {  # Request field -> its option
    "calendar": typer.Option(
        "--calendar",
        "-c",
        metavar="SOURCE",
        help="An .ics file, a directory of .ics files, an http(s):// or webcal:// URL, "
        "- for stdin, google or google:ID, microsoft or microsoft:ID (Outlook), "
        "caldav or caldav:URL. Repeat for several calendars.",
    ),
    "me": typer.Option(
        "--me", metavar="EMAIL", help="Your email address, to find events you declined. Repeatable."
    ),
    "executive": typer.Option(
        "--executive",
        metavar="EMAIL",
        help="An executive you meet (your manager, a peer on the executive team, a board "
        "member): a generic meeting with one is directing. Repeatable; replaces the config's "
        "executives.",
    ),
    "tz": typer.Option("--tz", metavar="ZONE", help="IANA time zone of the window."),
    "week": typer.Option("--week", help="This ISO week."),
    "last_week": typer.Option("--last-week", help="Last ISO week."),
    "next_week": typer.Option("--next-week", help="Next ISO week (what `plan` looks at)."),
    "month": typer.Option("--month", help="This calendar month."),
    "last_month": typer.Option("--last-month", help="Last month."),
    "year": typer.Option("--year", help="This calendar year."),
    "last_year": typer.Option("--last-year", help="Last calendar year."),
    "days": typer.Option("--days", metavar="N", help="The N days up to and including today."),
    "from_day": typer.Option("--from", metavar="DATE", help="First day (YYYY-MM-DD)."),
    "to_day": typer.Option("--to", metavar="DATE", help="Day after the last one (exclusive)."),
    "as_of": typer.Option(
        "--as-of",
        metavar="DATE",
        help="Take this date as today for --week, --month, --days and the rest.",
    ),
    "rules_file": typer.Option(
        "--rules",
        metavar="FILE",
        help="TOML rules (regex on title -> level) that override the model.",
    ),
    "max_file_mb": typer.Option(
        "--max-file-mb", metavar="MB", help="Largest .ics file or stdin to read (100)."
    ),
    "max_download_mb": typer.Option(
        "--max-download-mb",
        metavar="MB",
        help="Largest calendar URL, or CalDAV answer, to download (50).",
    ),
    "timeout": typer.Option(
        "--timeout", metavar="SECONDS", help="Time allowed for each download (30)."
    ),
    "max_instances": typer.Option(
        "--max-instances",
        metavar="N",
        help="Most instances one recurring series may make up to the window's end (100000).",
    ),
    "no_cache": typer.Option(
        "--no-cache",
        help="Read every calendar afresh: neither use nor update the cache of parsed calendars.",
    ),
    "refresh": typer.Option(
        "--refresh",
        help="Sync online calendars (Google, Microsoft 365, CalDAV) in full, not just "
        "their changes.",
    ),
    "show_private": typer.Option(
        "--show-private",
        help='Print the titles of private events (shown as "Private event" otherwise).',
    ),
}

RoleOption = Annotated[
    str | None,
    typer.Option(
        "--role",
        metavar="ROLE",
        help="ic, manager, director, vp, c-level or founder: compare with its targets "
        "(default: `role` in the config).",
    ),
]
WeeksOption = Annotated[
    int,
    typer.Option("--weeks", metavar="N", help="How many recorded weeks to look at (8)."),
]


def _option(name: str, default_window: str) -> Any:
    """The field's option; the command's default window says so in its help."""
    option = REQUEST_OPTIONS[name]
    if name != default_window:
        return option
    option = copy.copy(option)
    option.help = f"{option.help.removesuffix('.')} (the default)."
    return option


def _request_parameters(default_window: str) -> list[inspect.Parameter]:
    """One keyword parameter per Request field: its type, its option, its default."""
    types = typing.get_type_hints(Request)
    return [
        inspect.Parameter(
            field.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=field.default,
            annotation=Annotated[types[field.name], _option(field.name, default_window)],
        )
        for field in dataclasses.fields(Request)
    ]


# `levelcal analyze ~/cal.ics` is what people type first: the calendars may also come as
# arguments, for the commands that take no argument of their own.
_SOURCES = inspect.Parameter(
    "sources",
    inspect.Parameter.KEYWORD_ONLY,
    default=None,
    annotation=Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[SOURCE]...",
            help="Calendars to read, as with --calendar.",
            show_default=False,
        ),
    ],
)


def requesting(
    command: Callable[..., Any] | None = None,
    /,
    *,
    default_window: str = "week",
    calendar_arguments: bool = True,
) -> Any:
    """Give a command the shared calendar, window and limit flags, as one `request`.

    The command declares `request: Request` first; typer sees one flag per
    field of `Request` in its place, and the command receives them packed.
    `default_window`: the window flag the command uses when none is given
    (`@requesting(default_window="last_week")` for the digest), said in its help.
    `calendar_arguments`: whether calendars may also be given as arguments (not for a
    command whose argument is something else, such as explain's query).
    """
    if command is None:
        return functools.partial(
            requesting, default_window=default_window, calendar_arguments=calendar_arguments
        )
    shared = _request_parameters(default_window)
    own = list(inspect.signature(command, eval_str=True).parameters.values())[1:]
    own = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]

    @functools.wraps(command)
    def with_request(**flags: Any) -> Any:
        request = Request(**{p.name: flags.pop(p.name) for p in shared})
        given = flags.pop("sources", None)
        if given:
            calendars = [*(request.calendar or []), *given]
            request = dataclasses.replace(request, calendar=calendars)
        return command(request, **flags)

    parameters = [*shared, *([_SOURCES] if calendar_arguments else []), *own]
    with_request.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    with_request.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_request
