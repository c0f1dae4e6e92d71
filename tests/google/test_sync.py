"""The sync cache: one full sync, then only changes; 410 and --refresh start over; faults."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from fakeapi import BACKEND, FORBIDDEN, RATE_LIMITED, TOO_MANY, USER_RATE_LIMITED
from google_data import PRIMARY, WEEK

from levelcal import config, paths
from levelcal.accounting import Accounting, account
from levelcal.ingest.sources import load
from levelcal.limits import DEFAULT
from levelcal.window import between, parse_zone

PRIMARY_BUSY = 10.5  # worked out in test_analyze_google.py
WINDOW = between(date(2026, 11, 16), date(2026, 11, 23), parse_zone("Europe/Berlin"))


@pytest.fixture(autouse=True)
def wide_sync_span(isolated_config):
    (isolated_config / "config.toml").write_text(
        "[google]\nsync_days_back = 3660\nsync_days_ahead = 3660\n", encoding="utf-8"
    )


def accounted(*args: str) -> Accounting:
    """The week through the core (no classifier): sources -> accounting."""
    sources = load(
        "google",
        io.BytesIO(),
        cache_dir=paths.cache_dir(),
        refresh="--refresh" in args,
        google=config.load().google,
    )
    reads = [source.read(WINDOW, DEFAULT) for source in sources]
    owners = frozenset(email for read in reads for email in read.owner_emails)
    return account([e for read in reads for e in read.events], WINDOW, owners)


def busy(run, *args: str) -> float:
    return accounted(*args).busy_hours


def cache_rows(cache: Path) -> list[tuple]:
    with sqlite3.connect(cache / "google-sync.sqlite3") as db:
        return sorted(db.execute("SELECT * FROM events")) + sorted(
            db.execute("SELECT * FROM calendars")
        )


def test_first_run_syncs_in_full_over_a_span_and_pages_to_the_end(google, run):
    assert busy(run) == pytest.approx(PRIMARY_BUSY)
    requests = google.api_requests()
    assert all(q["singleEvents"] == "true" for q in requests)
    assert all("timeMin" in q and "timeMax" in q and "syncToken" not in q for q in requests)
    # 19 events in the span, 4 a page: 5 pages, every one fetched.
    assert len(requests) == 5
    assert [bool(q.get("pageToken")) for q in requests] == [False, True, True, True, True]


def test_second_run_asks_only_for_changes_with_the_sync_token(google, run):
    busy(run)
    google.requests.clear()
    board_prep_hours = 2.0
    google.delete(PRIMARY, "boardprep20261118")
    moved = json.loads(json.dumps(google.calendars[PRIMARY].events["focus20261117"]))
    moved["end"] = {"dateTime": "2026-11-17T16:00:00+01:00", "timeZone": "Europe/Berlin"}
    google.put(PRIMARY, moved)  # focus time now 13:00-16:00: one hour more
    assert busy(run) == pytest.approx(PRIMARY_BUSY - board_prep_hours + 1.0)
    (request,) = google.api_requests()
    assert request["syncToken"].startswith("sync-")
    assert "timeMin" not in request and "timeMax" not in request


def test_an_unchanged_calendar_costs_one_request(google, run):
    busy(run)
    google.requests.clear()
    assert busy(run) == pytest.approx(PRIMARY_BUSY)
    assert len(google.api_requests()) == 1


def test_an_expired_sync_token_gets_a_clean_full_sync(google, run):
    busy(run)
    google.delete(PRIMARY, "boardprep20261118")
    google.expire_sync_tokens(PRIMARY)
    google.requests.clear()
    assert busy(run) == pytest.approx(PRIMARY_BUSY - 2.0)
    requests = google.api_requests()
    assert "syncToken" in requests[0]  # answered 410
    assert all("timeMin" in q for q in requests[1:]) and len(requests) > 1


def test_refresh_forces_a_full_sync(google, run):
    busy(run)
    google.requests.clear()
    assert busy(run, "--refresh") == pytest.approx(PRIMARY_BUSY)
    requests = google.api_requests()
    assert all("timeMin" in q and "syncToken" not in q for q in requests)


def test_a_window_outside_the_synced_span_is_fetched_directly(google, run, isolated_config):
    (isolated_config / "config.toml").write_text(
        "[google]\nsync_days_back = 0\nsync_days_ahead = 0\n", encoding="utf-8"
    )
    window = ("--from", "2016-11-16", "--to", "2016-11-23", "--tz", "Europe/Berlin")
    result = run("analyze", *window, "--json", "-c", "google")
    assert result.exit_code == 0, result.output
    (request,) = google.api_requests()
    assert (request["timeMin"], request["timeMax"]) == (
        "2016-11-15T23:00:00Z",
        "2016-11-22T23:00:00Z",
    )
    assert "syncToken" not in request
    assert json.loads(result.stdout)["totals"]["busy_hours"] == 0


@pytest.mark.parametrize("fault", [TOO_MANY, RATE_LIMITED, USER_RATE_LIMITED, BACKEND])
def test_rate_limits_and_server_errors_are_retried(google, run, fault):
    google.faults = [fault, None, fault, fault]  # first page, then the second twice
    assert busy(run) == pytest.approx(PRIMARY_BUSY)
    assert len(google.api_requests()) == 5 + 3


def test_a_lasting_fault_is_one_line_and_exit_code_3(google, run):
    google.failing = BACKEND
    result = run("analyze", *WEEK, "--json", "-c", "google")
    assert result.exit_code == 3
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "HTTP 503" in line and "gave up after 7 attempts" in line
    assert "Traceback" not in result.output


def test_a_forbidden_calendar_is_not_retried(google, run):
    google.faults = [FORBIDDEN]
    result = run("analyze", *WEEK, "-c", "google")
    assert result.exit_code == 3
    assert "HTTP 403 (forbidden)" in result.stderr
    assert len(google.api_requests()) == 1


def test_a_run_that_fails_midway_leaves_the_cache_as_it_was(google, run, tmp_path):
    busy(run)
    before = cache_rows(tmp_path / "cache")
    for event_id in ("boardprep20261118", "lunch20261118", "budget20261119"):
        google.delete(PRIMARY, event_id)
    google.page_size = 1  # three pages of changes; the second one fails for good
    google.failing, google.fail_after = BACKEND, 1
    result = run("analyze", *WEEK, "--json", "-c", "google")
    assert result.exit_code == 3
    assert cache_rows(tmp_path / "cache") == before
    google.failing = None
    assert busy(run) == pytest.approx(PRIMARY_BUSY - 2.0 - 1.0 + 0.5)


def test_the_cache_is_private(google, run, tmp_path):
    busy(run)
    cache = tmp_path / "cache" / "google-sync.sqlite3"
    assert cache.stat().st_mode & 0o777 == 0o600
    assert cache.parent.stat().st_mode & 0o777 == 0o700


def test_a_server_without_the_primary_alias_is_asked_for_the_primary_id(google, run):
    google.knows_primary_alias = False
    assert busy(run) == pytest.approx(PRIMARY_BUSY)
    assert len(google.api_requests("/calendarList")) == 1


def test_an_unknown_calendar_is_one_line_naming_the_way_to_list_them(google, run):
    result = run("analyze", *WEEK, "-c", "google:nobody@example.com")
    assert result.exit_code == 3
    assert "HTTP 404" in result.stderr and "levelcal calendars" in result.stderr


def test_two_runs_at_once_share_the_cache_without_harm(google, run):
    import threading

    results: list[float] = []
    threads = [threading.Thread(target=lambda: results.append(busy(run))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [pytest.approx(PRIMARY_BUSY)] * 4
    assert busy(run) == pytest.approx(PRIMARY_BUSY)


@pytest.mark.parametrize(
    ("root", "base"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/calendar/v3/"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/calendar/v3/"),
        ("http://127.0.0.1:8080/proxy/calendar/v3", "http://127.0.0.1:8080/proxy/calendar/v3/"),
        ("", "https://www.googleapis.com/calendar/v3/"),
    ],
)
def test_the_api_root_variable(monkeypatch, root, base):
    from levelcal.ingest.google.api import api_base

    monkeypatch.setenv("LEVELCAL_GOOGLE_API_ROOT", root)
    assert api_base() == base


def test_a_damaged_cache_is_started_afresh(google, run, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "google-sync.sqlite3").write_bytes(b"this is not a database" * 100)
    assert busy(run) == pytest.approx(PRIMARY_BUSY)
    assert (cache / "google-sync.sqlite3").stat().st_mode & 0o777 == 0o600


def test_an_unreachable_api_is_one_line_and_exit_code_3(google, run, monkeypatch):
    monkeypatch.setenv("LEVELCAL_GOOGLE_API_ROOT", "http://127.0.0.1:9/")
    result = run("analyze", *WEEK, "-c", "google")
    assert result.exit_code == 3
    (line,) = result.stderr.strip().splitlines()
    assert "cannot reach the Google Calendar API at http://127.0.0.1:9/calendar/v3/" in line


def test_a_cancellation_that_keeps_its_times_is_counted_as_cancelled(google, run):
    busy(run)
    google.cancel(PRIMARY, "boardprep20261118")
    result = accounted()
    assert result.busy_hours == pytest.approx(PRIMARY_BUSY - 2.0)
    assert result.excluded.cancelled == 1


def test_the_span_follows_today_and_far_windows_are_fetched_directly(google, tmp_path):
    """sync.fetch itself, with `now` given: full, incremental, moved span, direct."""
    from datetime import UTC, datetime, timedelta

    from levelcal.config import GoogleSettings
    from levelcal.ingest.google import auth
    from levelcal.ingest.google.api import CalendarApi
    from levelcal.ingest.google.store import open_store
    from levelcal.ingest.google.sync import fetch

    api = CalendarApi(auth.load(), timeout=10)
    settings = GoogleSettings(sync_days_back=30, sync_days_ahead=30)
    week = (WINDOW.start, WINDOW.end)
    with open_store(tmp_path / "cache") as store:

        def how(now: datetime, start: datetime = week[0], end: datetime = week[1]) -> str:
            return fetch(api, store, PRIMARY, start, end, settings=settings, now=now).how

        november = datetime(2026, 11, 25, tzinfo=UTC)
        assert how(november) == "full"
        assert how(november + timedelta(days=1)) == "incremental"
        later = november + timedelta(days=120)
        assert how(later) == "incremental"  # the cached span still holds the week
        assert how(later, later, later + timedelta(days=7)) == "full"  # the span moves on
        assert how(later, later, later + timedelta(days=7)) == "incremental"
        assert how(later) == "direct"  # the week is outside both the cached and today's span
        fetched = fetch(api, store, PRIMARY, *week, settings=settings, now=november)
        assert fetched.how == "full" and len(fetched.items) == 18  # back: moved again
