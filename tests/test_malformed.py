"""Hostile input: every malformed calendar ends in a one-line error (exit 2) or in
warnings with the rest of the calendar counted (exit 0); never a traceback.

The files are in tests/data/malformed (see its README); each holds, beside the
broken part, "Team standup" on Monday 2 March 2026 09:00-10:00 UTC: 1 hour.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calendars import vcalendar, vevent

MALFORMED = Path(__file__).parent / "data" / "malformed"
WINDOW = ("--from", "2026-03-02", "--to", "2026-03-09", "--tz", "UTC")
GOOD = vevent("good@t", "Team standup", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z")

REFUSED = {  # file -> what the one-line error says
    "empty.ics": "the file is empty, not an iCalendar calendar",
    "whitespace-only.ics": "the file is empty",
    "binary.ics": "binary data, not an iCalendar (.ics) file",
    "truncated.ics": "truncated iCalendar file (no END:VCALENDAR)",
    "not-icalendar.ics": 'not an iCalendar file (it starts with \'{"events"',
    "vcard.ics": "not an iCalendar file (it starts with 'BEGIN:VCARD'",
    "html-error-page.ics": "not an iCalendar file (it starts with '<!DOCTYPE html>'",
}

TOLERATED = {  # file -> (busy hours counted, broken events, what the warning says)
    "missing-dtstart.ics": (1.0, 1, "line 4: event nostart@t ('No start'): no DTSTART; skipped"),
    "garbage-dtstart.ics": (1.0, 1, "event garbage@t ('Garbage start'): bad DTSTART"),
    "dtend-before-dtstart.ics": (1.0, 1, "event backwards@t ('Backwards'): DTEND is before"),
    "garbage-rrule.ics": (1.0, 1, "event badrule@t ('Bad rule'): bad RRULE"),
    "garbage-duration.ics": (1.0, 1, "event baddur@t ('Bad duration'): bad DURATION"),
    # FREQ=SECONDLY from 1 Jan 2026: about 5.9 million instances to the window's end.
    "endless-rrule.ics": (1.0, 1, "RRULE FREQ=SECONDLY would make about"),
    # FREQ=MINUTELY since 2000: about 13.8 million.
    "million-instances.ics": (1.0, 1, "(raise it with --max-instances); skipped"),
    # Mars sync 3 March 09:00-10:00 read in the window's zone (UTC): 1 + 1 hours.
    "unknown-tzid.ics": (2.0, 0, "unknown time zone 'Mars/Olympus_Mons'; its times are read"),
    "broken-vtimezone.ics": (2.0, 0, "VTIMEZONE 'Custom/Broken' cannot be read"),
    "stray-end.ics": (1.0, 0, "line 11: END:VEVENT without a BEGIN; ignored"),
    # Found by the fuzz test: icalendar reads what follows a stray END as top-level
    # components; levelcal must not take an event for a calendar (it looped forever).
    "stray-end-before-events.ics": (1.0, 0, "line 3: END:VEVENT without a BEGIN; ignored"),
    "nested-vcalendar.ics": (1.0, 0, "events nested inside other components"),
    # The unclosed event (3 March 09:00-10:00) is still read: 2 hours.
    "unclosed-vevent.ics": (2.0, 0, "line 11: BEGIN:VEVENT is never closed"),
    # Bad UTF-8 in a title is replaced (U+FFFD); the event still counts.
    "invalid-utf8.ics": (2.0, 0, None),
    # Lower-case names, LF line ends, no VERSION or PRODID: tolerated silently.
    "lf-lowercase-no-version.ics": (1.0, 0, None),
    # Issue 15. INTERVAL must be 1 or more (RFC 5545 §3.3.10); 0 repeated one instant for
    # ever. Both series (DAILY and HOURLY) are skipped.
    "interval-zero.ics": (1.0, 2, "bad RRULE (INTERVAL=0: it must be 1 or more); skipped"),
    # A zone whose offset changes every second (minute, hour) since 1970: its rules are
    # dropped, the zone keeps its last onset (DAYLIGHT, +02:00), and "Restless zone" on
    # 3 March 09:00-10:00 +02:00 counts 1 hour beside the standup.
    "vtimezone-secondly.ics": (2.0, 0, "its STANDARD rule FREQ=SECONDLY changes the offset"),
    # (Its DAYLIGHT rule is folded across two lines: RFC 5545 §3.1.)
    "vtimezone-minutely.ics": (2.0, 0, "its DAYLIGHT rule FREQ=MINUTELY changes the offset"),
    "vtimezone-hourly.ics": (2.0, 0, "more than 12 times a year; the rule was ignored"),
    # X-WR-TIMEZONE unknown or empty: the floating review (3 March 09:00-10:00) is read in
    # the window's zone; a Windows name is read as its IANA zone, with no warning.
    "x-wr-timezone-unknown.ics": (2.0, 0, "X-WR-TIMEZONE 'Europe/Atlantis' is no time zone"),
    "x-wr-timezone-empty.ics": (2.0, 0, "X-WR-TIMEZONE is empty; times without a zone"),
    "x-wr-timezone-windows.ics": (2.0, 0, None),
    "nul-in-one-event.ics": (1.0, 1, "line 4: event nul@t ('Binarynotes'): holds a NUL byte"),
    # Lines ended by CR alone (classic Mac OS): both events read, silently.
    "cr-only-line-ends.ics": (2.0, 0, None),
    # A DATE start with FREQ=HOURLY: one all-day marker a day (0 hours), see below.
    "hourly-all-day.ics": (1.0, 0, None),
    # RFC 5545 §3.8.5.3: DTSTART is the first instance whatever the rule says; 3 March
    # 12:00-13:00 is read once, with a warning.
    "until-before-dtstart.ics": (2.0, 0, "RRULE UNTIL is before DTSTART, so the rule makes no"),
    # 100,000 levels of X-N inside the "Deep" event (3 March 09:00-10:00): 1.8 MB that took
    # minutes (quadratic); the levels past 32 are dropped, the event is read.
    "deeply-nested.ics": (2.0, 0, "components nested more than 32 deep (199,940 lines)"),
    # Rules that never match (30 February, 31 April): dateutil searched day by day up to
    # the year 9999 whatever their UNTIL or COUNT; skipped. "Every 4 March" (a daily rule
    # that matches once a year) is read: 4 March 09:00-10:00, 1 hour beside the standup.
    "rule-never-matches.ics": (2.0, 2, "finds no instance in a century of days"),
    # 100,000 BEGIN:X-N never closed, the standup inside them: still read.
    "deeply-nested-unclosed.ics": (1.0, 0, "line 35: components nested more than 32 deep"),
}


def test_every_file_of_the_corpus_has_a_stated_outcome():
    assert {p.name for p in MALFORMED.glob("*.ics")} == REFUSED.keys() | TOLERATED.keys()


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_one_line(run, name):
    result = run("analyze", "-c", str(MALFORMED / name), *WINDOW)
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"levelcal: error: {MALFORMED / name}: ")
    assert REFUSED[name] in line


@pytest.mark.parametrize("name", sorted(TOLERATED))
def test_tolerated_and_the_rest_counted(run, name):
    busy, broken, warning = TOLERATED[name]
    result = run("analyze", "-c", str(MALFORMED / name), *WINDOW, "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["totals"]["busy_hours"] == busy
    assert document["excluded"]["broken"] == broken
    assert "Traceback" not in result.stderr
    if warning is None:
        assert document["warnings"] == []
    else:
        assert any(warning in w for w in document["warnings"]), document["warnings"]
        assert warning in result.stderr


def test_invalid_utf8_is_replaced_not_fatal(run):
    result = run("analyze", "-c", str(MALFORMED / "invalid-utf8.ics"), *WINDOW, "--json")
    titles = [e["title"] for e in json.loads(result.stdout)["events"]]
    assert "Réunion d\ufffdquipe" in titles


def test_a_twenty_megabyte_line(run, tmp_path):
    path = tmp_path / "huge-line.ics"
    huge = vevent(
        "huge@t",
        "Huge description",
        "DTSTART:20260303T090000Z",
        "DTEND:20260303T100000Z",
        "DESCRIPTION:" + "x" * (20 * 1024 * 1024),
    )
    path.write_bytes(vcalendar(huge, GOOD))
    result = run("analyze", "-c", str(path), *WINDOW, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["totals"]["busy_hours"] == 2.0


def test_a_file_over_the_size_limit_is_refused_before_reading(run, tmp_path):
    path = tmp_path / "huge.ics"
    with path.open("wb") as handle:  # 200 MB, sparse: nothing is written
        handle.truncate(200 * 1024 * 1024)
    result = run("analyze", "-c", str(path), *WINDOW)
    assert result.exit_code == 2
    assert result.stderr == (
        f"levelcal: error: {path}: larger than 100 MB; not read "
        "(raise the limit with --max-file-mb)\n"
    )
    raised = run("analyze", "-c", str(path), *WINDOW, "--max-file-mb", "300")
    assert raised.exit_code == 2 and "binary data" in raised.stderr  # read, then judged


def test_components_nested_five_thousand_deep(run, tmp_path):
    path = tmp_path / "deep.ics"
    nested = "BEGIN:X-NEST\n" * 5000 + "END:X-NEST\n" * 5000
    deep = vevent(
        "deep@t", "Deep", "DTSTART:20260303T090000Z", "DTEND:20260303T100000Z", nested.strip()
    )
    path.write_bytes(vcalendar(deep, GOOD))
    result = run("analyze", "-c", str(path), *WINDOW, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["totals"]["busy_hours"] == 2.0


def test_the_instance_limit_can_be_raised(run):
    path = MALFORMED / "endless-rrule.ics"
    result = run("analyze", "-c", str(path), *WINDOW, "--max-instances", "0")
    assert result.exit_code == 2 and "--max-instances must be more than 0" in result.stderr
    # FREQ=SECONDLY from 1 Jan 2026 00:00 to 11 March (the window's end plus the 2-day
    # margin): 69 days × 86,400 s + 1 = 5,961,601 instances.
    result = run("analyze", "-c", str(path), *WINDOW, "--json")
    assert "about 5,961,601 instances" in result.stderr


def test_an_html_error_page_served_for_an_ics_url(run, web):
    page = (MALFORMED / "html-error-page.ics").read_bytes()
    web.routes["/broken-proxy.ics"] = (200, "text/html", page)
    result = run("analyze", "-c", web.url("/broken-proxy.ics"), *WINDOW)
    assert result.exit_code == 2
    assert "not an iCalendar file (it starts with '<!DOCTYPE html>'" in result.stderr


def test_strict_turns_any_warning_into_exit_code_1(run):
    flags = (*WINDOW, "--strict", "--json")
    warned = run("analyze", "-c", str(MALFORMED / "stray-end.ics"), *flags)
    assert warned.exit_code == 1
    assert json.loads(warned.stdout)["totals"]["busy_hours"] == 1.0  # the report still comes
    clean = run("analyze", "-c", str(MALFORMED / "lf-lowercase-no-version.ics"), *flags)
    assert clean.exit_code == 0


def _events(run, name: str, *flags: str) -> dict:
    result = run("analyze", "-c", str(MALFORMED / name), *WINDOW, "--json", *flags)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_restless_zone_keeps_its_last_onset(run):
    # DAYLIGHT from 1970-01-01 00:30 (+02:00) is the last onset once the rules are gone:
    # 09:00 +02:00 is 07:00 UTC.
    for name in ("vtimezone-secondly.ics", "vtimezone-minutely.ics", "vtimezone-hourly.ics"):
        starts = {e["title"]: e["start"] for e in _events(run, name)["events"]}
        assert starts["Restless zone"] == "2026-03-03T07:00:00+00:00"


def test_a_windows_calendar_zone_is_read_as_its_iana_zone(run):
    from levelcal.ingest.ics_text import calendar_zone

    # Eastern Standard Time is America/New_York: UTC-5 on 3 March 2026 (DST starts on
    # 8 March), so the floating 09:00 is 14:00 UTC.
    starts = {e["title"]: e["start"] for e in _events(run, "x-wr-timezone-windows.ics")["events"]}
    assert starts["Floating review"] == "2026-03-03T14:00:00+00:00"
    data = (MALFORMED / "x-wr-timezone-windows.ics").read_bytes()
    assert calendar_zone(data) == "America/New_York"  # the report's zone, issue 19
    assert calendar_zone((MALFORMED / "x-wr-timezone-unknown.ics").read_bytes()) is None


def test_an_unknown_calendar_zone_reads_floating_times_in_the_window_zone(run):
    for name in ("x-wr-timezone-unknown.ics", "x-wr-timezone-empty.ics"):
        starts = {e["title"]: e["start"] for e in _events(run, name)["events"]}
        assert starts["Floating review"] == "2026-03-03T09:00:00+00:00"


def test_a_date_start_with_an_hourly_rule_gives_one_marker_a_day(run):
    # DTSTART 2 March (a DATE), FREQ=HOURLY;COUNT=500 (about 20 days): 2-8 March, 7 days.
    markers = _events(run, "hourly-all-day.ics")["all_day"]
    assert [m["start"] for m in markers] == [f"2026-03-0{day}" for day in range(2, 9)]


def test_until_before_dtstart_reads_dtstart_alone(run):
    hours = {e["title"]: e["hours"] for e in _events(run, "until-before-dtstart.ics")["events"]}
    assert hours == {"Team standup": 1.0, "Until before start": 1.0}


def test_one_bad_file_of_a_directory_is_a_warning(run, tmp_path):
    (tmp_path / "good.ics").write_bytes(vcalendar(GOOD))
    (tmp_path / "proxy-error.ics").write_bytes((MALFORMED / "html-error-page.ics").read_bytes())
    (tmp_path / "huge.ics").write_bytes(vcalendar(GOOD) + b" " * 2 * 1024 * 1024)
    result = run("analyze", "-c", str(tmp_path), *WINDOW, "--json", "--max-file-mb", "1")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["totals"]["busy_hours"] == 1.0
    assert document["warnings"] == [
        f"{tmp_path / 'huge.ics'}: larger than 1 MB; not read (raise the limit with "
        "--max-file-mb); skipped, the directory's other files are read",
        f"{tmp_path / 'proxy-error.ics'}: not an iCalendar file (it starts with "
        "'<!DOCTYPE html>', expected BEGIN:VCALENDAR); skipped, the directory's other files "
        "are read",
    ]


def test_a_directory_none_of_whose_files_can_be_read_is_refused(run, tmp_path):
    (tmp_path / "huge.ics").write_bytes(vcalendar(GOOD) + b" " * 2 * 1024 * 1024)
    result = run("analyze", "-c", str(tmp_path), *WINDOW, "--max-file-mb", "1")
    assert result.exit_code == 2
    assert result.stderr == (
        f"levelcal: error: {tmp_path}: none of its .ics file can be read\n"
        f"levelcal:   {tmp_path / 'huge.ics'}: larger than 1 MB; not read (raise the limit "
        "with --max-file-mb)\n"
    )


def test_a_directory_none_of_whose_files_parse_is_refused(run, tmp_path):
    broken = tmp_path / "exports"
    broken.mkdir()
    for name in ("truncated.ics", "html-error-page.ics", "empty.ics"):
        (broken / name).write_bytes((MALFORMED / name).read_bytes())
    (tmp_path / "good.ics").write_bytes(vcalendar(GOOD))
    for other in ((), ("-c", str(tmp_path / "good.ics"))):  # a good calendar beside it too
        result = run("analyze", "-c", str(broken), *other, *WINDOW, "--json")
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert result.stderr == (
            f"levelcal: error: {broken}: none of its 3 .ics files can be read\n"
            f"levelcal:   {broken / 'empty.ics'}: the file is empty, not an iCalendar calendar\n"
            f"levelcal:   {broken / 'html-error-page.ics'}: not an iCalendar file (it starts "
            "with '<!DOCTYPE html>', expected BEGIN:VCALENDAR)\n"
            f"levelcal:   {broken / 'truncated.ics'}: truncated iCalendar file (no "
            "END:VCALENDAR)\n"
        )
