"""The cache of parsed calendars: used when the file is unchanged, never trusted when damaged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

WEEK = ("--week", "--as-of", "2026-11-25", "--tz", "America/New_York", "--json")
OTHER_WEEK = ("--week", "--as-of", "2026-06-10", "--tz", "America/New_York", "--json")


@pytest.fixture
def calendar(tmp_path: Path, generated_calendar) -> Path:
    path = tmp_path / "export.ics"
    path.write_bytes(generated_calendar(1000))
    return path


def entries() -> dict[str, bytes]:
    directory = Path(os.environ["LEVELCAL_CACHE_DIR"]) / "calendars"
    if not directory.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in directory.iterdir()}


def events(output: str) -> list[dict[str, object]]:
    document = json.loads(output)
    return [document["totals"], *document["events"]]


def test_a_second_run_reads_the_same_from_the_cache(run, calendar: Path) -> None:
    fresh = run("analyze", "-c", str(calendar), *WEEK, "--no-cache")
    assert fresh.exit_code == 0 and entries() == {}  # --no-cache writes nothing
    first = run("analyze", "-c", str(calendar), *WEEK)
    kept = entries()
    assert sorted(name.split("-")[0] for name in kept) == [
        "blocks",
        "index",
        "lineage",
        "read",
        "status",
    ]
    second = run("analyze", "-c", str(calendar), *WEEK)
    assert first.stdout == second.stdout == fresh.stdout
    assert entries() == kept


def test_another_window_of_an_unchanged_file_reuses_its_index(run, calendar: Path) -> None:
    run("analyze", "-c", str(calendar), *WEEK)
    index = {n: b for n, b in entries().items() if n.startswith("index-")}
    other = run("analyze", "-c", str(calendar), *OTHER_WEEK)
    uncached = run("analyze", "-c", str(calendar), *OTHER_WEEK, "--no-cache")
    assert other.stdout == uncached.stdout
    after = entries()
    assert {n: b for n, b in after.items() if n.startswith("index-")} == index
    assert sum(n.startswith("read-") for n in after) == 2


def test_a_changed_file_is_read_again(run, calendar: Path) -> None:
    before = events(run("analyze", "-c", str(calendar), *WEEK).stdout)
    text = calendar.read_text(encoding="utf-8")
    added = (
        "BEGIN:VEVENT\r\nUID:added-later@example.com\r\nDTSTAMP:20261125T090000Z\r\n"
        "DTSTART;TZID=America/New_York:20261124T063000\r\n"
        "DTEND;TZID=America/New_York:20261124T070000\r\n"
        "SUMMARY:Breakfast with the board chair\r\nEND:VEVENT\r\n"
    )
    calendar.write_text(text.replace("END:VCALENDAR", added + "END:VCALENDAR"), "utf-8")
    after = events(run("analyze", "-c", str(calendar), *WEEK).stdout)
    assert len(after) == len(before) + 1
    assert any(e.get("title") == "Breakfast with the board chair" for e in after[1:])


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],  # cut short by a full disk
        lambda blob: blob[:-10] + bytes(10),  # bits lost
        lambda blob: b"",  # emptied
        lambda blob: b"levelcal cache 1\nnot a checksum\n" + blob[40:],  # garbage
    ],
    ids=["truncated", "zeroed-tail", "empty", "garbage"],
)
def test_a_damaged_entry_is_discarded_with_a_warning(run, calendar: Path, damage) -> None:
    first = run("analyze", "-c", str(calendar), *WEEK)
    for name, blob in entries().items():
        (Path(os.environ["LEVELCAL_CACHE_DIR"]) / "calendars" / name).write_bytes(damage(blob))
    second = run("analyze", "-c", str(calendar), *WEEK)
    assert second.exit_code == 0
    assert "is damaged or not signed with your cache key; discarded unread" in second.stderr
    assert events(second.stdout) == events(first.stdout)
    third = run("analyze", "-c", str(calendar), *WEEK)  # rebuilt: no warning any more
    assert "damaged" not in third.stderr
    assert third.stdout == first.stdout


def test_a_repeated_report_does_not_even_load_the_parser(calendar: Path, tmp_path: Path) -> None:
    """The warm path: the window's events come from the cache; icalendar is not imported."""
    probe = (
        "import sys\n"
        "from levelcal.cli import app\n"
        f"app(['analyze', '-c', {str(calendar)!r}, *{list(WEEK)!r}], standalone_mode=False)\n"
        "print('icalendar' in sys.modules, 'recurring_ical_events' in sys.modules)\n"
    )
    environment = {**os.environ, "LEVELCAL_CACHE_DIR": str(tmp_path / "cache")}

    def loaded() -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe], env=environment, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1]

    assert loaded() == "True True"  # cold: parsed
    assert loaded() == "False False"  # warm: not even imported


