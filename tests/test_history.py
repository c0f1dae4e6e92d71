"""The weekly record in SQLite: replace never duplicate, migrations, several writers at once."""

import json
import multiprocessing
import sqlite3
from datetime import date

import pytest

from levelcal import history
from levelcal.delegation import Kept, Spent
from levels_short import DIRECTING, DOING, MANAGING, OFF, VISIONING


def record(week: int, doing: float = 10.0, title: str = "Focus time") -> history.WeekRecord:
    monday = date.fromisocalendar(2026, week, 1)
    return history.WeekRecord(
        week=f"2026-W{week:02d}",
        monday=monday,
        tz="Europe/Berlin",
        sources=("work.ics",),
        recorded_at="2026-11-25T08:00:00+01:00",
        hours_by_level={DOING: doing, MANAGING: 20.0, DIRECTING: 8.0, VISIONING: 2.0, OFF: 1.0},
        events=(
            Spent(
                "series:focus@x",
                "focus@x",
                title,
                f"{monday}T09:00:00+01:00",
                DOING,
                doing,
                True,
                0.93,
            ),
        ),
    )


def test_a_saved_week_reads_back_with_its_events(tmp_path):
    path = tmp_path / "history.sqlite3"
    assert history.save(record(47), path) is None
    [found] = history.load(8, path=path)
    assert found == record(47)
    assert found.work_hours == 40.0 and found.busy_hours == 41.0
    assert path.stat().st_mode & 0o777 == 0o600


def test_saving_a_week_again_replaces_it(tmp_path):
    path = tmp_path / "history.sqlite3"
    history.save(record(47, doing=10.0), path)
    assert history.save(record(47, doing=4.0, title="Focus"), path) == ("work.ics",)
    [found] = history.load(8, path=path)
    assert found.hours_by_level[DOING] == 4.0
    assert [spent.title for spent in found.events] == ["Focus"]
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM events").fetchone() == (1,)
        assert connection.execute("SELECT count(*) FROM level_hours").fetchone() == (5,)


def test_load_gives_the_last_n_weeks_before_a_week_oldest_first(tmp_path):
    path = tmp_path / "history.sqlite3"
    for week in (44, 41, 47, 45):
        history.save(record(week), path)
    assert [r.week for r in history.load(2, path=path)] == ["2026-W45", "2026-W47"]
    assert [r.week for r in history.load(8, before="2026-W45", path=path)] == [
        "2026-W41",
        "2026-W44",
    ]


def test_a_version_1_database_is_migrated_and_keeps_its_weeks(tmp_path):
    """A file as levelcal's first history layout wrote it (user_version 1), built by hand."""
    path = tmp_path / "history.sqlite3"
    connection = sqlite3.connect(path)
    connection.executescript(
        """
        CREATE TABLE weeks (week TEXT PRIMARY KEY, monday TEXT NOT NULL, tz TEXT NOT NULL,
                            sources TEXT NOT NULL, recorded_at TEXT NOT NULL);
        CREATE TABLE level_hours (week TEXT NOT NULL, level TEXT NOT NULL, hours REAL NOT NULL,
                                  PRIMARY KEY (week, level));
        CREATE TABLE events (week TEXT NOT NULL, uid TEXT NOT NULL, title TEXT NOT NULL,
                             start TEXT NOT NULL, hours REAL NOT NULL, level TEXT NOT NULL,
                             confidence REAL NOT NULL);
        INSERT INTO weeks VALUES ('2026-W40', '2026-09-28', 'UTC', '["old.ics"]',
                                  '2026-10-05T07:00:00+00:00');
        INSERT INTO level_hours VALUES ('2026-W40', 'implementation', 12.5),
                                       ('2026-W40', 'unification', 20.0);
        INSERT INTO events VALUES
            ('2026-W40', 'a@x', 'Weekly Sync #12', '2026-09-28T10:00:00+00:00', 1.0,
             'unification', 0.8),
            ('2026-W40', 'b@x', 'weekly sync - 13', '2026-09-29T10:00:00+00:00', 1.5,
             'unification', 0.7),
            ('2026-W40', 'c@x', '1:1 Priya', '2026-09-30T10:00:00+00:00', 0.5,
             'unification', 0.9);
        PRAGMA user_version = 1;
        """
    )
    connection.close()
    [old] = history.load(8, path=path)
    assert old.week == "2026-W40" and old.sources == ("old.ics",)
    assert old.hours_by_level[DOING] == 12.5 and old.hours_by_level[DIRECTING] == 0.0
    # Both rows get the one series key of their normalized title: one thing to hand off.
    assert {spent.series_key for spent in old.events[:2]} == {"title:weekly sync 0"}
    assert [spent.recurring for spent in old.events] == [False, False, False]
    # Version 3 keeps what is never handed off; older rows have only their title to say it.
    assert [spent.kept for spent in old.events] == [Kept.NO, Kept.NO, Kept.ONE_ON_ONE]
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (history.SCHEMA_VERSION,)
    history.save(record(41), path)  # and the migrated file takes new weeks
    assert [r.week for r in history.load(8, path=path)] == ["2026-W40", "2026-W41"]


def test_a_newer_schema_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 99")
    with pytest.raises(history.ConfigError, match=r"written by a newer levelcal.*upgrade"):
        history.load(8, path=path)


def test_a_file_that_is_not_sqlite_is_a_config_error(tmp_path):
    path = tmp_path / "history.sqlite3"
    path.write_text("this is not a database, just text " * 100)
    with pytest.raises(history.ConfigError, match="move the file away"):
        history.load(8, path=path)


