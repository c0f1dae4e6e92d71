"""A Microsoft 365 sync ends, whatever the server does: endless next links, slow answers."""

from __future__ import annotations

from dana_week import WEEK

from levelcal.ingest.microsoft import api


def test_a_next_link_sent_twice_ends_the_sync_in_one_line(connected, run):
    connected.endless = "repeat"
    result = run("analyze", *WEEK, "-c", "microsoft")
    assert result.exit_code == 3
    (line,) = result.stderr.splitlines()
    assert line.startswith("levelcal: error: Microsoft Graph, ")
    assert line.endswith("the server sent the same @odata.nextLink twice; gave up")
    assert len(connected.graph_requests("calendarView/delta")) == 2  # the first, then once


def test_pages_that_never_end_are_given_up_on(connected, run, monkeypatch):
    monkeypatch.setattr(api, "MAX_PAGES", 5)  # 10,000 in use: the count, not the loop
    connected.endless = "fresh"
    result = run("analyze", *WEEK, "-c", "microsoft")
    assert result.exit_code == 3
    assert "the server sent more than 5 pages, more than any calendar has; gave up" in (
        result.stderr
    )
    assert len(connected.graph_requests("calendarView/delta")) == 5


def test_a_sync_ends_within_ten_times_the_timeout(connected, run):
    connected.endless, connected.delay = "fresh", 0.02  # slow pages, each with a new link
    result = run("analyze", *WEEK, "-c", "microsoft", "--timeout", "0.2")
    assert result.exit_code == 3
    (line,) = result.stderr.splitlines()
    assert line.endswith("not done within 2 s in all (10 times --timeout; raise it with --timeout)")
