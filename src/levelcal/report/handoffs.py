"""Handoffs in words: the same lines in the report, the digest and `trend`, and `--list`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from levelcal.handoffs import BASELINE_WEEKS, State
from levelcal.report import Report, Screen, terminal_safe

if TYPE_CHECKING:
    from levelcal.handoffs import Handoff, Progress, Suggestion

HEADING = "Handoffs"
SUGGESTED = "Looks handed off, but you still attend"


def _weeks(count: int) -> str:
    return f"{count} week{'' if count == 1 else 's'}"


def what_happened(progress: Progress) -> str:
    """What the weeks since say, after the state's name: "you still attended 2 of the 3
    weeks since, 2.0 h; 0.3 h a week reclaimed"."""
    if progress.state is State.PENDING:
        return "no full week since yet"
    weeks, attended = progress.weeks, progress.attended
    if progress.state is State.DONE:
        said = (
            f"you no longer attend: none of the {_weeks(weeks)} since"
            if attended == 0
            else f"you no longer attend: {attended} of the {_weeks(weeks)} since, "
            f"{progress.hours:.1f} h, none lately"
        )
    elif progress.state is State.SLIPPING:
        said = f"you still attended {attended} of the {_weeks(weeks)} since, {progress.hours:.1f} h"
    else:
        said = (
            f"you were gone and came back: {attended} of the {_weeks(weeks)} since, "
            f"{progress.hours:.1f} h"
        )
    reclaimed = progress.reclaimed_per_week or 0.0
    return (
        f"{said}; {reclaimed:.1f} h a week reclaimed "
        f"(of {progress.handoff.hours_per_week_before:.1f} h a week before)"
    )


def subject_of(handoff: Handoff) -> str:
    """ "Sprint planning → priya@northwind.example, on 2026-11-02"."""
    return (
        f"{terminal_safe(handoff.title)} → {terminal_safe(handoff.to)}, on {handoff.on.isoformat()}"
    )


def line(progress: Progress) -> str:
    """One line: the state, the handoff, what happened since."""
    return f"{progress.state.value}: {subject_of(progress.handoff)}: {what_happened(progress)}"


def suggestion_line(suggestion: Suggestion) -> str:
    title, to = terminal_safe(suggestion.title), terminal_safe(suggestion.to_name)
    return (
        f"{title} looks handed off to {to}, but you still attend "
        f"({suggestion.hours:.1f} h in this window)"
    )


def suggestion_command(suggestion: Suggestion) -> str:
    import shlex

    title, to = terminal_safe(suggestion.title), terminal_safe(suggestion.to)
    return f"levelcal handoff {shlex.quote(title)} --to {shlex.quote(to)}"


def progress_json(progress: Progress) -> dict[str, Any]:
    handoff = progress.handoff
    reclaimed = progress.reclaimed_per_week
    return {
        "title": handoff.title,
        "pattern": handoff.pattern,
        "to": handoff.to,
        "on": handoff.on.isoformat(),
        "state": progress.state.value,
        "weeks_since": progress.weeks,
        "weeks_attended": progress.attended,
        "hours_since": round(progress.hours, 4),
        "hours_per_week_before": round(handoff.hours_per_week_before, 4),
        "reclaimed_hours_per_week": None if reclaimed is None else round(reclaimed, 4),
        "weeks_from": progress.backed_by,
    }


def suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "title": suggestion.title,
        "to": suggestion.to,
        "to_name": suggestion.to_name,
        "hours": round(suggestion.hours, 4),
        "level": suggestion.level.value,
    }


def listing(report: Report, screen: Screen) -> str:
    """`handoff --list` (and what one `handoff` recorded): one line per handoff."""
    if not report.recorded_handoffs:
        return (
            "no handoffs recorded: levelcal handoff PATTERN --to EMAIL records one "
            "(PATTERN: part of the title, or a UID)\n"
        )
    return "".join(
        f"{subject_of(handoff)} (pattern {handoff.pattern!r}; "
        f"{handoff.hours_per_week_before:.1f} h a week over the {BASELINE_WEEKS} weeks before)\n"
        for handoff in report.recorded_handoffs
    )
