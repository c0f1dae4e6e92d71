"""Who pulls you down, and the cadence upward, in words: what the terminal, the digest and
the plan all say of them (pulled.py, cadence.py), so that they say it the same way."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from levelcal.levels import WORK_LEVELS
from levelcal.pulled import REACTIVE_NOTICE, Organizer, PulledDown
from levelcal.report import terminal_safe

if TYPE_CHECKING:
    from levelcal.cadence import Cadence

NO_OWNER = (
    "Who pulls you down: pass --me EMAIL (or levelcal config set me EMAIL) so that the "
    "meetings others organize can be told from yours."
)
_INSTANT = timedelta(microseconds=1)  # the span's end is not in it
NO_ROLE = "Set a role to split the time beneath your level by who put it on your calendar."


def _day(moment: datetime) -> str:
    return f"{moment:%a %d %b %Y}"


def split(pulled: PulledDown) -> str | None:
    """The beneath-level hours others organized against yours; None without a role."""
    if not pulled.beneath:
        return None
    beneath = ", ".join(level.short_name for level in WORK_LEVELS if level in pulled.beneath)
    return (
        f"Beneath your level ({beneath}): {pulled.by_others_hours:.1f} h that others "
        f"organized, {pulled.by_you_hours:.1f} h you put on your own calendar."
    )


def organizer(found: Organizer) -> str:
    """ "lee@x.example 3.0 h: Sprint planning 2.0 h, Bug bash 1.0 h", and with one series
    "lee@x.example 1.0 h: Sprint planning" (its hours are the organizer's)."""
    if len(found.series) == 1:
        series = terminal_safe(found.series[0].title)
    else:
        series = ", ".join(f"{terminal_safe(s.title)} {s.hours:.1f} h" for s in found.series)
    return f"{terminal_safe(found.email)} {found.hours:.1f} h: {series}"


def reactive(pulled: PulledDown) -> str:
    hours = int(REACTIVE_NOTICE.total_seconds() // 3600)
    text = (
        # The share, not the work total again: the report shows that total as its rows'
        # sum, which may differ in the last decimal.
        f"Reactive: {pulled.reactive_hours:.1f} h ({pulled.reactive_share:.0%} of your work "
        "hours) were one-off meetings others put on your calendar "
        f"less than {hours} h before they started."
    )
    if pulled.unknown_made_hours > 0:
        text += (
            f" For {pulled.unknown_made_hours:.1f} h more of others' one-off meetings, the "
            "calendar does not say when they were made."
        )
    return text


def pulled_lines(pulled: PulledDown | None) -> list[str]:
    """The whole section as sentences, organizers one per line (indented)."""
    if pulled is None:
        return [NO_OWNER]
    lines = [split(pulled) or NO_ROLE]
    if pulled.organizers:
        lines.append("Top organizers of that time:")
        lines += [f"  {organizer(found)}" for found in pulled.organizers]
    lines.append(reactive(pulled))
    return lines


def cadence_lines(cadence: Cadence) -> list[str]:
    """When you last met your manager one-on-one, whether it recurs, and what was looked at."""
    who = f"Your manager ({cadence.manager})"
    if cadence.last is None:
        last = "no 1:1 in the calendars looked at"
    else:
        days = (cadence.now.date() - cadence.last.date()).days
        ago = "the same day as" if days == 0 else f"{days} day{'' if days == 1 else 's'} before"
        last = f"last 1:1 on {_day(cadence.last)}, {ago} {_day(cadence.now)}"
    following = f"; the next on {_day(cadence.next)}" if cadence.next else ""
    recurring = (
        f"a recurring 1:1 exists ({cadence.recurring!r})"
        if cadence.recurring
        else "no recurring 1:1 with them"
    )
    return [
        f"{who}: {last}{following}; {recurring}.",
        f"Looked in {terminal_safe(', '.join(cadence.calendars)) or 'no calendar'} from "
        f"{_day(cadence.span_start)} to {_day(cadence.span_end - _INSTANT)}; a 1:1 before "
        "that is not known.",
    ]


def cadence_alarm(cadence: Cadence | None) -> str | None:
    """What the digest says when no 1:1 with the manager happened in four weeks."""
    if cadence is None or not cadence.overdue:
        return None
    from levelcal.cadence import WITHOUT

    weeks = WITHOUT.days // 7
    return (
        f"No 1:1 with your manager ({cadence.manager}) in the {weeks} weeks before "
        f"{_day(cadence.now)}: without a cadence upward there is no place to make the case "
        "for your next level. Propose a recurring 1:1."
    )
