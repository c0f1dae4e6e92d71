"""`levelcal calendars`: the account's calendars, paged, and which ones `-c google` reads."""

from __future__ import annotations

import json

from fakeapi import FakeCalendar
from google_data import PRIMARY, TEAM


def test_lists_every_calendar_over_pages_and_marks_the_analyzed_ones(google, run):
    google.add_calendar(
        FakeCalendar(
            id="en.german#holiday@group.v.calendar.google.com",
            summary="Holidays in Germany",
            access_role="reader",
        )
    )
    google.page_size = 2
    result = run("calendars")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"google:{PRIMARY}  {PRIMARY}  [owner, primary, analyzed]",
        f"google:{TEAM}  Platform Team  [writer]",
        "google:en.german#holiday@group.v.calendar.google.com  Holidays in Germany  [reader]",
    ]
    assert len(google.api_requests("/calendarList")) == 2


def test_json_and_the_configured_choice(google, run, isolated_config):
    (isolated_config / "config.toml").write_text(
        f'[google]\ncalendars = ["{TEAM}"]\n', encoding="utf-8"
    )
    result = run("calendars", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows[TEAM]["analyzed"] and not rows[PRIMARY]["analyzed"]
    assert rows[PRIMARY]["primary"] and rows[PRIMARY]["time_zone"] == "Europe/Berlin"


def test_a_bad_google_table_in_the_config_is_one_line(google, run, isolated_config):
    (isolated_config / "config.toml").write_text("[google]\nsync_days_back = -3\n")
    result = run("analyze", "-c", "google")
    assert result.exit_code == 2
    assert "google.sync_days_back" in result.stderr
