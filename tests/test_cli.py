"""The CLI end to end through typer's runner: reports, JSON against its schema, every error."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from calendars import BERLIN_VTIMEZONE, vcalendar, vevent
from levelcal.report.json_doc import schema

ME = "dana@northwind.example"
ATTENDING = (
    "ORGANIZER;CN=Lee:mailto:lee@northwind.example",
    f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ME}",
    "ATTENDEE;PARTSTAT=ACCEPTED:mailto:lee@northwind.example",
)
WEEK = vcalendar(
    BERLIN_VTIMEZONE,
    # Mon 2 March 09:00-10:00 and 09:30-10:30 overlap: 0.75 h each, 1.5 h busy.
    vevent(
        "review@t",
        "Code review: payments PR",
        "DTSTART;TZID=Europe/Berlin:20260302T090000",
        "DTEND;TZID=Europe/Berlin:20260302T100000",
    ),
    vevent(
        "one@t",
        "1:1 Lee / Dana",
        "DTSTART;TZID=Europe/Berlin:20260302T093000",
        "DTEND;TZID=Europe/Berlin:20260302T103000",
        *ATTENDING,
    ),
    # Daily standup Mon-Fri 10:30-10:45 (5 × 0.25 h), but Wednesday's is cancelled.
    vevent(
        "standup@t",
        "Team standup",
        "DTSTART;TZID=Europe/Berlin:20260302T103000",
        "DTEND;TZID=Europe/Berlin:20260302T104500",
        "RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
        *ATTENDING,
    ),
    vevent(
        "standup@t",
        "Team standup",
        "RECURRENCE-ID;TZID=Europe/Berlin:20260304T103000",
        "DTSTART;TZID=Europe/Berlin:20260304T103000",
        "DTEND;TZID=Europe/Berlin:20260304T104500",
        "STATUS:CANCELLED",
    ),
    # Declined by the owner, transparent, and all-day: 0 hours each.
    vevent(
        "golf@t",
        "Vendor golf",
        "DTSTART;TZID=Europe/Berlin:20260303T130000",
        "DTEND;TZID=Europe/Berlin:20260303T170000",
        "ORGANIZER:mailto:sales@vendor.example",
        f"ATTENDEE;PARTSTAT=DECLINED:mailto:{ME}",
    ),
    vevent(
        "lunch@t",
        "Lunch",
        "DTSTART;TZID=Europe/Berlin:20260303T120000",
        "DTEND;TZID=Europe/Berlin:20260303T130000",
        "TRANSP:TRANSPARENT",
    ),
    vevent("ooo@t", "OOO", "DTSTART;VALUE=DATE:20260306", "DTEND;VALUE=DATE:20260307"),
    # Board meeting Thu 5 March 14:00-16:00 with DURATION.
    vevent(
        "board@t",
        "Q1 board meeting",
        "DTSTART;TZID=Europe/Berlin:20260305T140000",
        "DURATION:PT2H",
        "ORGANIZER:mailto:ceo@northwind.example",
        "ATTENDEE:mailto:investor@fund.example",
        f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ME}",
    ),
)
EXPECTED_HOURS = {  # by hand, from the comments above
    "review@t": 0.75,
    "one@t": 0.75,
    "standup@t": 0.25,
    "board@t": 2.0,
}
EXPECTED_BUSY = 1.5 + 4 * 0.25 + 2.0
WINDOW_FLAGS = ("--from", "2026-03-02", "--to", "2026-03-09", "--tz", "Europe/Berlin")


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


def test_the_owner_comes_from_x_wr_calname_when_not_given(run, tmp_path):
    path = tmp_path / "google.ics"
    path.write_bytes(WEEK.replace(b"VERSION:2.0", f"VERSION:2.0\r\nX-WR-CALNAME:{ME}".encode()))
    document = analyze_json(run, "-c", str(path), *WINDOW_FLAGS)
    assert document["owner_emails"] == [ME]
    assert document["excluded"]["declined"] == 1


def test_without_an_owner_a_declined_event_counts(run, week_file):
    document = analyze_json(run, "-c", str(week_file), *WINDOW_FLAGS)
    assert document["excluded"]["declined"] == 0
    assert document["totals"]["busy_hours"] == EXPECTED_BUSY + 4


def test_stdin_and_the_same_calendar_twice_counts_once(run, week_file):
    document = analyze_json(
        run, "-c", "-", "-c", str(week_file), "--me", ME, *WINDOW_FLAGS, input=WEEK
    )
    assert document["totals"]["busy_hours"] == EXPECTED_BUSY
    # The second copy repeats all 11 instances: 7 counted, 1 cancelled, 1 declined,
    # 1 free and the all-day marker.
    assert document["excluded"]["duplicate"] == 11
    assert len(document["events"]) == 7
    assert document["sources"] == ["<stdin>", str(week_file)]


def test_the_same_file_given_twice_is_read_once(run, week_file):
    result = run("analyze", "-c", str(week_file), "-c", str(week_file), *WINDOW_FLAGS, "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["totals"]["busy_hours"] == EXPECTED_BUSY + 4  # no --me: golf counts
    assert document["sources"] == [str(week_file)]
    assert "given more than once" in result.stderr


def test_relative_windows_are_anchored_by_as_of(run, week_file):
    document = analyze_json(
        run,
        *("-c", str(week_file), "--me", ME, "--tz", "Europe/Berlin"),
        *("--last-week", "--as-of", "2026-03-11"),
    )
    assert document["window"]["from"] == "2026-03-02T00:00:00+01:00"
    assert len(document["events"]) == 7


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
        "implementation",
        "unification",
        "communication",
        "beyond",
        "other",
        "Most of your work time went to",
        "OOO",
        "1 cancelled",
        "1 declined",
        "1 free",
    ):
        assert expected in text, expected
    assert result.stderr == ""


def test_rules_override_the_model(run, week_file, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\ntitle = "standup"\nlevel = "beyond"\n')
    document = analyze_json(run, "-c", str(week_file), *WINDOW_FLAGS, "--rules", str(rules))
    standups = [e for e in document["events"] if e["uid"] == "standup@t"]
    assert {(e["level"], e["labeled_by"], e["confidence"]) for e in standups} == {
        ("beyond", "rule", 1.0)
    }


def test_rules_in_the_config_dir_apply_by_default(run, week_file, isolated_config):
    (isolated_config / "rules.toml").write_text('[[rule]]\ntitle = "^OOO|board"\nlevel = "other"\n')
    document = analyze_json(run, "-c", str(week_file), *WINDOW_FLAGS)
    board = next(e for e in document["events"] if e["uid"] == "board@t")
    assert (board["level"], board["labeled_by"]) == ("other", "rule")


def test_config_file_supplies_calendars_owner_and_zone(run, week_file, isolated_config):
    (isolated_config / "config.toml").write_text(
        f'calendars = ["{week_file}"]\nme = "{ME}"\ntimezone = "Europe/Berlin"\n'
    )
    document = analyze_json(run, "--from", "2026-03-02", "--to", "2026-03-09")
    assert document["window"]["tz"] == "Europe/Berlin"
    assert document["totals"]["busy_hours"] == EXPECTED_BUSY


def test_broken_event_is_a_warning_and_the_rest_counts(run, tmp_path):
    path = tmp_path / "broken.ics"
    path.write_bytes(
        vcalendar(
            vevent("ok@t", "Planning", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z"),
            vevent("bad@t", "Backwards", "DTSTART:20260302T120000Z", "DTEND:20260302T110000Z"),
        )
    )
    result = run(
        "analyze",
        "-c",
        str(path),
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-03",
        "--tz",
        "UTC",
        "--json",
    )
    assert result.exit_code == 0
    assert result.stderr.count("\n") == 1
    assert f"{path}: line 11: event bad@t ('Backwards'): DTEND is before DTSTART" in result.stderr
    document = json.loads(result.stdout)
    assert document["totals"]["busy_hours"] == 1.0 and document["excluded"]["broken"] == 1


def test_empty_calendar_is_an_empty_report(run, tmp_path):
    path = tmp_path / "empty.ics"
    path.write_bytes(vcalendar())
    document = analyze_json(run, "-c", str(path), *WINDOW_FLAGS)
    assert document["events"] == [] and document["totals"]["busy_hours"] == 0
    result = run("analyze", "-c", str(path), *WINDOW_FLAGS)
    assert result.exit_code == 0 and "No work hours in this window" in result.stdout


def test_url_calendar(run, web):
    web.routes["/week.ics"] = (200, "text/calendar", WEEK)
    document = analyze_json(run, "-c", web.url("/week.ics"), "--me", ME, *WINDOW_FLAGS)
    assert document["totals"]["busy_hours"] == EXPECTED_BUSY


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
        (("--days", "many"), "'--days'"),
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
