"""The block cache gives exactly what a cold read gives, and parses only what changed.

A re-exported calendar (edits, deletes, moved events, new overrides of a
series, blocks in another order) is read through a cache that holds the
previous export, and compared field by field and in order with a read through
an empty cache (a cold run) and with `read_calendar` itself. The same holds on
every file of the shared corpus, edited at random.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from levelcal.errors import InputError
from levelcal.ingest import ics
from levelcal.ingest.calendar_cache import CalendarCache
from levelcal.ingest.ics import read_calendar
from levelcal.ingest.types import CalendarRead
from levelcal.limits import DEFAULT
from levelcal.pickle_store import CacheDir
from levelcal.window import Window, week_of, year_of

DATA = Path(__file__).parents[1] / "data"
CORPUS = sorted((DATA / "corpus").glob("*.ics"))
NEW_YORK = ZoneInfo("America/New_York")
THIS_WEEK = week_of(date(2026, 11, 25), NEW_YORK)  # the generated exports' reference day
BLOCK = re.compile(rb"BEGIN:VEVENT\r?\n.*?END:VEVENT\r?\n", re.S)


def cold(data: bytes, window: Window, tmp_path: Path) -> CalendarRead | str:
    """What a run with an empty cache reads (an error message when it refuses the file)."""
    directory = tmp_path / f"cold-{random.random()}"
    return through(CalendarCache(CacheDir(directory)), data, window)


def through(cache: CalendarCache, data: bytes, window: Window) -> CalendarRead | str:
    try:
        return cache.read(data, "calendar.ics", window, DEFAULT)
    except InputError as error:
        return str(error)


def uncached(data: bytes, window: Window) -> CalendarRead:
    return read_calendar(
        data, source="calendar.ics", span_start=window.start, span_end=window.end, tz=window.tz
    )


@pytest.fixture
def parsed_blocks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many VEVENT blocks each parse of an excerpt was handed (the real parser runs)."""
    counts: list[int] = []
    real = ics.read_blocks

    def counting(excerpt: bytes, raw: list, *args: object, **kwargs: object):
        counts.append(len(raw))
        return real(excerpt, raw, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ics, "read_blocks", counting)
    return counts


# -- edits a re-export brings -------------------------------------------------------


def blocks_of(data: bytes) -> list[re.Match[bytes]]:
    return list(BLOCK.finditer(data))


def edit_title(data: bytes, rnd: random.Random) -> bytes:
    block = rnd.choice(blocks_of(data))
    edited = re.sub(rb"SUMMARY:([^\r\n]*)", rb"SUMMARY:\1 (edited)", block.group(), count=1)
    return data[: block.start()] + edited + data[block.end() :]


def delete_block(data: bytes, rnd: random.Random) -> bytes:
    block = rnd.choice(blocks_of(data))
    return data[: block.start()] + data[block.end() :]


def move_event(data: bytes, rnd: random.Random) -> bytes:
    """A one-off event (no rule, no override) moved by a whole number of days."""
    singles = [
        b
        for b in blocks_of(data)
        if b"RRULE" not in b.group() and b"RECURRENCE-ID" not in b.group()
    ]
    block = rnd.choice(singles)
    days = rnd.choice((-3, -1, 1, 2, 7))

    def shifted(match: re.Match[bytes]) -> bytes:
        day = date(int(match[2][:4]), int(match[2][4:6]), int(match[2][6:8]))
        return match[1] + (day + timedelta(days=days)).strftime("%Y%m%d").encode()

    moved = re.sub(rb"((?:DTSTART|DTEND)[^:\r\n]*:)(\d{8})", shifted, block.group())
    return data[: block.start()] + moved + data[block.end() :]


