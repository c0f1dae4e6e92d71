"""What the user stored is never lost or leaked: atomic writes survive a kill,
concurrent writers keep each other's corrections, secrets stay out of output."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

from calendars import vcalendar, vevent
from levelcal.classify import personal
from levelcal.classify.features import EventFeatures
from levelcal.levels import Level
from levelcal.paths import DATA_DIR_VARIABLE

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def test_a_writer_killed_midway_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "corrections.jsonl"
    before = '{"title": "Standup", "label": "unification"}\n'
    target.write_text(before, encoding="utf-8")
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from levelcal.storage import write_atomically;"
            "write_atomically(Path(sys.argv[1]), 'x' * 400_000_000)",
            str(target),
        ],
        env=ENV,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # wait until the new content is being written
            partial = list(tmp_path.glob(".corrections.jsonl.*"))
            if partial and partial[0].stat().st_size > 0:
                break
            time.sleep(0.005)
        else:
            raise AssertionError("the writer never started writing")
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.wait()
    assert writer.returncode == -signal.SIGKILL  # killed, not finished
    assert target.read_text(encoding="utf-8") == before
    # The next locked update clears the killed writer's leftover and keeps the old row.
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path))
    personal.add([personal.Correction(EventFeatures(title="Lunch"), Level.OTHER)])
    assert [c.features.title for c in personal.stored_corrections()] == ["Standup", "Lunch"]
    assert list(tmp_path.glob(".corrections.jsonl.*")) == []


def test_concurrent_writers_keep_every_correction(tmp_path):
    script = (
        "import sys; from levelcal.classify import personal;"
        "from levelcal.classify.features import EventFeatures; from levelcal.levels import Level;"
        "personal.add([personal.Correction(EventFeatures(title=sys.argv[1]), Level.OTHER)])"
    )
    env = {**ENV, DATA_DIR_VARIABLE: str(tmp_path)}
    writers = [
        subprocess.Popen([sys.executable, "-c", script, f"Errand {n}"], env=env) for n in range(8)
    ]
    assert all(w.wait() == 0 for w in writers)
    lines = (tmp_path / "corrections.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["title"] for line in lines) == [f"Errand {n}" for n in range(8)]


def test_the_users_files_are_private(run, tmp_path):
    sheet = tmp_path / "fixes.csv"
    sheet.write_text("title,level\nStandup,managing\n", encoding="utf-8")
    assert run("label", "--csv", str(sheet)).exit_code == 0
    for path in (personal.corrections_path(), personal.personal_model_path()):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


SECRET = "private-0123456789abcdef0123456789abcdef"


def test_a_secret_calendar_address_never_reaches_errors_or_json(run, web):
    week = vcalendar(vevent("s@t", "Standup", "DTSTART:20260302T090000Z", "DTEND:20260302T093000Z"))
    web.routes[f"/calendar/ical/dana%40northwind.example/{SECRET}/basic.ics?key=hunter2"] = (
        200,
        "text/calendar",
        week,
    )
    good = web.url(f"/calendar/ical/dana%40northwind.example/{SECRET}/basic.ics?key=hunter2")
    result = run(
        "analyze", "-c", good, "--from", "2026-03-02", "--to", "2026-03-09", "--tz", "UTC", "--json"
    )
    assert result.exit_code == 0, result.stderr
    assert SECRET not in result.stdout and "hunter2" not in result.stdout
    document = json.loads(result.stdout)
    assert document["sources"] == [
        web.url("/calendar/ical/dana%40northwind.example/private-***/basic.ics?key=***")
    ]

    missing = web.url(f"/calendar/ical/someone/{SECRET}/basic.ics")
    result = run("analyze", "-c", missing)
    assert result.exit_code == 3
    assert SECRET not in result.stderr and "private-***" in result.stderr

    result = run("--debug", "analyze", "-c", f"ftp://user:hunter2@example.com/{SECRET}.ics")
    assert result.exit_code == 2
    assert "hunter2" not in result.stderr and SECRET not in result.stderr
