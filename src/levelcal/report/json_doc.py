"""The --json document: a versioned API (schema in schema.json, documented in docs/json.md).

Version 1 promises: fields are only ever added, never renamed, removed or
retyped, within schema_version 1.
"""

from __future__ import annotations

import json
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from levelcal.events import Event
from levelcal.levels import WORK_LEVELS, Level
from levelcal.report import Report, Screen, json_text, shown_percent
from levelcal.rounding import largest_remainder
from levelcal.summary import Summary

if TYPE_CHECKING:
    from levelcal.cadence import Cadence
    from levelcal.delegation import Candidate
    from levelcal.pulled import PulledDown
    from levelcal.review import Review
    from levelcal.roles import Assessment
    from levelcal.trend import Trend
    from levelcal.window import Window

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("schema.json")
_MICROS = 1_000_000
_MICROS_PER_SECOND = Fraction(_MICROS, 3600)


def _micro_hours(seconds: list[Fraction]) -> list[int]:
    """Each event's hours in millionths, rounded so that they still add up to the rounded total.

    Largest-remainder rounding: a consumer that sums `events[].hours` gets
    exactly `totals.busy_hours`, not a value a few millionths off.
    """
    return largest_remainder([value * _MICROS_PER_SECOND for value in seconds])


def _hours(micro_hours: int) -> float:
    return micro_hours / _MICROS


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _optional(event: Event) -> dict[str, Any]:
    """The optional fields of an event: present only when they say something."""
    found: dict[str, Any] = {}
    if event.categories:
        found["categories"] = list(event.categories)
    if event.private:
        found["private"] = True
    return found


def window_document(window: Window) -> dict[str, Any]:
    return {
        "from": window.start.isoformat(),
        "to": window.end.isoformat(),
        "tz": window.tz_name,
        "description": window.description,
    }


def document(summary: Summary) -> dict[str, Any]:
    window = summary.window
    micros = _micro_hours([item.counted.attributed_seconds for item in summary.events])
    by_level = dict.fromkeys(Level, 0)
    uncertain = 0
    for item, value in zip(summary.events, micros, strict=True):
        by_level[item.label.level] += value
        uncertain += value if item.label.uncertain else 0
    return {
        "schema_version": SCHEMA_VERSION,
        "window": window_document(window),
        "sources": list(summary.sources),
        "owner_emails": list(summary.owner_emails),
        "executives": list(summary.executives),
        "totals": {
            "busy_hours": _hours(sum(micros)),
            "work_hours": _hours(sum(by_level[level] for level in WORK_LEVELS)),
            "uncertain_hours": _hours(uncertain),
            "by_level": {level.value: _hours(by_level[level]) for level in Level},
            "work_percent": {
                level.value: percent
                for level, percent in shown_percent(summary.hours_by_level).items()
            },
        },
        "events": [
            {
                "uid": item.event.uid,
                "recurrence_id": _iso(item.event.recurrence_id),
                "title": item.event.title,
                "start": item.event.start.isoformat(),
                "end": item.event.end.isoformat(),
                "hours": _hours(value),
                "level": item.label.level.value,
                "confidence": round(item.label.confidence, 4),
                "uncertain": item.label.uncertain,
                "labeled_by": item.label.decided_by,
                "calendar": item.event.calendar,
                "source": item.event.source,
                **_optional(item.event),
            }
            for item, value in zip(summary.events, micros, strict=True)
        ],
        "excluded": {
            "cancelled": summary.excluded.cancelled,
            "declined": summary.excluded.declined,
            "free": summary.excluded.free,
            "broken": summary.excluded.broken,
            "duplicate": summary.excluded.duplicate,
        },
        "all_day": [
            {
                "uid": event.uid,
                "recurrence_id": _iso(event.recurrence_id),
                "title": event.title,
                "start": event.start.date().isoformat(),
                "end": event.end.date().isoformat(),
                "calendar": event.calendar,
                "source": event.source,
            }
            for event in summary.all_day
        ],
        "warnings": list(summary.warnings),
    }


def trend_document(trend: Trend) -> dict[str, Any]:
    return {
        "weeks": [
            {
                "week": point.week,
                "from": point.monday.isoformat(),
                "work_hours": round(point.work_hours, 6),
                "operating_level": None if point.index is None else round(point.index, 4),
                "by_level": {
                    level.value: round(point.hours_by_level.get(level, 0.0), 6) for level in Level
                },
            }
            for point in trend.points
        ],
        "slope_per_week": None if trend.slope_per_week is None else round(trend.slope_per_week, 4),
        "verdict": trend.verdict,
    }


