"""`levelcal digest` and `levelcal schedule`: the weekly mail, and the cron line that sends it."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from levelcal.cli.app import app, callbacks, examples, note
from levelcal.cli.flags import RoleOption, WeeksOption, requesting
from levelcal.errors import InputError
from levelcal.request import Request


class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"


@app.command(
    epilog=examples(
        "levelcal digest -c work.ics",
        "levelcal digest -o digest.html",
        "levelcal digest --send --mail-to dana@northwind.example",
    ),
)
@requesting(default_window="last_week")
def digest(
    request: Request,
    output_format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            help="What --output or stdout gets: text, markdown or html (default: from "
            "--output's extension, .md or .html; else text).",
        ),
    ] = None,
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
    """Build the weekly digest of last week (or of the window a flag gives), and send or
    write it.

    Unattended: it never prompts; anything that fails is one line on stderr and a
    non-zero exit (3 for SMTP), and nothing is sent unless the whole message is.
    --send needs a calendar of yours (--calendar, or `calendars` in the config): the
    bundled sample is for looking, not for mailing.
    """
    from levelcal import application, config
    from levelcal.report import digest as mail_text
    from levelcal.report import output as out

    request = application.digest_request(request)
    settings = config.load()
    # every setting checked before anything is read or sent
    chosen = out.digest_format(output_format, out.destination(output))
    delivery = application.delivery(settings, mail_to or (), request) if send else None
    found = application.report(
        request,
        settings,
        role=role,
        save=save,
        weeks=weeks,
        stdin=sys.stdin.buffer,
        callbacks=callbacks(),
        always_trend=True,
    )
    rendered = out.render("digest", chosen, found)
    if output is not None or not send:
        out.emit(rendered, output)
    if delivery is not None:
        application.send_digest(
            delivery,
            subject=mail_text.subject(found),
            text=out.render("digest", "text", found),
            html=out.render("digest", "html", found),
            callbacks=callbacks(),
        )
        note(
            f"sent the digest for {found.analysis.window.description} "
            f"to {', '.join(delivery.recipients)}"
        )


@app.command(
    epilog=examples(
        "levelcal schedule",
        "levelcal schedule --install --at 07:30 --day mon",
        "levelcal schedule --remove",
    ),
)
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
    output to digest.log in the data directory. --install needs `calendars` in the
    config: the line never mails the bundled sample.
    """
    from levelcal import application, config, paths
    from levelcal import schedule as cron

    if install and remove:
        raise InputError("choose one of --install and --remove")
    if install:  # the line sends the digest: of the user's calendar, never the sample
        application.require_calendar(None, config.load(), "schedule --install")
    log = paths.data_dir() / "digest.log"
    entry = cron.line(at, day, log)
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
    cron.prepare_log(log, required=False)
    print(entry)
