from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from levelcal.errors import InputError
from levelcal.window import between, last_days, month_of, parse_date, parse_zone, resolve, week_of

BERLIN = ZoneInfo("Europe/Berlin")


def test_week_runs_monday_to_monday_in_the_zone():
    window = week_of(date(2026, 11, 25), BERLIN)  # a Wednesday
    assert window.start == datetime(2026, 11, 23, tzinfo=BERLIN)
    assert window.end == datetime(2026, 11, 30, tzinfo=BERLIN)
    assert window.description == "week 2026-W48"


def test_a_week_with_the_autumn_change_has_169_hours():
    # Berlin leaves summer time on 2026-10-25 at 03:00 CEST: that Sunday has 25 hours.
    assert week_of(date(2026, 10, 22), BERLIN).hours == 169


def test_iso_week_across_new_year_belongs_to_its_iso_year():
    window = week_of(date(2027, 1, 1), BERLIN)  # a Friday in ISO week 2026-W53
    assert window.start.date() == date(2026, 12, 28)
    assert window.description == "week 2026-W53"


def test_month_and_last_days():
    assert month_of(date(2026, 2, 14), BERLIN).end == datetime(2026, 3, 1, tzinfo=BERLIN)
    window = last_days(3, date(2026, 11, 25), BERLIN)
    assert (window.start.date(), window.end.date()) == (date(2026, 11, 23), date(2026, 11, 26))


@pytest.mark.parametrize(
    ("flags", "first", "end"),
    [
        ({}, date(2026, 11, 23), date(2026, 11, 30)),
        ({"week": True}, date(2026, 11, 23), date(2026, 11, 30)),
        ({"last_week": True}, date(2026, 11, 16), date(2026, 11, 23)),
        ({"next_week": True}, date(2026, 11, 30), date(2026, 12, 7)),
        ({"month": True}, date(2026, 11, 1), date(2026, 12, 1)),
        ({"last_month": True}, date(2026, 10, 1), date(2026, 11, 1)),
        ({"days": 7}, date(2026, 11, 19), date(2026, 11, 26)),
        (
            {"from_day": date(2026, 1, 5), "to_day": date(2026, 1, 6)},
            date(2026, 1, 5),
            date(2026, 1, 6),
        ),
    ],
)
def test_resolve_each_flag(flags, first, end):
    window = resolve(tz=BERLIN, today=date(2026, 11, 25), **flags)
    assert (window.start.date(), window.end.date()) == (first, end)


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ({"week": True, "month": True}, "choose one window"),
        ({"from_day": date(2026, 1, 5)}, "--from and --to go together"),
        ({"from_day": date(2026, 1, 5), "to_day": date(2026, 1, 5)}, "must be after"),
        ({"days": 0}, "at least 1"),
    ],
)
def test_resolve_rejects(flags, message):
    with pytest.raises(InputError, match=message):
        resolve(tz=BERLIN, today=date(2026, 11, 25), **flags)


def test_parse_errors_name_the_value():
    with pytest.raises(InputError, match="'2026-02-30' is not a date"):
        parse_date("2026-02-30", "--from")
    with pytest.raises(InputError, match="unknown time zone 'Europe/Atlantis'"):
        parse_zone("Europe/Atlantis")
    with pytest.raises(InputError, match="must be after"):
        between(date(2026, 2, 2), date(2026, 2, 1), BERLIN)