def new_override(data: bytes, rnd: random.Random) -> bytes:
    """A weekly series gets an instance in this week moved by an hour, or cancelled."""
    masters = [b for b in blocks_of(data) if b"RRULE:FREQ=WEEKLY\r\n" in b.group()]
    master = rnd.choice(masters).group()
    start = re.search(rb"DTSTART;TZID=([^:]+):(\d{8})T(\d{6})", master)
    assert start is not None
    first = date(int(start[2][:4]), int(start[2][4:6]), int(start[2][6:8]))
    weeks = max(0, (THIS_WEEK.start.date() - first).days // 7)
    original = (first + timedelta(weeks=weeks)).strftime("%Y%m%d").encode() + b"T" + start[3]
    uid = re.search(rb"UID:([^\r\n]+)", master)
    assert uid is not None
    hour = int(start[3][:2]) + 1
    moved = original[:9] + b"%02d" % hour + original[11:]
    override = b"\r\n".join(
        [
            b"BEGIN:VEVENT",
            b"UID:" + uid[1],
            b"RECURRENCE-ID;TZID=" + start[1] + b":" + original,
            b"DTSTART;TZID=" + start[1] + b":" + moved,
            b"DURATION:PT30M",
            b"SUMMARY:Moved by the re-export",
            *([b"STATUS:CANCELLED"] if rnd.random() < 0.5 else []),
            b"END:VEVENT\r\n",
        ]
    )
    at = data.rindex(b"END:VCALENDAR")
    return data[:at] + override + data[at:]


def shuffle_blocks(data: bytes, rnd: random.Random) -> bytes:
    """The same events, written in another order (a server that lists them as it likes)."""
    blocks = blocks_of(data)
    order = [b.group() for b in blocks]
    rnd.shuffle(order)
    return data[: blocks[0].start()] + b"".join(order) + data[blocks[-1].end() :]


EDITS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "edit": edit_title,
    "delete": delete_block,
    "move": move_event,
    "override": new_override,
}


def everything_in(data: bytes, window: Window) -> int:
    """How many blocks a cold read of the window parses."""
    from levelcal.ingest.ics_index import build

    index = build(data)
    assert index is not None
    return len(index.near(*ics.reading_span(window.start, window.end)))


# -- the tests ----------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_a_re_export_read_through_the_block_cache_is_a_cold_read(
    generated_calendar, tmp_path: Path, seed: int
) -> None:
    rnd = random.Random(seed)
    cache = CalendarCache(CacheDir(tmp_path / "cache"))
    data = generated_calendar(400)  # small enough that an edit often lands in a week read
    windows = [THIS_WEEK, week_of(date(2026, 3, 4), NEW_YORK), year_of(date(2025, 6, 1), NEW_YORK)]
    for window in windows:
        assert through(cache, data, window) == cold(data, window, tmp_path)
    for step in range(4):  # 16 edits over the seeds, every kind at least twice
        name = rnd.choice(sorted(EDITS))
        data = EDITS[name](data, rnd)
        for window in windows:
            warm = through(cache, data, window)
            assert warm == cold(data, window, tmp_path), (step, name, window.description)
            assert warm == uncached(data, window), (step, name, window.description)


def test_a_re_export_parses_only_the_series_that_changed(
    generated_calendar, tmp_path: Path, parsed_blocks: list[int]
) -> None:
    cache = CalendarCache(CacheDir(tmp_path / "cache"))
    data = generated_calendar(1000)
    first = through(cache, data, THIS_WEEK)
    assert isinstance(first, CalendarRead) and first.events
    everything = sum(parsed_blocks)
    edited = edit_title(data, random.Random(1))
    changed = next(
        b for a, b in zip(blocks_of(data), blocks_of(edited), strict=True) if a[0] != b[0]
    )
    series = re.search(rb"UID:([^\r\n]+)", changed[0])
    assert series is not None
    parsed_blocks.clear()
    again = through(cache, edited, THIS_WEEK)
    parsed = sum(parsed_blocks)
    assert again == cold(edited, THIS_WEEK, tmp_path)
    # At most the edited series (its master and its overrides near the week), not the
    # dozens of blocks a cold read of the week parses.
    same_series = edited.count(b"UID:" + series[1] + b"\r\n")
    assert parsed <= same_series < everything


def read_after(
    data: bytes, changed: bytes, tmp_path: Path, parsed_blocks: list[int]
) -> tuple[CalendarRead | str, int]:
    """`changed` read for this week after `data` was: the read, and the blocks it parsed."""
    cache = CalendarCache(CacheDir(tmp_path / "cache"))
    through(cache, data, THIS_WEEK)
    parsed_blocks.clear()
    return through(cache, changed, THIS_WEEK), sum(parsed_blocks)


