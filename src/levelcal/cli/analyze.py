"""`levelcal analyze`: the report of hours per level, as a table, JSON or CSV."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from levelcal.cli.app import app
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
) -> int:
    """Report the hours spent at each level of value in a window of time."""
    if json_output and csv_output:
        raise InputError("choose one of --json and --csv")
    on_terminal = sys.stderr.isatty() and not (json_output or csv_output)
    summary = selection.analyze(progress=on_terminal)
    if json_output:
        from levelcal.report import json_doc

        sys.stdout.write(json_doc.render(summary))
    elif csv_output:
        from levelcal.report import csv_doc

        sys.stdout.write(csv_doc.render(summary))
    else:
        from rich.console import Console

        from levelcal.report import terminal

        terminal.render(summary, Console())
    return ExitCode.FINDINGS if strict and summary.warnings else ExitCode.OK
