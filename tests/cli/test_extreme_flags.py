"""Flags at the edge of what Python can count (issue 15, item 8): one line and exit 2.

Each of these ended in an internal error (exit 4): a date near 9999-12-31 or
0001-01-01 overflowed the window's arithmetic, 1e308 MB made an infinite byte
count, nan slipped past "more than 0", and a line break in --mail-to reached the
mail's headers.
"""

from __future__ import annotations

import pytest

from calendars import WEEK
from shown import one_line

CASES = {
    "--from 9999-12-27": (
        ["--from", "9999-12-27", "--to", "9999-12-31"],
        "--from 9999-12-27: levelcal counts the days from 1900-01-01 to 2999-12-31",
    ),
    "--from 0001-01-01": (
        ["--from", "0001-01-01", "--to", "0001-01-08"],
        "--from 0001-01-01: levelcal counts the days from 1900-01-01 to 2999-12-31",
    ),
    "--to 9999-12-31": (
        ["--from", "2026-03-02", "--to", "9999-12-31"],
        "--to 9999-12-31: levelcal counts the days from 1900-01-01 to 2999-12-31",
    ),
    "--as-of 9999-12-31": (
        ["--as-of", "9999-12-31"],
        "--as-of 9999-12-31: levelcal counts the days from 1900-01-01 to 2999-12-31",
    ),
    "--as-of 0001-01-01 --last-year": (
        ["--as-of", "0001-01-01", "--last-year"],
        "--as-of 0001-01-01: levelcal counts the days from 1900-01-01 to 2999-12-31",
    ),
    "--days 100000000": (
        ["--days", "100000000", "--as-of", "2026-03-08"],
        "--days 100000000: the window would start before 1900-01-01; levelcal counts the days "
        "from 1900-01-01 to 2999-12-31",
    ),
    "--max-file-mb 1e308": (
        ["--max-file-mb", "1e308"],
        "--max-file-mb must be at most 1000000, got 1e+308",
    ),
    "--max-download-mb inf": (
        ["--max-download-mb", "inf"],
        "--max-download-mb must be at most 1000000, got inf",
    ),
    "--max-file-mb nan": (["--max-file-mb", "nan"], "--max-file-mb must be a number, got nan"),
    "--timeout nan": (["--timeout", "nan"], "--timeout must be a number, got nan"),
    "--timeout inf": (["--timeout", "inf"], "--timeout must be at most 86400, got inf"),
    "--timeout -inf": (["--timeout", "-inf"], "--timeout must be more than 0, got -inf"),
    "--max-instances 1e20": (
        ["--max-instances", "100000000000000000000"],
        "--max-instances must be at most 1000000000, got 1e+20",
    ),
}


@pytest.fixture
def week(tmp_path):
    path = tmp_path / "week.ics"
    path.write_bytes(WEEK)
    return str(path)


@pytest.mark.parametrize("command", ["analyze", "explain"])
@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_an_extreme_flag_is_one_line_and_exit_2(run, week, command, case):
    flags, message = CASES[case]
    query = ["standup"] if command == "explain" else []
    result = run(command, "-c", week, *flags, *query)
    assert result.exit_code == 2, result.output
    assert one_line(result) == f"levelcal: error: {message}"


@pytest.mark.parametrize("weeks", ["0", "5201", "100000000000000000000"])
def test_weeks_beyond_a_century_are_refused(run, week, weeks):
    result = run("history", "--weeks", weeks)
    assert result.exit_code == 2, result.output
    assert one_line(result) == f"levelcal: error: --weeks must be from 1 to 5200, got {weeks}"


def test_the_last_days_of_the_range_still_count(run, week):
    for flags in (
        ["--as-of", "2999-12-31", "--year"],
        ["--as-of", "2999-12-31", "--month"],
        ["--as-of", "1900-01-01", "--last-year"],
        ["--days", "46000", "--as-of", "2026-03-08"],
    ):
        result = run("analyze", "-c", week, *flags, "--json")
        assert result.exit_code == 0, (flags, result.output)


@pytest.mark.parametrize(
    "address", ["dana@northwind.example\r\nBcc: all@northwind.example", "dana\x00@x.example"]
)
def test_a_line_break_in_mail_to_is_refused_before_anything_is_sent(
    run, week, isolated_config, address
):
    (isolated_config / "config.toml").write_text('[smtp]\nhost = "127.0.0.1"\nport = 9\n')
    result = run("digest", "--send", "-c", week, "--mail-to", address)
    assert result.exit_code == 2, result.output
    assert one_line(result) == (
        f"levelcal: error: --mail-to {address!r}: not an email address (name@example.com)"
    )
