"""CalDAV against a real Radicale: the hours equal the .ics hours of the same calendar, over
several windows and DST weeks; later runs fetch only what changed; faults are one line."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import date

import pytest
from radicale_setup import CORPUS, PASSWORD_VARIABLE

from levelcal import config, paths
from levelcal.accounting import account
from levelcal.ingest.sources import load
from levelcal.limits import DEFAULT
from levelcal.window import between, parse_zone
from shown import one_line

# (corpus file, zone, windows): DST changes in America/Chicago on 2020-11-01, in
# Europe/Berlin on 2019-03-31 and 2019-10-27.
CALENDARS = [
    (
        "issue_48_dst.ics",
        "America/Chicago",
        [("2020-10-26", "2020-11-02"), ("2020-11-02", "2020-11-09"), ("2020-11-16", "2020-12-01")],
    ),
    (
        "daylight_saving_time.ics",
        "Europe/Berlin",
        [("2019-03-25", "2019-04-01"), ("2019-10-21", "2019-10-28"), ("2019-03-01", "2019-04-01")],
    ),
    (
        "each_week_but_two_deleted.ics",
        "Europe/Berlin",
        [("2019-03-04", "2019-03-11"), ("2019-03-25", "2019-04-08"), ("2019-03-01", "2019-05-01")],
    ),
    ("recurring_events_moved.ics", "Europe/Berlin", [("2019-03-18", "2019-03-25")]),
]


MARCH_WEEK = ("2019-03-18", "2019-03-25", "Europe/Berlin")  # the moved-events file's week


def analyze(run, source: str, start: str, end: str, zone: str, *more: str) -> dict:
    result = run(
        "analyze", "-c", source, "--from", start, "--to", end, "--tz", zone, "--json", *more
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def counted(spec: str, start: str, end: str, zone: str) -> dict:
    """What the accounting decides for one source and window, through the core (no
    classifier): busy time, each occurrence's share, exclusions, markers."""
    window = between(date.fromisoformat(start), date.fromisoformat(end), parse_zone(zone))
    sources = load(spec, io.BytesIO(), cache_dir=paths.cache_dir(), caldav=config.load().caldav)
    reads = [source.read(window, DEFAULT) for source in sources]
    assert all(read.warnings == () for read in reads)
    result = account([e for read in reads for e in read.events], window, frozenset())
    return {
        "busy": result.busy_seconds,
        "events": sorted(
            (c.event.uid, c.event.recurrence_id, c.event.start, c.event.end, c.attributed_seconds)
            for c in result.counted
        ),
        "excluded": result.excluded,
        "all_day": sorted((e.uid, e.start) for e in result.all_day),
    }


@pytest.mark.parametrize(("corpus_file", "zone", "windows"), CALENDARS, ids=lambda v: str(v)[:24])
def test_caldav_hours_equal_the_ics_hours(
    radicale, proxy, caldav_login, corpus_file, zone, windows
):
    path = radicale.upload(corpus_file, corpus_file.removesuffix(".ics").replace("_", "-"))
    for start, end in windows:
        online = counted(f"caldav:{proxy.base}{path}", start, end, zone)
        assert online == counted(str(CORPUS / corpus_file), start, end, zone), (corpus_file, start)
        assert online["events"] or online["all_day"], "a window with nothing in it proves nothing"


def test_a_weekly_event_keeps_its_wall_clock_time_across_dst(radicale, proxy, caldav_login, run):
    """each_week_but_two_deleted.ics, worked by hand (RFC 5545): weekly from Mon 2019-03-04
    00:30-01:00 Europe/Berlin, 8 times, without the instances at 2019-03-10T23:30Z and
    2019-03-24T23:30Z (00:30 CET on the 11th and the 25th). March: the 4th and the 18th,
    0.5 h each; the week after the change to CEST: Mon 1 April at 00:30+02:00."""
    path = radicale.upload("each_week_but_two_deleted.ics", "hand-count")
    source = f"caldav:{proxy.base}{path}"
    march = analyze(run, source, "2019-03-01", "2019-04-01", "Europe/Berlin")
    assert march["totals"]["busy_hours"] == 1.0
    assert [e["start"] for e in march["events"]] == [
        "2019-03-04T00:30:00+01:00",
        "2019-03-18T00:30:00+01:00",
    ]
    april = analyze(run, source, "2019-04-01", "2019-04-08", "Europe/Berlin")
    assert [(e["start"], e["hours"]) for e in april["events"]] == [
        ("2019-04-01T00:30:00+02:00", 0.5)
    ]


