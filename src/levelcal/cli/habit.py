"""The weekly habit: history, trend, digest and schedule, and what analyze adds with a role."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from levelcal.cli.app import app, note
from levelcal.errors import InputError

if TYPE_CHECKING:
    from levelcal.config import Config
    from levelcal.report.summary import Summary
    from levelcal.review import Review
    from levelcal.roles import Role

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


def review(summary: Summary, role_flag: str | None, *, save: bool, weeks: int) -> Review:
    """Save the week if asked, then build what the role and the history add to it."""
    from levelcal import config, history
    from levelcal.review import build

    if weeks < 1:
        raise InputError(f"--weeks must be at least 1, got {weeks}")
    role = role_of(role_flag, config.load())
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
    earlier = history.load(weeks - 1, before=history.iso_week(summary.window))
    return build(summary, role, earlier, saved)


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
        print(
            f"no weeks recorded yet in {history.history_path()}: run "
            "`levelcal analyze --last-week --save` or `levelcal digest`"
        )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, padding=(0, 1))
    table.add_column("week", no_wrap=True)
    for name in ("work h", *(level.short_name for level in WORK_LEVELS), "level"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("calendars", overflow="ellipsis", no_wrap=True)
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
        print(
            f"no weeks recorded yet in {history.history_path()}: run "
            "`levelcal analyze --last-week --save` or `levelcal digest`"
        )
        return
    Console().print(trend_chart(found))
