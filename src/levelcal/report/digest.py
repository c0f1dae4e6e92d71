"""The weekly digest: one Summary and its Review as text, Markdown or self-contained HTML.

The HTML is for mail clients first: Gmail and Outlook drop inline SVG, scripts
and remote images or style sheets. So it has none: the chart is a table whose
cells are the bars (widths in whole percent, colours as `bgcolor` and inline
style), the colours of the legend and the swatches are coloured text, and the
one <style> block only refines what the inline styles already say. No image
is attached: nothing has to be fetched or unpacked for the chart to show.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from levelcal.levels import WORK_LEVELS, Level
from levelcal.report import (
    ONE_ON_ONES,
    Report,
    Screen,
    sentence,
    shown_hours,
    shown_percent,
    terminal_safe,
    zone_of,
)
from levelcal.review import Review
from levelcal.roles import Bound
from levelcal.summary import Summary
from levelcal.trend import operating_level

COLOURS = {  # the terminal's colours, as CSS
    Level.IMPLEMENTATION: "#d9534f",
    Level.UNIFICATION: "#e0a800",
    Level.COMMUNICATION: "#28a745",
    Level.BEYOND: "#17a2b8",
    Level.OTHER: "#9e9e9e",
}
_LIMITS = {Bound.AT_MOST: "at most", Bound.AT_LEAST: "at least", Bound.REFERENCE: "about"}
_SIGNS = {Bound.AT_MOST: "≤", Bound.AT_LEAST: "≥", Bound.REFERENCE: "~"}
OPERATING_LEVEL = (
    "Operating level: the average level of the work hours in a week, doing = 1, managing = 2, "
    "directing = 3, visioning = 4. The target row: the role's targets, stacked as the weeks are."
)
# Text on each level's colour that stays readable (the yellow takes dark text).
_INK = {
    Level.IMPLEMENTATION: "#ffffff",
    Level.UNIFICATION: "#222222",
    Level.COMMUNICATION: "#ffffff",
    Level.BEYOND: "#ffffff",
    Level.OTHER: "#ffffff",
}


@dataclass(frozen=True, slots=True)
class Row:
    level: Level
    hours: float  # to one decimal: the rows add up to the busy hours shown
    share: int | None  # whole percent of work hours, adding up to 100; None for `other`
    target: str  # "at most 15%", or "" without a role
    status: str  # "49 points off", "ok" or ""


def _work_hours(summary: Summary) -> float:
    """The work hours as shown: the sum of the work levels' rows."""
    hours = shown_hours(summary.hours_by_level)
    return sum(hours[level] for level in WORK_LEVELS)


def _rows(summary: Summary, review: Review) -> list[Row]:
    targets = {t.level: t for t in review.assessment.levels} if review.assessment else {}
    hours = shown_hours(summary.hours_by_level)
    percent = shown_percent(summary.hours_by_level)
    rows = []
    for level in Level:
        target = targets.get(level)
        status = ""
        if target is not None and target.bound is not Bound.REFERENCE:
            off = target.shown_off_by
            status = f"{off:g} point{'' if off == 1 else 's'} off" if off > 0 else "ok"
        rows.append(
            Row(
                level,
                hours[level],
                percent[level] if level.is_work else None,
                f"{_LIMITS[target.bound]} {target.target_percent:g}%" if target else "",
                status,
            )
        )
    return rows


def _dates(summary: Summary) -> str:
    window = summary.window
    return (
        f"{window.start.date().isoformat()} to {window.last_day.isoformat()}, "
        f"{terminal_safe(zone_of(window))}"
    )


def _calendars(summary: Summary) -> str:
    """The calendars' names, terminal-safe: every form of the digest may be printed."""
    return terminal_safe(", ".join(summary.calendar_names)) or "none"