def test_blocks_in_another_order_come_from_the_cache_in_the_cold_order(
    generated_calendar, tmp_path: Path, parsed_blocks: list[int]
) -> None:
    data = generated_calendar(1000)
    shuffled = shuffle_blocks(data, random.Random(7))
    warm, parsed = read_after(data, shuffled, tmp_path, parsed_blocks)
    assert parsed == 0  # every series was kept; only their order is new
    assert warm == cold(shuffled, THIS_WEEK, tmp_path)


def test_a_new_time_zone_definition_is_a_new_context(
    generated_calendar, tmp_path: Path, parsed_blocks: list[int]
) -> None:
    data = generated_calendar(1000)
    # Berlin's summer time ends an hour later: every event in Berlin moves. Nothing kept
    # for the old definition may be used.
    changed = data.replace(b"DTSTART:19701025T030000", b"DTSTART:19701025T040000")
    warm, parsed = read_after(data, changed, tmp_path, parsed_blocks)
    assert parsed == everything_in(data, THIS_WEEK)
    assert warm == cold(changed, THIS_WEEK, tmp_path)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_corpus_file_edited_reads_as_a_cold_read(path: Path, tmp_path: Path) -> None:
    rnd = random.Random(path.name)
    data = path.read_bytes()
    months = sorted(set(re.findall(rb"DTSTART[^:\r\n]*:(\d{6})", data)))[::4] or [b"202611"]
    windows = [
        week_of(date(int(m[:4]), int(m[4:]), 10), ZoneInfo("Europe/Berlin")) for m in months[:4]
    ]
    cache = CalendarCache(CacheDir(tmp_path / "cache"))
    for window in windows:
        assert through(cache, data, window) == cold(data, window, tmp_path)
    if not blocks_of(data):
        return
    for edit in (edit_title, delete_block):
        data = edit(data, rnd)
        for window in windows:
            assert through(cache, data, window) == cold(data, window, tmp_path), window


def test_a_re_export_replaces_the_earlier_index_and_other_calendars_keep_theirs(
    generated_calendar, tmp_path: Path
) -> None:
    cache = CalendarCache(CacheDir(tmp_path / "cache"))

    def indexes() -> int:
        return sum(p.name.startswith("index-") for p in (tmp_path / "cache").iterdir())

    data = generated_calendar(1000)
    through(cache, data, THIS_WEEK)
    through(cache, edit_title(data, random.Random(3)), THIS_WEEK)
    assert indexes() == 1  # the earlier export's index lives on in the new one
    # Another calendar with the same context (the generator's header and zones) but other
    # events: both indexes are kept, or the two would rebuild each other on every run.
    through(cache, generated_calendar(300), THIS_WEEK)
    assert indexes() == 2


def test_an_unchanged_file_is_known_by_its_status_and_a_changed_one_is_read_again(tmp_path):
    """A warm report of an unchanged export reads neither the file nor its hash; a file
    rewritten with the same size, or changed, is read again, and reads as it is now."""
    calendar = tmp_path / "export.ics"
    original = (DATA / "corpus" / "daylight_saving_time.ics").read_bytes()
    calendar.write_bytes(original)
    cache = CalendarCache(CacheDir(tmp_path / "cache"))
    year = year_of(date(2019, 6, 1), NEW_YORK)  # the file's events are in 2019
    loads: list[int] = []

    def read() -> CalendarRead:
        def load() -> bytes:
            loads.append(1)
            return calendar.read_bytes()

        return cache.read_file(calendar, load, "calendar.ics", year, DEFAULT)

    assert read() == read() == uncached(original, year) and len(loads) == 1
    first = BLOCK.findall(original)[0]
    moved = original.replace(first, b"", 1).replace(b"END:VCALENDAR", first + b"END:VCALENDAR")
    assert len(moved) == len(original) and moved != original
    calendar.write_bytes(moved)  # the same size, other bytes
    assert read() == uncached(moved, year) and len(loads) == 2
    calendar.write_bytes(moved + b"\r\n")
    assert read() == uncached(moved + b"\r\n", year) and len(loads) == 3
    assert read() == uncached(moved + b"\r\n", year) and len(loads) == 3
