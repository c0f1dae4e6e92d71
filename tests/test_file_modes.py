"""Every directory levelcal creates is its owner's only (0700), parents included; lock
files and the digest's log are 0600, whatever the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from calendars import vcalendar, vevent
from levelcal.classify import personal
from levelcal.classify.features import EventFeatures
from levelcal.levels import Level

WEEK = ("--from", "2026-03-02", "--to", "2026-03-09", "--tz", "UTC")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)  # the usual one: what mkdir(parents=True) gives parents
    yield
    os.umask(old)


def test_the_cache_root_and_every_new_parent_are_0700(run, tmp_path, monkeypatch, loose_umask):
    root = tmp_path / "home" / ".cache" / "levelcal"
    monkeypatch.setenv("LEVELCAL_CACHE_DIR", str(root))
    calendar = tmp_path / "week.ics"
    calendar.write_bytes(
        vcalendar(vevent("a@x", "Plan", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z"))
    )
    assert run("analyze", "-c", str(calendar), *WEEK).exit_code == 0
    for directory in (tmp_path / "home", tmp_path / "home" / ".cache", root, root / "calendars"):
        assert mode(directory) == 0o700, directory


def test_lock_files_are_0600(tmp_path, monkeypatch, loose_umask):
    monkeypatch.setenv("LEVELCAL_DATA_DIR", str(tmp_path / "data"))
    personal.add([personal.Correction(EventFeatures(title="Lunch"), Level.OTHER)])
    lock = tmp_path / "data" / "corrections.jsonl.lock"
    assert mode(lock) == 0o600 and mode(tmp_path / "data") == 0o700
    lock.chmod(0o644)  # as an older levelcal made it
    personal.add([personal.Correction(EventFeatures(title="Gym"), Level.OTHER)])
    assert mode(lock) == 0o600


def test_the_digest_log_is_created_0600_when_the_line_is_printed(run, loose_umask):
    log = Path(os.environ["LEVELCAL_DATA_DIR"]) / "digest.log"
    log.unlink(missing_ok=True)
    assert run("schedule").exit_code == 0
    assert log.exists() and mode(log) == 0o600
    log.chmod(0o644)  # as cron's shell left it before
    assert run("schedule").exit_code == 0
    assert mode(log) == 0o600
