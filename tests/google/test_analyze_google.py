"""`levelcal analyze -c google`: Dana's week from the fake API, hours worked out by hand.

Window: Mon 2026-11-16 to Mon 2026-11-23, Europe/Berlin (UTC+1 all week).
Counted on the primary calendar (dana-primary.json):
  incident bridge Sun 23:00-Mon 01:00, clipped to the window  1.0 h
  standup Mon, Tue, Thu 09:30-09:45 and Wed 09:45-10:00        1.0 h
  sprint 47 planning Mon 14:00-15:30                          1.5 h
  1:1 Tue 11:00-11:30                                         0.5 h
  focus time Tue 13:00-15:00                                  2.0 h
  SF roadmap sync Tue 08:00-09:00 PST = 17:00-18:00 Berlin    1.0 h
  board prep Wed 14:00-16:00                                  2.0 h
  budget review Thu 10:00-11:30 and architecture review
  Thu 10:30-11:30: 1.5 h busy, the shared hour split in two   1.5 h
                                                      busy   10.5 h
Not counted: Fri standup and vendor sync (Dana declined) = 2 declined; lunch
and the birthday (transparent) = 2 free; working location (Mon) and out of
office (Fri afternoon) are markers; the offsite is after the window.
The team calendar adds the retro (1.0 h) and the on-call handoff (0.5 h), and
the same sprint planning again, counted once: 12.0 h.
"""

from __future__ import annotations

import json
import os

import pytest
from google_data import PRIMARY, TEAM, WEEK

from shown import hours_by_title

PRIMARY_BUSY = 10.5
TEAM_EXTRA = 1.0 + 0.5


@pytest.fixture(autouse=True)
def wide_sync_span(isolated_config):
    """The synced span reaches the fixture week whatever today's date is."""
    (isolated_config / "config.toml").write_text(
        "[google]\nsync_days_back = 3660\nsync_days_ahead = 3660\n", encoding="utf-8"
    )


def analyze(run, *args: str) -> dict:
    result = run("analyze", *WEEK, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_primary_calendar_hours_match_the_hand_count(google, run):
    document = analyze(run, "-c", "google")
    assert document["totals"]["busy_hours"] == pytest.approx(PRIMARY_BUSY)
    assert hours_by_title(document) == {
        "Incident bridge: payments outage": 1.0,
        "Platform standup": 0.75,
        "Platform standup (moved: all-hands rehearsal)": 0.25,
        "Sprint 47 planning": 1.5,
        "Dana / Priya 1:1": 0.5,
        "Focus time": 2.0,
        "Quarterly roadmap sync with SF product": 1.0,
        "Board prep: Q4 engineering update deck": 2.0,
        "FY27 budget review: engineering": 1.0,
        "Architecture review: event bus": 0.5,
    }
    assert document["excluded"]["declined"] == 2
    assert document["excluded"]["free"] == 1  # lunch; the all-day birthday is a marker
    assert sorted(e["title"] for e in document["all_day"]) == [
        "Home",
        "Out of office: school event",
        "Private event",  # the birthday: Google marks it `visibility: private`
    ]
    assert document["sources"] == ["google:primary"]
    assert {e["calendar"] for e in document["events"]} == {PRIMARY}
    assert document["owner_emails"] == [PRIMARY]


def test_focus_time_is_doing_whatever_the_model_says(google, run):
    document = analyze(run, "-c", "google")
    (focus,) = [e for e in document["events"] if e["title"] == "Focus time"]
    assert focus["level"] == "implementation"
    assert focus["labeled_by"] == "rule"


def test_two_calendars_merge_and_the_shared_event_counts_once(google, run):
    document = analyze(run, "-c", "google", "-c", f"google:{TEAM}")
    assert document["totals"]["busy_hours"] == pytest.approx(PRIMARY_BUSY + TEAM_EXTRA)
    assert document["excluded"]["duplicate"] == 1
    assert hours_by_title(document)["Sprint 47 planning"] == 1.5
    assert document["sources"] == ["google:primary", f"google:{TEAM}"]
    assert {e["calendar"] for e in document["events"]} == {PRIMARY, "Platform Team"}


def test_configured_calendars_are_what_google_reads(google, run, isolated_config):
    (isolated_config / "config.toml").write_text(
        f'calendars = ["google"]\n[google]\ncalendars = ["primary", "{TEAM}"]\n'
        "sync_days_back = 3660\nsync_days_ahead = 3660\n",
        encoding="utf-8",
    )
    document = analyze(run)
    assert document["totals"]["busy_hours"] == pytest.approx(PRIMARY_BUSY + TEAM_EXTRA)


def test_an_ics_export_of_the_same_events_is_not_counted_twice(google, run):
    export = os.path.join(os.path.dirname(__file__), "..", "data", "google", "dana-export.ics")
    document = analyze(run, "-c", "google", "-c", export)
    # The export's 1:1 instance is the API's; its own reading hour is new.
    assert document["excluded"]["duplicate"] == 1
    assert document["totals"]["busy_hours"] == pytest.approx(PRIMARY_BUSY + 1.0)
    assert hours_by_title(document)["Dana / Priya 1:1"] == 0.5


def test_all_reads_every_calendar_of_the_account_once(google, run, isolated_config):
    (isolated_config / "config.toml").write_text(
        '[google]\ncalendars = ["all"]\nsync_days_back = 3660\nsync_days_ahead = 3660\n',
        encoding="utf-8",
    )
    document = analyze(run, "-c", "google")
    assert document["sources"] == [f"google:{PRIMARY}", f"google:{TEAM}"]
    assert document["totals"]["busy_hours"] == pytest.approx(PRIMARY_BUSY + TEAM_EXTRA)


def test_a_lone_surrogate_from_the_api_is_replaced(google, run):
    """An API may cut an emoji in half: JSON "\\ud83d" is a lone UTF-16 surrogate, which no
    UTF-8 output can hold. It reads as U+FFFD, as invalid UTF-8 in an .ics file does."""
    cut = {
        "kind": "calendar#event",
        "id": "cutemoji1",
        "status": "confirmed",
        "summary": "Roadmap review \ud83d",
        "description": "Agenda \udca9 below",
        "iCalUID": "cutemoji1@google.com",
        "start": {"dateTime": "2026-11-17T16:00:00+01:00"},
        "end": {"dateTime": "2026-11-17T17:00:00+01:00"},
    }
    google.put(PRIMARY, cut)
    titles = set(hours_by_title(analyze(run, "-c", "google")))
    assert "Roadmap review \ufffd" in titles
    table = run("analyze", *WEEK, "-c", "google", "--csv")
    assert table.exit_code == 0, table.output
    assert "Roadmap review \ufffd" in table.stdout
    labeled = run("label", "doing", "--title", "^Roadmap review", "-c", "google", *WEEK)
    assert labeled.exit_code == 0, labeled.output
    assert "Roadmap review \ufffd" in run("label", "--list").stdout
