"""`levelcal analyze`: the report of hours per level, as a table, JSON or CSV."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from levelcal.cli.app import app, callbacks, examples
from levelcal.cli.flags import RoleOption, WeeksOption, requesting
from levelcal.errors import ExitCode, InputError
from levelcal.request import Request


@app.command(
    epilog=examples(
        "levelcal analyze -c work.ics --last-week",
        "levelcal analyze -c work.ics --month --role vp --json > month.json",
    ),
)
@requesting
def analyze(
    request: Request,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the versioned JSON document.")
    ] = False,
    csv_output: Annotated[
        bool, typer.Option("--csv", help="Print one CSV row per counted event.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit with 1 when anything in the calendars was skipped, repaired or "
            "guessed (every warning), after printing the report.",
        ),
    ] = False,
    save: Annotated[
        bool,
        typer.Option(
            "--save/--no-save",
            help="Record this week in the history, replacing an earlier record of it "
            "(the window must be one ISO week).",
        ),
    ] = False,
    role: RoleOption = None,
    weeks: WeeksOption = 8,
) -> int:
    """Report the hours spent at each level of value in a window of time.

    With a role (--role or the config), also the targets, the gap and what to
    hand off; with a history, the trend of the last --weeks weeks.
    """
    from levelcal import application, config
    from levelcal.report import output

    if json_output and csv_output:
        raise InputError("choose one of --json and --csv")
    chosen = output.chosen_format(json_output=json_output, csv_output=csv_output)
    found = application.report(
        request,
        config.load(),
        role=role,
        save=save,
        weeks=weeks,
        stdin=sys.stdin.buffer,
        callbacks=callbacks(output.progress(chosen)),
    )
    output.emit(output.render("analysis", chosen, found))
    return ExitCode.FINDINGS if strict and found.analysis.warnings else ExitCode.OK
