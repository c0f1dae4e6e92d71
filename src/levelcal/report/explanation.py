"""`levelcal explain` on the terminal: the label, how sure, and what pushed it there."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from levelcal.classify.explain import GENERIC, Explanation, describe_rule
from levelcal.classify.features import title_shape
from levelcal.classify.label import LOW_CONFIDENCE, Label
from levelcal.classify.model import kept_time_is_doing, own_team_is_managing, room_breaks_ties
from levelcal.levels import Level
from levelcal.report import plain

REASONS_FOR = 8
REASONS_AGAINST = 4
_DECIDERS = {"correction": "your correction", "rule": "a rule"}  # Label.decided_by, in words


def _room(explanation: Explanation) -> str:
    features = explanation.features
    people = (
        "no other attendees"
        if features.attendees == 0
        else f"{features.attendees} other attendee{'s' if features.attendees != 1 else ''}"
    )
    reach = "someone external" if features.external else "all internal"
    parts = [people, "an executive" if features.executive else reach]
    if features.i_organize:
        parts.append("you organize it")
    if features.recurring:
        parts.append("recurring")
    if features.minutes:
        parts.append(f"{features.minutes} min")
    if features.event_type:
        parts.append(f"Google type {features.event_type}")
    return ", ".join(parts)


def _decider(explanation: Explanation) -> str:
    """Whether the title or the room decided, in the words of LEVELS.md's hard cases."""
    generic = explanation.genericness
    how = f"such titles go {describe_rule(explanation.rule)}"
    meal = "shape=meal" in title_shape(explanation.features)
    if explanation.features.names_room:
        title_is = f"The title only names who is in the room ({how})"
    elif meal:
        title_is = f"The title only names a meal and who is at the table ({how})"
    else:
        title_is = f"The title is generic ({generic:.0%}; {how})"
    if generic >= GENERIC and explanation.confidence < LOW_CONFIDENCE:
        return (
            f"{title_is} and the room does not settle it: "
            "uncertain. Attendee lines, a description or a correction (`levelcal label`) would."
        )
    if explanation.decided_by_room:
        return f"{title_is}, so who is in the room decided " + (
            "(LEVELS.md hard case 1: who is at the table)."
            if meal
            else "(LEVELS.md: generic titles are decided by the attendees)."
        )
    if generic >= GENERIC:
        return f"{title_is}; its words still lean one way."
    if explanation.settled_by is kept_time_is_doing:
        return (
            "The owner keeps this time alone for their own work (a focus block, or "
            '"do not book" and what it is for): doing (LEVELS.md: focus blocks).'
        )
    if explanation.settled_by is own_team_is_managing:
        return (
            "The title names one function's own team meeting and nobody from outside or "
            "above is in the room: managing (LEVELS.md: team meetings inside one function)."
        )
    if explanation.settled_by is room_breaks_ties:
        who = (
            "someone from outside or an executive"
            if explanation.level is Level.COMMUNICATION
            else "only colleagues"
        )
        return (
            f"The title leaves managing and directing close, so who is in the room decided: "
            f"{who} (LEVELS.md hard case 1)."
        )
    return f"The title decides (generic {generic:.0%}): the room can only break a tie."


def render(
    explanation: Explanation, console: Console, label: Label | None = None, heading: str = ""
) -> None:
    """Print one explanation; `label` is what the report shows when a rule or correction won."""
    level = explanation.level
    # The title as typed, in the double quotes the feature lines use (`title word "prep"`).
    title = plain(heading or f'"{explanation.features.title}"', style="bold")
    console.print(title, plain(f"({_room(explanation)})", style="dim"))
    if label is not None and label.decided_by != "model":
        console.print(
            f"  labeled {label.level.short_name} by {_DECIDERS.get(label.decided_by, 'a rule')}; "
            f"the model alone would say {level.short_name} ({explanation.confidence:.2f})"
        )
    else:
        console.print(
            f"  {level.short_name}, confidence {explanation.confidence:.2f}"
            + (" — uncertain" if explanation.confidence < LOW_CONFIDENCE else "")
        )
    console.print(Text(f"  {_decider(explanation)}"))
    odds = " · ".join(
        f"{lvl.short_name} {p:.2f}"
        for lvl, p in sorted(explanation.probabilities.items(), key=lambda item: -item[1])
    )
    console.print(Text(f"  {odds}", style="dim"))
    for heading_text, reasons in (
        (
            f"Why {level.short_name} rather than {explanation.runner_up.short_name}:",
            [r for r in explanation.reasons if r.push > 0][:REASONS_FOR],
        ),
        (
            "Pulling the other way:",
            [r for r in explanation.reasons if r.push < 0][:REASONS_AGAINST],
        ),
    ):
        if not reasons:
            continue
        console.print(f"  {heading_text}")
        table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
        table.add_column(width=3)
        table.add_column()
        table.add_column(justify="right")
        for reason in reasons:
            table.add_row("", plain(reason.feature), f"{reason.push:+.2f}")
        console.print(table)
