"""A meeting of one function's own team ("Finance LT", "Staff IT", "技術本部 部長会") is
managing when nobody from outside or above is in the room (LEVELS.md: team meetings
inside one function), though the text model reads "LT" as the executive team. The
executive team, a meeting across functions and a rank ("Staff Eng") are not such a
meeting. None of these titles is a corpus row or a leader calendar's title."""

from __future__ import annotations

import pytest

from levelcal.classify.features import EventFeatures
from levelcal.classify.function_teams import names_one_function_team
from levelcal.classify.model import own_team_is_managing
from levelcal.levels import Level

MANAGING, DIRECTING, BEYOND = Level.UNIFICATION, Level.COMMUNICATION, Level.BEYOND


@pytest.mark.parametrize(
    "title",
    [
        "Marketing LT",
        "Procurement leadership team – monthly",
        "Legal staff (weekly)",
        "Data leads sync",
        "Leitungskreis Einkauf",
        "Vertrieb Führungsrunde KW 12",
        "Réunion de service achats",
        "Staff DRH – points divers",
        "Staff Compras – semana 10",
        "Reunião de equipe – Financeiro",
        "Riunione di staff acquisti",
        "MT-overleg Inkoop",
        "品質保証部 課長会",
        "経理部 週次定例",
        "FW: Treasury team weekly",
        "Medical affairs staff meeting",
        "Retail LT (monthly)",
        "EHS leads – plant round-up",
        "Aftersales MT",
    ],
)
def test_one_functions_own_team_meeting(title: str) -> None:
    assert names_one_function_team(title)


@pytest.mark.parametrize(
    "title",
    [
        "ELT weekly (moved to Tue)",  # the executive team: no function named
        "Comité de direction – lundi",
        "経営会議（臨時）",
        "LT offsite",
        "CEO staff – sales update",  # someone above the function
        "Marketing x Sales leadership sync",  # two functions
        "Einkauf + Vertrieb Führungsrunde",
        "営業・製造 合同会議",
        "Loop debrief – Staff Eng (Platform)",  # a rank, not a meeting
        "JD draft: Staff Data Scientist",
        "All-staff: finance update",  # everyone
        "Budget review with the board – Finance",
        "Sales pipeline review",  # no word for the team
        "Write the IT security policy",
    ],
)
def test_not_one_functions_own_team(title: str) -> None:
    assert not names_one_function_team(title)


@pytest.mark.parametrize(
    ("event", "level"),
    [
        (EventFeatures(title="Marketing LT", attendees=6), Level.UNIFICATION),
        (EventFeatures(title="FW: Marketing LT"), Level.UNIFICATION),  # no attendee lines
        # a customer or an executive the owner named is at the table: the text stands
        (EventFeatures(title="Marketing LT", attendees=6, external=True), Level.COMMUNICATION),
        (
            EventFeatures(title="Marketing LT", attendees=6, external=True, executive=True),
            Level.COMMUNICATION,
        ),
        # the executive team, or a meeting across functions: the text stands
        (EventFeatures(title="ELT weekly (moved to Tue)", attendees=6), Level.COMMUNICATION),
        (
            EventFeatures(title="Marketing x Sales leadership sync", attendees=6),
            Level.COMMUNICATION,
        ),
    ],
)
def test_an_own_team_meeting_is_managing_unless_someone_from_outside_or_above_is_there(
    event, level, after_rule
):
    assert after_rule(own_team_is_managing, event, DIRECTING, MANAGING)[0] is level


def test_the_pair_trades_probabilities_and_nothing_else_moves(after_rule):
    moved = after_rule(own_team_is_managing, EventFeatures(title="Marketing LT", attendees=6),
                       DIRECTING, MANAGING)  # fmt: skip
    assert moved == (Level.UNIFICATION, pytest.approx(0.7))


def test_only_a_directing_label_moves(after_rule):
    event = EventFeatures(title="Marketing LT", attendees=6)
    assert after_rule(own_team_is_managing, event, BEYOND, DIRECTING)[0] is Level.BEYOND


def test_explain_says_why(run):
    internal = run("explain", "Procurement LT weekly", "--attendees", "5")
    assert internal.exit_code == 0, internal.stderr
    assert "managing, confidence" in internal.stdout
    assert "one function's own team meeting" in internal.stdout
    with_customer = run("explain", "Procurement LT weekly", "--attendees", "5", "--external")
    assert "one function's own team meeting" not in with_customer.stdout
