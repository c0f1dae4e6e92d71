"""The human report: rich renderables built from a Summary and printed once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from levelcal.classify.label import LOW_CONFIDENCE
from levelcal.levels import WORK_LEVELS, Level
from levelcal.report import (
    ONE_ON_ONES,
    Report,
    Screen,
    plain,
    sentence,
    shown_hours,
    shown_percent,
    terminal_safe,
    zone_of,
)
from levelcal.rounding import largest_remainder
from levelcal.summary import Summary, TimeSink

if TYPE_CHECKING:
    from collections.abc import Sequence

    from levelcal.delegation import Candidate
    from levelcal.handoffs import Progress, Suggestion
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
# Bars are told apart without colour too (a pipe, a monochrome terminal, a colour-blind reader).
PATTERNS = {
    Level.IMPLEMENTATION: "█",
    Level.UNIFICATION: "▓",
    Level.COMMUNICATION: "▒",
    Level.BEYOND: "░",
    Level.OTHER: "-",
}
LEGEND = "  ".join(f"{PATTERNS[level]} {level.short_name}" for level in WORK_LEVELS)


def _bar(fraction: float, level: Level) -> Text:
    filled = round(max(0.0, min(1.0, fraction)) * _BAR_WIDTH)
    return Text(PATTERNS[level] * filled + "·" * (_BAR_WIDTH - filled), style=_COLOURS[level])


def _header(summary: Summary) -> Text:
    window = summary.window
    text = Text()
    text.append("levelcal", style="bold")
    text.append(f" · {window.name} · {window.dates}")
    text.append(f" ({terminal_safe(zone_of(window))})\n", style="dim")
    text.append(f"Calendars: {terminal_safe(', '.join(summary.calendar_names))}", style="dim")
    if summary.owner_emails:
        said = f" (from {summary.owner_from})" if summary.owner_from else ""
        owner = ", ".join(summary.owner_emails) + said
        text.append(f"\nOwner: {terminal_safe(owner)}", style="dim")
    if summary.executives:  # a generic meeting with one of them is directing
        executives = ", ".join(summary.executives)
        text.append(f"\nExecutives: {terminal_safe(executives)}", style="dim")
    return text


def _levels_table(summary: Summary) -> Table:
    """Hours and shares as shown add up: to the work and busy hours, and to 100%."""
    table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 1))
    table.add_column("level")
    table.add_column("hours", justify="right")
    table.add_column("of work", justify="right")
    table.add_column("")
    hours = shown_hours(summary.hours_by_level)
    percent = shown_percent(summary.hours_by_level)
    for level in Level:
        share = summary.work_share(level)
        fraction = (
            share
            if share is not None
            else (summary.hours_by_level[level] / summary.busy_hours if summary.busy_hours else 0.0)
        )
        table.add_row(
            Text(level.short_name, style=_COLOURS[level]),
            f"{hours[level]:.1f}",
            f"{percent[level]}%" if level.is_work else "—",
            _bar(fraction, level),
        )
    table.add_row("", "", "", "")
    work = sum(hours[level] for level in WORK_LEVELS)
    table.add_row(Text("work", style="bold"), f"{work:.1f}", "", "")
    table.add_row(Text("busy", style="bold"), f"{sum(hours.values()):.1f}", "", "all counted time")
    return table


def _verdict(summary: Summary) -> Text:
    top = summary.top_work_level
    if top is None:
        return Text("No work hours in this window.", style="bold")
    hours = shown_hours(summary.hours_by_level)
    work = sum(hours[level] for level in WORK_LEVELS)
    return Text.assemble(
        "Most of your work time went to ",
        (top.short_name, f"bold {_COLOURS[top]}"),
        f": {hours[top]:.1f} h, {shown_percent(summary.hours_by_level)[top]}% of {work:.1f} "
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
                Text(level.short_name, style=_COLOURS[level]),
                plain(sink.title),
                f"{sink.hours:.1f} h",
                _occurrences(sink),
            )
    return table if table.row_count else None


def _all_day(summary: Summary) -> Text | None:
    if not summary.all_day:
        return None
    text = Text("All-day markers (0 h): ", style="bold")
    text.append(
        "; ".join(f"{e.start:%a %d %b} {terminal_safe(e.title)}" for e in summary.all_day[:12])
    )
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
        off = target.shown_off_by
        status = (
            Text(f"{off:g} point{'' if off == 1 else 's'} off", style="bold red")
            if off > 0
            else Text("ok" if target.bound is not Bound.REFERENCE else "", style="green")
        )
        table.add_row(
            Text(target.level.short_name, style=_COLOURS[target.level]),
            f"{target.shown_percent}%",
            f"{limits[target.bound]}{target.target_percent:g}%",
            status,
        )
    return Group(table, Text(sentence(assessment.sentence), style="bold"))


def _candidate_table(title: str, candidates: tuple[Candidate, ...]) -> Table:
    table = Table(title=title, title_justify="left", box=None, show_header=False, padding=(0, 1))
    for name in ("level", "title", "per week", ""):
        table.add_column(name, justify="right" if name == "per week" else "left")
    for candidate in candidates:
        kind = "recurring" if candidate.recurring else "same title"
        table.add_row(
            Text(candidate.level.short_name, style=_COLOURS[candidate.level]),
            plain(candidate.title),
            f"{candidate.hours_per_week:.1f} h",
            Text(f"{candidate.occurrences}×, {kind}", style="dim"),
        )
    return table


def _candidates(review: Review) -> RenderableType | None:
    if review.assessment is None:
        return None
    role = review.assessment.role
    names = [level.short_name for level in WORK_LEVELS if level in role.beneath]
    beneath = ", ".join(names)
    if not beneath:
        return Text(f"Hand off first: nothing is beneath {role.article} {role.title}.")
    parts: list[RenderableType] = [
        _candidate_table(
            f"Hand off first ({beneath}; hours per week over {review.stretch})",
            review.candidates,
        )
        if review.candidates
        else Text(
            f"Hand off first: no {' or '.join(names)} work recurs in these weeks"
            " (one-off events, 1:1s and focus blocks are never listed)."
        )
    ]
    if review.one_on_ones:
        parts += [Text(""), _candidate_table(ONE_ON_ONES, review.one_on_ones)]
    return Group(*parts)


def trend_chart(trend: Trend, width: int = 40) -> RenderableType:
    """One stacked bar per week: the share of work hours at each level, and the index."""
    table = Table(box=None, padding=(0, 1), title_justify="left", title="Level mix by week")
    table.add_column("week")
    table.add_column(LEGEND)
    table.add_column("work", justify="right")
    table.add_column("level", justify="right")
    for point in trend.points:
        bar = Text()
        if point.work_hours > 0:
            cells = largest_remainder([point.share(level) * width for level in WORK_LEVELS], width)
            for level, count in zip(WORK_LEVELS, cells, strict=True):
                bar.append(PATTERNS[level] * count, style=_COLOURS[level])
        else:
            bar.append("·" * width, style="dim")
        table.add_row(
            point.week,
            bar,
            f"{point.work_hours:.1f} h",
            "—" if point.index is None else f"{point.index:.2f}",
        )
    return Group(table, Text(""), level_chart(trend), Text(trend.verdict, style="bold"))


_EIGHTHS = " ▁▂▃▄▅▆▇█"
_ROWS = 3  # one row of the chart per step between levels: 1→2, 2→3, 3→4


def level_chart(trend: Trend) -> Text:
    """The operating level week by week as columns on a scale from doing (1) to visioning
    (4), in eighths of a row: shapes, so it reads the same without colour.

        4 visioning ┤
        3 directing ┤          ▄▄
        2 managing  ┤ ▆▆ ██ ██ ██
        1 doing     └─────────────
                      44 45 46 47
    """
    from levelcal.trend import LEVEL_NUMBER

    names = {number: level.short_name for level, number in LEVEL_NUMBER.items()}
    width = max(len(name) for name in names.values()) + 2
    eighths = [
        None if point.index is None else round((point.index - 1) * 8) for point in trend.points
    ]
    text = Text("Operating level by week\n", style="bold")
    for row in range(_ROWS, 0, -1):  # the top row first: from level row to row + 1
        text.append(f"{row + 1} {names[row + 1]:<{width}}┤", style="dim")
        for filled in eighths:
            fill = 0 if filled is None else max(0, min(8, filled - 8 * (row - 1)))
            text.append(" " + _EIGHTHS[fill] * 2)
        text.append("\n")
    text.append(f"1 {names[1]:<{width}}└" + "───" * len(eighths) + "\n", style="dim")
    text.append(" " * (width + 3))
    for point, filled in zip(trend.points, eighths, strict=True):
        text.append(" " + (point.week[-2:] if filled is not None else "--"))
    return text


def _outside(review: Review) -> Text | None:
    if review.working_hours is None:
        return None
    from levelcal.workday import describe

    return Text(
        f"Outside your working hours ({describe(review.working_hours)}): "
        f"{review.outside_working_hours:.1f} h of work."
    )


_STATE_STYLES = {"done": "green", "slipping": "bold red", "back": "bold red", "pending": "dim"}


def handoffs_renderable(
    progress: Sequence[Progress], suggested: Sequence[Suggestion] = ()
) -> RenderableType | None:
    """Each recorded handoff's state and what happened since; series that look handed off."""
    if not progress and not suggested:
        return None
    from levelcal.report import handoffs as words

    lines: list[RenderableType] = []
    if progress:
        table = Table(
            title=words.HEADING, title_justify="left", box=None, show_header=False, padding=(0, 1)
        )
        for name in ("state", "handoff"):
            table.add_column(name)
        for item in progress:
            table.add_row(
                Text(item.state.value, style=_STATE_STYLES[item.state.value]),
                f"{words.subject_of(item.handoff)}: {words.what_happened(item)}",
            )
        lines.append(table)
    for suggestion in suggested:
        lines.append(
            Text.assemble(
                (f"{words.suggestion_line(suggestion)}", "bold"),
                f"; record it: {words.suggestion_command(suggestion)}",
            )
        )
    return Group(*lines)


def _review(review: Review | None) -> list[RenderableType | None]:
    if review is None:
        return []
    parts: list[RenderableType | None] = []
    if review.assessment is not None:
        parts += [Text(""), _targets(review.assessment), _outside(review), Text("")]
        parts += [_candidates(review)]
    parts += _upward(review)
    handoffs = handoffs_renderable(review.handoffs, review.suggested_handoffs)
    if handoffs is not None:
        parts += [Text(""), handoffs]
    if review.trend is not None:
        parts += [Text(""), trend_chart(review.trend)]
    if review.saved_week:
        parts += [Text(f"Saved as {review.saved_week} in the history.", style="dim")]
    return parts


def _upward(review: Review) -> list[RenderableType | None]:
    """Who pulls you down (with an owner), and the cadence upward (with a `manager`)."""
    from levelcal.report.upward import cadence_lines, pulled_lines

    parts: list[RenderableType | None] = [Text(""), Text("Who pulls you down", style="bold")]
    parts += [Text(line) for line in pulled_lines(review.pulled_down)]
    if review.cadence is not None:
        parts += [Text(""), Text("Cadence upward", style="bold")]
        parts += [Text(line) for line in cadence_lines(review.cadence)]
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
