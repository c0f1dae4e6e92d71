"""Executives in the room (LEVELS.md hard case 4: a generic title with "external or
executive attendees" is directing). An address cannot tell a colleague from the CFO, so
the owner names them: --executive, the config's `executives`, and its `manager`.

The calendar is one of the hand-labeled leader calendars (an Outlook export): Sanne's
"Catch-up" with Femke Mulder, her company's CFO, whose hand label is directing.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from levelcal.classify.features import from_event
from levelcal.events import Attendee, Event

ROOT = Path(__file__).resolve().parents[1]
CALENDAR = ROOT / "models" / "leader_calendars" / "ops-head-amsterdam-milan.ics"
OWNER = "sanne.devries@verdantfoods.eu"
CFO = "femke.mulder@verdantfoods.eu"
WINDOW = ("--from", "2026-11-16", "--to", "2026-11-30", "--tz", "Europe/Amsterdam", "--me", OWNER)


def report(run, *flags: str) -> dict:
    result = run("analyze", "-c", str(CALENDAR), *WINDOW, "--json", *flags)
    assert result.exit_code == 0, result.stderr
    document: dict = json.loads(result.stdout)
    return document


def catch_up_level(run, *flags: str) -> str:
    events = report(run, *flags)["events"]
    (level,) = {e["level"] for e in events if e["title"] == "Catch-up"}
    return str(level)


def test_a_generic_meeting_with_an_executive_is_directing(run):
    assert catch_up_level(run) == "unification"  # one internal colleague, as far as we know
    assert catch_up_level(run, "--executive", CFO) == "communication"
    assert report(run, "--executive", CFO.upper())["executives"] == [CFO]  # as attendees are
    # The labels cache keys on who the executives are: the next plain run is managing again.
    assert catch_up_level(run) == "unification"


@pytest.mark.parametrize("line", [f'executives = ["{CFO}"]', f'manager = "{CFO}"'])
def test_the_config_names_the_executives_and_the_manager_counts(run, isolated_config, line):
    (isolated_config / "config.toml").write_text(line + "\n", encoding="utf-8")
    assert catch_up_level(run) == "communication"


def test_the_report_names_the_executives_it_counted(run):
    result = run("analyze", "-c", str(CALENDAR), *WINDOW, "--executive", CFO)
    assert result.exit_code == 0, result.stderr
    assert f"\nExecutives: {CFO}\n" in result.stdout


def test_explain_says_an_executive_is_in_the_room(run):
    result = run("explain", "Catch-up", "-c", str(CALENDAR), *WINDOW, "--executive", CFO)
    assert result.exit_code == 0, result.stderr
    assert "(1 other attendee, an executive, 30 min)" in " ".join(result.stdout.split())
    assert "  directing, confidence" in result.stdout
    assert "who is in the room decided" in " ".join(result.stdout.split())


def test_explain_free_text_with_an_executive_in_the_room(run):
    """A title typed as free text: --with-executive puts an executive among the attendees."""
    colleague = run("explain", "Catch-up", "--attendees", "1")
    boss = run("explain", "Catch-up", "--with-executive")
    assert colleague.exit_code == boss.exit_code == 0, boss.stderr
    assert "  managing, confidence" in colleague.stdout
    assert boss.stdout.startswith('"Catch-up" (1 other attendee, an executive, 30 min)')
    assert "  directing, confidence" in boss.stdout


def test_an_executive_flag_that_is_not_an_address_is_refused(run):
    result = run("analyze", "-c", str(CALENDAR), *WINDOW, "--executive", "femke")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "levelcal: error: --executive 'femke': not an email address"
    ]


def test_an_executive_counts_only_when_in_the_room():
    start = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
    sync = Event(
        uid="sync",
        recurrence_id=None,
        title="Sync",
        start=start,
        end=start + timedelta(minutes=30),
        organizer="jeroen.bakker@verdantfoods.eu",
        attendees=(Attendee(OWNER, "Sanne", False),),
    )
    without = from_event(sync, frozenset({OWNER}), frozenset({CFO}))
    assert (without.external, without.executive, without.attendees) == (False, False, 1)
    with_cfo = from_event(replace(sync, organizer=CFO), frozenset({OWNER}), frozenset({CFO}))
    assert (with_cfo.external, with_cfo.executive, with_cfo.attendees) == (True, True, 1)