def subject(report: Report) -> str:
    """The mail's subject: the window, and the gap when there is one."""
    summary, review = report.analysis, report.reviewed
    window = summary.window
    # --from/--to: "7 days" alone would not say which; a week or a month names itself.
    name = window.name if window.named else f"{window.name}, {window.dates}"
    lead = f"levelcal digest, {name}"
    if review.assessment is not None and review.assessment.gap is not None:
        gap = review.assessment.gap
        limit = "≤" if gap.bound is Bound.AT_MOST else "≥"
        return (
            f"{lead}: {gap.actual_percent:.0f}% {gap.level.short_name} "
            f"(target {limit} {gap.target_percent:g}%)"
        )
    return lead


def _outside(review: Review) -> str:
    from levelcal.workday import describe

    assert review.working_hours is not None
    return (
        f"Outside your working hours ({describe(review.working_hours)}): "
        f"{review.outside_working_hours:.1f} h of work."
    )


def _no_role_hint() -> str:
    return "Set a role to compare with its targets: levelcal config set role vp"


def text(report: Report, screen: Screen) -> str:
    summary, review = report.analysis, report.reviewed
    lines = [
        f"levelcal weekly digest: {summary.window.name} ({_dates(summary)})",
        f"Calendars: {_calendars(summary)}",
        "",
        f"Hours per level ({_work_hours(summary):.1f} work hours, "
        f"{sum(row.hours for row in _rows(summary, review)):.1f} busy):",
    ]
    for row in _rows(summary, review):
        share = "" if row.share is None else f"{row.share:3d}%"
        target = f"  target {row.target}" if row.target else ""
        status = f"  {row.status}" if row.status else ""
        lines.append(
            f"  {row.level.short_name:<10} {row.hours:6.1f} h  {share:>4}{target}{status}".rstrip()
        )
    lines.append("")
    if review.working_hours is not None:
        lines += [_outside(review), ""]
    if review.assessment is None:
        lines.append(_no_role_hint() + ".")
    else:
        lines.append(sentence(review.assessment.sentence))
        lines += ["", f"Hand off first (hours per week over {review.stretch}):"]
        for candidate in review.candidates:
            kind = "recurring" if candidate.recurring else "same title"
            lines.append(
                f"  {candidate.hours_per_week:5.1f} h/week  {terminal_safe(candidate.title)} "
                f"({candidate.level.short_name}, {kind}, {candidate.occurrences}×)"
            )
        if not review.candidates:
            lines.append("  nothing beneath the role took time in these weeks")
        if review.one_on_ones:
            lines += ["", f"{ONE_ON_ONES}:"]
            for candidate in review.one_on_ones:
                lines.append(
                    f"  {candidate.hours_per_week:5.1f} h/week  {terminal_safe(candidate.title)} "
                    f"({candidate.occurrences}×)"
                )
    lines += _upward_text(review)
    lines += _handoffs_text(review)
    if review.trend is not None:
        lines += ["", "Level mix by week (operating level: doing 1 ... visioning 4):"]
        for point in review.trend.points:
            index = "  —" if point.index is None else f"{point.index:.2f}"
            mix = "  ".join(f"{lvl.short_name} {point.share(lvl):3.0%}" for lvl in WORK_LEVELS)
            lines.append(f"  {point.week}  {index}  {mix}")
        lines.append(review.trend.verdict)
    return "\n".join(lines) + "\n"


def markdown(report: Report, screen: Screen) -> str:
    summary, review = report.analysis, report.reviewed

    def cell(value: str) -> str:
        return _MARKDOWN_SPECIAL.sub(r"\\\g<0>", terminal_safe(value))

    lines = [
        f"# levelcal weekly digest: {summary.window.name}",
        "",
        f"{_dates(summary)}. Calendars: {cell(_calendars(summary))}.",
        "",
        "| level | hours | share of work | target | |",
        "|---|---:|---:|---|---|",
    ]
    for row in _rows(summary, review):
        share = "—" if row.share is None else f"{row.share}%"
        lines.append(
            f"| {row.level.short_name} | {row.hours:.1f} | {share} | {row.target} | {row.status} |"
        )
    lines.append(f"| **work** | **{_work_hours(summary):.1f}** | | | |")
    lines.append("")
    if review.working_hours is not None:
        lines += [_outside(review), ""]
    if review.assessment is None:
        lines.append(f"_{_no_role_hint()}._")
    else:
        lines += [f"**{sentence(review.assessment.sentence)}**", ""]
        lines.append(f"## Hand off first (hours per week over {review.stretch})")
        lines.append("")
        if review.candidates:
            lines += ["| hours/week | title | level | |", "|---:|---|---|---|"]
            for candidate in review.candidates:
                kind = "recurring" if candidate.recurring else "same title"
                lines.append(
                    f"| {candidate.hours_per_week:.1f} | {cell(candidate.title)} | "
                    f"{candidate.level.short_name} | {kind}, {candidate.occurrences}× |"
                )
        else:
            lines.append("Nothing beneath the role took time in these weeks.")
        if review.one_on_ones:
            lines += ["", f"{ONE_ON_ONES}:", ""]
            lines += [
                f"- {candidate.hours_per_week:.1f} h/week: {cell(candidate.title)}"
                for candidate in review.one_on_ones
            ]
    lines += _upward_markdown(review, cell)
    lines += _handoffs_markdown(review, cell)
    if review.trend is not None:
        lines += ["", "## Level mix by week", ""]
        lines += [
            "| week | operating level | "
            + " | ".join(lvl.short_name for lvl in WORK_LEVELS)
            + " |",
            "|---|---:|" + "---:|" * len(WORK_LEVELS),
        ]
        for point in review.trend.points:
            index = "—" if point.index is None else f"{point.index:.2f}"
            shares = " | ".join(f"{point.share(level):.0%}" for level in WORK_LEVELS)
            lines.append(f"| {point.week} | {index} | {shares} |")
        lines += ["", review.trend.verdict]
    return "\n".join(lines) + "\n"


# Calendar text in Markdown is text: each character that could start a link, an emphasis,
# code, raw HTML (`<img onerror=…>`), an entity or end a table cell is escaped with a
# backslash (CommonMark 2.4: any ASCII punctuation may be). The cells are never at the
# start of a line, so `#`, `-` and `1.` need nothing.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>|~&]")


def _html_text(text: str) -> str:
    """Calendar text in the HTML: escaped, and terminal-safe too (the page may go to stdout)."""
    return escape(terminal_safe(text))


# --- who pulls you down, and the cadence upward (report/upward.py words them) ----------


def _upward_text(review: Review) -> list[str]:
    from levelcal.report.upward import cadence_alarm, cadence_lines, pulled_lines

    lines = ["", "Who pulls you down:", *(f"  {line}" for line in pulled_lines(review.pulled_down))]
    alarm = cadence_alarm(review.cadence)
    if alarm is not None:
        lines += ["", alarm]
    if review.cadence is not None:
        lines += ["", "Cadence upward:", *(f"  {line}" for line in cadence_lines(review.cadence))]
    return lines


def _upward_markdown(review: Review, cell: Callable[[str], str]) -> list[str]:
    from levelcal.report.upward import cadence_alarm, cadence_lines, pulled_lines

    lines = ["", "## Who pulls you down", ""]
    for line in pulled_lines(review.pulled_down):
        lines.append(f"  - {cell(line.strip())}" if line.startswith("  ") else cell(line))
    alarm = cadence_alarm(review.cadence)
    if alarm is not None:
        lines += ["", f"**{cell(alarm)}**"]
    if review.cadence is not None:
        lines += ["", "## Cadence upward", ""]
        lines += [cell(line) for line in cadence_lines(review.cadence)]
    return lines


def _upward_html(review: Review) -> list[str]:
    from levelcal.report.upward import cadence_alarm, cadence_lines, pulled_lines

    body = ["<h2>Who pulls you down</h2>"]
    organizers = []
    for line in pulled_lines(review.pulled_down):
        if line.startswith("  "):
            organizers.append(f"<li>{escape(line.strip())}</li>")
            continue
        if organizers:
            body += ["<ul>", *organizers, "</ul>"]
            organizers = []
        body.append(f"<p>{escape(line)}</p>")
    alarm = cadence_alarm(review.cadence)
    if alarm is not None:
        body.append(f"<p{_styled('off')}>{escape(alarm)}</p>")
    if review.cadence is not None:
        body.append("<h2>Cadence upward</h2>")
        body += [f"<p>{escape(line)}</p>" for line in cadence_lines(review.cadence)]
    return body


def _bars(review: Review, summary: Summary) -> list[tuple[str, dict[Level, float], float, str]]:
    """(label, share per work level, work hours, operating level) per week of the trend, or
    the window alone without one."""
    if review.trend is not None and review.trend.points:
        return [
            (
                point.week,
                {level: point.share(level) for level in WORK_LEVELS},
                point.work_hours,
                "—" if point.index is None else f"{point.index:.2f}",
            )
            for point in review.trend.points
        ]
    shares = {level: summary.work_share(level) or 0.0 for level in WORK_LEVELS}
    index = operating_level(summary.hours_by_level)
    shown = "—" if index is None else f"{index:.2f}"
    return [(summary.window.description, shares, summary.work_hours, shown)]


_CELL = "padding:3px 8px 3px 0;font-size:12px;white-space:nowrap;color:#444;vertical-align:middle"
_BAR_HEIGHT = 18


def _bar_cells(shares: dict[Level, float], labels: dict[Level, str]) -> str:
    """One row of a table: a cell per level, as wide as its share (whole percent, adding up
    to 100), coloured by `bgcolor` and inline style, with its label when there is room."""
    from levelcal.rounding import largest_remainder

    percent = largest_remainder([shares[level] * 100 for level in WORK_LEVELS], 100)
    cells = []
    for level, width in zip(WORK_LEVELS, percent, strict=True):
        if width <= 0:
            continue
        colour = COLOURS[level]
        label = labels[level] if width >= 9 else ""
        cells.append(
            f'<td class="{level.value}" width="{width}%" height="{_BAR_HEIGHT}" '
            f'bgcolor="{colour}" align="center" style="width:{width}%;height:{_BAR_HEIGHT}px;'
            f"background-color:{colour};color:{_INK[level]};font-size:11px;"
            f'line-height:{_BAR_HEIGHT}px;padding:0;white-space:nowrap;overflow:hidden">'
            f"{escape(label) or '&nbsp;'}</td>"
        )
    if not cells:  # a week without work hours: an empty grey bar
        cells.append(
            f'<td height="{_BAR_HEIGHT}" bgcolor="#eeeeee" style="height:{_BAR_HEIGHT}px;'
            'background-color:#eeeeee;font-size:11px;color:#666;padding:0 4px">no work hours</td>'
        )
    return (
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" '
        'style="border-collapse:collapse;width:100%;table-layout:fixed"><tr>'
        + "".join(cells)
        + "</tr></table>"
    )


def chart_table(review: Review, summary: Summary) -> str:
    """The level mix week by week as table-cell bars: what Gmail and Outlook show as drawn.

    One row per week (its share of work hours per level, its work hours and
    operating level); with a role, a last row with its targets, stacked the same way.
    """
    rows = [
        f'<tr><th align="left" style="{_CELL}">week</th>'
        f'<th align="left" style="{_CELL}">share of work hours</th>'
        f'<th align="right" style="{_CELL}">work</th>'
        f'<th align="right" style="{_CELL}">level</th></tr>'
    ]
    for label, shares, work, index in _bars(review, summary):
        percent = {level: f"{shares[level]:.0%}" for level in WORK_LEVELS}
        rows.append(
            f'<tr class="week"><td style="{_CELL}">{escape(label)}</td>'
            f'<td width="100%" style="padding:3px 8px 3px 0;width:100%">'
            f"{_bar_cells(shares, percent)}</td>"
            f'<td align="right" style="{_CELL}">{work:.1f} h</td>'
            f'<td align="right" style="{_CELL}">{index}</td></tr>'
        )
    if review.assessment is not None:
        targets = {t.level: t for t in review.assessment.levels}
        shares = {level: targets[level].target_percent / 100 for level in WORK_LEVELS}
        labels = {
            level: f"{_SIGNS[targets[level].bound]}{targets[level].target_percent:g}%"
            for level in WORK_LEVELS
        }
        rows.append(
            f'<tr class="target"><td style="{_CELL};padding-top:6px;font-weight:bold">target</td>'
            '<td style="padding:6px 8px 3px 0;vertical-align:middle">'
            f"{_bar_cells(shares, labels)}</td>"
            f'<td style="{_CELL}"></td><td style="{_CELL}"></td></tr>'
        )
    return (
        '<table id="level-mix-chart" role="presentation" width="100%" cellpadding="0" '
        'cellspacing="0" border="0" style="border-collapse:collapse;width:100%;'
        'max-width:640px">' + "".join(rows) + "</table>"
    )


_STYLE = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222;
       margin: 0; padding: 16px; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
table { border-collapse: collapse; }
"""
# Each class's look, inline too: a client that drops the <style> block keeps it.
_LOOK = {
    "off": "color:#c0392b;font-weight:bold",
    "ok": "color:#1e8449",
    "gap": "font-size:16px;font-weight:bold;margin:16px 0",
    "muted": "color:#666666",
    "number": "text-align:right",
}
_PAD = "padding:4px 10px"


def _styled(name: str, extra: str = "") -> str:
    """class="…" style="…": the class for a browser, the style for a mail client."""
    look = ";".join(part for part in (_LOOK.get(name, ""), extra) if part)
    return f' class="{name}" style="{look}"'


def swatch(level: Level) -> str:
    """The level's colour as a coloured square character: text colour survives every client."""
    return f'<span style="color:{COLOURS[level]};font-size:14px">&#9632;</span>&nbsp;'


def _levels_table(summary: Summary, review: Review) -> list[str]:
    rows = []
    for row in _rows(summary, review):
        share = "—" if row.share is None else f"{row.share}%"
        status_class = "off" if row.status.endswith("off") else "ok"
        rows.append(
            f'<tr><td style="{_PAD}">{swatch(row.level)}{row.level.short_name}</td>'
            f"<td{_styled('number', _PAD)}>{row.hours:.1f} h</td>"
            f"<td{_styled('number', _PAD)}>{share}</td>"
            f'<td style="{_PAD}">{row.target}</td>'
            f"<td{_styled(status_class, _PAD)}>{row.status}</td></tr>"
        )
    return [
        '<table role="presentation" cellpadding="0" cellspacing="0" border="0" '
        'style="border-collapse:collapse"><thead><tr>'
        f'<th align="left" style="{_PAD}">level</th>'
        f"<th{_styled('number', _PAD)}>hours</th>"
        f"<th{_styled('number', _PAD)}>share of work</th>"
        f'<th align="left" style="{_PAD}">target</th><th></th></tr></thead><tbody>',
        *rows,
        f'<tr><td style="{_PAD}"><b>work</b></td>'
        f"<td{_styled('number', _PAD)}><b>{_work_hours(summary):.1f} h</b></td>"
        "<td></td><td></td><td></td></tr></tbody></table>",
    ]


def _candidates_html(review: Review) -> list[str]:
    body = [
        f"<h2>Hand off first</h2><p{_styled('muted')}>Hours per week over {review.stretch}.</p>"
    ]
    if review.candidates:
        body.append('<table role="presentation" style="border-collapse:collapse"><tbody>')
        for candidate in review.candidates:
            kind = "recurring" if candidate.recurring else "same title"
            body.append(
                f"<tr><td{_styled('number', _PAD)}>{candidate.hours_per_week:.1f} h/week</td>"
                f'<td style="{_PAD}">{swatch(candidate.level)}{_html_text(candidate.title)}</td>'
                f"<td{_styled('muted', _PAD)}>{kind}, {candidate.occurrences}×</td></tr>"
            )
        body.append("</tbody></table>")
    else:
        body.append("<p>Nothing beneath the role took time in these weeks.</p>")
    if review.one_on_ones:
        body.append(f"<p>{escape(ONE_ON_ONES)}:</p><ul>")
        body += [
            f"<li>{candidate.hours_per_week:.1f} h/week: {_html_text(candidate.title)}</li>"
            for candidate in review.one_on_ones
        ]
        body.append("</ul>")
    return body


def html(report: Report, screen: Screen) -> str:
    summary, review = report.analysis, report.reviewed
    body = [
        f"<h1>levelcal weekly digest: {escape(summary.window.name)}</h1>",
        f"<p{_styled('muted')}>{escape(_dates(summary))}. Calendars: "
        f"{escape(_calendars(summary))}.</p>",
        *_levels_table(summary, review),
    ]
    if review.working_hours is not None:
        body.append(f"<p>{escape(_outside(review))}</p>")
    if review.assessment is None:
        body.append(f"<p{_styled('muted')}>{escape(_no_role_hint())}.</p>")
    else:
        body.append(f"<p{_styled('gap')}>{escape(sentence(review.assessment.sentence))}</p>")
        body += _candidates_html(review)
    body += _upward_html(review)
    body += _handoffs_html(review)
    body.append("<h2>Level mix by week</h2>")
    body.append(chart_table(review, summary))
    body.append(
        "<p>"
        + " &nbsp; ".join(f"{swatch(level)}{level.short_name}" for level in WORK_LEVELS)
        + "</p>"
    )
    body.append(f"<p{_styled('muted')}>{escape(OPERATING_LEVEL)}</p>")
    if review.trend is not None:
        body.append(f"<p><b>{escape(review.trend.verdict)}</b></p>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(subject(report))}</title><style>{_STYLE}</style></head>"
        '<body style="margin:0;padding:16px;color:#222222;font-family:-apple-system,'
        "'Segoe UI',Helvetica,Arial,sans-serif\">\n"
        '<div style="max-width:640px;margin:0 auto">\n'
        + "\n".join(body)
        + "\n</div>\n</body></html>\n"
    )


# --- handoffs ----------------------------------------------------------------------------


def _handoffs_text(review: Review) -> list[str]:
    from levelcal.report import handoffs as words

    lines: list[str] = []
    if review.handoffs:
        lines += ["", f"{words.HEADING}:"]
        lines += [f"  {words.line(item)}" for item in review.handoffs]
    if review.suggested_handoffs:
        lines += ["", f"{words.SUGGESTED}:"]
        lines += [
            f"  {words.suggestion_line(s)}: {words.suggestion_command(s)}"
            for s in review.suggested_handoffs
        ]
    return lines


def _handoffs_markdown(review: Review, cell: Callable[[str], str]) -> list[str]:
    from levelcal.report import handoffs as words

    lines: list[str] = []
    if review.handoffs:
        lines += ["", f"## {words.HEADING}", ""]
        lines += [
            f"- **{item.state.value}**: {cell(words.subject_of(item.handoff))}: "
            f"{words.what_happened(item)}"
            for item in review.handoffs
        ]
    if review.suggested_handoffs:
        lines += ["", f"{words.SUGGESTED}:", ""]
        lines += [
            f"- {cell(words.suggestion_line(s))}: `{words.suggestion_command(s)}`"
            for s in review.suggested_handoffs
        ]
    return lines


_STATE_LOOK = {"done": "ok", "slipping": "off", "back": "off", "pending": "muted"}


def _bullets(opening: str, items: list[str]) -> list[str]:
    """A heading or paragraph and a list of HTML items under it; nothing without items."""
    return [f"{opening}<ul>", *(f"<li>{item}</li>" for item in items), "</ul>"] if items else []


def _handoffs_html(review: Review) -> list[str]:
    from levelcal.report import handoffs as words

    states = [
        f"<span{_styled(_STATE_LOOK[item.state.value])}>{item.state.value}</span>: "
        f"{escape(words.subject_of(item.handoff))}: {escape(words.what_happened(item))}"
        for item in review.handoffs
    ]
    offered = [
        f"{escape(words.suggestion_line(s))}: <code>{escape(words.suggestion_command(s))}</code>"
        for s in review.suggested_handoffs
    ]
    return _bullets(f"<h2>{words.HEADING}</h2>", states) + _bullets(
        f"<p><b>{words.SUGGESTED}:</b></p>", offered
    )
