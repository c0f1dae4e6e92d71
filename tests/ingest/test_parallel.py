"""Work split over two cores gives what one core gives, and a failed child costs only time."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from levelcal.ingest import ics_index, parallel
from levelcal.ingest.calendar_cache import CalendarCache
from levelcal.ingest.ics import read_calendar
from levelcal.limits import DEFAULT
from levelcal.pickle_store import CacheDir
from levelcal.window import year_of

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


@pytest.fixture
def split_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a small calendar is scanned and parsed on two cores."""
    monkeypatch.setattr(parallel, "WORTH_SPLITTING", {"scan": 2, "parse": 2})
    monkeypatch.setattr(ics_index, "WORTH_SPLITTING", {"scan": 2, "parse": 2})
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.delenv("LEVELCAL_ONE_CORE", raising=False)


def test_an_index_scanned_in_halves_is_the_index_scanned_whole(
    generated_calendar, split_everything, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = generated_calendar(1000)
    halves = ics_index.build(data)
    monkeypatch.setenv("LEVELCAL_ONE_CORE", "1")
    assert halves == ics_index.build(data)


def test_a_year_parsed_in_halves_reads_as_one_parse(
    generated_calendar, split_everything, tmp_path: Path
) -> None:
    data = generated_calendar(1000)
    window = year_of(date(2026, 11, 25), ZoneInfo("America/New_York"))
    cache = CalendarCache(CacheDir(tmp_path))
    halves = cache.read(data, "calendar.ics", window, DEFAULT)
    whole = read_calendar(
        data, source="calendar.ics", span_start=window.start, span_end=window.end, tz=window.tz
    )
    assert halves == whole and len(halves.events) > 100


def test_the_halves_come_back_in_order(split_everything) -> None:
    def squares(items: Sequence[int]) -> list[tuple[int, int]]:
        return [(item, os.getpid()) for item in items]

    found = parallel.in_halves(squares, range(10), worth_it=True)
    assert [item for item, _ in found] == list(range(10))
    assert len({pid for _, pid in found}) == 2  # the second half ran in a child


def test_a_child_that_fails_costs_time_not_the_result(split_everything) -> None:
    parent = os.getpid()

    def fragile(items: Sequence[int]) -> list[int]:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return [item * 2 for item in items]

    assert parallel.in_halves(fragile, range(6), worth_it=True) == [0, 2, 4, 6, 8, 10]
