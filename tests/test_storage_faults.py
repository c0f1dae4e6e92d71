"""A read-only data directory, a full disk, a file size limit: reading never needs write
access, a failed write is one line that says what happened, and the old data stays.

Tests run as root here, and root writes through any mode bits, so a `chmod` alone
proves nothing. These tests make the faults real instead: in a private mount
namespace (`unshare -m`, skipped where it is not allowed), a read-only bind mount
(EROFS) and a 256 kB tmpfs filled to the last byte (ENOSPC); a directory chmod'ed
0500 read by its owner after dropping from root to `nobody` (setpriv); and the
file size limit (RLIMIT_FSIZE: EFBIG), which needs no privilege.
"""

from __future__ import annotations

import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from levelcal import resources
from namespaces import needs_mounts

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = str(resources.sample_calendar())
LAST_WEEK = ("-c", SAMPLE, "--last-week", "--as-of", "2026-11-25")  # 2026-W47
THIS_WEEK = ("-c", SAMPLE, "--week", "--as-of", "2026-11-25")


def levelcal(
    *args: str, mounts: str = "", limit_bytes: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run levelcal in a subprocess, after `mounts` (shell commands) in its own namespace."""
    argv = [sys.executable, "-m", "levelcal.cli", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    def limited() -> None:
        if limit_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    if mounts:
        script = f"{mounts} && exec {shlex.join(argv)}"
        argv = ["unshare", "-m", "sh", "-c", script]
    return subprocess.run(
        argv, capture_output=True, text=True, env=env, timeout=120, preexec_fn=limited
    )


def in_namespace(script: str) -> subprocess.CompletedProcess[str]:
    """Run a shell script (mounts, then levelcal commands) in its own mount namespace."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env, timeout=120
    )


def read_only(directory: str) -> str:
    quoted = shlex.quote(directory)
    return f"mount --bind {quoted} {quoted} && mount -o remount,bind,ro {quoted}"


def small_full_disk(directory: str) -> str:
    quoted = shlex.quote(directory)
    return (
        f"mount -t tmpfs -o size=256k tmpfs {quoted} && cp -a {quoted}.seed/. {quoted}/ && "
        f"(head -c 1000000 /dev/zero > {quoted}/filler 2>/dev/null || true)"
    )


def weeks_recorded() -> list[str]:
    shown = levelcal("history", "--json")
    return [week["week"] for week in json.loads(shown.stdout)["weeks"]]


@needs_mounts
def test_a_read_only_data_directory_is_read_and_a_save_fails_cleanly():
    data = os.environ["LEVELCAL_DATA_DIR"]
    assert levelcal("analyze", *LAST_WEEK, "--save").returncode == 0
    before = (Path(data) / "history.sqlite3").read_bytes()

    report = levelcal("analyze", *THIS_WEEK, mounts=read_only(data))
    assert report.returncode == 0, report.stderr
    assert "Level mix by week" in report.stdout and "2026-W47" in report.stdout
    listed = levelcal("history", mounts=read_only(data))
    assert listed.returncode == 0 and "2026-W47" in listed.stdout

    save = levelcal("analyze", *THIS_WEEK, "--save", mounts=read_only(data))
    assert save.returncode == 2
    assert save.stderr.count("\n") == 1 and "Traceback" not in save.stderr
    assert "read-only" in save.stderr and "as it was" in save.stderr
    assert (Path(data) / "history.sqlite3").read_bytes() == before
    assert weeks_recorded() == ["2026-W47"]


@needs_mounts
def test_a_full_disk_keeps_the_history_and_says_the_disk_is_full(tmp_path, monkeypatch):
    data = tmp_path / "data"
    seed = tmp_path / "data.seed"
    seed.mkdir()
    monkeypatch.setenv("LEVELCAL_DATA_DIR", str(seed))
    assert levelcal("analyze", *LAST_WEEK, "--save").returncode == 0
    data.mkdir()
    monkeypatch.setenv("LEVELCAL_DATA_DIR", str(data))
    # Within the namespace: the history and a filler that leaves no free byte.
    script = (
        f"{small_full_disk(str(data))} && "
        f"{shlex.join([sys.executable, '-m', 'levelcal.cli', 'analyze', *THIS_WEEK, '--save'])}; "
        f"echo exit=$?; {shlex.join([sys.executable, '-m', 'levelcal.cli', 'history'])}"
    )
    done = in_namespace(script)
    assert "exit=2" in done.stdout, done.stderr
    assert "the disk is full" in done.stderr and "move the file away" not in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "2026-W47" in done.stdout and "2026-W48" not in done.stdout  # the old week is kept


