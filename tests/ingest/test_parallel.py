"""Work split over two cores gives what one core gives, and a failed child costs only time."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from levelcal.ingest import ics_index, parallel
from levelcal.ingest.calendar_cache import CalendarCache
from levelcal.ingest.ics import read_calendar
from levelcal.limits import DEFAULT
from levelcal.pickle_store import CacheDir
from levelcal.window import week_of, year_of

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
    # The index was kept while the other half was parsed, once; the rest is written by a
    # child in the background, which the next read of the cache waits for.
    parallel.settle()
    kept = sorted(path.name.split("-")[0] for path in tmp_path.iterdir())
    assert kept == ["blocks", "index", "lineage", "read"]


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


def test_a_read_alongside_a_task_is_the_read_and_the_task_runs_here(
    generated_calendar, split_everything, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(parallel, "WORTH_A_CHILD", 1)
    data = generated_calendar(1000)
    window = week_of(date(2026, 11, 25), ZoneInfo("America/New_York"))
    done: list[int] = []
    with parallel.meanwhile(lambda: done.append(os.getpid())):
        beside = CalendarCache(CacheDir(tmp_path / "beside")).read(
            data, "calendar.ics", window, DEFAULT
        )
    parallel.settle()
    alone = CalendarCache(CacheDir(tmp_path / "alone")).read(data, "calendar.ics", window, DEFAULT)
    assert beside == alone and beside.events and done == [os.getpid()]
    # A year is read here (its events cost more to send back than the overlap saves) and
    # parsed on both cores: the task runs here too, once this process's half is parsed.
    year = year_of(date(2026, 11, 25), ZoneInfo("America/New_York"))
    with parallel.meanwhile(lambda: done.append(os.getpid() + 1)):
        CalendarCache(CacheDir(tmp_path / "year")).read(data, "calendar.ics", year, DEFAULT)
        assert not parallel.pending()
    assert done == [os.getpid(), os.getpid() + 1]
    # The child kept what this process would have kept: the same read, from the cache.
    again = CalendarCache(CacheDir(tmp_path / "beside"))
    assert again.entries.get(next(_names(tmp_path / "beside", "read-")), object, []) == alone


def _names(directory: Path, prefix: str):
    return (path.name for path in directory.iterdir() if path.name.startswith(prefix))


def test_work_alongside_runs_once_and_a_failing_child_or_task_costs_only_time(
    split_everything, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(parallel, "WORTH_A_CHILD", 1)
    parent = os.getpid()
    after = tmp_path / "after"

    def where() -> tuple[int, Callable[[], object]]:
        return os.getpid(), lambda: after.write_text(str(os.getpid()))

    def failing_task() -> None:
        raise RuntimeError("the task fails: the work is still done")

    with parallel.meanwhile(failing_task):
        child = parallel.alongside(where, 10)
        assert child != parent  # in a child
        assert parallel.alongside(where, 10) == parent  # the task was done: no child again
    parallel.settle()
    assert parallel._FINISHING == []

    def fragile() -> tuple[int, Callable[[], object]]:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return 42, lambda: None

    with parallel.meanwhile(lambda: None):
        assert parallel.alongside(fragile, 10) == 42
    assert parallel.alongside(where, 10) == parent  # no task: no child
    with parallel.meanwhile(lambda: None):
        assert parallel.alongside(where, 0) == parent  # too small to be worth a child
    assert after.read_text() == str(parent)  # done here, right after the work


def test_a_child_writes_the_cache_after_sending_and_is_waited_for_before_a_read(
    split_everything, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import time

    monkeypatch.setattr(parallel, "WORTH_A_CHILD", 1)
    written = tmp_path / "written"

    def slow_to_write() -> tuple[str, Callable[[], object]]:
        def write() -> None:
            time.sleep(0.3)
            written.write_text("kept")

        return "read", write

    with parallel.meanwhile(lambda: None):
        assert parallel.alongside(slow_to_write, 10) == "read"
    assert not written.exists()  # the result came before the write: this process goes on
    parallel.settle()  # as the next read of the cache does, and the end of the process
    assert written.read_text() == "kept"


def test_work_in_the_background_runs_in_a_child_and_is_waited_for(
    split_everything, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import time

    written = tmp_path / "written"

    def slow_to_write() -> None:
        time.sleep(0.3)
        written.write_text(str(os.getpid()))

    parallel.in_background(slow_to_write)
    assert not written.exists()  # this process went on
    parallel.settle()
    assert written.read_text() != str(os.getpid())  # a child wrote it
    monkeypatch.setenv("LEVELCAL_ONE_CORE", "1")
    parallel.in_background(slow_to_write)
    assert written.read_text() == str(os.getpid())  # on one core: here, at once


def test_a_cut_inside_a_component_scans_the_file_whole(
    generated_calendar, split_everything, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The halves are cut at a VEVENT's BEGIN line; should that line not be at the top
    (never in a plain calendar), the parts do not join and the file is scanned whole."""
    data = generated_calendar(300)
    inside = data.index(b"\nDTSTART", len(data) // 2)  # within an event
    monkeypatch.setattr(ics_index, "_halves", lambda _: [(0, inside), (inside, len(data))])
    cut = ics_index.build(data)
    monkeypatch.setenv("LEVELCAL_ONE_CORE", "1")
    monkeypatch.setattr(ics_index, "_halves", lambda whole: [(0, len(whole))])
    assert cut == ics_index.build(data) and cut is not None and len(cut) > 250
    nested = data.replace(b"END:VEVENT\r\n", b"END:VEVENT\r\nBEGIN:VTODO\r\n", 1)
    assert ics_index.build(nested) is None  # not plain, cut or not


def test_the_parse_halves_hold_every_series_once_with_about_the_same_work(
    generated_calendar,
) -> None:
    from levelcal.ingest import calendar_cache

    index = ics_index.build(generated_calendar(1000))
    assert index is not None
    window = year_of(date(2026, 11, 25), ZoneInfo("America/New_York"))
    series = calendar_cache._series_of(index, index.near(window.start, window.end))
    end = window.end.timestamp()
    ahead, behind = calendar_cache._even_halves(index, series, end)
    assert sorted([*ahead, *behind], key=series.index) == series
    assert ahead == sorted(ahead, key=series.index) and behind == sorted(behind, key=series.index)
    work = [sum(calendar_cache._cost(index, one, end) for one in half) for half in (ahead, behind)]
    largest = max(calendar_cache._cost(index, one, end) for one in series)
    assert abs(work[0] - work[1]) <= largest  # what dealing costliest first guarantees
    # A head start (the work this process does after its half) comes off the first half.
    ahead, behind = calendar_cache._even_halves(index, series, end, head_start=200.0)
    assert sorted([*ahead, *behind], key=series.index) == series
    work = [sum(calendar_cache._cost(index, one, end) for one in half) for half in (ahead, behind)]
    assert abs(work[0] + 200.0 - work[1]) <= largest


def test_idle_work_runs_here_while_the_child_finishes_and_only_then(split_everything) -> None:
    parent, done = os.getpid(), []

    def halves(items: Sequence[int]) -> list[int]:
        return list(items)

    assert parallel.in_halves(halves, range(4), worth_it=True, idle=lambda: done.append(1)) == [
        0,
        1,
        2,
        3,
    ]
    assert done == [1] and os.getpid() == parent
    parallel.in_halves(halves, range(4), worth_it=False, idle=lambda: done.append(2))
    assert done == [1]  # nothing split: nothing to wait for


def test_each_block_knows_its_line_whichever_half_found_it(
    generated_calendar, split_everything
) -> None:
    data = generated_calendar(300)
    index = ics_index.build(data)
    assert index is not None
    lines = data.split(b"\n")
    for begin, line in zip(index.begins, index.lines, strict=True):
        assert lines[line - 1].startswith(b"BEGIN:VEVENT")  # line numbers are 1-based
        assert data.count(b"\n", 0, begin) + 1 == line
