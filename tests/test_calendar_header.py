"""What a calendar says about itself before its first event: whose it is (Outlook's
X-OWNER) and its name (X-WR-CALNAME, a TEXT value with RFC 5545 §3.3.11 escapes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calendars import vcalendar, vevent

CFO = Path(__file__).parents[1] / "models" / "leader_calendars" / "cfo-lyon.ics"
CLAIRE = "claire.dumontet@berthier-industries.fr"
# Mon 23 - Mon 30 Nov 2026, Europe/Paris (the zone of the file's VTIMEZONE). Claire declined
# one meeting that week: "Webinaire DFCG" on Tue 24 Nov, 16:00-17:00, marked TRANSPARENT.
CFO_WEEK = ("--from", "2026-11-23", "--to", "2026-11-30")
NO_OWNER = "declined meetings can't be told apart"


def _document(run, *args: str) -> dict:
    result = run("analyze", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_an_outlook_export_names_its_owner(run):
    found = _document(run, "-c", str(CFO), *CFO_WEEK)
    assert found["owner_emails"] == [CLAIRE]
    # The declined webinar is left out as declined, not counted as free time.
    assert (found["excluded"]["declined"], found["excluded"]["free"]) == (1, 0)
    assert not any(NO_OWNER in warning for warning in found["warnings"])
    assert found == _document(run, "-c", str(CFO), *CFO_WEEK, "--me", CLAIRE)


def test_the_report_says_where_the_owner_came_from(run, tmp_path):
    copy = tmp_path / "cfo-lyon.ics"
    copy.write_bytes(CFO.read_bytes())
    result = run("analyze", "-c", str(copy), *CFO_WEEK)
    assert result.exit_code == 0, result.output
    assert f"Owner: {CLAIRE} (from X-OWNER of cfo-lyon.ics)\n" in result.stdout
    assert NO_OWNER not in result.stderr
    assert run("analyze", "-c", str(copy), *CFO_WEEK).stdout == result.stdout  # read cached
    # An event added years away: the week's events come from the block cache, unparsed.
    far = vevent("far@t", "Far away", "DTSTART:20200101T090000Z", "DTEND:20200101T100000Z")
    far_block = far.replace("\n", "\r\n").encode()
    copy.write_bytes(CFO.read_bytes().replace(b"END:VCALENDAR", far_block + b"END:VCALENDAR"))
    assert run("analyze", "-c", str(copy), *CFO_WEEK).stdout == result.stdout


def test_me_and_the_config_win_over_x_owner(run, isolated_config):
    other = "someone.else@berthier-industries.fr"
    by_flag = _document(run, "-c", str(CFO), *CFO_WEEK, "--me", other)
    assert by_flag["owner_emails"] == [other]
    assert (by_flag["excluded"]["declined"], by_flag["excluded"]["free"]) == (0, 1)
    (isolated_config / "config.toml").write_text(f'me = ["{other}"]\n', encoding="utf-8")
    by_config = run("analyze", "-c", str(CFO), *CFO_WEEK)
    assert f"Owner: {other}\n" in by_config.stdout  # no "(from …)": the user said it


MEETING = vevent(
    "m@t",
    "Budget review",
    "DTSTART:20260302T090000Z",
    "DTEND:20260302T100000Z",
    "ATTENDEE;PARTSTAT=ACCEPTED:mailto:lee@northwind.example",
)
WINDOW = ("--from", "2026-03-02", "--to", "2026-03-09", "--tz", "UTC")


@pytest.mark.parametrize(
    "line",
    [
        "X-OWNER;CN=Lee:lee@northwind.example",  # no mailto:
        "X-OWNER:mailto:not an address",
        "X-OWNER:https://northwind.example/lee",
    ],
)
def test_only_a_mailto_address_names_the_owner(run, tmp_path, line):
    path = tmp_path / "cal.ics"
    path.write_bytes(vcalendar(MEETING, header=line + "\n"))
    found = _document(run, "-c", str(path), *WINDOW)
    assert found["owner_emails"] == []
    assert any(NO_OWNER in warning for warning in found["warnings"])


def test_calendars_with_different_owners_make_them_all_the_owner(run, tmp_path):
    (tmp_path / "lee.ics").write_bytes(vcalendar(header="X-OWNER:MAILTO:Lee@Northwind.example\n"))
    (tmp_path / "kim.ics").write_bytes(vcalendar(header="X-WR-CALNAME:kim@northwind.example\n"))
    result = run("analyze", "-c", str(tmp_path / "lee.ics"), "-c", str(tmp_path / "kim.ics"))
    assert result.exit_code == 0, result.output
    assert (  # the line is wrapped at the terminal's width
        "Owner: kim@northwind.example, lee@northwind.example "
        "(from X-OWNER of lee.ics, the name of kim.ics) "
    ) in " ".join(result.stdout.split())


def test_a_calendar_name_is_unescaped(run, tmp_path):
    path = tmp_path / "ops.ics"
    path.write_bytes(vcalendar(MEETING, header="X-WR-CALNAME:Team\\, Ops\\; EMEA \\\\ on-call\n"))
    for _ in range(2):  # parsed, then from the calendar cache
        found = _document(run, "-c", str(path), *WINDOW)
        assert found["events"][0]["calendar"] == "Team, Ops; EMEA \\ on-call"
    result = run("analyze", "-c", str(path), *WINDOW, "--no-cache")
    assert "Calendars: Team, Ops; EMEA \\ on-call\n" in result.stdout


def test_a_from_to_window_is_headed_by_its_days_not_the_exclusive_end(run):
    """--to names the day after the last one: beside "Sun 29 Nov" the header counted "to
    2026-11-30". The JSON keeps its documented form (docs/json.md)."""
    result = run("analyze", "-c", str(CFO), *CFO_WEEK)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("levelcal · 7 days · Mon 23 Nov 2026 – Sun 29 Nov 2026")
    assert "2026-11-30" not in result.stdout
    window = _document(run, "-c", str(CFO), *CFO_WEEK)["window"]
    assert window["description"] == "2026-11-23 to 2026-11-30"
