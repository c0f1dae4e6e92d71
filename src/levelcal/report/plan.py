"""`levelcal plan`: the week ahead as a table, a day-by-day strip and suggestions; and its JSON.

The JSON is a versioned API of its own (`kind` "plan", `schema_version` 1; schema in
plan-schema.json, documented in docs/json.md): within version 1 fields are only
ever added, never renamed, removed or retyped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from levelcal.levels import WORK_LEVELS, Level
from levelcal.plan import Action, Day, Plan, Suggestion
from levelcal.report import Report, Screen, terminal_safe
from levelcal.report.terminal import _COLOURS, PATTERNS, _header, _levels_table, _targets
from levelcal.report.upward import cadence_lines
from levelcal.summary import Summary

SCHEMA_VERSION = 1
KIND = "plan"
SCHEMA_PATH = Path(__file__).with_name("plan-schema.json")
READ_ONLY = "Suggestions only: levelcal reads your calendars and changes nothing."
FREE = "·"
_ACTION_STYLES = {
    Action.DELEGATE: "bold magenta",
    Action.DECLINE: "bold red",
    Action.SHORTEN: "bold yellow",
    Action.KEEP: "green",
}


def _plan(report: Report) -> Plan:
    if report.plan is None:
        raise ValueError("the plan renderer shows a plan, and the report holds none")
    return report.plan


# --- the terminal ---------------------------------------------------------------------------


def strip_legend() -> str:
    shown = [*WORK_LEVELS, Level.OTHER]
    return "  ".join(f"{PATTERNS[level]} {level.short_name}" for level in shown) + f"  {FREE} free"


def _strip(plan: Plan) -> RenderableType:
    """One row per day: one cell per half hour, the level that fills most of it."""
    cells = len(plan.days[0].cells) if plan.days else 0
    per_hour = 60 // plan.cell_minutes
    hours = range(plan.day_start, plan.day_start + cells // per_hour, 2)  # every other hour
    ticks = "".join(f"{hour % 24:02d}".ljust(2 * per_hour) for hour in hours)[:cells]
    table = Table(
        title=f"The week ahead (a cell is {plan.cell_minutes} min)",
        title_justify="left",
        box=None,
        padding=(0, 1),
    )
    table.add_column("day")
    table.add_column(ticks, no_wrap=True, min_width=cells)
    table.add_column("work", justify="right")
    table.add_column("")
    for day in plan.days:
        table.add_row(f"{day.day:%a %d %b}", _cells(day), f"{day.work_hours:.1f} h", _markers(day))
    return Group(table, Text(strip_legend(), style="dim"))


def _cells(day: Day) -> Text:
    text = Text()
    for level in day.cells:
        if level is None:
            text.append(FREE, style="dim")
        else:
            text.append(PATTERNS[level], style=_COLOURS[level])
    return text


def _markers(day: Day) -> Text:
    return Text(terminal_safe(", ".join(day.markers)), style="dim")


def _kind(suggestion: Suggestion) -> str:
    times = f"{suggestion.occurrences}×"
    return f"{times}, recurring" if suggestion.recurring else times


def _suggestions(plan: Plan) -> RenderableType:
    """Each series beneath the level: the action and the series on one line, the reason
    on the next (a reason is a sentence; it wraps as one)."""
    if not plan.beneath:
        return Text("Beneath your level, still ahead: nothing.", style="bold")
    width = max(len(action.value) for action in Action)
    lines: list[RenderableType] = [
        Text("Beneath your level, still ahead (most hours first)", style="italic")
    ]
    for suggestion in plan.beneath:
        line = Text(" ")
        line.append(suggestion.action.value.ljust(width), _ACTION_STYLES[suggestion.action])
        line.append(f"  {terminal_safe(suggestion.title)}  ")
        line.append(suggestion.level.short_name, _COLOURS[suggestion.level])
        line.append(f"  {suggestion.hours:.1f} h  ")
        line.append(_kind(suggestion), "dim")
        lines += [
            line,
            Padding(Text(terminal_safe(suggestion.reason), style="dim"), (0, 0, 0, width + 3)),
        ]
    return Group(*lines)


def _kept(plan: Plan) -> RenderableType | None:
    if not plan.at_level:
        return None
    table = Table(
        title="At or above your level: keep", title_justify="left", box=None, padding=(0, 1)
    )
    for name in ("level", "title", "hours", ""):
        table.add_column(name, justify="right" if name == "hours" else "left")
    for suggestion in plan.at_level:
        table.add_row(
            Text(suggestion.level.short_name, style=_COLOURS[suggestion.level]),
            Text(terminal_safe(suggestion.title)),
            f"{suggestion.hours:.1f} h",
            Text(_kind(suggestion), style="dim"),
        )
    return table


def renderable(report: Report) -> RenderableType:
    summary, review, plan = report.analysis, report.reviewed, _plan(report)
    parts: list[RenderableType | None] = [
        _header(summary),
        Text(READ_ONLY, style="bold"),
        Text(""),
        Text("Scheduled", style="bold"),
        _levels_table(summary),
    ]
    if review.assessment is not None:
        parts += [Text(""), _targets(review.assessment), Text(""), _suggestions(plan)]
        parts += [Text(""), _kept(plan)]
    else:
        parts += [Text(""), Text("Set a role (--role, or levelcal config set role vp) for the "
                                 "targets and the suggestions.")]  # fmt: skip
    if not plan.owner_known:
        parts.append(Text("Without your address (--me) nobody can be told from you: no "
                          "decline or delegate.", style="dim"))  # fmt: skip
    parts += [Text(""), _strip(plan)]
    if review.cadence is not None:
        parts += [Text(""), Text("\n".join(cadence_lines(review.cadence)))]
    return Group(*(part for part in parts if part is not None))


def render(report: Report, screen: Screen) -> str:
    return screen.draw(renderable(report))


# --- the JSON -------------------------------------------------------------------------------


def _suggestion(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "title": suggestion.title,
        "level": suggestion.level.value,
        "hours": round(suggestion.hours, 6),
        "occurrences": suggestion.occurrences,
        "recurring": suggestion.recurring,
        "minutes": suggestion.minutes,
        "next_start": suggestion.next_start.isoformat(),
        "beneath": suggestion.beneath,
        "action": suggestion.action.value,
        "reason": suggestion.reason,
        "to": suggestion.to,
    }


def _mix(summary: Summary) -> dict[str, Any]:
    return {
        "busy_hours": round(summary.busy_hours, 6),
        "work_hours": round(summary.work_hours, 6),
        "by_level": {level.value: round(summary.hours_by_level[level], 6) for level in Level},
    }


def document(report: Report) -> dict[str, Any]:
    from levelcal.report.json_doc import cadence_document, role_document, window_document

    summary, review, plan = report.analysis, report.reviewed, _plan(report)
    found: dict[str, Any] = {
        "kind": KIND,
        "schema_version": SCHEMA_VERSION,
        "as_of": plan.now.isoformat(),
        "window": window_document(summary.window),
        "sources": list(summary.sources),
        "owner_emails": list(summary.owner_emails),
        "scheduled": _mix(summary),
        "decline_over": plan.decline_over,
        "suggestions": [_suggestion(suggestion) for suggestion in plan.suggestions],
        "days": [
            {
                "date": day.day.isoformat(),
                "work_hours": round(day.work_hours, 6),
                "cells": [None if level is None else level.value for level in day.cells],
                "markers": list(day.markers),
            }
            for day in plan.days
        ],
        "day_start_hour": plan.day_start,
        "cell_minutes": plan.cell_minutes,
        "warnings": list(summary.warnings),
    }
    if review.assessment is not None:
        found["role"] = role_document(review.assessment)
    if review.cadence is not None:
        found["manager"] = cadence_document(review.cadence)
    return found


def render_json(report: Report, screen: Screen) -> str:
    return json.dumps(document(report), ensure_ascii=False, indent=2) + "\n"


def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded
