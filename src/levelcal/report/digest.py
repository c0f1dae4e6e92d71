"""The weekly digest: one Summary and its Review as text, Markdown or self-contained HTML.

The HTML has no external assets and no script: the chart is inline SVG, the
style one <style> block, so it renders the same in a mail client and a browser.
"""

from __future__ import annotations

import re
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
    "directing = 3, visioning = 4. Dashed lines: the role's targets, stacked as the bars are."
)


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
            off = round(target.off_by)
            status = f"{off} point{'' if off == 1 else 's'} off" if target.off_by > 0 else "ok"
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


def _calendars(summary: Summary) -> str:
    """The calendars' names, terminal-safe: every form of the digest may be printed."""
    return terminal_safe(", ".join(summary.calendar_names)) or "none"


def _dates(summary: Summary) -> str:
    window = summary.window
    last = window.end.date().fromordinal(window.end.date().toordinal() - 1)
    return (
        f"{window.start.date().isoformat()} to {last.isoformat()}, {terminal_safe(zone_of(window))}"
    )


def subject(report: Report) -> str:
    """The mail's subject: the window, and the gap when there is one."""
    summary, review = report.analysis, report.reviewed
    lead = f"levelcal digest, {summary.window.description}"
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
        f"levelcal weekly digest: {summary.window.description} ({_dates(summary)})",
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
        f"# levelcal weekly digest: {summary.window.description}",
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


