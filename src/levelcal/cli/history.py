"""`levelcal history`, `levelcal trend` and `levelcal handoff`: the recorded weeks, as a table,
a chart or JSON, and the handoffs kept beside them."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from levelcal.cli.app import app, callbacks, examples
from levelcal.cli.flags import REQUEST_OPTIONS, WeeksOption
from levelcal.request import Request

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


@app.command(
    "handoff",
    epilog=examples(
        'levelcal handoff "Sprint planning" --to priya@northwind.example',
        "levelcal handoff --list",
        'levelcal handoff --undo "sprint planning"',
    ),
)
def handoff(
    pattern: Annotated[
        str | None,
        typer.Argument(
            metavar="PATTERN",
            help="Part of the series' title (any case: 'sprint plan' finds 'Sprint planning "
            "#14'), or an event's UID.",
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", metavar="EMAIL", help="Whom you handed it to (an address)."),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATE", help="The day you handed it off (today)."),
    ] = None,
    listing: Annotated[bool, typer.Option("--list", help="List the recorded handoffs.")] = False,
    undo: Annotated[
        str | None,
        typer.Option("--undo", metavar="PATTERN", help="Forget the handoffs it matches."),
    ] = None,
    calendar: Annotated[list[str] | None, REQUEST_OPTIONS["calendar"]] = None,
    me: Annotated[list[str] | None, REQUEST_OPTIONS["me"]] = None,
    tz: Annotated[str | None, REQUEST_OPTIONS["tz"]] = None,
    as_of: Annotated[str | None, REQUEST_OPTIONS["as_of"]] = None,
) -> None:
    """Record that you handed a recurring meeting off, and see later whether it stuck.

    The series is looked for in your calendar (without one, in the recorded
    weeks) around the day, and its hours a week over the 4 weeks before are
    kept. Every later analyze, digest and trend says whether the handoff is
    done, slipping (you still attend) or back. Nothing is changed in the
    calendar: levelcal only reads it.
    """
    from levelcal import application, config
    from levelcal.errors import InputError
    from levelcal.report import Report, output

    if listing or undo is not None:
        if pattern is not None or to is not None:
            raise InputError("--list and --undo take no PATTERN and no --to")
        found = application.undo_handoff(undo) if undo is not None else application.handoffs()
        if undo is not None:
            print(f"forgot {len(found)} handoff{'' if len(found) == 1 else 's'}:")
        shown = Report(recorded_handoffs=tuple(found))
        output.emit(output.render("handoffs", output.TERMINAL, shown))
        return
    if pattern is None or to is None:
        raise InputError(
            "handoff needs a PATTERN and --to EMAIL: "
            'levelcal handoff "Sprint planning" --to priya@northwind.example'
        )
    request = Request(calendar=calendar, me=me, tz=tz, as_of=as_of)
    recorded = application.record_handoff(
        request, config.load(), pattern, to, on, stdin=sys.stdin.buffer, callbacks=callbacks()
    )
    output.emit(output.render("handoffs", output.TERMINAL, Report(recorded_handoffs=(recorded,))))
