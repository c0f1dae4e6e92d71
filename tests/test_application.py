"""The rules of one analysis, tested against the library (`levelcal.application`).

Each test was a CLI test; the CLI's own tests (tests/cli/) now cover only its
flags, its output choice and its exit codes. Hours are compared with the hand
count in tests/calendars.py.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest

from calendars import EXPECTED_BUSY, ME, WEEK, vcalendar, vevent
from levelcal import application, config
from levelcal.analysis import NO_OWNER
from levelcal.application import Callbacks, Request
from levelcal.levels import Level

WEEK_REQUEST = Request(from_day="2026-03-02", to_day="2026-03-09", tz="Europe/Berlin")


@pytest.fixture
def week_file(tmp_path: Path) -> Path:
    path = tmp_path / "week.ics"
    path.write_bytes(WEEK)
    return path


def analyzed(request: Request, *, stdin: bytes = b"", notes: list[str] | None = None):
    said = [] if notes is None else notes
    return application.analyze(
        request,
        config.load(),
        stdin=io.BytesIO(stdin),
        callbacks=Callbacks(note=said.append),
    )


def week(*calendars: str, **flags) -> Request:
    """The hand-counted week, from these calendars."""
    return dataclasses.replace(WEEK_REQUEST, calendar=list(calendars), **flags)


def test_the_owner_comes_from_x_wr_calname_when_not_given(tmp_path):
    path = tmp_path / "google.ics"
    path.write_bytes(WEEK.replace(b"VERSION:2.0", f"VERSION:2.0\r\nX-WR-CALNAME:{ME}".encode()))
    summary = analyzed(week(str(path)))
    assert summary.owner_emails == (ME,)
    assert summary.excluded.declined == 1


def test_without_an_owner_a_declined_event_counts(week_file):
    summary = analyzed(week(str(week_file)))
    assert summary.excluded.declined == 0
    assert summary.busy_hours == pytest.approx(EXPECTED_BUSY + 4, abs=1e-9)


def test_stdin_and_the_same_calendar_twice_counts_once(week_file):
    summary = analyzed(week("-", str(week_file), me=[ME]), stdin=WEEK)
    assert summary.busy_hours == pytest.approx(EXPECTED_BUSY, abs=1e-9)
    # The second copy repeats all 11 instances: 7 counted, 1 cancelled, 1 declined,
    # 1 free and the all-day marker.
    assert summary.excluded.duplicate == 11
    assert len(summary.events) == 7
    assert summary.sources == ("<stdin>", str(week_file))


def test_the_same_file_given_twice_is_read_once(week_file):
    notes: list[str] = []
    summary = analyzed(week(str(week_file), str(week_file)), notes=notes)
    assert summary.busy_hours == pytest.approx(EXPECTED_BUSY + 4, abs=1e-9)  # no --me: golf
    assert summary.sources == (str(week_file),)
    assert notes == [
        f"warning: {week_file}: given more than once; read once",
        f"warning: {NO_OWNER}",  # no --me, and attendee lines
    ]


def test_relative_windows_are_anchored_by_as_of(week_file):
    request = Request(
        calendar=[str(week_file)], me=[ME], tz="Europe/Berlin", last_week=True, as_of="2026-03-11"
    )
    summary = analyzed(request)
    assert summary.window.start.isoformat() == "2026-03-02T00:00:00+01:00"
    assert len(summary.events) == 7


def test_rules_override_the_model(week_file, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\ntitle = "standup"\nlevel = "beyond"\n')
    summary = analyzed(week(str(week_file), rules_file=rules))
    standups = [item.label for item in summary.events if item.event.uid == "standup@t"]
    assert {(label.level, label.decided_by, label.confidence) for label in standups} == {
        (Level.BEYOND, "rule", 1.0)
    }


def test_rules_in_the_config_dir_apply_by_default(week_file, isolated_config):
    (isolated_config / "rules.toml").write_text('[[rule]]\ntitle = "^OOO|board"\nlevel = "other"\n')
    summary = analyzed(week(str(week_file)))
    board = next(item.label for item in summary.events if item.event.uid == "board@t")
    assert (board.level, board.decided_by) == (Level.OTHER, "rule")


def test_config_file_supplies_calendars_owner_and_zone(week_file, isolated_config):
    (isolated_config / "config.toml").write_text(
        f'calendars = ["{week_file}"]\nme = "{ME}"\ntimezone = "Europe/Berlin"\n'
    )
    summary = analyzed(Request(from_day="2026-03-02", to_day="2026-03-09"))
    assert summary.window.tz_name == "Europe/Berlin"
    assert summary.busy_hours == pytest.approx(EXPECTED_BUSY, abs=1e-9)


def test_broken_event_is_a_warning_and_the_rest_counts(tmp_path):
    path = tmp_path / "broken.ics"
    path.write_bytes(
        vcalendar(
            vevent("ok@t", "Planning", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z"),
            vevent("bad@t", "Backwards", "DTSTART:20260302T120000Z", "DTEND:20260302T110000Z"),
        )
    )
    notes: list[str] = []
    request = Request(calendar=[str(path)], from_day="2026-03-02", to_day="2026-03-03", tz="UTC")
    summary = analyzed(request, notes=notes)
    (note,) = notes
    assert f"{path}: line 11: event bad@t ('Backwards'): DTEND is before DTSTART" in note
    assert summary.busy_hours == 1.0 and summary.excluded.broken == 1


def test_url_calendar(web):
    web.routes["/week.ics"] = (200, "text/calendar", WEEK)
    summary = analyzed(week(web.url("/week.ics"), me=[ME]))
    assert summary.busy_hours == pytest.approx(EXPECTED_BUSY, abs=1e-9)


def test_at_most_ten_warnings_are_told_and_the_rest_are_counted(tmp_path):
    broken = [
        vevent(f"bad{n}@t", "Backwards", "DTSTART:20260302T120000Z", "DTEND:20260302T110000Z")
        for n in range(13)
    ]
    path = tmp_path / "broken.ics"
    path.write_bytes(vcalendar(*broken))
    notes: list[str] = []
    request = Request(calendar=[str(path)], from_day="2026-03-02", to_day="2026-03-03", tz="UTC")
    summary = analyzed(request, notes=notes)
    assert len(summary.warnings) == 13
    assert len(notes) == application.MAX_WARNINGS_SHOWN + 1
    assert notes[-1] == "warning: ... and 3 more (all are listed under `warnings` in --json)"


def test_the_digest_takes_last_week_unless_a_window_is_chosen():
    assert application.digest_request(Request()).last_week is True
    chosen = Request(days=3)
    assert application.digest_request(chosen) is chosen
    assert set(application.WINDOW_FLAGS) == {
        "week", "last_week", "next_week", "month", "last_month", "year", "last_year", "days",
        "from_day", "to_day",
    }  # fmt: skip


# --- a newcomer's first hour (issue 19) -------------------------------------------------

# Monday 2 March 2026 08:00-09:00 in Tokyo (UTC+9) is Sunday 1 March 23:00-24:00 UTC.
TOKYO = vcalendar(
    vevent("early@t", "Code review", "DTSTART:20260301T230000Z", "DTEND:20260302T000000Z"),
    header="X-WR-TIMEZONE:Asia/Tokyo\n",
)


def test_without_tz_or_config_the_calendars_own_zone_is_used(tmp_path, monkeypatch, run):
    monkeypatch.setattr("tzlocal.get_localzone_name", lambda: "UTC")  # cron on a UTC server
    path = tmp_path / "tokyo.ics"
    path.write_bytes(TOKYO)
    dates = {"from_day": "2026-03-02", "to_day": "2026-03-09"}
    summary = analyzed(Request(calendar=[str(path)], **dates))
    # The Tokyo week starts Sunday 15:00 UTC, so the review is in it: 1 h, all before 09:00.
    assert (summary.window.tz_name, summary.window.zone_from) == (
        "Asia/Tokyo",
        "the zone of tokyo.ics",
    )
    assert summary.busy_hours == 1.0
    # --tz, then the config's timezone, come first: in UTC the review is the week before.
    assert analyzed(Request(calendar=[str(path)], tz="UTC", **dates)).busy_hours == 0
    run("config", "set", "timezone", "UTC")
    assert analyzed(Request(calendar=[str(path)], **dates)).window.tz_name == "UTC"


def test_an_all_day_event_is_a_marker_whatever_its_transp(tmp_path):
    path = tmp_path / "holidays.ics"
    path.write_bytes(
        vcalendar(
            vevent(
                "thanksgiving@t",
                "Thanksgiving",
                "DTSTART;VALUE=DATE:20261126",
                "DTEND;VALUE=DATE:20261127",
                "TRANSP:TRANSPARENT",  # as Google exports every all-day event
            )
        )
    )
    summary = analyzed(Request(calendar=[str(path)], week=True, as_of="2026-11-25", tz="UTC"))
    assert [event.title for event in summary.all_day] == ["Thanksgiving"]
    assert summary.excluded.free == 0 and summary.busy_hours == 0


def test_declines_need_an_owner_and_the_calendar_says_so_once(week_file):
    notes: list[str] = []
    analyzed(week(str(week_file)), notes=notes)  # attendee lines, no --me, no email name
    assert notes == [f"warning: {NO_OWNER}"]
    notes.clear()
    analyzed(week(str(week_file), me=[ME]), notes=notes)
    assert notes == []
