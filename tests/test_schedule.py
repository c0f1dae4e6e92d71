"""`levelcal schedule`: the cron line, and installing it idempotently through a real `crontab`.

The test puts a small `crontab` program first on PATH that keeps the table in
a file, as cron's does; levelcal talks to it across a process boundary.
"""

import os
import stat

import pytest

FAKE_CRONTAB = """#!/bin/sh
# crontab -l prints the table (or fails like cron's when there is none); crontab - replaces it.
table="$CRONTAB_FILE"
if [ "$1" = "-l" ]; then
    if [ -f "$table" ]; then cat "$table"; exit 0; fi
    echo "no crontab for $(id -un)" >&2; exit 1
elif [ "$1" = "-" ]; then
    cat > "$table.new" && mv "$table.new" "$table"
else
    echo "usage: crontab [-l | -]" >&2; exit 1
fi
"""


@pytest.fixture(autouse=True)
def configured_calendar(isolated_config, tmp_path):
    """The line mails the user's own calendar: one is configured (never the sample)."""
    calendar = tmp_path / "work.ics"
    calendar.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    (isolated_config / "config.toml").write_text(f'calendars = ["{calendar}"]\n')
    return calendar


@pytest.fixture
def crontab(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = bin_dir / "crontab"
    program.write_text(FAKE_CRONTAB)
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    table = tmp_path / "table"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("CRONTAB_FILE", str(table))
    return table


def test_the_line_runs_the_digest_weekly_by_absolute_path(run):
    result = run("schedule", "--at", "7:30", "--day", "friday")
    assert result.exit_code == 0, result.output
    entry = result.stdout.strip()
    minute, hour, dom, month, dow, *command = entry.split()
    assert (minute, hour, dom, month, dow) == ("30", "7", "*", "*", "5")
    program = next(part for part in command if "levelcal" in part and "=" not in part)
    assert os.path.isabs(program) and os.access(program, os.X_OK)
    assert "digest --send >>" in entry and entry.endswith("2>&1 # levelcal weekly digest")
    assert f"LEVELCAL_DATA_DIR={os.environ['LEVELCAL_DATA_DIR']}" in entry


def test_install_twice_leaves_one_line_and_keeps_the_users_other_lines(run, crontab):
    crontab.write_text("MAILTO=me@example.com\n0 3 * * * /usr/bin/backup\n")
    first = run("schedule", "--install")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("installed in your crontab:")
    again = run("schedule", "--install")
    assert again.stdout.startswith("already in your crontab:")
    lines = crontab.read_text().splitlines()
    assert lines[:2] == ["MAILTO=me@example.com", "0 3 * * * /usr/bin/backup"]
    assert len(lines) == 3 and lines[2].startswith("0 7 * * 1 ")
    moved = run("schedule", "--install", "--at", "18:00", "--day", "sun")
    assert moved.stdout.startswith("installed")
    lines = crontab.read_text().splitlines()
    assert len(lines) == 3 and lines[2].startswith("0 18 * * 0 ")


def test_remove_takes_out_only_levelcals_line_and_twice_is_harmless(run, crontab):
    run("schedule", "--install")  # into a user who had no crontab yet
    assert len(crontab.read_text().splitlines()) == 1
    assert run("schedule", "--remove").stdout == "removed levelcal's line from your crontab\n"
    assert crontab.read_text() == ""
    assert run("schedule", "--remove").stdout == "no levelcal line in your crontab\n"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--at", "25:00"), "--at '25:00' is not a time"),
        (("--day", "someday"), "--day 'someday' is not a weekday"),
        (("--install", "--remove"), "choose one of --install and --remove"),
    ],
)
def test_bad_schedule_flags_are_one_line_errors(run, arguments, message):
    result = run("schedule", *arguments)
    assert result.exit_code == 2
    assert message in result.stderr


def test_no_crontab_program_says_what_to_do(run, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run("schedule", "--install")
    assert result.exit_code == 2
    assert "crontab not found" in result.stderr


def test_install_refuses_to_mail_the_bundled_sample(run, crontab, isolated_config):
    (isolated_config / "config.toml").unlink()  # no calendar configured
    result = run("schedule", "--install")
    assert result.exit_code == 2
    assert result.stderr == (
        "levelcal: error: schedule --install: no calendar configured, and the bundled sample "
        "is for looking, not for mailing; levelcal config set calendars FILE (or URL, or "
        "google)\n"
    )
    assert not crontab.exists()