def test_a_second_run_asks_only_what_changed(radicale, proxy, caldav_login, run):
    path = radicale.upload("recurring_events_moved.ics", "changes")
    source = f"caldav:{proxy.base}{path}"
    window = MARCH_WEEK
    before = analyze(run, source, *window)["totals"]["busy_hours"]
    assert [k for _, _, k in proxy.log] == ["PROPFIND", "PROPFIND", "calendar-query"]
    proxy.log.clear()
    assert analyze(run, source, *window)["totals"]["busy_hours"] == before
    assert [k for _, _, k in proxy.log] == ["sync-collection"]  # nothing changed: one request
    # The series goes; a new one-hour event comes.
    uid = "5d4c6843-9300-4f91-8d88-6094d4b0b840"
    assert radicale.request("DELETE", f"{path}{uid}.ics") in (200, 204)
    new = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//levelcal tests//EN\r\nBEGIN:VEVENT\r\n"
        "UID:added-by-test@levelcal.example\r\nDTSTAMP:20190301T000000Z\r\n"
        "DTSTART:20190320T090000Z\r\nDTEND:20190320T100000Z\r\nSUMMARY:Budget review\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert (
        radicale.request(
            "PUT", f"{path}added.ics", new.encode(), **{"Content-Type": "text/calendar"}
        )
        == 201
    )
    proxy.log.clear()
    after = analyze(run, source, *window)
    assert [k for _, _, k in proxy.log] == ["sync-collection", "calendar-multiget"]
    assert [(e["title"], e["hours"]) for e in after["events"]] == [("Budget review", 1.0)]


def test_without_sync_tokens_etags_find_the_changes(radicale, proxy, caldav_login, run):
    proxy.hide_sync_tokens = True
    path = radicale.upload("recurring_events_moved.ics", "etags")
    source = f"caldav:{proxy.base}{path}"
    window = MARCH_WEEK
    first = analyze(run, source, *window)["totals"]["busy_hours"]
    proxy.log.clear()
    assert analyze(run, source, *window)["totals"]["busy_hours"] == first
    assert [k for _, _, k in proxy.log] == ["calendar-query"]  # ETags only, nothing fetched
    uid = "5d4c6843-9300-4f91-8d88-6094d4b0b840"
    assert radicale.request("DELETE", f"{path}{uid}.ics") in (200, 204)
    proxy.log.clear()
    assert analyze(run, source, *window)["totals"]["busy_hours"] == 0
    assert [k for _, _, k in proxy.log] == ["calendar-query"]


def test_a_refused_sync_token_starts_a_full_sync(radicale, proxy, caldav_login, run, tmp_path):
    import os
    from pathlib import Path

    path = radicale.upload("recurring_events_moved.ics", "expired")
    source = f"caldav:{proxy.base}{path}"
    window = MARCH_WEEK
    first = analyze(run, source, *window)["totals"]["busy_hours"]
    cache = Path(os.environ["LEVELCAL_CACHE_DIR"]) / "caldav-sync.sqlite3"
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE calendars SET sync_token = 'http://radicale.org/ns/sync/forgotten'")
    proxy.log.clear()
    assert analyze(run, source, *window)["totals"]["busy_hours"] == first
    assert [k for _, _, k in proxy.log] == ["sync-collection", "PROPFIND", "calendar-query"]
    assert cache.stat().st_mode & 0o777 == 0o600


