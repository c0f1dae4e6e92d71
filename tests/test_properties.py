"""Invariants that hold for every calendar, checked on generated ones (hypothesis)."""

from __future__ import annotations

import json
import random
from datetime import date
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from levelcal.accounting import account
from levelcal.ingest.ics import read_calendar
from levelcal.window import between
from strategies import as_bytes, calendars, mutated

BERLIN = ZoneInfo("Europe/Berlin")
WINDOW = between(date(2026, 3, 2), date(2026, 3, 9), BERLIN)
FLAGS = ("--from", "2026-03-02", "--to", "2026-03-09", "--tz", "Europe/Berlin")


def hours_by_occurrence(data: bytes) -> tuple[float, dict[tuple[str, str], float]]:
    read = read_calendar(
        data, source="gen.ics", span_start=WINDOW.start, span_end=WINDOW.end, tz=BERLIN
    )
    result = account(read.events, WINDOW, frozenset(), read.broken)
    hours = {
        (c.event.uid, c.event.start.isoformat()): c.attributed_seconds / 3600
        for c in result.counted
    }
    return result.busy_seconds / 3600, hours


@settings(max_examples=150, deadline=None)
@given(calendars(), st.randoms(use_true_random=False))
def test_hours_add_up_fit_the_window_and_ignore_event_order(blocks, shuffler: random.Random):
    busy, hours = hours_by_occurrence(as_bytes(blocks))
    assert sum(hours.values()) == busy  # exact: the accounting works in fractions
    assert 0 <= busy <= WINDOW.hours
    assert all(value >= 0 for value in hours.values())
    reordered = list(blocks)
    shuffler.shuffle(reordered)
    assert hours_by_occurrence(as_bytes(reordered)) == (busy, hours)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(calendars())
def test_the_cli_report_adds_up(run, blocks):
    result = run("analyze", "-c", "-", *FLAGS, "--json", input=as_bytes(blocks))
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    totals = document["totals"]
    # Hours are printed in millionths; their decimal sum is the busy time exactly.
    assert round(sum(e["hours"] for e in document["events"]), 6) == totals["busy_hours"]
    assert round(sum(totals["by_level"].values()), 6) == totals["busy_hours"]
    assert totals["busy_hours"] <= 7 * 24


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutated())
def test_no_damaged_calendar_gets_past_the_cli_as_a_crash(run, data):
    result = run("analyze", "-c", "-", *FLAGS, input=data)
    assert result.exit_code in (0, 2), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.exit_code == 2:
        (line,) = result.stderr.splitlines()
        assert line.startswith("levelcal: error: <stdin>: ")
