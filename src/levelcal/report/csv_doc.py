"""--csv: one row per counted event, for spreadsheets.

The calendar's text (uid, title, calendar, source) is written neutralized
(`csv_cells`): a title like `=HYPERLINK(…)` stays text in a spreadsheet.
"""

from __future__ import annotations

import csv
import io

from levelcal.csv_cells import neutralized
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
                neutralized(event.uid),
                event.recurrence_id.isoformat() if event.recurrence_id else "",
                neutralized(event.title),
                event.start.isoformat(),
                event.end.isoformat(),
                f"{item.hours:.6f}",
                item.label.level.value,
                f"{item.label.confidence:.4f}",
                "yes" if item.label.uncertain else "no",
                item.label.decided_by,
                neutralized(event.calendar),
                neutralized(event.source),
            ]
        )
    return buffer.getvalue()