def test_429_is_retried_after_the_servers_delay(radicale, proxy, caldav_login, run, monkeypatch):
    monkeypatch.setenv("LEVELCAL_CALDAV_RETRY_BASE_SECONDS", "30")  # only Retry-After is quick
    path = radicale.upload("recurring_events_moved.ics", "limited")
    proxy.faults = [(429, {"Retry-After": "0"}, b"slow down")]
    document = analyze(
        run, f"caldav:{proxy.base}{path}", "2019-03-18", "2019-03-25", "Europe/Berlin"
    )
    assert document["totals"]["busy_hours"] > 0
    assert [m for m, _, _ in proxy.log][:2] == ["PROPFIND", "PROPFIND"]  # the same one again


def test_a_wrong_password_is_one_line_and_exit_2(radicale, proxy, caldav_login, run, monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, "not-the-password")
    result = run("analyze", "-c", f"caldav:{proxy.base}/dana/")
    assert result.exit_code == 2
    line = one_line(result)
    assert "refused the login of dana" in line and "app password" in line
    assert "not-the-password" not in result.output


def test_the_password_comes_only_from_the_environment_or_the_keyring(
    proxy, caldav_login, run, monkeypatch
):
    monkeypatch.delenv(PASSWORD_VARIABLE)
    result = run("analyze", "-c", f"caldav:{proxy.base}/dana/")
    assert result.exit_code == 2
    assert f"caldav.password_env names ${PASSWORD_VARIABLE}, but it is not set" in one_line(result)
    in_url = run("analyze", "-c", "caldav:http://dana:secret@127.0.0.1:9/dana/")
    assert in_url.exit_code == 2
    assert "never taken from the command line" in one_line(in_url) and "secret" not in in_url.output
    caldav_login.write_text(caldav_login.read_text() + 'password = "secret"\n')
    assert run("config").exit_code == 2


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ((500, {}, b"boom"), "HTTP 500"),
        ((207, {"Content-Type": "text/xml"}, b"<not xml"), "not a WebDAV answer"),
        ((207, {"Content-Type": "text/xml"}, b"\x00\xff" * 50), "not a WebDAV answer"),
    ],
)
def test_a_broken_server_is_one_line_and_exit_3(
    radicale, proxy, caldav_login, run, fault, expected
):
    proxy.faults = [fault]
    result = run("analyze", "-c", f"caldav:{proxy.base}/dana/")
    assert result.exit_code == 3
    assert expected in one_line(result)


def test_an_answer_larger_than_max_download_mb_is_refused(radicale, proxy, caldav_login, run):
    """Each answer of the server is read with the cap of a calendar URL (--max-download-mb):
    the calendar-query of a 32 KB calendar does not fit in 1/64 MB (16,384 bytes)."""
    path = radicale.upload("daylight_saving_time.ics", "big")
    source = f"caldav:{proxy.base}{path}"
    result = run("analyze", "-c", source, "--max-download-mb", "0.015625")
    assert result.exit_code == 2, result.output
    assert one_line(result) == (
        f"levelcal: error: CalDAV server at {proxy.base}{path}, reading the calendar: the "
        "answer is larger than 0.015625 MB; not read (raise the limit with --max-download-mb)"
    )
    assert run("analyze", "-c", source, "--max-download-mb", "1").exit_code == 0


def test_an_unreachable_server_is_one_line_and_exit_3(caldav_login, run):
    result = run("analyze", "-c", "caldav:http://127.0.0.1:9/dana/")
    assert result.exit_code == 3
    assert "cannot reach the CalDAV server at http://127.0.0.1:9/dana/" in one_line(result)


