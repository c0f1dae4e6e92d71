"""Which instants a report covers: [start, end) in one time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from levelcal.errors import InputError
from levelcal.events import elapsed


@dataclass(frozen=True, slots=True)
class Window:
    start: datetime
    end: datetime
    tz: ZoneInfo
    description: str  # "week 2026-W48", for the report header; the JSON's window.description
    zone_from: str = ""  # said in the header when the zone is a calendar's: "X-WR-TIMEZONE of …"
    named: bool = True  # False for --from/--to, described by their dates ("… to 2026-11-30")

    @property
    def last_day(self) -> date:
        """The window's last day (its end is the midnight after it)."""
        return self.end.date() - timedelta(days=1)

    @property
    def name(self) -> str:
        """How a person names the window: "week 2026-W48", "month 2026-11"; for --from/--to,
        whose own words end on the day after the last one, its count of days ("7 days")."""
        if self.named:
            return self.description
        days = (self.end.date() - self.start.date()).days
        return f"{days} day{'s' * (days != 1)}"

    @property
    def dates(self) -> str:
        """Its first and last day: "Mon 23 Nov 2026 – Sun 29 Nov 2026"."""
        return f"{self.start:%a %d %b %Y} – {self.last_day:%a %d %b %Y}"

    @property
    def hours(self) -> float:
        return elapsed(self.start, self.end).total_seconds() / 3600

    @property
    def tz_name(self) -> str:
        return self.tz.key


def parse_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"unknown time zone {name!r}: use an IANA name such as Europe/Berlin"
        ) from None


# The days a window may cover. Python's dates end at 9999-12-31, and a window near there
# (with the reader's margins, a zone's offset, a year to expand a series into) would run
# past it: days outside these bounds are refused as the flag that named them.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


def parse_date(text: str, flag: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{flag}: {text!r} is not a date; use YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InputError(f"{flag} {text}: {_BOUNDS}")
    return day


_BOUNDS = f"levelcal counts the days from {FIRST_DAY} to {LAST_DAY}"


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def between(first_day: date, end_day: date, tz: ZoneInfo, description: str = "") -> Window:
    """The days from first_day up to, not including, end_day."""
    if end_day <= first_day:
        raise InputError(
            f"--to {end_day.isoformat()} must be after --from {first_day.isoformat()} "
            "(the end date is exclusive)"
        )
    return Window(
        start=_midnight(first_day, tz),
        end=_midnight(end_day, tz),
        tz=tz,
        description=description or f"{first_day.isoformat()} to {end_day.isoformat()}",
        named=bool(description),
    )


def week_of(day: date, tz: ZoneInfo) -> Window:
    """The ISO week (Monday to Monday) that holds `day`."""
    monday = day - timedelta(days=day.weekday())
    iso_year, iso_week, _ = monday.isocalendar()
    return between(monday, monday + timedelta(days=7), tz, f"week {iso_year}-W{iso_week:02d}")


def month_of(day: date, tz: ZoneInfo) -> Window:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return between(first, following, tz, f"month {first:%Y-%m}")


def year_of(day: date, tz: ZoneInfo) -> Window:
    first = date(day.year, 1, 1)
    return between(first, date(day.year + 1, 1, 1), tz, f"year {day.year}")


def last_days(count: int, today: date, tz: ZoneInfo) -> Window:
    """The `count` days that end with today (today included)."""
    if count < 1:
        raise InputError(f"--days must be at least 1, got {count}")
    if count - 1 > (today - FIRST_DAY).days:
        raise InputError(f"--days {count}: the window would start before {FIRST_DAY}; {_BOUNDS}")
    first = today - timedelta(days=count - 1)
    return between(first, today + timedelta(days=1), tz, f"last {count} days")


def resolve(
    *,
    tz: ZoneInfo,
    today: date,
    week: bool = False,
    last_week: bool = False,
    next_week: bool = False,
    month: bool = False,
    last_month: bool = False,
    year: bool = False,
    last_year: bool = False,
    days: int | None = None,
    from_day: date | None = None,
    to_day: date | None = None,
) -> Window:
    """Turn the window flags into one Window; the current week when none is given."""
    chosen = [
        name
        for name, given in (
            ("--week", week),
            ("--last-week", last_week),
            ("--next-week", next_week),
            ("--month", month),
            ("--last-month", last_month),
            ("--year", year),
            ("--last-year", last_year),
            ("--days", days is not None),
            ("--from/--to", from_day is not None or to_day is not None),
        )
        if given
    ]
    if len(chosen) > 1:
        raise InputError(f"choose one window, not {' and '.join(chosen)}")
    if from_day is not None or to_day is not None:
        if from_day is None or to_day is None:
            raise InputError("--from and --to go together (the end date is exclusive)")
        return between(from_day, to_day, tz)
    if last_week:
        return week_of(today - timedelta(days=7), tz)
    if next_week:
        return week_of(today + timedelta(days=7), tz)
    if month:
        return month_of(today, tz)
    if last_month:
        return month_of(today.replace(day=1) - timedelta(days=1), tz)
    if year:
        return year_of(today, tz)
    if last_year:
        return year_of(date(today.year - 1, 1, 1), tz)
    if days is not None:
        return last_days(days, today, tz)
    return week_of(today, tz)
