"""Handoffs that stick: recorded, then judged done, slipping or back over the weeks since.

The calendar is tests/data/handoffs/dana-handoffs.ics (its README says what is in it).
Every number below is counted by hand from its events; none of them overlaps another,
so each attended occurrence counts its whole length.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from levelcal import handoffs, history
from levelcal.handoffs import State, state_of

DATA = Path(__file__).parent / "data" / "handoffs"
CALENDAR = str(DATA / "dana-handoffs.ics")
AS_OF = "2026-11-25"  # a Wednesday: last week is 2026-W47, Mon 16 to Sun 22 November


@pytest.mark.parametrize(
    ("attended", "state"),
    [
        ([], State.PENDING),  # no full week since yet
        ([False, False, False], State.DONE),
        ([True, True, False, False], State.DONE),  # stopped, and stayed away two weeks
        ([True, False, True], State.SLIPPING),  # one missed week is a holiday
        ([True, True, True], State.SLIPPING),
        ([True, True, False], State.SLIPPING),  # one week away is not gone yet
        ([False, False, False, True, True], State.BACK),
        ([False, False, True, False, False], State.DONE),  # back, then gone again
    ],
)
def test_the_state_follows_the_weeks_since(attended, state):
    assert state_of(attended) is state


def test_the_weeks_since_start_on_the_first_monday_and_end_with_the_last_full_week():
    # Handed off on Wednesday 4 November: that week is the changeover; the weeks since are
    # those of 9 and 16 November, the last that ends by Monday 23 November.
    handoff = handoffs.Handoff("x", "X", (), "p@x.example", date(2026, 11, 4), 1.0)
    assert handoffs.weeks_since(handoff, date(2026, 11, 23)) == [
        date(2026, 11, 9),
        date(2026, 11, 16),
    ]
    assert handoffs.weeks_since(handoff, date(2026, 11, 22)) == [date(2026, 11, 9)]
    # The hours before: the four weeks before the week of 4 November, 5 October to 1 November.
    assert handoffs.baseline_weeks(date(2026, 11, 4)) == (date(2026, 10, 5), date(2026, 11, 2))


def _record_the_three(run) -> None:
    for pattern, to, on in (
        ("Sprint planning", "priya@northwind.example", "2026-11-02"),
        ("backlog", "lee@northwind.example", "2026-11-02"),
        ("release readiness", "sam@northwind.example", "2026-10-19"),
    ):
        result = run("handoff", pattern, "--to", to, "--on", on, "-c", CALENDAR)
        assert result.exit_code == 0, result.output


def test_handoff_records_the_series_and_its_hours_a_week_before(run):
    result = run(
        "handoff", "Sprint planning", "--to", "Priya@northwind.example", "--on", "2026-11-02",
        "-c", CALENDAR,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # Tuesdays 6, 13, 20 and 27 October, 1.5 h each: 6 h over the 4 weeks before.
    assert result.stdout == (
        "Sprint planning → priya@northwind.example, on 2026-11-02 (pattern 'Sprint planning'; "
        "1.5 h a week over the 4 weeks before)\n"
    )
    [recorded] = history.handoffs()
    # Priya's new series (another UID) was declined, so only Dana's own series matched.
    assert recorded.uids == ("sprint-planning-2026@google.com",)
    assert recorded.on == date(2026, 11, 2) and recorded.hours_per_week_before == 1.5


def test_without_a_calendar_the_series_is_found_in_the_recorded_weeks(run):
    for as_of in ("2026-10-21", "2026-10-28"):  # records 2026-W42 and W43 only
        assert (
            run("analyze", "-c", CALENDAR, "--last-week", "--as-of", as_of, "--save").exit_code == 0
        )
    result = run("handoff", "sprint", "--to", "priya@northwind.example", "--on", "2026-11-02")
    assert result.exit_code == 0, result.output
    # Of the four weeks before (W41 to W44), W42 and W43 are recorded, 1.5 h each: 3 h over
    # the two weeks read, not over four (a week not recorded is not a week without it).
    [recorded] = history.handoffs()
    assert (recorded.title, recorded.hours_per_week_before) == ("Sprint planning", 1.5)


def test_analyze_reports_done_slipping_and_back_from_the_calendar(run):
    _record_the_three(run)
    result = run("analyze", "-c", CALENDAR, "--last-week", "--as-of", AS_OF, "--role", "vp",
                 "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    by_title = {item["title"]: item for item in document["handoffs"]}
    # Sprint planning, handed off Mon 2 Nov: weeks of 2, 9, 16 Nov; Dana declined them all.
    assert by_title["Sprint planning"] == {
        "title": "Sprint planning",
        "pattern": "Sprint planning",
        "to": "priya@northwind.example",
        "on": "2026-11-02",
        "state": "done",
        "weeks_since": 3,
        "weeks_attended": 0,
        "hours_since": 0.0,
        "hours_per_week_before": 1.5,
        "reclaimed_hours_per_week": 1.5,
        "weeks_from": "calendar",
    }
    # Backlog grooming: Thursdays 8-29 Oct, 1 h each, before; since: 5 and 19 Nov attended,
    # 12 Nov declined: 2 of 3 weeks, 2 h; reclaimed 1 - 2/3 = 0.3333 h a week.
    grooming = by_title["Backlog grooming"]
    assert (grooming["state"], grooming["weeks_attended"], grooming["weeks_since"]) == (
        "slipping",
        2,
        3,
    )
    assert grooming["hours_since"] == 2.0 and grooming["hours_per_week_before"] == 1.0
    assert grooming["reclaimed_hours_per_week"] == 0.3333
    # Release readiness review, handed off Mon 19 Oct: Wednesdays 23 Sep-14 Oct before (1 h a
    # week); since: declined 21 Oct, 28 Oct, 4 Nov, attended 11 and 18 Nov: gone three weeks,
    # then back. 2 of 5 weeks, 2 h; reclaimed 1 - 2/5 = 0.6.
    review = by_title["Release readiness review"]
    assert (review["state"], review["weeks_attended"], review["weeks_since"]) == ("back", 2, 5)
    assert review["hours_since"] == 2.0 and review["reclaimed_hours_per_week"] == 0.6
    # Incident review: Jordan, in none of its occurrences before, organizes it since 13 Nov,
    # and Dana attended on Fri 20 Nov (1 h).
    [suggestion] = document["handoff_suggestions"]
    assert suggestion["title"] == "Incident review"
    assert suggestion["to"] == "jordan.reyes@northwind.example"
    assert suggestion["to_name"] == "Jordan Reyes" and suggestion["hours"] == 1.0
    assert suggestion["level"] in ("implementation", "unification")  # beneath a VP

    from jsonschema import Draft202012Validator

    from levelcal.report.json_doc import schema

    Draft202012Validator(schema()).validate(document)

    shown = run("analyze", "-c", CALENDAR, "--last-week", "--as-of", AS_OF, "--role", "vp")
    text = " ".join(shown.stdout.split())
    assert (
        "slipping Backlog grooming → lee@northwind.example, on 2026-11-02: you still attended "
        "2 of the 3 weeks since, 2.0 h; 0.3 h a week reclaimed (of 1.0 h a week before)" in text
    )
    assert (
        "Incident review looks handed off to Jordan Reyes, but you still attend (1.0 h in this "
        "window); record it: levelcal handoff 'Incident review' --to "
        "jordan.reyes@northwind.example" in text
    )


def test_a_series_handed_off_is_no_longer_offered_to_hand_off(run):
    """Backlog grooming and Release readiness review are beneath a VP and attended last
    week: "Hand off first" lists them until they are recorded, then the handoffs follow
    them (slipping, back) and the list does not offer them again."""

    def offered() -> list[str]:
        result = run("analyze", "-c", CALENDAR, "--last-week", "--as-of", AS_OF, "--role", "vp",
                     "--json")  # fmt: skip
        assert result.exit_code == 0, result.output
        return [c["title"] for c in json.loads(result.stdout)["delegation"]["candidates"]]

    assert {"Backlog grooming", "Release readiness review"} <= set(offered())
    _record_the_three(run)
    assert offered() == ["Incident review"]


def test_the_digest_says_it_in_text_and_markdown(run):
    _record_the_three(run)
    text = run("digest", "-c", CALENDAR, "--as-of", AS_OF, "--role", "vp", "--no-save").stdout
    assert (
        "  done: Sprint planning → priya@northwind.example, on 2026-11-02: you no longer "
        "attend: none of the 3 weeks since; 1.5 h a week reclaimed (of 1.5 h a week before)\n"
    ) in text
    assert (
        "  back: Release readiness review → sam@northwind.example, on 2026-10-19: you were "
        "gone and came back: 2 of the 5 weeks since, 2.0 h; 0.6 h a week reclaimed"
    ) in text
    markdown = run(
        "digest", "-c", CALENDAR, "--as-of", AS_OF, "--role", "vp", "--no-save",
        "--format", "markdown",
    ).stdout  # fmt: skip
    assert "## Handoffs" in markdown
    assert "- **slipping**: Backlog grooming → lee@northwind.example, on 2026-11-02:" in markdown


def test_trend_judges_the_handoffs_on_the_recorded_weeks(run):
    """trend reads no calendar: only the recorded weeks count, so the review of Sam's,
    seen in 2026-W45 to W47 alone (away, there, there), is slipping, not back."""
    _record_the_three(run)
    for as_of in ("2026-11-11", "2026-11-18", AS_OF):  # records 2026-W45, W46 and W47
        saved = run("analyze", "-c", CALENDAR, "--last-week", "--as-of", as_of, "--save")
        assert saved.exit_code == 0, saved.output
    document = json.loads(run("trend", "--json").stdout)
    states = {
        item["title"]: (item["state"], item["weeks_attended"], item["weeks_since"])
        for item in document["handoffs"]
    }
    assert states == {
        "Sprint planning": ("done", 0, 3),
        "Backlog grooming": ("slipping", 2, 3),
        "Release readiness review": ("slipping", 2, 3),
    }
    assert {item["weeks_from"] for item in document["handoffs"]} == {"history"}
    chart = run("trend").stdout
    assert "Handoffs" in chart and "Operating level by week" in chart


def test_list_and_undo(run):
    _record_the_three(run)
    listed = run("handoff", "--list").stdout.splitlines()
    assert [line.split(" (pattern")[0] for line in listed] == [
        "Release readiness review → sam@northwind.example, on 2026-10-19",
        "Sprint planning → priya@northwind.example, on 2026-11-02",
        "Backlog grooming → lee@northwind.example, on 2026-11-02",
    ]
    undone = run("handoff", "--undo", "backlog GROOMING")
    assert undone.exit_code == 0, undone.output
    assert undone.stdout.startswith("forgot 1 handoff:\nBacklog grooming → lee@")
    assert [h.title for h in history.handoffs()] == ["Release readiness review", "Sprint planning"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ("Board offsite", "--to", "priya@northwind.example", "-c", CALENDAR,
             "--on", "2026-11-02"),
            f"'Board offsite' matches no event you attended in the calendar {CALENDAR} "
            "from 2026-10-05 to 2026-11-15",
        ),
        (
            ("Sprint planning", "--to", "priya@northwind.example", "--on", "2026-11-02"),
            "'Sprint planning' matches no event you attended in the weeks recorded in ",
        ),
        (
            ("Sprint planning", "--to", "priya", "-c", CALENDAR),
            "--to 'priya': not an email address",
        ),
        (
            ("review", "--to", "sam@northwind.example", "-c", CALENDAR, "--on", "2026-11-02"),
            f"'review' matches 2 different titles in the calendar {CALENDAR} from "
            "2026-10-05 to 2026-11-15 (Incident review; Release readiness review)",
        ),
        (("--undo", "sprint"), "--undo 'sprint': matches no handoff recorded in "),
    ],
    ids=["nothing-in-the-calendar", "nothing-in-the-history", "not-an-address", "ambiguous",
         "undo-nothing"],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(run, arguments, message):
    result = run("handoff", *arguments)
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert message in line
    assert history.handoffs() == []


def test_a_history_made_before_handoffs_upgrades_in_place(tmp_path):
    """history-v3.sqlite3 was written by levelcal's own `history.save` at schema version 3."""
    path = tmp_path / "history.sqlite3"
    shutil.copy(DATA / "history-v3.sqlite3", path)
    assert handoffs_of(path) == []
    [week] = history.load(8, path=path)
    assert week.week == "2026-W44" and week.work_hours == 4.5
    assert [spent.title for spent in week.events] == ["Sprint planning", "Backlog grooming"]
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (4,)
    handoff = handoffs.Handoff(
        "Sprint planning", "Sprint planning", ("sprint-planning-2026@google.com",),
        "priya@northwind.example", date(2026, 11, 2), 1.5, "2026-11-02T09:00:00+01:00",
    )  # fmt: skip
    history.add_handoff(handoff, path)
    assert handoffs_of(path) == [handoff]
    assert [r.week for r in history.load(8, path=path)] == ["2026-W44"]


def handoffs_of(path: Path) -> list[handoffs.Handoff]:
    return history.handoffs(path)


def test_the_html_digest_draws_its_chart_for_mail_clients(run, tmp_path):
    """No SVG, no script, nothing fetched from elsewhere: table cells as bars, in whole
    percent. 2026-W47: doing 1.0, managing 2.5, directing 1.0 of 4.5 work hours = 22.2%,
    55.6%, 22.2%; to whole percent adding up to 100, the largest remainder (managing,
    .56) gets the missing point: 22, 56, 22. A VP's targets: 15, 20, 45 and 20."""
    from email_safe import email_unsafe

    page = tmp_path / "digest.html"
    # The chart is under test, not the classifier: rules give the week's levels.
    rules = tmp_path / "rules.toml"
    rules.write_text(
        "".join(
            f'[[rule]]\ntitle = "^{title}"\nlevel = "{level}"\n\n'
            for title, level in (
                ("Exec staff", "directing"),
                ("Dana / Priya", "managing"),
                ("Release readiness review", "doing"),
                ("Backlog grooming", "managing"),
                ("Incident review", "managing"),
            )
        ),
        encoding="utf-8",
    )
    _record_the_three(run)
    result = run(
        "digest", "-c", CALENDAR, "--as-of", AS_OF, "--role", "vp", "-o", str(page),
        "--rules", str(rules),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert email_unsafe(html) == []
    week = html[html.index(">2026-W47</td>") : html.index("</tr></table>", html.index(">2026-W47"))]
    assert [
        (cell.split('"')[1], cell.split('width="')[1].split('"')[0])
        for cell in week.split("<td class=")[1:]
    ] == [("implementation", "22%"), ("unification", "56%"), ("communication", "22%")]
    target = html[html.index('<tr class="target">') :]
    assert [cell.split('width="')[1].split('"')[0] for cell in target.split("<td class=")[1:]] == [
        "15%",
        "20%",
        "45%",
        "20%",
    ]
    assert "<h2>Handoffs</h2>" in html and ">slipping</span>: Backlog grooming" in html


def test_the_email_safety_check_finds_what_mail_clients_drop():
    from email_safe import email_unsafe

    assert email_unsafe("<svg><rect/></svg><script>x()</script>") == ["<svg>", "<script>"]
    assert email_unsafe('<img src="https://cdn.example/chart.png">') == [
        "<img src='https://cdn.example/chart.png'>: fetched from elsewhere",
        "<img src='https://cdn.example/chart.png'>: not an attached image",
    ]
    assert email_unsafe('<img src="cid:chart@levelcal">', {"chart@levelcal"}) == []
    assert email_unsafe("<style>@import 'x.css';</style>") == [
        "<style>: remote CSS (url() or @import)"
    ]
