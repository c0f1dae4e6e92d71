"""The history as the `history` and `trend` commands show it: a table, a chart, or JSON."""

from __future__ import annotations

from pathlib import Path

from levelcal import trend
from levelcal.levels import WORK_LEVELS, Level
from levelcal.report import Report, Screen, json_text, plain

SCHEMA_VERSION = 1


def _nothing_recorded(report: Report) -> str:
    return (
        f"no weeks recorded yet in {report.history_path}: run "
        "`levelcal analyze --last-week --save` or `levelcal digest`\n"
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _json(document: dict[str, object]) -> str:
    return json_text({"schema_version": SCHEMA_VERSION, **document})


def weeks_json(report: Report, screen: Screen) -> str:
    weeks = [
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
                level.value: round(record.hours_by_level.get(level, 0.0), 6) for level in Level
            },
        }
        for record in report.weeks
    ]
    return _json({"weeks": weeks}) + "\n"


def weeks_table(report: Report, screen: Screen) -> str:
    """One row per week: work hours, the share of each level, the operating level."""
    if not report.weeks:
        return _nothing_recorded(report)
    from rich.table import Table

    table = Table(box=None, padding=(0, 1))
    table.add_column("week", no_wrap=True)
    for name in ("work h", *(level.short_name for level in WORK_LEVELS), "level"):
        table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    table.add_column("calendars", overflow="ellipsis", no_wrap=True)  # shortened first
    for record in report.weeks:
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
            plain(", ".join(Path(source).name for source in record.sources)),
        )
    return screen.draw(table)


def trend_json(report: Report, screen: Screen) -> str:
    from levelcal.report.handoffs import progress_json
    from levelcal.report.json_doc import trend_document

    document = trend_document(_trend(report))
    if report.handoffs:  # optional, added within version 1
        document["handoffs"] = [progress_json(item) for item in report.handoffs]
    return _json(document) + "\n"


def trend_chart(report: Report, screen: Screen) -> str:
    """The level mix week by week, and whether the operating level moves up."""
    if not report.weeks:
        return _nothing_recorded(report)
    from rich.console import Group

    from levelcal.report.terminal import handoffs_renderable
    from levelcal.report.terminal import trend_chart as chart

    handoffs = handoffs_renderable(report.handoffs)
    if handoffs is None:
        return screen.draw(chart(_trend(report)))
    return screen.draw(Group(chart(_trend(report)), "", handoffs))


def _trend(report: Report) -> trend.Trend:
    if report.trend is None:
        raise ValueError("the trend renderers show a trend, and the report holds none")
    return report.trend