def _writer(path: str, weeks: list[int], rounds: int) -> None:
    from pathlib import Path

    for _ in range(rounds):
        for week in weeks:
            history.save(record(week, doing=float(week)), Path(path))


def test_concurrent_writers_leave_every_week_once(tmp_path):
    """Six processes save overlapping weeks at once (cron and a user, many times over)."""
    path = tmp_path / "history.sqlite3"
    plans = [[30, 31, 32], [32, 33, 30], [34, 30], [31, 35], [35, 34, 33], [30, 32, 34]]
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(path), plan, 5)) for plan in plans]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    weeks = history.load(52, path=path)
    assert [r.week for r in weeks] == [f"2026-W{n}" for n in range(30, 36)]
    assert all(r.hours_by_level[DOING] == float(r.week[-2:]) for r in weeks)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM events").fetchone() == (6,)
        assert connection.execute("SELECT count(*) FROM level_hours").fetchone() == (30,)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_analyze_save_records_the_week_and_refuses_a_month(run):
    result = run("analyze", "--last-week", "--as-of", "2026-11-25", "--save", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["saved_week"] == "2026-W47"
    shown = json.loads(run("history", "--json").stdout)
    [week] = shown["weeks"]
    assert week["week"] == "2026-W47" and week["from"] == "2026-11-16"
    assert week["work_hours"] == pytest.approx(document["totals"]["work_hours"], abs=1e-5)
    again = run("analyze", "--last-week", "--as-of", "2026-11-25", "--save", "--json")
    assert again.exit_code == 0
    assert len(json.loads(run("history", "--json").stdout)["weeks"]) == 1
    month = run("analyze", "--last-month", "--as-of", "2026-11-25", "--save")
    assert month.exit_code == 2
    assert "the history keeps whole ISO weeks" in month.stderr


def test_history_with_nothing_recorded_says_how_to_record(run):
    result = run("history")
    assert result.exit_code == 0
    assert "no weeks recorded yet" in result.stdout and "--save" in result.stdout


def test_the_report_adds_the_trend_from_earlier_weeks_and_stays_valid_json(run):
    import jsonschema

    from levelcal.report.json_doc import schema

    for as_of in ("2026-11-18", "2026-11-25"):  # records W46 and W47
        assert run("analyze", "--last-week", "--as-of", as_of, "--save", "--json").exit_code == 0
    result = run("analyze", "--week", "--as-of", "2026-11-25", "--role", "vp", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema())
    assert [w["week"] for w in document["trend"]["weeks"]] == ["2026-W46", "2026-W47", "2026-W48"]
    assert document["delegation"]["weeks"] == 3.0
    assert "saved_week" not in document
    report = run("analyze", "--week", "--as-of", "2026-11-25")
    assert "Level mix by week" in report.stdout and "2026-W46" in report.stdout
    assert "Hand off first" not in report.stdout  # no role, no candidates


def test_history_shows_each_week_with_its_mix_and_operating_level(run):
    history.save(record(44))
    history.save(record(45, doing=30.0))
    result = run("history")
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.stdout.splitlines()]
    assert rows[0] == ["week", "work", "h", "doing", "managing", "directing", "visioning", "level",
                       "calendars"]  # fmt: skip
    # W44: 10 + 20 + 8 + 2 = 40 work hours; (10*1 + 20*2 + 8*3 + 2*4) / 40 = 82 / 40 = 2.05.
    assert rows[1] == ["2026-W44", "40.0", "25%", "50%", "20%", "5%", "2.05", "work.ics"]
    # W45: 30 + 20 + 8 + 2 = 60; (30 + 40 + 24 + 8) / 60 = 1.70.
    assert rows[2] == ["2026-W45", "60.0", "50%", "33%", "13%", "3%", "1.70", "work.ics"]
    assert [line.split()[0] for line in run("history", "--weeks", "1").stdout.splitlines()] == [
        "week",
        "2026-W45",
    ]


def test_a_damaged_history_costs_the_trend_not_the_report(run):
    history.history_path().parent.mkdir(parents=True, exist_ok=True)
    history.history_path().write_bytes(b"\x00garbage" * 200)
    result = run("analyze", "--last-week", "--as-of", "2026-11-25", "--role", "vp")
    assert result.exit_code == 0, result.output
    assert "this report leaves the history out" in result.stderr
    assert "As a VP, " in result.stdout
    saving = run("analyze", "--last-week", "--as-of", "2026-11-25", "--save")
    assert saving.exit_code == 2
    assert "move the file away to start a new history" in saving.stderr


def test_forget_takes_out_one_recorded_week(run):
    for week in (46, 47):
        history.save(record(week))
    result = run("history", "--forget", "2026-W46")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"forgot 2026-W46 (in {history.history_path()})\n"
    assert [r.week for r in history.load(8)] == ["2026-W47"]
    again = run("history", "--forget", "2026-W46")
    assert again.exit_code == 2
    assert "--forget 2026-W46: not recorded in " in again.stderr
    typo = run("history", "--forget", "last week")
    assert typo.stderr == (
        "levelcal: error: --forget 'last week': not an ISO week; write it as 2026-W47\n"
    )


def test_trend_bars_are_told_apart_without_colour(run):
    # 40 cells: W46 is 10 doing, 20 managing, 8 directing, 2 visioning of 40 work hours.
    history.save(record(46))
    chart = run("trend").stdout  # not a terminal: no colour at all
    assert "\x1b[" not in chart
    assert "█ doing  ▓ managing  ▒ directing  ░ visioning" in chart
    assert "█" * 10 + "▓" * 20 + "▒" * 8 + "░" * 2 in chart
