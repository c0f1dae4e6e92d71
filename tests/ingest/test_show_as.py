"""Outlook's "show as" in an export (X-MICROSOFT-CDO-BUSYSTATUS): an appointment shown as
out of office for less than a day is time spent away, counted and labeled like any other
event; a day or more of it, and working elsewhere, are markers (`events.shown_as`)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from calendars import BERLIN_VTIMEZONE, vcalendar, vevent

ROOT = Path(__file__).resolve().parents[2]
# Written blind for set K by someone who never saw levelcal's code (its README says how).
WESTLAND = ROOT / "models" / "leader_calendars_k" / "coo-glastuinbouw-westland.ics"
OOF = "X-MICROSOFT-CDO-BUSYSTATUS:OOF"


def report(run, calendar: Path, *window: str) -> dict:
    result = run("analyze", "-c", str(calendar), "--tz", "Europe/Berlin", *window, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_time_away_is_counted_and_an_absence_is_a_marker(run, tmp_path):
    calendar = tmp_path / "outlook.ics"
    calendar.write_bytes(
        vcalendar(
            BERLIN_VTIMEZONE,
            # Tue 24 Nov 10:00-13:00: three hours at a customer's, shown as out of office.
            vevent(
                "visit@t",
                "Jahresgespräch BMW Einkauf (FIZ)",
                "DTSTART;TZID=Europe/Berlin:20261124T100000",
                "DTEND;TZID=Europe/Berlin:20261124T130000",
                OOF,
            ),
            # Wed 25 Nov 09:00 to Fri 27 Nov 18:00: over two days away, an absence.
            vevent(
                "trip@t",
                "Out of office",
                "DTSTART;TZID=Europe/Berlin:20261125T090000",
                "DTEND;TZID=Europe/Berlin:20261127T180000",
                OOF,
            ),
            # Exactly a day, Mon 23 Nov 12:00 to Tue 12:00: an absence too.
            vevent(
                "day@t",
                "OOO",
                "DTSTART;TZID=Europe/Berlin:20261123T120000",
                "DTEND;TZID=Europe/Berlin:20261124T120000",
                OOF,
            ),
            # Mon 23 Nov 08:00-16:00 working from home: where, not what.
            vevent(
                "home@t",
                "Homeoffice",
                "DTSTART;TZID=Europe/Berlin:20261123T080000",
                "DTEND;TZID=Europe/Berlin:20261123T160000",
                "X-MICROSOFT-CDO-BUSYSTATUS:WORKINGELSEWHERE",
            ),
        )
    )
    document = report(run, calendar, "--from", "2026-11-23", "--to", "2026-11-30")
    (visit,) = document["events"]
    assert (visit["title"], visit["hours"]) == ("Jahresgespräch BMW Einkauf (FIZ)", 3.0)
    assert document["totals"]["busy_hours"] == 3.0
    assert sorted(marker["title"] for marker in document["all_day"]) == [
        "Homeoffice",
        "OOO",
        "Out of office",
    ]


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York"])
@pytest.mark.parametrize(
    ("start", "length"),
    [
        # Berlin leaves summer time on Sun 25 Oct 2026 at 03:00: RFC 5545 §3.3.6 makes PT24H
        # 24 elapsed hours, which ends at 11:00 on the wall clock, 23 hours later by it.
        ("20261024T120000", "DURATION:PT24H"),
        # And enters it on Sun 29 Mar 2026 at 02:00: P1D is nominal, noon to noon on the
        # wall clock, 23 elapsed hours.
        ("20260328T120000", "DURATION:P1D"),
    ],
)
def test_a_day_away_across_a_change_of_clocks_is_an_absence_in_every_zone(
    run, tmp_path, zone, start, length
):
    calendar = tmp_path / "outlook.ics"
    calendar.write_bytes(
        vcalendar(
            BERLIN_VTIMEZONE,
            vevent("away@t", "Out of office", f"DTSTART;TZID=Europe/Berlin:{start}", length, OOF),
        )
    )
    first = date(int(start[:4]), int(start[4:6]), int(start[6:8]))
    window = ("--from", str(first), "--to", str(first + timedelta(days=3)))
    result = run("analyze", "-c", str(calendar), "--tz", zone, *window, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["events"] == []
    assert [marker["title"] for marker in document["all_day"]] == ["Out of office"]


def test_a_real_outlook_export_keeps_the_dentist_and_the_trip_to_the_auction(run):
    """The Westland COO shows her own appointments as out of office: the dentist (private,
    Tue 27 Oct 13:15-14:00) and an unplanned drive to the flower auction (Wed 28 Oct
    09:30-11:30), which her writer labeled doing. Before, both vanished into the markers."""
    document = report(run, WESTLAND, "--from", "2026-10-26", "--to", "2026-11-02", "--show-private")
    hours = {event["title"]: event["hours"] for event in document["events"]}
    assert hours["Tandarts"] == 0.75
    assert hours["🚨 VEILING – trosprijzen ingestort, zelf heen"] == 2.0
    (dentist,) = [e for e in document["events"] if e["title"] == "Tandarts"]
    assert dentist["level"] == "other"
    shown_as_away = {"Tandarts", "🚨 VEILING – trosprijzen ingestort, zelf heen"}
    assert not shown_as_away & {marker["title"] for marker in document["all_day"]}
