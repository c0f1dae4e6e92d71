"""--csv: one row per counted event, for spreadsheets."""

from __future__ import annotations

import csv
import io

from levelcal.report import Report, Screen

COLUMNS = (
    "uid",
    "recurrence_id",
    "title",
    "start",
    "end",
    "hours",
    "level",
    "confidence",
    "uncertain",
    "labeled_by",
    "calendar",
    "source",
)


def render(report: Report, screen: Screen) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for item in report.analysis.events:
        event = item.event
        writer.writerow(
            [
                event.uid,
                event.recurrence_id.isoformat() if event.recurrence_id else "",
                event.title,
                event.start.isoformat(),
                event.end.isoformat(),
                f"{item.hours:.6f}",
                item.label.level.value,
                f"{item.label.confidence:.4f}",
                "yes" if item.label.uncertain else "no",
                item.label.decided_by,
                event.calendar,
                event.source,
            ]
        )
    return buffer.getvalue()
