"""The human report: rich renderables built from a Summary and printed once."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from levelcal.classify.labeler import LOW_CONFIDENCE
from levelcal.levels import WORK_LEVELS, Level
from levelcal.report.summary import Summary, TimeSink

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


def renderable(summary: Summary) -> RenderableType:
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
    ]
    return Group(*(part for part in parts if part is not None))


def render(summary: Summary, console: Console) -> None:
    console.print(renderable(summary))
