"""How many instances a recurrence rule would make, estimated before expanding it.

A rule such as FREQ=SECONDLY, or FREQ=MINUTELY since 2015, would make millions
of instances; expanding it would take minutes and gigabytes. The estimate is
cheap and errs high: each BY* part that adds instances multiplies, COUNT and
UNTIL cap (RFC 5545 §3.3.10).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time
from typing import Any

_SECONDS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3_600,
    "DAILY": 86_400,
    "WEEKLY": 604_800,
    "MONTHLY": 2_629_746,  # a mean Gregorian month
    "YEARLY": 31_556_952,
}
_ORDER = list(_SECONDS)  # finest first


def _finer(part_freq: str, freq: str) -> bool:
    """A BY part names a unit finer than the rule's FREQ, so it adds instances."""
    return _ORDER.index(part_freq) < _ORDER.index(freq)


def _per_period(rule: dict[str, list[Any]], freq: str) -> float:
    factor = 1.0
    for part, unit in (("BYSECOND", "SECONDLY"), ("BYMINUTE", "MINUTELY"), ("BYHOUR", "HOURLY")):
        if part in rule and _finer(unit, freq):
            factor *= len(rule[part])
    if "BYDAY" in rule and freq in ("WEEKLY", "MONTHLY", "YEARLY"):
        per_weekday = {"WEEKLY": 1, "MONTHLY": 5, "YEARLY": 53}[freq]
        days = [str(day) for day in rule["BYDAY"]]
        factor *= sum(1 if day[:1] in "+-0123456789" else per_weekday for day in days)
    if "BYMONTHDAY" in rule and freq in ("MONTHLY", "YEARLY"):
        months = (len(rule.get("BYMONTH", [])) or 12) if freq == "YEARLY" else 1
        factor *= len(rule["BYMONTHDAY"]) * months
    for part in ("BYYEARDAY", "BYWEEKNO"):
        if part in rule and freq == "YEARLY":
            factor *= len(rule[part]) * (7 if part == "BYWEEKNO" else 1)
    if "BYMONTH" in rule and freq == "YEARLY" and "BYMONTHDAY" not in rule:
        factor *= len(rule["BYMONTH"])
    if "BYSETPOS" in rule:
        factor = min(factor, len(rule["BYSETPOS"]))
    return factor


def _utc(value: date | datetime) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0))
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def estimated_instances(rule: dict[str, list[Any]], first: date | datetime, end: datetime) -> float:
    """About how many instances the rule makes from `first` up to `end`."""
    freq = str(rule.get("FREQ", ["DAILY"])[0]).upper()
    if freq not in _SECONDS:
        return 0.0
    interval = max(1, int(rule.get("INTERVAL", [1])[0] or 1))
    stop = _utc(end)
    if "UNTIL" in rule:
        stop = min(stop, _utc(rule["UNTIL"][0]))
    span = max(0.0, (stop - _utc(first)).total_seconds())
    periods = math.floor(span / (_SECONDS[freq] * interval)) + 1
    estimate = periods * _per_period(rule, freq)
    if "COUNT" in rule:
        estimate = min(estimate, float(rule["COUNT"][0]))
    return float(estimate)