def chart_svg(review: Review, summary: Summary) -> str:
    """Stacked bars of the work-hour mix, one per week (or the window alone without a trend)."""
    if review.trend is not None and review.trend.points:
        bars = [
            (point.week, {level: point.share(level) for level in WORK_LEVELS}, point.work_hours)
            for point in review.trend.points
        ]
    else:
        shares = {level: summary.work_share(level) or 0.0 for level in WORK_LEVELS}
        bars = [(summary.window.description, shares, summary.work_hours)]
    bar, gap, top, height, left = 44, 18, 12, 180, 40
    targets = _target_lines(review)
    width = left + len(bars) * (bar + gap) + gap + (110 if targets else 0)
    parts = [
        f'<svg id="level-mix-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{top + height + 40}" viewBox="0 0 {width} {top + height + 40}" role="img" '
        'aria-label="Share of work hours per level, week by week">',
        "<title>Share of work hours per level, week by week</title>",
    ]
    for percent in (0, 50, 100):
        y = top + height - height * percent / 100
        parts.append(
            f'<line x1="{left - 4}" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="10" text-anchor="end">'
            f"{percent}%</text>"
        )
    for index, (label, shares, work) in enumerate(bars):
        x = left + gap + index * (bar + gap)
        y = float(top + height)
        for level in WORK_LEVELS:
            size = height * shares[level]
            if size <= 0:
                continue
            y -= size
            parts.append(
                f'<rect class="{level.value}" x="{x}" y="{y:.2f}" width="{bar}" '
                f'height="{size:.2f}" fill="{COLOURS[level]}">'
                f"<title>{escape(label)}: {level.short_name} {shares[level]:.0%}</title></rect>"
            )
        if work <= 0:
            parts.append(
                f'<rect x="{x}" y="{top}" width="{bar}" height="{height}" fill="#f3f3f3"/>'
            )
        parts.append(
            f'<text x="{x + bar / 2}" y="{top + height + 14}" font-size="10" '
            f'text-anchor="middle">{escape(label.split("-")[-1])}</text>'
            f'<text x="{x + bar / 2}" y="{top + height + 27}" font-size="9" fill="#666" '
            f'text-anchor="middle">{work:.0f} h</text>'
        )
    right = left + len(bars) * (bar + gap) + gap
    for level, label, cumulative in targets:
        y = top + height - height * min(cumulative, 100) / 100
        parts.append(
            f'<line class="target {level.value}" x1="{left}" y1="{y:.1f}" x2="{right}" '
            f'y2="{y:.1f}" stroke="{COLOURS[level]}" stroke-width="1.5" stroke-dasharray="5 3"/>'
            f'<text x="{right + 4}" y="{y + 4:.1f}" font-size="10" fill="#444">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _target_lines(review: Review) -> list[tuple[Level, str, float]]:
    """Each role target as a line on the stacked chart: where the top of its level's band
    would be if every level below it were at its own target (cumulative percent)."""
    if review.assessment is None:
        return []
    lines, cumulative = [], 0.0
    for target in review.assessment.levels:
        cumulative += target.target_percent
        label = f"{target.level.short_name} {_SIGNS[target.bound]} {target.target_percent:g}%"
        lines.append((target.level, label, cumulative))
    return lines


_STYLE = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222;
       max-width: 720px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
table { border-collapse: collapse; } td, th { padding: 4px 10px; text-align: left; }
td.number, th.number { text-align: right; } .off { color: #c0392b; font-weight: bold; }
.ok { color: #1e8449; } .gap { font-size: 16px; font-weight: bold; margin: 16px 0; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; }
.muted { color: #666; }
"""


def _html_text(text: str) -> str:
    """Calendar text in the HTML: escaped, and terminal-safe too (the page may go to stdout)."""
    return escape(terminal_safe(text))


def html(report: Report, screen: Screen) -> str:
    summary, review = report.analysis, report.reviewed

    def swatch(level: Level) -> str:
        return f'<span class="swatch" style="background:{COLOURS[level]}"></span>'

    rows = []
    for row in _rows(summary, review):
        share = "—" if row.share is None else f"{row.share}%"
        status_class = "off" if row.status.endswith("off") else "ok"
        rows.append(
            f"<tr><td>{swatch(row.level)}{row.level.short_name}</td>"
            f'<td class="number">{row.hours:.1f} h</td><td class="number">{share}</td>'
            f'<td>{row.target}</td><td class="{status_class}">{row.status}</td></tr>'
        )
    body = [
        f"<h1>levelcal weekly digest: {escape(summary.window.description)}</h1>",
        f'<p class="muted">{escape(_dates(summary))}. Calendars: '
        f"{escape(_calendars(summary))}.</p>",
        '<table><thead><tr><th>level</th><th class="number">hours</th>'
        '<th class="number">share of work</th><th>target</th><th></th></tr></thead><tbody>',
        *rows,
        f'<tr><td><b>work</b></td><td class="number"><b>{_work_hours(summary):.1f} h</b></td>'
        "<td></td><td></td><td></td></tr></tbody></table>",
    ]
    if review.working_hours is not None:
        body.append(f"<p>{escape(_outside(review))}</p>")
    if review.assessment is None:
        body.append(f'<p class="muted">{escape(_no_role_hint())}.</p>')
    else:
        body.append(f'<p class="gap">{escape(sentence(review.assessment.sentence))}</p>')
        body.append(
            f'<h2>Hand off first</h2><p class="muted">Hours per week over {review.stretch}.</p>'
        )
        if review.candidates:
            body.append("<table><tbody>")
            for candidate in review.candidates:
                kind = "recurring" if candidate.recurring else "same title"
                body.append(
                    f'<tr><td class="number">{candidate.hours_per_week:.1f} h/week</td>'
                    f"<td>{swatch(candidate.level)}{_html_text(candidate.title)}</td>"
                    f'<td class="muted">{kind}, {candidate.occurrences}×</td></tr>'
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
    body.append("<h2>Level mix by week</h2>")
    body.append(chart_svg(review, summary))
    body.append(
        "<p>" + " ".join(f"{swatch(level)}{level.short_name}" for level in WORK_LEVELS) + "</p>"
    )
    body.append(f'<p class="muted">{escape(OPERATING_LEVEL)}</p>')
    if review.trend is not None:
        body.append(f"<p><b>{escape(review.trend.verdict)}</b></p>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(subject(report))}</title><style>{_STYLE}</style></head>"
        "<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
