"""A Google sync ends, whatever the server does: endless page tokens, slow answers for ever."""

from __future__ import annotations

from google_data import WEEK

from levelcal.ingest.google import api


def test_a_page_token_sent_twice_ends_the_sync_in_one_line(google, run):
    google.endless = "repeat"
    result = run("analyze", *WEEK, "-c", "google")
    assert result.exit_code == 3
    (line,) = result.stderr.splitlines()
    assert line == (
        "levelcal: error: Google Calendar API, reading calendar primary: "
        "the server sent the same page token twice; gave up"
    )
    assert len(google.api_requests()) == 2  # the first page, then the token once


def test_pages_that_never_end_are_given_up_on(google, run, monkeypatch):
    monkeypatch.setattr(api, "MAX_PAGES", 5)  # 1,000 in use: the count, not the loop, is smaller
    google.endless = "fresh"
    result = run("analyze", *WEEK, "-c", "google")
    assert result.exit_code == 3
    assert "the server sent more than 5 pages, more than any calendar has; gave up" in (
        result.stderr
    )
    assert len(google.api_requests()) == 5


def test_a_sync_ends_within_ten_times_the_timeout(google, run):
    google.endless, google.delay = "fresh", 0.02  # slow pages, every one with a new token
    result = run("analyze", *WEEK, "-c", "google", "--timeout", "0.2")
    assert result.exit_code == 3
    (line,) = result.stderr.splitlines()
    assert line == (
        "levelcal: error: Google Calendar API, reading calendar primary: not done within 2 s "
        "in all (10 times --timeout; raise it with --timeout)"
    )
