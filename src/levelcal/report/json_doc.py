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
from levelcal.report import Report, Screen, json_text, largest_remainder
from levelcal.summary import Summary

if TYPE_CHECKING:
    from levelcal.delegation import Candidate
    from levelcal.review import Review
    from levelcal.trend import Trend

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
        "window": {
            "from": window.start.isoformat(),
            "to": window.end.isoformat(),
            "tz": window.tz_name,
            "description": window.description,
        },
        "sources": list(summary.sources),
        "owner_emails": list(summary.owner_emails),
        "totals": {
            "busy_hours": _hours(sum(micros)),
            "work_hours": _hours(sum(by_level[level] for level in WORK_LEVELS)),
            "uncertain_hours": _hours(uncertain),
            "by_level": {level.value: _hours(by_level[level]) for level in Level},
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
        assessment = review.assessment
        fields["role"] = {
            "name": assessment.role.name,
            "targets": {
                target.level.value: {
                    "actual_percent": round(target.actual_percent, 2),
                    "target_percent": target.target_percent,
                    "bound": target.bound.value,
                    "points_off": round(target.off_by, 2),
                }
                for target in assessment.levels
            },
            "gap": assessment.sentence,
        }
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
    return fields


def render(report: Report, screen: Screen) -> str:
    doc = document(report.analysis)
    if report.review is not None:
        doc.update(review_fields(report.review))
    return json_text(doc) + "\n"


def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded
