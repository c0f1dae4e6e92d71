"""The connected accounts' calendars, as `levelcal calendars` lists them."""

from __future__ import annotations

import dataclasses

from levelcal.report import Report, Screen, json_text, terminal_safe


def listing_json(report: Report, screen: Screen) -> str:
    rows = [dataclasses.asdict(entry) for entry in report.calendars]
    return json_text(rows) + "\n"


def listing(report: Report, screen: Screen) -> str:
    """One line per calendar: `ACCOUNT:ID  name  [access, primary, analyzed]`."""
    if not report.calendars:
        return "the account lists no calendars\n"
    lines = []
    for entry in report.calendars:
        marks = ", ".join(
            m for m, on in (("primary", entry.primary), ("analyzed", entry.analyzed)) if on
        )
        access = ", ".join(part for part in (entry.access, marks) if part)
        lines.append(terminal_safe(f"{entry.account}:{entry.id}  {entry.name}  [{access}]"))
    return "\n".join(lines) + "\n"
