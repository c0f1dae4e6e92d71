"""`levelcal history` and `levelcal trend`: the recorded weeks, as a table, a chart or JSON."""

from __future__ import annotations

from typing import Annotated

import typer

from levelcal.cli.app import app, examples
from levelcal.cli.flags import WeeksOption

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _show(subject: str, weeks: int, json_output: bool) -> None:
    from levelcal import application
    from levelcal.report import output

    found = application.history(weeks)
    output.emit(output.render(subject, output.chosen_format(json_output=json_output), found))


@app.command(
    "history",
    epilog=examples(
        "levelcal history",
        "levelcal history --weeks 26 --json",
        "levelcal history --forget 2026-W47",
    ),
)
def show_history(
    weeks: WeeksOption = 8,
    json_output: JsonOption = False,
    forget: Annotated[
        str | None,
        typer.Option("--forget", metavar="WEEK", help="Remove one recorded week (2026-W47)."),
    ] = None,
) -> None:
    """Show the recorded weeks: hours per level, operating level, calendars.

    Weeks are recorded by `levelcal analyze --save` and by `levelcal digest`;
    --forget takes one out (a week recorded from the wrong calendar).
    """
    if forget is not None:
        from levelcal import application

        print(f"forgot {forget.strip()} (in {application.forget_week(forget)})")
        return
    _show("history", weeks, json_output)


@app.command(
    "trend",
    epilog=examples(
        "levelcal trend",
        "levelcal trend --weeks 12 --json",
    ),
)
def show_trend(weeks: WeeksOption = 8, json_output: JsonOption = False) -> None:
    """Chart the level mix week by week from the history, and say whether it moves up.

    The operating level of a week is the mean level of its work hours (doing = 1
    ... visioning = 4); the verdict is the least-squares slope over the weeks.
    """
    _show("trend", weeks, json_output)
