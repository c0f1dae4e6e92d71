"""The weekly habit: history, trend, digest and schedule, and what analyze adds with a role."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from levelcal.cli.app import app, note
from levelcal.cli.selection import Selection, selecting
from levelcal.errors import ConfigError, InputError

if TYPE_CHECKING:
    from levelcal.config import Config
    from levelcal.review import Review
    from levelcal.roles import Role
    from levelcal.summary import Summary

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


def role_of(flag: str | None, settings: Config) -> Role | None:
    """The --role, else the config's role, with the config's target overrides."""
    from levelcal import roles

    if flag is None and settings.role is None:
        return None
    role = roles.get(flag) if flag is not None else roles.get(settings.role or "", "role")
    return roles.with_overrides(role, settings.target_overrides)


def review(
    summary: Summary, role_flag: str | None, *, save: bool, weeks: int, always_trend: bool = False
) -> Review:
    """Save the week if asked, then build what the role and the history add to it."""
    from levelcal import config, history
    from levelcal.review import build

    if weeks < 1:
        raise InputError(f"--weeks must be at least 1, got {weeks}")
    settings = config.load()
    role = role_of(role_flag, settings)
    saved = None
    if save:
        record = history.record_of(summary)
        replaced = history.save(record)
        saved = record.week
        if replaced is not None and set(replaced) != set(record.sources):
            note(
                f"{record.week} was recorded from {', '.join(replaced) or 'no calendar'}; "
                f"replaced with {', '.join(record.sources) or 'no calendar'}"
            )
    # Weeks that end before the window starts: none overlaps it, whatever the window.
    year, week, _ = summary.window.start.date().isocalendar()
    try:
        earlier = history.load(weeks - 1, before=f"{year}-W{week:02d}")
    except ConfigError as error:
        if save:
            raise
        # Only reading: a damaged history must not cost the user the report itself.
        note(f"warning: {error}; this report leaves the history out")
        earlier = []
    return build(
        summary,
        role,
        earlier,
        saved,
        always_trend=always_trend,
        working_hours=settings.working_hours,
    )


@app.command("history")
def show_history(
    weeks: WeeksOption = 8,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the recorded weeks: hours per level, operating level, calendars.

    Weeks are recorded by `levelcal analyze --save` and by `levelcal digest`.
    """
    from levelcal import history, trend
    from levelcal.levels import WORK_LEVELS, Level

    if weeks < 1:
        raise InputError(f"--weeks must be at least 1, got {weeks}")
    records = history.load(weeks, events=False)
    if json_output:
        import json

        document = {
            "schema_version": 1,
            "weeks": [
                {
                    "week": record.week,
                    "from": record.monday.isoformat(),
                    "tz": record.tz,
                    "sources": list(record.sources),
                    "recorded_at": record.recorded_at,
                    "busy_hours": round(record.busy_hours, 6),
                    "work_hours": round(record.work_hours, 6),
                    "operating_level": _rounded(trend.operating_level(record.hours_by_level)),
                    "by_level": {
                        level.value: round(record.hours_by_level.get(level, 0.0), 6)
                        for level in Level
                    },
                }
                for record in records
            ],
        }
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    if not records:
        _nothing_recorded()
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, padding=(0, 1))
    table.add_column("week", no_wrap=True)
    for name in ("work h", *(level.short_name for level in WORK_LEVELS), "level"):
        table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    table.add_column("calendars", overflow="ellipsis", no_wrap=True)  # shortened first
    for record in records:
        work = record.work_hours
        shares = [
            f"{record.hours_by_level.get(level, 0.0) / work:.0%}" if work else "—"
            for level in WORK_LEVELS
        ]
        index = trend.operating_level(record.hours_by_level)
        table.add_row(
            record.week,
            f"{work:.1f}",
            *shares,
            "—" if index is None else f"{index:.2f}",
            ", ".join(Path(source).name for source in record.sources),
        )
    Console().print(table)


def _nothing_recorded() -> None:
    from levelcal import history

    print(
        f"no weeks recorded yet in {history.history_path()}: run "
        "`levelcal analyze --last-week --save` or `levelcal digest`"
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@app.command("trend")
def show_trend(
    weeks: WeeksOption = 8,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Chart the level mix week by week from the history, and say whether it moves up.

    The operating level of a week is the mean level of its work hours (doing = 1
    ... visioning = 4); the verdict is the least-squares slope over the weeks.
    """
    from levelcal import history, trend

    if weeks < 1:
        raise InputError(f"--weeks must be at least 1, got {weeks}")
    records = history.load(weeks, events=False)
    found = trend.compute([(r.week, r.monday, r.hours_by_level) for r in records])
    if json_output:
        import json

        from levelcal.report.json_doc import trend_document

        document = {"schema_version": 1, **trend_document(found)}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.console import Console

    from levelcal.report.terminal import trend_chart

    if not records:
        _nothing_recorded()
        return
    Console().print(trend_chart(found))


class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"


_WINDOW_FLAGS = (  # the Selection fields that choose a window; none given means last week
    "week", "last_week", "month", "last_month", "year", "last_year", "days", "from_day", "to_day",
)  # fmt: skip


@app.command()
@selecting
def digest(
    selection: Selection,
    output_format: Annotated[
        Format, typer.Option("--format", help="What --output or stdout gets (text).")
    ] = Format.text,
    # Not --to: that is the end date of the window, shared with analyze.
    mail_to: Annotated[
        list[str] | None,
        typer.Option(
            "--mail-to",
            metavar="EMAIL",
            help="Recipient; repeatable (default: digest.to, then me).",
        ),
    ] = None,
    send: Annotated[
        bool, typer.Option("--send", help="Send it by SMTP (text and HTML in one message).")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write it to FILE.")
    ] = None,
    save: Annotated[
        bool, typer.Option("--save/--no-save", help="Record the week in the history (on).")
    ] = True,
    role: RoleOption = None,
    weeks: WeeksOption = 8,
) -> None:
    """Build the weekly digest (last week unless a window is given), and send or write it.

    Unattended: it never prompts; anything that fails is one line on stderr and a
    non-zero exit (3 for SMTP), and nothing is sent unless the whole message is.
    """
    import dataclasses

    from levelcal import config, mail
    from levelcal.report import digest as renderers

    if not any(getattr(selection, flag) for flag in _WINDOW_FLAGS):
        selection = dataclasses.replace(selection, last_week=True)
    settings = config.load()
    recipients: list[str] = []
    secret = None
    if send:  # every setting checked before anything is read or sent
        recipients = list(mail_to or settings.digest.recipients or settings.owner_emails)
        if not recipients:
            raise InputError(
                "no recipient: pass --mail-to EMAIL, or levelcal config set digest.to EMAIL"
            )
        if not settings.smtp.host:
            raise InputError("smtp.host is not set: levelcal config set smtp.host mail.example.com")
        secret = mail.password(settings.smtp)
    summary = selection.analyze()
    found = review(summary, role, save=save, weeks=weeks, always_trend=True)
    rendered = renderers.RENDERERS[output_format.value](summary, found)
    if output is not None:
        from levelcal.storage import write_atomically

        write_atomically(output, rendered)
    elif not send:
        sys.stdout.write(rendered)
    if send:
        user = settings.smtp.user
        sender = settings.digest.sender or (user if user and "@" in user else recipients[0])
        message = mail.build(
            subject=renderers.subject(summary, found),
            sender=sender,
            recipients=recipients,
            text=renderers.text(summary, found),
            html=renderers.html(summary, found),
        )
        mail.send(message, settings.smtp, secret)
        note(f"sent the digest for {summary.window.description} to {', '.join(recipients)}")


@app.command()
def schedule(
    at: Annotated[
        str, typer.Option("--at", metavar="HH:MM", help="Time of day (07:00).")
    ] = "07:00",
    day: Annotated[str, typer.Option("--day", metavar="DAY", help="Weekday (mon).")] = "mon",
    install: Annotated[
        bool, typer.Option("--install", help="Add the line to your crontab (idempotent).")
    ] = False,
    remove: Annotated[
        bool, typer.Option("--remove", help="Take levelcal's line out of your crontab.")
    ] = False,
) -> None:
    """Print the crontab line that sends the weekly digest; --install or --remove it.

    The line runs `levelcal digest --send` by its absolute path and appends its
    output to digest.log in the data directory.
    """
    from levelcal import paths
    from levelcal import schedule as cron

    if install and remove:
        raise InputError("choose one of --install and --remove")
    entry = cron.line(at, day, paths.data_dir() / "digest.log")
    if remove:
        print(
            "removed levelcal's line from your crontab"
            if cron.remove()
            else "no levelcal line in your crontab"
        )
        return
    if install:
        changed = cron.install(entry)
        print(("installed in your crontab:\n" if changed else "already in your crontab:\n") + entry)
        return
    print(entry)