def test_the_model_is_read_from_its_file_and_never_copied_into_the_cache(
    run, calendar: Path
) -> None:
    """A pickled copy of the model took longer to read and verify than the model file
    (format v4) takes to load, and cost a cold report the time to write it."""
    first = run("analyze", "-c", str(calendar), *WEEK, "--no-cache")
    second = run("analyze", "-c", str(calendar), *WEEK, "--no-cache")
    assert first.exit_code == second.exit_code == 0 and second.stdout == first.stdout
    cache = Path(os.environ["LEVELCAL_CACHE_DIR"])
    assert not (cache / "models").exists()


def test_the_least_recently_used_entries_go_first_beyond_either_limit(tmp_path: Path) -> None:
    from levelcal.pickle_store import CacheDir

    entries = CacheDir(tmp_path, max_entries=3, max_bytes=10_000)
    for number in range(5):
        entries.put(f"entry-{number}", b"x" * 1000)
        os.utime(tmp_path / f"entry-{number}", (1_000_000 + number,) * 2)  # a clear order
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry-2", "entry-3", "entry-4"]
    problems: list[str] = []
    assert entries.get("entry-2", bytes, problems) == b"x" * 1000  # used: now the newest
    entries.put("big", b"y" * 7800)  # with a 90-byte header each, two older ones no longer fit
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big", "entry-2"]
    assert problems == []


class Planted:
    """What someone who can write the cache (not read the user's key) would plant."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('ran')",))


@pytest.mark.parametrize("magic", [b"levelcal cache 1\n", b"levelcal cache 2\n"])
def test_a_planted_entry_with_a_valid_checksum_is_refused_unread(
    run, calendar: Path, tmp_path: Path, magic: bytes
) -> None:
    import hashlib
    import pickle

    first = run("analyze", "-c", str(calendar), *WEEK)
    cache = Path(os.environ["LEVELCAL_CACHE_DIR"])
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(Planted(str(marker)))
    planted = magic + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    targets = [entry for kind in cache.iterdir() if kind.is_dir() for entry in kind.iterdir()]
    assert any(path.parent.name == "calendars" for path in targets)
    for path in targets:
        path.write_bytes(planted)
    second = run("analyze", "-c", str(calendar), *WEEK)
    assert second.exit_code == 0, second.stderr
    assert not marker.exists()  # never unpickled
    assert "not signed with your cache key; discarded unread" in second.stderr
    assert events(second.stdout) == events(first.stdout)
    third = run("analyze", "-c", str(calendar), *WEEK)  # those refused were rebuilt, signed
    assert "cache entry" not in third.stderr and third.stdout == first.stdout
    assert not marker.exists()


def test_the_cache_key_is_private_and_made_once(run, calendar: Path) -> None:
    import stat

    key = Path(os.environ["LEVELCAL_DATA_DIR"]) / "cache.key"
    assert run("analyze", "-c", str(calendar), *WEEK).exit_code == 0
    made = key.read_bytes()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(bytes.fromhex(made.decode())) == 32
    again = run("analyze", "-c", str(calendar), *WEEK)
    assert again.exit_code == 0 and "cache" not in again.stderr
    assert key.read_bytes() == made
