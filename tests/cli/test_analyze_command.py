"""`levelcal analyze` through typer's runner: flags, output choice (JSON against its schema,
CSV, the terminal) and exit codes. What the numbers are is tested against the library
(tests/test_application.py)."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from calendars import (
    BERLIN_VTIMEZONE,
    EXPECTED_BUSY,
    EXPECTED_HOURS,
    ME,
    WEEK,
    WINDOW_FLAGS,
    vcalendar,
    vevent,
)
from levelcal.report.json_doc import schema


@pytest.fixture
def week_file(tmp_path: Path) -> Path:
    path = tmp_path / "week.ics"
    path.write_bytes(WEEK)
    return path


def analyze_json(run, *args: str, input: bytes | None = None) -> dict:
    result = run("analyze", *args, "--json", input=input)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema(), format_checker=jsonschema.FormatChecker())
    return document


def test_calendars_may_come_as_arguments_as_well_as_with_c(run, week_file, tmp_path):
    """`levelcal analyze ~/cal.ics` is what people type first: the same report as -c."""
    with_flag = analyze_json(run, "-c", str(week_file), "--me", ME, *WINDOW_FLAGS)
    as_argument = analyze_json(run, str(week_file), "--me", ME, *WINDOW_FLAGS)
    assert as_argument == with_flag
    other = tmp_path / "other.ics"
    solo = vevent("solo@t", "Write the hiring plan", "DTSTART:20260304T090000Z", "DURATION:PT1H")
    other.write_bytes(vcalendar(solo))
    both = analyze_json(run, "-c", str(week_file), str(other), "--me", ME, *WINDOW_FLAGS)
    assert both["sources"] == [str(week_file), str(other)]
    assert {e["uid"] for e in both["events"]} == {e["uid"] for e in with_flag["events"]} | {
        "solo@t"
    }


def test_a_flag_written_without_dashes_is_named(run, tmp_path, monkeypatch):
    """`levelcal analyze week` meant --week; a calendar file really named "week" is read."""
    monkeypatch.chdir(tmp_path)
    result = run("analyze", "week")
    assert result.exit_code == 2
    assert (
        result.stderr == "levelcal: error: week: no such file or directory; did you mean --week?\n"
    )
    (tmp_path / "week").write_bytes(WEEK)
    assert run("analyze", "week", *WINDOW_FLAGS).exit_code == 0


def test_json_hours_match_the_hand_computation(run, week_file):
    document = analyze_json(run, "-c", str(week_file), "--me", ME, *WINDOW_FLAGS)
    assert document["schema_version"] == 1
    assert document["window"] == {
        "from": "2026-03-02T00:00:00+01:00",
        "to": "2026-03-09T00:00:00+01:00",
        "tz": "Europe/Berlin",
        "description": "2026-03-02 to 2026-03-09",
    }
    totals = document["totals"]
    assert totals["busy_hours"] == EXPECTED_BUSY
    assert sum(e["hours"] for e in document["events"]) == pytest.approx(EXPECTED_BUSY, abs=1e-9)
    assert sum(totals["by_level"].values()) == pytest.approx(EXPECTED_BUSY, abs=1e-9)
    for event in document["events"]:
        assert event["hours"] == EXPECTED_HOURS[event["uid"]]
        assert event["level"] in totals["by_level"] and 0 <= event["confidence"] <= 1
    standups = [e for e in document["events"] if e["uid"] == "standup@t"]
    assert [e["start"][:10] for e in standups] == [
        "2026-03-02",
        "2026-03-03",
        "2026-03-05",
        "2026-03-06",
    ]
    assert standups[0]["recurrence_id"] == "2026-03-02T10:30:00+01:00"
    board = next(e for e in document["events"] if e["uid"] == "board@t")
    assert (board["start"], board["end"]) == (
        "2026-03-05T14:00:00+01:00",
        "2026-03-05T16:00:00+01:00",
    )
    assert board["recurrence_id"] is None
    assert document["excluded"] == {
        "cancelled": 1,
        "declined": 1,
        "free": 1,
        "broken": 0,
        "duplicate": 0,
    }
    assert [(d["title"], d["start"], d["end"]) for d in document["all_day"]] == [
        ("OOO", "2026-03-06", "2026-03-07"),
    ]


def test_csv_has_one_row_per_counted_event(run, week_file):
    result = run("analyze", "-c", str(week_file), "--me", ME, *WINDOW_FLAGS, "--csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 7
    assert sum(float(r["hours"]) for r in rows) == pytest.approx(EXPECTED_BUSY)


def test_terminal_report(run, week_file):
    result = run("analyze", "-c", str(week_file), "--me", ME, *WINDOW_FLAGS)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    for expected in (
        "Europe/Berlin",
        "doing",
        "managing",
        "directing",
        "visioning",
        "not work",
        "Most of your work time went to",
        "OOO",
        "1 cancelled",
        "1 declined",
        "1 free",
    ):
        assert expected in text, expected
    # One vocabulary: a person reads the short names; the labels are the JSON's.
    for label in ("implementation", "unification", "communication", "beyond"):
        assert label not in text, label
    assert result.stderr == ""


def test_empty_calendar_is_an_empty_report(run, tmp_path):
    path = tmp_path / "empty.ics"
    path.write_bytes(vcalendar())
    document = analyze_json(run, "-c", str(path), *WINDOW_FLAGS)
    assert document["events"] == [] and document["totals"]["busy_hours"] == 0
    result = run("analyze", "-c", str(path), *WINDOW_FLAGS)
    assert result.exit_code == 0 and "No work hours in this window" in result.stdout


def one_line_error(result, code: int) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("levelcal: error: ")
    return lines[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<!DOCTYPE html>\n<html><body>Sign in to continue</body></html>", "not an iCalendar"),
        (b"\x00\x01\x02PK\x03\x04binary", "binary data"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTST", "truncated"),
        (b"", "empty"),
    ],
)
def test_files_that_are_not_calendars(run, tmp_path, content, message):
    path = tmp_path / "export.ics"
    path.write_bytes(content)
    line = one_line_error(run("analyze", "-c", str(path), *WINDOW_FLAGS), 2)
    assert str(path) in line and message in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-c", "/no/such/calendar.ics"), "/no/such/calendar.ics: no such file"),
        (("-c", "ftp://example.com/cal.ics"), "unsupported URL scheme 'ftp'"),
        (("--tz", "Mars/Olympus"), "unknown time zone 'Mars/Olympus'"),
        (("--from", "2026-02-30", "--to", "2026-03-02"), "'2026-02-30' is not a date"),
        (("--from", "2026-03-09", "--to", "2026-03-02"), "must be after --from"),
        (("--from", "2026-03-09"), "--from and --to go together"),
        (("--week", "--last-month"), "choose one window"),
        (("--days", "many"), "--days 'many': not a whole number"),
        (("--max-file-mb", "lots"), "--max-file-mb 'lots': not a number"),
        (("--as-of", "yesterday"), "--as-of: 'yesterday' is not a date"),
        (("--json", "--csv"), "choose one of --json and --csv"),
        (("--colour",), "No such option: --colour"),
        (("--rules", "/no/rules.toml"), "--rules /no/rules.toml: no such file"),
    ],
)
def test_usage_errors(run, week_file, args, message):
    calendar = () if "-c" in args else ("-c", str(week_file))
    line = one_line_error(run("analyze", *calendar, *args), 2)
    assert message in line


def test_directory_without_calendars(run, tmp_path):
    line = one_line_error(run("analyze", "-c", str(tmp_path)), 2)
    assert "no .ics files" in line


def test_bad_rules_file_names_the_rule(run, week_file, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\ntitle = "(unclosed"\nlevel = "beyond"\n')
    line = one_line_error(run("analyze", "-c", str(week_file), "--rules", str(rules)), 2)
    assert str(rules) in line and "rule 1" in line


def test_http_failure_is_a_network_error(run, web):
    line = one_line_error(run("analyze", "-c", web.url("/gone.ics")), 3)
    assert "/gone.ics: HTTP 404" in line


def test_html_page_served_for_a_calendar_url(run, web):
    web.routes["/login.ics"] = (200, "text/html", b"<html><body>Please log in</body></html>")
    line = one_line_error(run("analyze", "-c", web.url("/login.ics")), 2)
    assert "not an iCalendar file" in line


def test_internal_errors_point_to_a_report_and_hide_the_traceback(run, week_file, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("levelcal.analysis.analyze", explode)
    result = run("analyze", "-c", str(week_file))
    assert result.exit_code == 4
    assert "internal error: RuntimeError: boom" in result.stderr
    assert "please report it" in result.stderr and "Traceback" not in result.stderr
    debug = run("--debug", "analyze", "-c", str(week_file))
    assert debug.exit_code == 4 and "Traceback" in debug.stderr


def test_no_calendar_analyzes_the_bundled_sample_and_says_so(run):
    result = run("analyze", "--week", "--as-of", "2026-11-25", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("\n") == 1 and "bundled sample calendar" in result.stderr
    document = json.loads(result.stdout)
    assert document["totals"]["work_hours"] > 30


def test_help_and_version(run):
    assert run("--help").exit_code == 0
    assert "--calendar" in run("analyze", "--help").stdout
    assert run("--version").stdout.startswith("levelcal ")


# --- what a newcomer reads (issue 19) ----------------------------------------------------


def test_on_a_utc_server_the_sample_week_is_read_in_its_own_zone(run, monkeypatch):
    monkeypatch.setattr("tzlocal.get_localzone_name", lambda: "UTC")
    week = ("--week", "--as-of", "2026-11-25", "--role", "vp")
    document = analyze_json(run, *week)
    in_los_angeles = analyze_json(run, *week, "--tz", "America/Los_Angeles")
    assert document["window"] == in_los_angeles["window"]
    assert document["working_hours"] == in_los_angeles["working_hours"]
    header = run("analyze", *week).stdout.split("Calendars:")[0]
    assert "(America/Los_Angeles, the zone of vp-engineering.ics)" in " ".join(header.split())
    # The sample's Thanksgiving is free (TRANSP:TRANSPARENT), and still a marker.
    assert "Thu 26 Nov Thanksgiving" in run("analyze", *week).stdout


ROUNDING = vcalendar(
    BERLIN_VTIMEZONE,
    # Three levels of 2 h 20 min each, by rule: 7.0 h, each 2.333... h and 33.3%.
    *(
        vevent(
            f"{name}@t",
            name,
            f"DTSTART;TZID=Europe/Berlin:2026030{day}T090000",
            f"DTEND;TZID=Europe/Berlin:2026030{day}T112000",
        )
        for day, name in ((2, "Alpha"), (3, "Beta"), (4, "Gamma"))
    ),
)
ROUNDING_RULES = (
    '[[rule]]\ntitle = "Alpha"\nlevel = "doing"\n'
    '[[rule]]\ntitle = "Beta"\nlevel = "managing"\n'
    '[[rule]]\ntitle = "Gamma"\nlevel = "directing"\n'
)


def test_the_shown_hours_and_shares_add_up_to_the_shown_totals(run, tmp_path):
    calendar, rules = tmp_path / "thirds.ics", tmp_path / "rules.toml"
    calendar.write_bytes(ROUNDING)
    rules.write_text(ROUNDING_RULES)
    flags = ("-c", str(calendar), "--rules", str(rules), *WINDOW_FLAGS)
    # Largest remainder, as the JSON: 2.333 each -> 2.4, 2.3, 2.3 (the first of equal
    # remainders gets the tenth), adding up to 7.0; 33.3% each -> 34%, 33%, 33%.
    table = run("analyze", *flags).stdout.split("Most of your work time")[0]
    lines = table.splitlines()
    first = next(i for i, line in enumerate(lines) if line.split()[:2] == ["level", "hours"]) + 1
    rows = {line.split()[0]: line.split()[1:3] for line in lines[first:] if line.strip()}
    assert rows == {
        "doing": ["2.4", "34%"],
        "managing": ["2.3", "33%"],
        "directing": ["2.3", "33%"],
        "visioning": ["0.0", "0%"],
        "not": ["work", "0.0"],
        "work": ["7.0"],
        "busy": ["7.0", "all"],
    }
    digest = run("digest", *flags, "--no-save").stdout
    assert "Hours per level (7.0 work hours, 7.0 busy):" in digest
    for row in (
        "doing         2.4 h   34%",
        "managing      2.3 h   33%",
        "directing     2.3 h   33%",
    ):
        assert row in digest, digest


def test_a_series_is_named_by_its_master_not_a_moved_instance(run, tmp_path):
    series = (
        "DTSTART;TZID=Europe/Berlin:20260224T100000",
        "DTEND;TZID=Europe/Berlin:20260224T110000",
        "RRULE:FREQ=WEEKLY",
    )
    calendar = tmp_path / "series.ics"
    calendar.write_bytes(
        vcalendar(
            BERLIN_VTIMEZONE,
            vevent("plan@t", "Sprint planning", *series),
            # This week's instance moved from Tuesday to Monday, and says so in its title.
            vevent(
                "plan@t",
                "Sprint planning (moved)",
                "RECURRENCE-ID;TZID=Europe/Berlin:20260303T100000",
                "DTSTART;TZID=Europe/Berlin:20260302T100000",
                "DTEND;TZID=Europe/Berlin:20260302T110000",
            ),
        )
    )
    text = run("analyze", "-c", str(calendar), "--me", ME, *WINDOW_FLAGS, "--role", "vp").stdout
    assert "(moved)" not in text
    assert text.count("Sprint planning") == 2  # the biggest time sinks, and what to hand off


def test_the_calendar_is_named_not_its_local_path(run, week_file, tmp_path):
    named = tmp_path / "named.ics"
    named.write_bytes(WEEK.replace(b"VERSION:2.0", b"VERSION:2.0\r\nX-WR-CALNAME:Team Orca"))
    flags = ("--me", ME, *WINDOW_FLAGS, "--no-save")
    digest = run("digest", "-c", str(week_file), "-c", str(named), *flags).stdout
    assert "Calendars: week.ics, Team Orca\n" in digest
    assert str(tmp_path) not in digest


def test_an_outlook_export_is_read_in_the_zone_of_its_vtimezone(run, monkeypatch):
    """Outlook writes no X-WR-TIMEZONE, only the VTIMEZONE "Romance Standard Time" that
    its events use: on a UTC server the report is still in Lyon's time, and says why. A
    calendar that defines two zones says nothing about which is its own."""
    from levelcal.ingest.ics_text import calendar_zone

    monkeypatch.setattr("tzlocal.get_localzone_name", lambda: "UTC")
    lyon = Path(__file__).parents[2] / "models" / "leader_calendars" / "cfo-lyon.ics"
    data = lyon.read_bytes()
    assert calendar_zone(data) == "Europe/Paris"
    result = run("analyze", "-c", str(lyon), "--from", "2026-11-16", "--to", "2026-11-30")
    assert result.exit_code == 0, result.output
    header = " ".join(result.stdout.split("Calendars:")[0].split())
    assert "(Europe/Paris, the zone of cfo-lyon.ics)" in header
    second = data.replace(
        b"BEGIN:VTIMEZONE",
        b"BEGIN:VTIMEZONE\r\nTZID:Tokyo Standard Time\r\nEND:VTIMEZONE\r\nBEGIN:VTIMEZONE",
        1,
    )
    assert calendar_zone(second) is None