@needs_mounts
def test_a_config_write_on_a_full_disk_leaves_the_old_file(tmp_path, monkeypatch):
    config = tmp_path / "config"
    seed = tmp_path / "config.seed"
    seed.mkdir()
    (seed / "config.toml").write_text('role = "vp"\n')
    config.mkdir()
    monkeypatch.setenv("LEVELCAL_CONFIG_DIR", str(config))
    argv = [sys.executable, "-m", "levelcal.cli"]
    script = (
        f"{small_full_disk(str(config))} && "
        f"{shlex.join([*argv, 'config', 'set', 'me', 'dana@example.com'])}; echo exit=$?; "
        f"cat {shlex.quote(str(config))}/config.toml; ls -a {shlex.quote(str(config))}"
    )
    done = in_namespace(script)
    assert "exit=2" in done.stdout, done.stderr
    assert "config.toml: not written: the disk is full; the file is as it was" in done.stderr
    assert 'role = "vp"' in done.stdout and "dana@" not in done.stdout
    assert ".config.toml." not in done.stdout  # no temporary file left behind


def test_a_write_beyond_the_file_size_limit_is_one_line_and_the_old_file_stays(isolated_config):
    path = isolated_config / "config.toml"
    path.write_text('role = "vp"\n')
    done = levelcal("config", "set", "me", "a" * 300 + "@example.com", limit_bytes=64)
    assert done.returncode == 2, done.stderr
    assert "not written: the file is larger than the size limit" in done.stderr
    assert done.stderr.count("\n") == 1
    assert path.read_text() == 'role = "vp"\n'
    assert [p.name for p in isolated_config.iterdir()] == ["config.toml"] or all(
        not p.name.startswith(".config.toml.") for p in isolated_config.iterdir()
    )


@needs_mounts
def test_a_personal_model_that_cannot_be_saved_is_used_from_memory(tmp_path, monkeypatch):
    data = tmp_path / "data"
    seed = tmp_path / "data.seed"
    seed.mkdir()
    row = {"title": "Quarterly pricing strategy", "label": "communication", "uid": "q@x"}
    (seed / "corrections.jsonl").write_text(json.dumps(row) + "\n")
    data.mkdir()
    monkeypatch.setenv("LEVELCAL_DATA_DIR", str(data))
    # The CLI with the anchor of tests/conftest.py's quick refit: the retrain is not the point.
    quick = (
        "import sys; from levelcal.classify import personal; personal.REFIT_ROWS = 400; "
        "from levelcal.cli import main; sys.argv[0] = 'levelcal'; main()"
    )
    analyze = [sys.executable, "-c", quick, "analyze", *THIS_WEEK]
    script = f"{small_full_disk(str(data))} && {shlex.join(analyze)}; echo exit=$?"
    done = in_namespace(script)
    assert "exit=0" in done.stdout, done.stderr
    assert "Level mix" in done.stdout or "doing" in done.stdout
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1, done.stderr
    assert "personal-model.bin: not written: the disk is full" in warnings[0]
    assert "used for this run only" in warnings[0]


@needs_mounts
def test_a_read_only_cache_with_a_damaged_entry_costs_speed_not_the_report():
    cache = os.environ["LEVELCAL_CACHE_DIR"]
    first = levelcal("analyze", *THIS_WEEK)
    assert first.returncode == 0, first.stderr
    for entry in (Path(cache) / "calendars").iterdir():
        entry.write_bytes(entry.read_bytes()[:-10])
    again = levelcal("analyze", *THIS_WEEK, mounts=read_only(cache))
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout and "discarded unread" in again.stderr


NOBODY = 65534


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="dropping to another user needs root and setpriv",
)
def test_a_data_directory_made_read_only_with_chmod_is_read_by_its_owner():
    """Root writes through mode bits, so the run drops to an ordinary user (nobody) who owns
    a data directory chmod'ed 0500: reading works, saving is one line, exit 2."""
    scratch = Path(tempfile.mkdtemp(prefix="levelcal-chmod-", dir="/tmp"))
    try:
        scratch.chmod(0o755)
        data, cache, config = (scratch / name for name in ("data", "cache", "config"))
        env = {
            **os.environ,
            "LEVELCAL_DATA_DIR": str(data),
            "LEVELCAL_CACHE_DIR": str(cache),
            "LEVELCAL_CONFIG_DIR": str(config),
        }
        argv = [sys.executable, "-m", "levelcal.cli", "analyze"]
        seeded = subprocess.run([*argv, *LAST_WEEK, "--save"], env=env, capture_output=True)
        assert seeded.returncode == 0, seeded.stderr
        for path in (scratch, *scratch.rglob("*")):
            os.chown(path, NOBODY, NOBODY)
        for path in data.iterdir():
            path.chmod(0o400)
        data.chmod(0o500)
        nobody = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        read = subprocess.run([*nobody, *argv, *THIS_WEEK], env=env, capture_output=True, text=True)
        assert read.returncode == 0, read.stderr
        assert "2026-W47" in read.stdout
        save = subprocess.run(
            [*nobody, *argv, *THIS_WEEK, "--save"], env=env, capture_output=True, text=True
        )
        assert save.returncode == 2, save.stderr
        assert "permission denied; the file is as it was" in save.stderr
        assert save.stderr.count("\n") == 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
