"""`levelcal plan`, who pulls you down and the cadence upward, on Dana's calendar
(tests/data/plan/dana-vp.ics, levels pinned by tests/data/plan/rules.toml).

Every expected number is counted by hand from the file, in Europe/Berlin (CET, +01:00,
in these weeks), with no overlaps between counted events.

Week 2026-W49 (Mon 30 Nov - Sun 6 Dec), planned as of Fri 27 Nov 2026, 00:00:
  Platform standup   Mon-Thu 09:30-09:45 (Fri is an EXDATE)   4 x 0.25 = 1.0 h managing
  Sprint planning    Mon 10:00-12:00                          2.0 h managing
  Exec staff         Mon 14:00-15:30                          1.5 h directing
  Dana / Priya 1:1   Tue 10:00-10:30                          0.5 h managing
  Dana / Lee 1:1     Tue 11:00-12:00                          1.0 h managing
  Lunch with Jonas   Tue 12:30-13:30                          1.0 h not work
  Release train sync Wed 14:00-15:00                          1.0 h managing
  Code review        Wed 16:00-18:00                          2.0 h doing
  Dana / Marco 1:1   Thu 10:00-10:30                          0.5 h managing
  Vendor demo        Thu 11:00-12:00, declined by Dana        not counted
  Focus time         Thu 14:00-16:00                          2.0 h doing
  Dana / Rachel 1:1  Thu 16:00-16:30 (biweekly, last one)     0.5 h directing
  Q1 budget review   Fri 10:00-12:00                          2.0 h directing
  Vision 2029        Fri 14:00-16:00                          2.0 h visioning
  Home               Fri, all day                             a marker, 0 h
doing 4.0, managing 6.0, directing 4.0, visioning 2.0: 16.0 work hours; 17.0 busy.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from levelcal.pulled import Organizer, Series
from levelcal.report import plan as plan_report
from levelcal.report.json_doc import schema as analyze_schema
from levelcal.report.upward import organizer

DATA = Path(__file__).parent / "data" / "plan"
ME = "dana@northwind.example"
DANA = ("-c", str(DATA / "dana-vp.ics"), "--rules", str(DATA / "rules.toml"), "--me", ME)
PLAN_AS_OF = ("--as-of", "2026-11-27")  # a Friday: the plan is of 2026-W49


def plan_json(run, *args: str) -> dict:
    result = run("plan", *DANA, "--role", "vp", *args, "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    jsonschema.validate(document, plan_report.schema(), format_checker=jsonschema.FormatChecker())
    return document


def analyze_json(run, *args: str) -> dict:
    result = run("analyze", *DANA, "--role", "vp", *args, "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    jsonschema.validate(document, analyze_schema(), format_checker=jsonschema.FormatChecker())
    return document


def test_the_plan_shows_next_weeks_scheduled_mix_against_the_role(run):
    document = plan_json(run, *PLAN_AS_OF)
    assert (document["kind"], document["schema_version"]) == ("plan", 1)
    assert document["as_of"] == "2026-11-27T00:00:00+01:00"
    assert document["window"]["description"] == "week 2026-W49"
    assert document["scheduled"] == {
        "busy_hours": 17.0,
        "work_hours": 16.0,
        "by_level": {
            "implementation": 4.0,
            "unification": 6.0,
            "communication": 4.0,
            "beyond": 2.0,
            "other": 1.0,
        },
    }
    targets = document["role"]["targets"]
    # 4/16 = 25%, 6/16 = 37.5%, 4/16 = 25%, 2/16 = 12.5% against 15, 20, 45, 20
    assert {level: t["points_off"] for level, t in targets.items()} == {
        "implementation": 10.0,
        "unification": 17.5,
        "communication": 20.0,
        "beyond": 7.5,
    }
    assert document["role"]["gap"] == (
        "as a VP, 25% of your work hours are scheduled as directing; the target is at least 45%"
    )


# (title, action, hours): beneath the VP's level first, most hours first, then the earliest.
EXPECTED_SUGGESTIONS = [
    ("Sprint planning", "delegate", 2.0),  # Dana organizes; "Facilitator: Priya Raman"
    ("Code review: payments API", "delegate", 2.0),  # only Dana in it: nobody named
    ("Focus time", "keep", 2.0),  # time set aside: never handed off
    ("Platform standup", "delegate", 1.0),  # Priya organizes and attends; 7 others
    ("Dana / Lee 1:1", "shorten", 1.0),  # 60 min; the other 1:1s take 30
    ("Release train sync", "decline", 1.0),  # Sam organizes; 11 others, more than 8
    ("Dana / Priya 1:1", "keep", 0.5),
    ("Dana / Marco 1:1", "keep", 0.5),
    ("Q1 budget review with Finance", "keep", 2.0),  # directing: at the level
    ("Vision 2029 working session", "keep", 2.0),
    ("Exec staff", "keep", 1.5),
    ("Dana / Rachel 1:1", "keep", 0.5),
]


def test_each_series_ahead_gets_one_suggestion_and_the_reason_from_the_data(run):
    suggestions = plan_json(run, *PLAN_AS_OF)["suggestions"]
    assert [(s["title"], s["action"], s["hours"]) for s in suggestions] == EXPECTED_SUGGESTIONS
    assert [s["beneath"] for s in suggestions] == [True] * 8 + [False] * 4
    reasons = {s["title"]: s["reason"] for s in suggestions}
    assert reasons["Code review: payments API"] == (
        "beneath your level and only you are in it: hand the work to your team"
    )
    named = {s["title"]: s["to"] for s in suggestions if s["action"] == "delegate"}
    assert named == {
        "Sprint planning": "priya@northwind.example",
        "Code review: payments API": None,
        "Platform standup": "priya@northwind.example",
    }
    assert reasons["Sprint planning"] == (
        "priya@northwind.example attends and runs it (the description says so)"
    )
    assert reasons["Platform standup"] == (
        "priya@northwind.example organizes this series and attends it: leave it to them"
    )
    assert reasons["Release train sync"] == (
        "sam@northwind.example organizes it and 11 others attend (more than 8): you are one of many"
    )
    assert reasons["Dana / Lee 1:1"] == (
        "60 min, where your other 1:1s take 30 min: shorten to 30 min; a 1:1 is never handed off"
    )
    assert reasons["Dana / Priya 1:1"].endswith("never declined or handed off")
    assert reasons["Exec staff"] == "at or above your level (directing)"
    standup = suggestions[3]
    assert (standup["occurrences"], standup["minutes"], standup["recurring"]) == (4, 15, True)
    assert standup["next_start"] == "2026-11-30T09:30:00+01:00"


def test_the_decline_threshold_is_the_configs(run):
    assert run("config", "set", "plan.decline_over", "11").exit_code == 0
    suggestions = plan_json(run, *PLAN_AS_OF)["suggestions"]
    release = next(s for s in suggestions if s["title"] == "Release train sync")
    # 11 others is not more than 11: Sam organizes the series and attends it
    assert release["action"] == "delegate"
    assert plan_json(run, *PLAN_AS_OF)["decline_over"] == 11


def test_what_has_started_is_no_longer_ahead(run):
    # --week as of Wed 2 Dec: Monday's and Tuesday's events are behind; the standup is
    # left on Wednesday and Thursday (2 x 0.25 h), Friday being an EXDATE.
    suggestions = plan_json(run, "--week", "--as-of", "2026-12-02")["suggestions"]
    titles = {s["title"]: s["hours"] for s in suggestions}
    assert titles["Platform standup"] == 0.5
    assert "Sprint planning" not in titles and "Dana / Lee 1:1" not in titles
    assert "Release train sync" in titles


def test_the_day_strip_is_counted_in_half_hours_from_nine(run):
    document = plan_json(run, *PLAN_AS_OF)
    # The working day 09:00-17:30 widened to the code review's 18:00: 18 half hours.
    assert (document["day_start_hour"], document["cell_minutes"]) == (9, 30)
    days = document["days"]
    assert [day["date"] for day in days][:2] == ["2026-11-30", "2026-12-01"]
    assert [day["work_hours"] for day in days] == [3.75, 1.75, 3.25, 3.25, 4.0, 0.0, 0.0]
    m, d, c = "unification", "communication", "implementation"
    assert days[0]["cells"] == [None, m, m, m, m, m, None, None, None, None, d, d, d] + [None] * 5
    assert days[2]["cells"][10:] == [m, m, None, None, c, c, c, c]  # 14:00 ... 18:00
    assert days[1]["cells"][6:9] == [None, "other", "other"]  # lunch 12:30-13:30
    assert days[4]["markers"] == ["Home"] and days[0]["markers"] == []


def test_the_terminal_plan_reads_without_colour(run):
    result = run("plan", *DANA, "--role", "vp", *PLAN_AS_OF)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "\x1b[" not in text  # not a terminal: no colour codes
    assert "Suggestions only: levelcal reads your calendars and changes nothing." in text
    assert " Mon 30 Nov  ·▓▓▓▓▓····▒▒▒·····  3.8 h" in text
    assert "█ doing  ▓ managing  ▒ directing  ░ visioning  - not work  · free" in text
    assert " decline   Release train sync  managing  1.0 h  1×, recurring" in text


def test_a_plan_of_a_past_window_is_one_line_and_exit_2(run):
    result = run("plan", *DANA, "--last-week", "--as-of", "2026-11-27")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "levelcal: error: plan looks ahead, and week 2026-W47 is over: plan next week (the "
        "default, --next-week) or the rest of this one (--week); levelcal analyze reports "
        "past weeks"
    ]


def test_plan_help_says_it_only_reads(run):
    result = run("plan", "--help")
    assert "levelcal only reads calendars and changes none" in " ".join(result.stdout.split())


# --- who pulls you down: 2026-W48, analyzed as of Mon 30 Nov -----------------------------
#
#   Platform standup  Mon-Fri 09:30-09:45, Priya   5 x 0.25 = 1.25 h managing
#   Sprint planning   Mon 10:00-12:00, Dana        2.0 h managing
#   Exec staff        Mon 14:00-15:30, Rachel      1.5 h directing
#   Dana / Priya, Lee Tue 10:00-10:30, 11-12, Dana 1.5 h managing
#   Escalation        Tue 15:00-16:00, Sam         1.0 h doing; CREATED Mon 23 Nov 17:00Z,
#                     21 h before it started (14:00Z): reactive
#   Release train     Wed 14:00-15:00, Sam         1.0 h managing (recurring: never reactive)
#   Customer call     Wed 11:00-12:00, Jo          1.0 h directing; made 15 days before
#   Dana / Marco 1:1  Thu 10:00-10:30, Dana        0.5 h managing
#   Focus time        Thu 14:00-16:00, no organizer 2.0 h doing
#   Hiring debrief    Thu 17:00-17:30, Kim         0.5 h managing; no CREATED: unknown
#   Strategy doc      Fri 13:00-15:00, no organizer 2.0 h doing
# Work: doing 5.0 + managing 6.75 + directing 2.5 = 14.25 h. Beneath a VP (doing,
# managing) 11.75 h: others organized 1.25 + 1.0 + 1.0 + 0.5 = 3.75 h, Dana 8.0 h.


def test_the_hours_beneath_the_level_are_split_by_who_organized_them(run):
    pulled = analyze_json(run, "--last-week", "--as-of", "2026-11-30")["pulled_down"]
    assert pulled == {
        "beneath_levels": ["implementation", "unification"],
        "by_others_hours": 3.75,
        "by_you_hours": 8.0,
        "organizers": [
            {
                "email": "sam@northwind.example",
                "hours": 2.0,
                "series": [
                    {
                        "title": "Escalation: checkout outage follow-up",
                        "hours": 1.0,
                        "recurring": False,
                    },
                    {"title": "Release train sync", "hours": 1.0, "recurring": True},
                ],
            },
            {
                "email": "priya@northwind.example",
                "hours": 1.25,
                "series": [{"title": "Platform standup", "hours": 1.25, "recurring": True}],
            },
            {
                "email": "kim@northwind.example",
                "hours": 0.5,
                "series": [
                    {"title": "Hiring debrief: SRE candidate", "hours": 0.5, "recurring": False}
                ],
            },
        ],
        "work_hours": 14.25,
        "reactive_hours": 1.0,
        "reactive_share": round(1 / 14.25, 4),
        "unknown_made_hours": 0.5,
    }


def test_the_report_and_the_digest_say_who_pulls_you_down(run):
    report = run("analyze", *DANA, "--role", "vp", "--last-week", "--as-of", "2026-11-30")
    text = " ".join(report.stdout.split())
    assert (
        "Beneath your level (doing, managing): 3.8 h that others organized, 8.0 h you put "
        "on your own calendar." in text
    )
    assert "sam@northwind.example 2.0 h: Escalation: checkout outage follow-up 1.0 h" in text
    assert "Reactive: 1.0 h (7% of your work hours)" in text
    digest = run("digest", *DANA, "--role", "vp", "--as-of", "2026-11-30", "--no-save")
    assert digest.exit_code == 0, digest.stderr
    assert "Who pulls you down:" in digest.stdout
    assert "  Reactive: 1.0 h (7% of your work hours)" in digest.stdout


def test_an_organizer_of_one_series_is_not_given_its_hours_twice():
    one = Organizer("d.verbeek@westlandkas.example", 1.0, (Series("Dagstart Kas 9", 1.0, True),))
    assert organizer(one) == "d.verbeek@westlandkas.example 1.0 h: Dagstart Kas 9"
    two = Organizer(
        "lee@x.example", 3.0, (Series("Sprint planning", 2.0, True), Series("Bug bash", 1.0, False))
    )
    assert organizer(two) == "lee@x.example 3.0 h: Sprint planning 2.0 h, Bug bash 1.0 h"


# --- the cadence upward: Rachel's biweekly 1:1 on Thursdays, 22 Oct to 3 Dec, 16:00 ------


def test_the_report_says_when_you_last_met_your_manager(run):
    assert run("config", "set", "manager", "rachel@northwind.example").exit_code == 0
    manager = analyze_json(run, "--last-week", "--as-of", "2026-11-30")["manager"]
    # As of the window's end (Mon 30 Nov 00:00), looked back four weeks: 5 and 19 Nov.
    assert manager == {
        "email": "rachel@northwind.example",
        "as_of": "2026-11-30T00:00:00+01:00",
        "last_one_on_one": "2026-11-19T16:00:00+01:00",
        "next_one_on_one": None,
        "recurring": "Dana / Rachel 1:1",
        "overdue": False,
        "looked_from": "2026-11-02T00:00:00+01:00",
        "looked_to": "2026-11-30T00:00:00+01:00",
        "calendars": [ME],
    }
    ahead = plan_json(run, *PLAN_AS_OF)["manager"]
    assert (ahead["last_one_on_one"], ahead["next_one_on_one"]) == (
        "2026-11-19T16:00:00+01:00",
        "2026-12-03T16:00:00+01:00",
    )


def test_without_a_one_on_one_in_four_weeks_the_digest_says_so(run):
    assert run("config", "set", "manager", "rachel@northwind.example").exit_code == 0
    # Last week of 11 Jan 2027 is 4-10 Jan; the series ended on 3 Dec, 39 days before.
    digest = run("digest", *DANA, "--role", "vp", "--as-of", "2027-01-11", "--no-save")
    assert digest.exit_code == 0, digest.stderr
    assert (
        "No 1:1 with your manager (rachel@northwind.example) in the 4 weeks before "
        "Mon 11 Jan 2027: without a cadence upward there is no place to make the case for "
        "your next level. Propose a recurring 1:1."
    ) in digest.stdout
    assert "no 1:1 in the calendars looked at" in digest.stdout
    # With one on 19 Nov, the digest of 2026-W48 has no such line.
    fine = run("digest", *DANA, "--role", "vp", "--as-of", "2026-11-30", "--no-save")
    assert "No 1:1 with your manager" not in fine.stdout


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_every_digest_form_carries_the_upward_sections(run, fmt):
    assert run("config", "set", "manager", "rachel@northwind.example").exit_code == 0
    digest = run("digest", *DANA, "--as-of", "2027-01-11", "--no-save", "--format", fmt)
    assert digest.exit_code == 0, digest.stderr
    assert "Who pulls you down" in digest.stdout and "Cadence upward" in digest.stdout
    assert "No 1:1 with your manager (rachel@northwind.example)" in digest.stdout


def test_without_a_role_nothing_is_beneath_so_nothing_is_suggested(run):
    result = run("plan", *DANA, *PLAN_AS_OF, "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    jsonschema.validate(document, plan_report.schema(), format_checker=jsonschema.FormatChecker())
    assert document["suggestions"] == [] and "role" not in document
    assert document["scheduled"]["work_hours"] == 16.0
    text = run("plan", *DANA, *PLAN_AS_OF).stdout
    assert "Set a role (--role, or levelcal config set role vp)" in text


def test_a_digest_of_next_week_is_not_recorded_as_history(run):
    result = run("digest", *DANA, "--next-week", "--as-of", "2026-11-27")
    assert result.exit_code == 0, result.stderr
    assert "levelcal: week 2026-W49 has not started: not recorded in the history" in result.stderr
    assert "levelcal weekly digest: week 2026-W49" in result.stdout
    assert "2026-W49" not in run("history").stdout
