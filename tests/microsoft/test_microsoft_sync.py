"""The Microsoft sync cache: one delta round, then only changes; a dead delta link starts
over; 429 and 503 honour Retry-After; anything else is one line."""

from __future__ import annotations

import json
import time

import pytest
from dana_week import DEFAULT_ID, WEEK
from fakegraph import FakeCalendar

from shown import one_line

BUSY = 10.5  # worked out in test_analyze_microsoft.py


def busy(run, *args: str) -> float:
    result = run("analyze", *WEEK, "--json", "-c", "microsoft", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["totals"]["busy_hours"]


def test_the_second_run_fetches_only_the_changes_through_the_delta_link(connected, run):
    assert busy(run) == pytest.approx(BUSY)
    first = connected.graph_requests("calendarView/delta")
    assert all("$deltatoken" not in q for q in first)
    connected.requests.clear()
    connected.delete(DEFAULT_ID, "AAMkBudget")  # 1.5 h gone
    assert busy(run) == pytest.approx(BUSY - 1.5)
    # One request: the delta link; no calendarView, no calendar, no second round.
    assert [(p.rsplit("/", 2)[-2:], sorted(q)) for p, q in connected.requests] == [
        (["calendarView", "delta"], ["$deltatoken"])
    ]


def test_an_unchanged_calendar_costs_one_request(connected, run):
    busy(run)
    connected.requests.clear()
    assert busy(run) == pytest.approx(BUSY)
    assert len(connected.requests) == 1


def test_a_dead_delta_link_gets_a_clean_full_sync(connected, run):
    busy(run)
    connected.delete(DEFAULT_ID, "AAMkTherapy")
    connected.expire_delta_links(DEFAULT_ID)
    connected.requests.clear()
    assert busy(run) == pytest.approx(BUSY - 1.0)
    queries = [q for _, q in connected.requests]
    assert "$deltatoken" in queries[0]  # answered 410 syncStateNotFound
    assert any("startDateTime" in q for q in queries[1:])  # the new round over the span


def test_refresh_forces_a_full_sync(connected, run):
    busy(run)
    connected.requests.clear()
    assert busy(run, "--refresh") == pytest.approx(BUSY)
    assert all("$deltatoken" not in q for q in connected.graph_requests("delta"))


def test_429_and_503_honour_retry_after(connected, run, monkeypatch):
    # Our own backoff would wait 30 s and more: only Retry-After: 0 keeps the run fast.
    monkeypatch.setenv("LEVELCAL_MICROSOFT_RETRY_BASE_SECONDS", "30")
    slow_down = {"error": {"code": "TooManyRequests", "message": "Please retry again later."}}
    busy_server = {"error": {"code": "ServiceNotAvailable", "message": "Try again."}}
    connected.faults = [
        (429, slow_down, {"Retry-After": "0"}),
        (503, busy_server, {"Retry-After": "0"}),
    ]
    started = time.monotonic()
    assert busy(run) == pytest.approx(BUSY)
    assert time.monotonic() - started < 20
    assert connected.faults == []


def test_a_lasting_rate_limit_gives_up_in_one_line_with_exit_3(connected, run):
    slow_down = (
        429,
        {"error": {"code": "TooManyRequests", "message": "later"}},
        {"Retry-After": "0"},
    )
    connected.faults = [slow_down] * 10
    result = run("analyze", *WEEK, "-c", "microsoft")
    assert result.exit_code == 3
    line = one_line(result)
    assert "HTTP 429 (TooManyRequests)" in line and "gave up after 7 attempts" in line


def test_any_other_error_is_one_line_and_exit_3_without_retrying(connected, run):
    connected.faults = [(500, {"error": {"code": "generalException", "message": "boom"}}, {})]
    result = run("analyze", *WEEK, "-c", "microsoft")
    assert result.exit_code == 3
    assert "HTTP 500 (generalException): boom" in one_line(result)
    assert len(connected.requests) == 1  # the calendar (500), and nothing after it


def test_an_unknown_calendar_names_the_way_to_list_them(connected, run):
    connected.delta_for_others = True
    result = run("analyze", *WEEK, "-c", "microsoft:AAMkNoSuchCalendar")
    assert result.exit_code == 3
    assert "levelcal calendars" in one_line(result)


def test_another_calendar_without_a_delta_is_read_directly(connected, run):
    connected.add_calendar(FakeCalendar("AAMkTeam", "Platform team"))
    connected.delta_for_others = False
    result = run("analyze", *WEEK, "--json", "-c", "microsoft:AAMkTeam")
    assert result.exit_code == 0, result.output
    assert connected.graph_requests("AAMkTeam/calendarView")  # the window itself


def test_the_cache_is_private_and_beside_googles(connected, run, isolated_config):
    import os
    from pathlib import Path

    busy(run)
    cache = Path(os.environ["LEVELCAL_CACHE_DIR"]) / "microsoft-sync.sqlite3"
    assert cache.stat().st_mode & 0o777 == 0o600


def test_a_damaged_event_is_skipped_with_a_warning_and_the_rest_counts(connected, run):
    from dana_week import event

    martian = event(
        "AAMkMartian",
        "\x1b[31mRed alert",
        "2026-11-17T08:00:00",
        "2026-11-17T09:00:00",
        ical_uid="martian@example.com",
    )
    martian["start"]["timeZone"] = "Mars/Olympus"
    connected.put(DEFAULT_ID, martian)
    result = run("analyze", *WEEK, "--json", "-c", "microsoft")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["totals"]["busy_hours"] == pytest.approx(BUSY)
    assert document["excluded"]["broken"] == 1
    (warning,) = document["warnings"]
    assert "AAMkMartian" in warning and "Mars/Olympus" in warning
    assert "\x1b" not in result.stderr


def test_an_answer_that_is_not_json_is_one_line_and_exit_3(connected, run):
    connected.faults = [(200, "<html>proxy login</html>", {})]
    result = run("analyze", *WEEK, "-c", "microsoft")
    assert result.exit_code == 3
    assert "not a JSON object" in one_line(result)
