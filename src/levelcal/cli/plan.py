"""`levelcal plan`: the week ahead, before it happens, with one suggestion per series."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from levelcal.cli.app import app, callbacks, examples
from levelcal.cli.flags import RoleOption, requesting
from levelcal.request import Request


@app.command(
    epilog=examples(
        "levelcal plan -c work.ics --role vp",
        "levelcal plan --week                 # the rest of this week",
        "levelcal plan --json > plan.json",
    ),
)
@requesting(default_window="next_week")
def plan(
    request: Request,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the versioned JSON document (kind plan).")
    ] = False,
    role: RoleOption = None,
) -> None:
    """Suggest, for the week ahead, what to delegate, decline, shorten or keep.

    It shows the scheduled mix against your role's targets, the week day by day
    coloured by level, and each series beneath your level still ahead, most hours
    first, with one suggestion and the reason from the data. A suggestion is never
    an action: levelcal only reads calendars and changes none. A window that is
    over is refused (exit 2): levelcal analyze reports past weeks.
    """
    from levelcal import application, config
    from levelcal.report import output

    chosen = output.chosen_format(json_output=json_output)
    found = application.plan(
        request,
        config.load(),
        role=role,
        stdin=sys.stdin.buffer,
        callbacks=callbacks(output.progress(chosen)),
    )
    output.emit(output.render("plan", chosen, found))