def test_an_account_with_several_calendars_is_listed_and_read(radicale, proxy, caldav_login, run):
    radicale.upload("recurring_events_moved.ics", "office")
    radicale.upload("each_week_but_two_deleted.ics", "family")
    caldav_login.write_text(caldav_login.read_text() + f'url = "{proxy.base}/dana/"\n')
    listed = run("calendars", "caldav")
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    for name in ("office", "family"):
        (line,) = [line for line in lines if line.startswith(f"caldav:{proxy.base}/dana/{name}/ ")]
        assert line.endswith("[analyzed]")
    both = analyze(run, "caldav", *MARCH_WEEK)
    assert f"caldav:{proxy.base}/dana/office/" in both["sources"]
    assert f"caldav:{proxy.base}/dana/family/" in both["sources"]
    office = f"{proxy.base}/dana/office/"
    caldav_login.write_text(
        caldav_login.read_text().replace("\nurl", f'\ncalendars = ["{office}"]\nurl')
    )
    one = analyze(run, "caldav", *MARCH_WEEK)
    assert one["sources"] == [f"caldav:{proxy.base}/dana/office/"]


HOSTILE_OBJECTS = """<?xml version="1.0" encoding="utf-8"?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
<response><href>/dana/hostile/good.ics</href><propstat><prop><getetag>"1"</getetag>
<C:calendar-data>BEGIN:VCALENDAR&#13;
VERSION:2.0&#13;
BEGIN:VEVENT&#13;
UID:good@levelcal.example&#13;
DTSTART:20190320T090000Z&#13;
DTEND:20190320T100000Z&#13;
SUMMARY:Budget review&#13;
END:VEVENT&#13;
END:VCALENDAR&#13;
</C:calendar-data></prop><status>HTTP/1.1 200 OK</status></propstat></response>
<response><href>/dana/hostile/bad.ics</href><propstat><prop><getetag>"2"</getetag>
<C:calendar-data>BEGIN:VCALENDAR&#13;
BEGIN:VEVENT&#13;
UID:backwards@levelcal.example&#13;
DTSTART:20190320T120000Z&#13;
DTEND:20190320T110000Z&#13;
SUMMARY:Ends before it starts&#13;
END:VEVENT&#13;
END:VCALENDAR&#13;
</C:calendar-data></prop><status>HTTP/1.1 200 OK</status></propstat></response>
<response><href>/dana/hostile/garbage.ics</href><propstat><prop><getetag>"3"</getetag>
<C:calendar-data>this is not iCalendar at all</C:calendar-data></prop>
<status>HTTP/1.1 200 OK</status></propstat></response>
</multistatus>
"""


def test_hostile_objects_are_read_by_the_ics_rules(radicale, proxy, caldav_login, run):
    """An event ending before it starts is skipped with a warning naming its UID (as in an
    .ics file); an object that is no iCalendar is ignored; the rest counts; no traceback."""
    path = radicale.upload("recurring_events_moved.ics", "hostile")
    # The calendar is looked up and its token read as usual; then the query is answered
    # with hostile objects.
    proxy.replies["calendar-query"] = (207, {"Content-Type": "text/xml"}, HOSTILE_OBJECTS.encode())
    document = analyze(run, f"caldav:{proxy.base}{path}", *MARCH_WEEK)
    assert [(e["title"], e["hours"]) for e in document["events"]] == [("Budget review", 1.0)]
    assert document["excluded"]["broken"] == 1
    assert any("backwards@levelcal.example" in w for w in document["warnings"])


def test_a_cron_digest_reads_caldav_without_prompting(radicale, proxy, caldav_login, run):
    path = radicale.upload("recurring_events_moved.ics", "digest")
    start, end, zone = MARCH_WEEK
    source = f"caldav:{proxy.base}{path}"
    result = run(
        "digest", "--no-save", "-c", source, "--from", start, "--to", end, "--tz", zone, input=None
    )
    assert result.exit_code == 0, result.output
    assert "2019-03-18" in result.stdout


def test_without_the_caldav_package_it_says_what_to_install(caldav_login, run, monkeypatch):
    """CalDAV is an optional extra (pyproject.toml: `levelcal[caldav]`)."""
    import sys

    monkeypatch.setitem(sys.modules, "caldav.davclient", None)  # as if not installed
    result = run("analyze", "-c", "caldav:https://127.0.0.1:9/dav/", "--week", "--json")
    assert result.exit_code == 2
    assert one_line(result) == (
        "levelcal: error: CalDAV calendars need the caldav package: pip install 'levelcal[caldav]'"
    )
