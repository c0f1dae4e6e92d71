"""`levelcal analyze -c microsoft`: Dana's Outlook week from the fake Graph, counted by hand.

Window: Mon 2026-11-16 to Mon 2026-11-23, Europe/Berlin (UTC+1 all week).
Counted (dana_week.py):
  incident bridge Sun 23:00-Mon 01:00, clipped to the window    1.0 h
  standup Mon, Tue, Thu 09:30-09:45 and Wed (moved) 09:45-10:00  1.0 h
  roadmap sync (an invite from Google) Mon 17:00-18:00           1.0 h
  budget review Tue 14:00-15:30 (the room is no attendee)        1.5 h
  quarterly update (category Board) Wed 11:00-12:00              1.0 h
  architecture review Thu 10:00-11:30 and hiring debrief Thu
  11:00-12:00: 2 h busy, the shared half hour split in two       2.0 h
  dentist (shown as out of office, under a day) Thu 13:00-15:00  2.0 h
  therapy (private) Thu 17:00-18:00                              1.0 h
                                                        busy    10.5 h
Not counted: Friday's standup (cancelled), the vendor sync (Dana declined),
lunch (free); working from home (working elsewhere) and the offsite (all day)
are markers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dana_week import WEEK

from shown import hours_by_title

EXPORT = Path(__file__).parents[1] / "data" / "microsoft" / "dana-outlook-export.ics"
BUSY = 10.5


def analyze(run, *args: str) -> dict:
    result = run("analyze", *WEEK, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_week_matches_the_hand_count(connected, run):
    document = analyze(run, "-c", "microsoft")
    assert document["totals"]["busy_hours"] == pytest.approx(BUSY)
    assert hours_by_title(document) == {
        "Incident bridge: payments outage": 1.0,
        "Platform standup": 0.75,
        "Platform standup (moved)": 0.25,
        "Quarterly roadmap sync with SF product": 1.0,
        "FY27 budget review: engineering": 1.5,
        "Quarterly update: Acme Ventures": 1.0,
        "Architecture review: event bus": 1.25,
        "Hiring debrief: staff engineer": 0.75,
        "Out of office: dentist": 2.0,
        "Private event": 1.0,
    }
    assert document["excluded"] == {
        "cancelled": 1,
        "declined": 1,
        "free": 1,
        "broken": 0,
        "duplicate": 0,
    }
    assert sorted(e["title"] for e in document["all_day"]) == [
        "Team offsite",
        "Working from home",
    ]
    (dentist,) = [e for e in document["events"] if "dentist" in e["title"]]
    assert dentist["level"] == "other"  # away, and not at work
    assert document["owner_emails"] == ["dana@northwind.example"]
    assert document["sources"] == ["microsoft:primary"]


def test_every_request_asks_for_utc_and_pages_of_at_most_20(connected, run):
    analyze(run, "-c", "microsoft")
    assert connected.prefer and all('outlook.timezone="UTC"' in p for p in connected.prefer)
    deltas = connected.graph_requests("calendarView/delta")
    # 27 instances in the span, 20 a page: two pages, the second by its nextLink.
    assert len(deltas) == 2
    assert "startDateTime" in deltas[0] and "$skiptoken" in deltas[1]


def test_the_same_events_from_an_outlook_export_give_the_same_report(connected, run, tmp_path):
    (tmp_path / "rules.toml").write_text("", encoding="utf-8")
    online = analyze(run, "-c", "microsoft")
    exported = analyze(run, "-c", str(EXPORT))

    def comparable(document: dict) -> dict:
        keep = ("uid", "recurrence_id", "title", "start", "end", "hours", "level", "labeled_by")
        return {
            "totals": document["totals"],
            "events": [{k: e[k] for k in keep} for e in document["events"]],
            "excluded": document["excluded"],
            "all_day": [(a["uid"], a["title"], a["start"]) for a in document["all_day"]],
            "owners": document["owner_emails"],
        }

    assert comparable(online) == comparable(exported)
    both = analyze(run, "-c", "microsoft", "-c", str(EXPORT))
    assert both["totals"]["busy_hours"] == pytest.approx(BUSY)  # each occurrence counted once
    # every occurrence seen twice: the counted, the markers, and the three not counted
    assert both["excluded"]["duplicate"] == len(online["events"]) + len(online["all_day"]) + 3


def test_a_private_title_is_masked_unless_asked_and_still_classified(connected, run):
    masked = analyze(run, "-c", "microsoft")
    (private,) = [e for e in masked["events"] if e.get("private")]
    assert private["title"] == "Private event"
    assert "Therapy" not in json.dumps(masked)
    shown = analyze(run, "-c", "microsoft", "--show-private")
    (private_shown,) = [e for e in shown["events"] if e.get("private")]
    assert private_shown["title"] == "Therapy with Dr. Lang"
    assert (private["level"], private["confidence"]) == (
        private_shown["level"],
        private_shown["confidence"],
    )
    terminal = run("analyze", *WEEK, "-c", "microsoft")
    assert "Therapy" not in terminal.stdout


def test_a_category_in_the_config_decides_like_a_rule(connected, run, isolated_config):
    config = isolated_config / "config.toml"
    config.write_text(config.read_text() + '\n[categories]\n"board" = "beyond"\n', encoding="utf-8")
    document = analyze(run, "-c", "microsoft")
    (update,) = [e for e in document["events"] if e["title"].startswith("Quarterly update")]
    assert (update["level"], update["labeled_by"], update["confidence"]) == ("beyond", "rule", 1.0)
    assert update["categories"] == ["Board"]


def test_a_cron_digest_reads_outlook_without_prompting(connected, run):
    result = run("digest", "--no-save", "-c", "microsoft", "--as-of", "2026-11-25", input=None)
    assert result.exit_code == 0, result.output
    assert "2026-W47" in result.stdout and "Therapy" not in result.stdout


def test_a_lone_surrogate_from_graph_is_replaced(connected, run):
    """Graph may cut an emoji in half ("\\ud83d" in its JSON): it reads as U+FFFD."""
    from dana_week import DEFAULT_ID, event

    connected.calendars[DEFAULT_ID].name = "Calendar \udd73"
    connected.put(
        DEFAULT_ID,
        event(
            "AAMkCut",
            "Launch party \ud83c",
            "2026-11-19T15:00:00",
            "2026-11-19T16:00:00",
            ical_uid="cut@northwind.example",
        ),
    )
    table = run("analyze", *WEEK, "-c", "microsoft", "--csv")
    assert table.exit_code == 0, table.output
    assert "Launch party \ufffd" in table.stdout
    assert "Calendar \ufffd" in table.stdout
