"""The human report: rich renderables built from a Summary and printed once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from levelcal.classify.labeler import LOW_CONFIDENCE
from levelcal.levels import WORK_LEVELS, Level
from levelcal.report import Report, Screen, sentence
from levelcal.summary import Summary, TimeSink

if TYPE_CHECKING:
    from levelcal.review import Review
    from levelcal.roles import Assessment
    from levelcal.trend import Trend

_BAR_WIDTH = 24
_COLOURS = {
    Level.IMPLEMENTATION: "red",
    Level.UNIFICATION: "yellow",
    Level.COMMUNICATION: "green",
    Level.BEYOND: "cyan",
    Level.OTHER: "bright_black",
}


def _bar(fraction: float, colour: str) -> Text:
    filled = round(max(0.0, min(1.0, fraction)) * _BAR_WIDTH)
    return Text("█" * filled + "·" * (_BAR_WIDTH - filled), style=colour)


def _header(summary: Summary) -> Text:
    window = summary.window
    last_day = window.end.date().fromordinal(window.end.date().toordinal() - 1)
    text = Text()
    text.append("levelcal", style="bold")
    text.append(f" · {window.description} · {window.start:%a %d %b %Y} – {last_day:%a %d %b %Y}")
    text.append(f" ({window.tz_name})\n", style="dim")
    calendars = sorted(
        {item.event.calendar for item in summary.events}
        | {event.calendar for event in summary.all_day}
    ) or list(summary.sources)
    text.append(f"Calendars: {', '.join(calendars)}", style="dim")
    if summary.owner_emails:
        text.append(f"\nOwner: {', '.join(summary.owner_emails)}", style="dim")
    return text


def _levels_table(summary: Summary) -> Table:
    table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 1))
    table.add_column("level")
    table.add_column("", style="dim")
    table.add_column("hours", justify="right")
    table.add_column("of work", justify="right")
    table.add_column("")
    for level in Level:
        hours = summary.hours_by_level[level]
        share = summary.work_share(level)
        fraction = (
            share
            if share is not None
            else (hours / summary.busy_hours if summary.busy_hours else 0.0)
        )
        table.add_row(
            Text(level.value, style=_COLOURS[level]),
            level.short_name,
            f"{hours:.1f}",
            "—" if share is None else f"{share:.0%}",
            _bar(fraction, _COLOURS[level]),
        )
    table.add_row("", "", "", "", "")
    table.add_row(Text("work", style="bold"), "", f"{summary.work_hours:.1f}", "", "")
    table.add_row(
        Text("busy", style="bold"), "all counted time", f"{summary.busy_hours:.1f}", "", ""
    )
    return table


def _verdict(summary: Summary) -> Text:
    top = summary.top_work_level
    if top is None:
        return Text("No work hours in this window.", style="bold")
    share = summary.work_share(top) or 0.0
    return Text.assemble(
        "Most of your work time went to ",
        (f"{top.value} ({top.short_name})", f"bold {_COLOURS[top]}"),
        f": {summary.hours_by_level[top]:.1f} h, {share:.0%} of {summary.work_hours:.1f} "
        "work hours.",
    )


def _occurrences(sink: TimeSink) -> str:
    times = "once" if sink.occurrences == 1 else f"{sink.occurrences}×"
    if sink.recurring:
        return f"{times}, recurring"
    return times if sink.occurrences == 1 else f"{times}, same title"


def _time_sinks(summary: Summary) -> RenderableType | None:
    table = Table(
        title="Biggest time sinks",
        title_justify="left",
        box=None,
        show_header=False,
        padding=(0, 1),
    )
    table.add_column("level")
    table.add_column("title")
    table.add_column("hours", justify="right")
    table.add_column("", style="dim")
    for level in WORK_LEVELS:
        for sink in summary.time_sinks(level):
            table.add_row(
                Text(level.value, style=_COLOURS[level]),
                sink.title,
                f"{sink.hours:.1f} h",
                _occurrences(sink),
            )
    return table if table.row_count else None


def _all_day(summary: Summary) -> Text | None:
    if not summary.all_day:
        return None
    text = Text("All-day markers (0 h): ", style="bold")
    text.append("; ".join(f"{e.start:%a %d %b} {e.title}" for e in summary.all_day[:12]))
    if len(summary.all_day) > 12:
        text.append(f"; and {len(summary.all_day) - 12} more")
    return text


def _footnotes(summary: Summary) -> Text:
    excluded = summary.excluded
    text = Text.assemble(
        ("Not counted: ", "bold"),
        f"{excluded.cancelled} cancelled, {excluded.declined} declined, {excluded.free} free "
        f"(transparent), {excluded.broken} broken",
    )
    if excluded.duplicate:
        text.append(f", {excluded.duplicate} duplicates across calendars")
    text.append(".\n")
    uncertain = summary.uncertain_hours
    share = uncertain / summary.busy_hours if summary.busy_hours else 0.0
    text.append("Low confidence: ", style="bold")
    text.append(
        f"{uncertain:.1f} h ({share:.0%} of busy time) rest on labels with confidence "
        f"under {LOW_CONFIDENCE:g}."
    )
    return text


def _targets(assessment: Assessment) -> RenderableType:
    from levelcal.roles import Bound

    table = Table(
        title=f"Against the {assessment.role.title} targets",
        title_justify="left",
        box=None,
        padding=(0, 1),
    )
    for name, justify in (
        ("level", "left"),
        ("actual", "right"),
        ("target", "right"),
        ("", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    limits = {Bound.AT_MOST: "≤ ", Bound.AT_LEAST: "≥ ", Bound.REFERENCE: "~ "}
    for target in assessment.levels:
        status = (
            Text(
                f"{target.off_by:.0f} point{'' if round(target.off_by) == 1 else 's'} off",
                style="bold red",
            )
            if target.off_by > 0
            else Text("ok" if target.bound is not Bound.REFERENCE else "", style="green")
        )
        table.add_row(
            Text(target.level.short_name, style=_COLOURS[target.level]),
            f"{target.actual_percent:.0f}%",
            f"{limits[target.bound]}{target.target_percent:g}%",
            status,
        )
    return Group(table, Text(sentence(assessment.sentence), style="bold"))


def _candidates(review: Review) -> RenderableType | None:
    if review.assessment is None:
        return None
    role = review.assessment.role
    beneath = ", ".join(level.short_name for level in WORK_LEVELS if level in role.beneath)
    if not beneath:
        return Text(f"Hand off first: nothing is beneath {role.article} {role.title}.")
    table = Table(
        title=f"Hand off first ({beneath}; hours per week over {review.stretch})",
        title_justify="left",
        box=None,
        show_header=False,
        padding=(0, 1),
    )
    for name in ("level", "title", "per week", ""):
        table.add_column(name, justify="right" if name == "per week" else "left")
    for candidate in review.candidates:
        kind = "recurring" if candidate.recurring else "same title"
        table.add_row(
            Text(candidate.level.value, style=_COLOURS[candidate.level]),
            candidate.title,
            f"{candidate.hours_per_week:.1f} h",
            Text(f"{candidate.occurrences}×, {kind}", style="dim"),
        )
    if not table.row_count:
        return Text(f"Hand off first: no {beneath} hours in these weeks.")
    return table


def trend_chart(trend: Trend, width: int = 40) -> RenderableType:
    """One stacked bar per week: the share of work hours at each level, and the index."""
    table = Table(box=None, padding=(0, 1), title_justify="left", title="Level mix by week")
    table.add_column("week")
    table.add_column("doing · managing · directing · visioning")
    table.add_column("work", justify="right")
    table.add_column("level", justify="right")
    for point in trend.points:
        bar = Text()
        if point.work_hours > 0:
            cells = _apportion([point.share(level) for level in WORK_LEVELS], width)
            for level, count in zip(WORK_LEVELS, cells, strict=True):
                bar.append("█" * count, style=_COLOURS[level])
        else:
            bar.append("·" * width, style="dim")
        table.add_row(
            point.week,
            bar,
            f"{point.work_hours:.1f} h",
            "—" if point.index is None else f"{point.index:.2f}",
        )
    return Group(table, Text(trend.verdict, style="bold"))


def _apportion(shares: list[float], width: int) -> list[int]:
    """Whole cells per share that add up to `width` (largest remainder)."""
    exact = [share * width for share in shares]
    cells = [int(value) for value in exact]
    order = sorted(range(len(exact)), key=lambda i: cells[i] - exact[i])
    for index in order[: width - sum(cells)]:
        cells[index] += 1
    return cells


def _outside(review: Review) -> Text | None:
    if review.working_hours is None:
        return None
    from levelcal.workday import describe

    return Text(
        f"Outside your working hours ({describe(review.working_hours)}): "
        f"{review.outside_working_hours:.1f} h of work."
    )


def _review(review: Review | None) -> list[RenderableType | None]:
    if review is None:
        return []
    parts: list[RenderableType | None] = []
    if review.assessment is not None:
        parts += [Text(""), _targets(review.assessment), _outside(review), Text("")]
        parts += [_candidates(review)]
    if review.trend is not None:
        parts += [Text(""), trend_chart(review.trend)]
    if review.saved_week:
        parts += [Text(f"Saved as {review.saved_week} in the history.", style="dim")]
    return parts


def renderable(summary: Summary, review: Review | None = None) -> RenderableType:
    parts: list[RenderableType | None] = [
        _header(summary),
        Text(""),
        _levels_table(summary),
        Text(""),
        _verdict(summary),
        Text(""),
        _time_sinks(summary),
        _all_day(summary),
        _footnotes(summary),
        *_review(review),
    ]
    return Group(*(part for part in parts if part is not None))


def render(report: Report, screen: Screen) -> str:
    """The report of one analysis, with what its review adds."""
    return screen.draw(renderable(report.analysis, report.review))