def _candidate(candidate: Candidate) -> dict[str, Any]:
    return {
        "title": candidate.title,
        "level": candidate.level.value,
        "hours_per_week": round(candidate.hours_per_week, 4),
        "total_hours": round(candidate.total_hours, 4),
        "occurrences": candidate.occurrences,
        "recurring": candidate.recurring,
    }


def review_fields(review: Review) -> dict[str, Any]:
    """The optional fields a role (--role, the config) and the history add."""
    fields: dict[str, Any] = {}
    if review.assessment is not None:
        fields["role"] = role_document(review.assessment)
        if review.working_hours is not None:
            fields["working_hours"] = {
                "start": review.working_hours.start,
                "end": review.working_hours.end,
                "days": list(review.working_hours.days),
                "outside_work_hours": round(review.outside_working_hours, 4),
            }
        fields["delegation"] = {
            "weeks": round(review.weeks_looked_at, 4),
            "candidates": [_candidate(candidate) for candidate in review.candidates],
        }
        if review.one_on_ones:
            fields["delegation"]["one_on_ones"] = [_candidate(c) for c in review.one_on_ones]
    if review.trend is not None:
        fields["trend"] = trend_document(review.trend)
    if review.saved_week is not None:
        fields["saved_week"] = review.saved_week
    fields.update(upward_fields(review))
    fields.update(handoff_fields(review))
    return fields


def handoff_fields(review: Review) -> dict[str, Any]:
    """`handoffs` and `handoff_suggestions`, when there are any (docs/json.md)."""
    from levelcal.report.handoffs import progress_json, suggestion_json

    fields: dict[str, Any] = {}
    if review.handoffs:
        fields["handoffs"] = [progress_json(item) for item in review.handoffs]
    if review.suggested_handoffs:
        fields["handoff_suggestions"] = [suggestion_json(s) for s in review.suggested_handoffs]
    return fields


def role_document(assessment: Assessment) -> dict[str, Any]:
    """The role, its targets against the actual mix, and the gap (analyze's and plan's)."""
    return {
        "name": assessment.role.name,
        "targets": {
            target.level.value: {
                "actual_percent": round(target.actual_percent, 2),
                "shown_percent": target.shown_percent,
                "target_percent": target.target_percent,
                "bound": target.bound.value,
                "points_off": round(target.off_by, 2),
            }
            for target in assessment.levels
        },
        "gap": assessment.sentence,
    }


def upward_fields(review: Review) -> dict[str, Any]:
    """Who pulls you down, and the cadence with your manager: optional, added in version 1."""
    fields: dict[str, Any] = {}
    if review.pulled_down is not None:
        fields["pulled_down"] = pulled_document(review.pulled_down)
    if review.cadence is not None:
        fields["manager"] = cadence_document(review.cadence)
    return fields


def pulled_document(pulled: PulledDown) -> dict[str, Any]:
    return {
        "beneath_levels": [level.value for level in WORK_LEVELS if level in pulled.beneath],
        "by_others_hours": round(pulled.by_others_hours, 6),
        "by_you_hours": round(pulled.by_you_hours, 6),
        "organizers": [
            {
                "email": organizer.email,
                "hours": round(organizer.hours, 6),
                "series": [
                    {"title": s.title, "hours": round(s.hours, 6), "recurring": s.recurring}
                    for s in organizer.series
                ],
            }
            for organizer in pulled.organizers
        ],
        "work_hours": round(pulled.work_hours, 6),
        "reactive_hours": round(pulled.reactive_hours, 6),
        "reactive_share": round(pulled.reactive_share, 4),
        "unknown_made_hours": round(pulled.unknown_made_hours, 6),
    }


def cadence_document(cadence: Cadence) -> dict[str, Any]:
    return {
        "email": cadence.manager,
        "as_of": cadence.now.isoformat(),
        "last_one_on_one": _iso(cadence.last),
        "next_one_on_one": _iso(cadence.next),
        "recurring": cadence.recurring,
        "overdue": cadence.overdue,
        "looked_from": cadence.span_start.isoformat(),
        "looked_to": cadence.span_end.isoformat(),
        "calendars": list(cadence.calendars),
    }


def render(report: Report, screen: Screen) -> str:
    doc = document(report.analysis)
    if report.review is not None:
        doc.update(review_fields(report.review))
    return json_text(doc) + "\n"


def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded
