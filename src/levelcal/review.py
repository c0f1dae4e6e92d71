"""What the role and the history add to one analysis: targets, candidates, trend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from levelcal import delegation, history, pulled, roles, workday
from levelcal.config import WorkingHours
from levelcal.levels import Level
from levelcal.summary import Summary

if TYPE_CHECKING:
    from levelcal import trend
    from levelcal.cadence import Cadence
    from levelcal.handoffs import Progress, Suggestion

WEEKS = 8  # how far back the report and the digest look, unless told otherwise
CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class Review:
    assessment: roles.Assessment | None  # None without a role
    candidates: tuple[delegation.Candidate, ...]
    weeks_looked_at: float  # the stretch the candidates' hours per week are over

    @property
    def stretch(self) -> str:
        """ "1 week", "4.29 weeks": what the candidates' hours per week are averaged over."""
        weeks = self.weeks_looked_at
        return f"{weeks:.3g} week{'' if weeks == 1 else 's'}"

    trend: trend.Trend | None  # None when there is no history at all
    saved_week: str | None = None
    working_hours: WorkingHours | None = None
    outside_working_hours: float = 0.0  # work hours outside them, in the window
    # 1:1s at a level past the role's ceiling: never handed off, but to shorten or make biweekly
    one_on_ones: tuple[delegation.Candidate, ...] = ()
    # Who pulls you down (pulled.py): None without an owner's address
    pulled_down: pulled.PulledDown | None = None
    # A cadence upward (cadence.py): None without `manager` in the config
    cadence: Cadence | None = None
    # Recorded handoffs and how each is going; series that look handed off (handoffs.py)
    handoffs: tuple[Progress, ...] = ()
    suggested_handoffs: tuple[Suggestion, ...] = ()


def build(
    summary: Summary,
    role: roles.Role | None,
    earlier: Sequence[history.WeekRecord],
    saved_week: str | None = None,
    *,
    always_trend: bool = False,
    working_hours: WorkingHours | None = None,
    scheduled: bool = False,
) -> Review:
    """The review of `summary`, with `earlier` the recorded weeks before its window.

    The trend is left out when there is no earlier week, unless `always_trend`.
    """
    current = history.iso_week(summary.window)
    earlier = [record for record in earlier if record.week != current]
    candidates: tuple[delegation.Candidate, ...] = ()
    one_on_ones: tuple[delegation.Candidate, ...] = ()
    assessment = None
    if role is not None:
        # The window's events as history keeps them: only a role's candidates read them, and
        # telling the kept ones (1:1s, focus time) cost a warm report without a role 15-25 ms.
        periods = [record.period() for record in earlier] + [history.period_of(summary)]
        assessment = roles.assess(role, summary.hours_by_level, scheduled=scheduled)
        candidates = tuple(delegation.candidates(periods, role.beneath, CANDIDATES))
        past_ceiling = frozenset(
            target.level
            for target in assessment.levels
            if target.bound is roles.Bound.AT_MOST and target.shown_off_by > 0
        )
        one_on_ones = tuple(delegation.one_on_ones(periods, past_ceiling, CANDIDATES))
    weeks = [(record.week, record.monday, record.hours_by_level) for record in earlier]
    if current is not None:
        weeks.append((current, summary.window.start.date(), summary.hours_by_level))
    return Review(
        assessment,
        candidates,
        sum(record.period().weeks for record in earlier) + history.weeks_of(summary),
        _trend(weeks) if earlier or always_trend else None,
        saved_week,
        working_hours,
        (
            workday.outside_hours(summary.events, summary.window, working_hours)
            if working_hours is not None
            else 0.0
        ),
        one_on_ones,
        pulled.compute(summary, role.beneath if role is not None else frozenset()),
    )


def _trend(weeks: Sequence[tuple[str, date, Mapping[Level, float]]]) -> trend.Trend:
    """The trend over the weeks; trend.py loads only when there is one to show."""
    from levelcal import trend

    return trend.compute(weeks)
