"""Work outside the working day: the time outside it, shared among the events on it."""

import json

from calendars import BERLIN_VTIMEZONE, vcalendar, vevent

RULES = (  # the labels are not under test here
    '[[rule]]\ntitle = "^Lunch"\nlevel = "other"\n\n'
    '[[rule]]\ntitle = "."\nlevel = "implementation"\n'
)


def at(day: str, start: str, end: str) -> tuple[str, str]:
    return (
        f"DTSTART;TZID=Europe/Berlin:{day}T{start}00",
        f"DTEND;TZID=Europe/Berlin:{day}T{end}00",
    )


WEEK = vcalendar(
    BERLIN_VTIMEZONE,
    vevent("a@t", "Code review", *at("20260302", "0800", "1000")),  # Mon: 08-09 outside, 1 h
    vevent("b@t", "Late coding", *at("20260303", "1900", "2100")),  # Tue evening: 2 h
    vevent("c@t", "Lunch", *at("20260304", "1200", "1300")),  # not work: never counted
    vevent("d@t", "Sync", *at("20260305", "1700", "1800")),  # Thu: 17:30-18:00, 0.5 h
    vevent("e@t", "Weekend review", *at("20260307", "1000", "1100")),  # Saturday: 1 h
)


def outside(run, tmp_path) -> float:
    calendar, rules = tmp_path / "week.ics", tmp_path / "rules.toml"
    calendar.write_bytes(WEEK)
    rules.write_text(RULES)
    result = run(
        "analyze", "-c", str(calendar), "--rules", str(rules), "--tz", "Europe/Berlin",
        "--from", "2026-03-02", "--to", "2026-03-09", "--role", "ic", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["working_hours"]["outside_work_hours"]


def test_default_working_day_counts_early_late_and_weekend_work(run, tmp_path):
    # 1 + 2 + 0.5 + 1 = 4.5 h outside Monday to Friday, 09:00 to 17:30.
    assert outside(run, tmp_path) == 4.5


def test_the_configured_working_day_is_used(run, tmp_path, isolated_config):
    # 08:00-18:00 Monday to Saturday: only Tuesday's late coding (2 h) is outside.
    (isolated_config / "config.toml").write_text(
        '[working_hours]\nstart = "08:00"\nend = "18:00"\n'
        'days = ["mon", "tue", "wed", "thu", "fri", "sat"]\n'
    )
    assert outside(run, tmp_path) == 2.0


def test_time_outside_is_shared_as_the_hours_are(run, tmp_path):
    # Monday: a 17:00-18:30 review and a 17:00-17:30 standup share 17:00-17:30 (inside the
    # day); 17:30-18:30 is the review's alone: 1.0 h outside. A 19:00-20:00 call: 1.0 h.
    # A Saturday block 10:00-11:00: 1.0 h. In all 3.0 h. (Pro rata of each event's hours
    # would give the review 1.25 h * 1/1.5 = 0.83 h, and 2.8 h in all.)
    calendar, rules = tmp_path / "week.ics", tmp_path / "rules.toml"
    calendar.write_bytes(
        vcalendar(
            BERLIN_VTIMEZONE,
            vevent("r@t", "Design review", *at("20260302", "1700", "1830")),
            vevent("s@t", "Standup", *at("20260302", "1700", "1730")),
            vevent("c@t", "Customer call", *at("20260302", "1900", "2000")),
            vevent("q@t", "Quarterly planning", *at("20260307", "1000", "1100")),
        )
    )
    rules.write_text(RULES)
    result = run(
        "analyze", "-c", str(calendar), "--rules", str(rules), "--tz", "Europe/Berlin",
        "--from", "2026-03-02", "--to", "2026-03-09", "--role", "ic", "--json",
    )  # fmt: skip
    assert json.loads(result.stdout)["working_hours"]["outside_work_hours"] == 3.0
    shown = run(
        "analyze", "-c", str(calendar), "--rules", str(rules), "--tz", "Europe/Berlin",
        "--from", "2026-03-02", "--to", "2026-03-09", "--role", "ic",
    ).stdout  # fmt: skip
    assert "(mon–fri 09:00–17:30): 3.0 h of work." in shown
