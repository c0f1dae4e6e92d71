"""`levelcal analyze`: the report of hours per level, as a table, JSON or CSV."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from levelcal.cli.app import app
from levelcal.cli.habit import RoleOption, WeeksOption
from levelcal.cli.selection import Selection, selecting
from levelcal.errors import ExitCode, InputError


@app.command()
@selecting
def analyze(
    selection: Selection,
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
    if json_output and csv_output:
        raise InputError("choose one of --json and --csv")
    on_terminal = sys.stderr.isatty() and not (json_output or csv_output)
    summary = selection.analyze(progress=on_terminal)
    from levelcal.cli.habit import review

    found = review(summary, role, save=save, weeks=weeks)
    if json_output:
        from levelcal.report import json_doc

        sys.stdout.write(json_doc.render(summary, found))
    elif csv_output:
        from levelcal.report import csv_doc

        sys.stdout.write(csv_doc.render(summary))
    else:
        from rich.console import Console

        from levelcal.report import terminal

        terminal.render(summary, Console(), found)
    return ExitCode.FINDINGS if strict and summary.warnings else ExitCode.OK
