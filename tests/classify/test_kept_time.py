"""Time the owner keeps for their own work ("Focus", "DO NOT BOOK - board pack") is doing,
as LEVELS.md makes focus blocks; a hold with no work topic, a placeholder for a meeting
and time kept for the owner's life stay not work. None of these titles is a corpus row
or a leader calendar's title."""

from __future__ import annotations

import pytest

from levelcal.classify.features import EventFeatures
from levelcal.classify.kept_time import keeps_time_for_work
from levelcal.classify.model import kept_time_is_doing
from levelcal.levels import Level

DOING, NOT_WORK, MANAGING = Level.IMPLEMENTATION, Level.OTHER, Level.UNIFICATION


@pytest.mark.parametrize(
    "title",
    [
        "FOCUS 🎧",
        "Heads down – Q3 forecast",
        "DO NOT BOOK – board pack review",
        "Please don't book: pricing model v3",
        "NE PAS PLANIFIER – rapport annuel",
        "Bitte nicht buchen – Steuerunterlagen",
        "No agendar - presupuesto 2027",
        "Não agendar – relatório de auditoria",
        "Niet inplannen: jaarplan schrijven",
        "Non prenotare - analisi costi",
        "🔒 Tender docs",
        "集中作業 見積書",
    ],
)
def test_time_kept_for_work(title: str) -> None:
    assert keeps_time_for_work(title)


@pytest.mark.parametrize(
    "title",
    [
        "BLOCKED 🔒",  # no work topic
        "DO NOT BOOK!!!",
        "Busy – please don't book",
        "Hold – steering committee if needed",  # a placeholder for a meeting
        "TBC: supplier visit",
        "DO NOT BOOK – dentist",  # the owner's life
        "Ne pas planifier – kiné",
        "Niet inplannen – tandarts",
        "Focus – personal admin day",
        "No meetings: recovery after night shift",
        "Do not book - school pickup",
    ],
)
def test_not_time_kept_for_work(title: str) -> None:
    assert not keeps_time_for_work(title)


@pytest.mark.parametrize(
    ("event", "level"),
    [
        (EventFeatures(title="DO NOT BOOK – board pack review"), Level.IMPLEMENTATION),
        (EventFeatures(title="FOCUS 🎧", minutes=180), Level.IMPLEMENTATION),
        # someone else is in it: not a block the owner keeps alone
        (EventFeatures(title="DO NOT BOOK – board pack review", attendees=2), Level.OTHER),
        (EventFeatures(title="BLOCKED 🔒"), Level.OTHER),
        (EventFeatures(title="DO NOT BOOK – dentist"), Level.OTHER),
    ],
)
def test_time_kept_alone_for_work_is_doing(event, level, after_rule):
    assert after_rule(kept_time_is_doing, event, NOT_WORK, DOING)[0] is level


def test_the_pair_trades_probabilities_and_only_a_not_work_label_moves(after_rule):
    focus = EventFeatures(title="FOCUS 🎧")
    assert after_rule(kept_time_is_doing, focus, NOT_WORK, DOING) == (
        Level.IMPLEMENTATION,
        pytest.approx(0.7),
    )
    assert after_rule(kept_time_is_doing, focus, MANAGING, NOT_WORK)[0] is MANAGING


def test_explain_says_why(run):
    """The shipped model reads "DO NOT BOOK - vendor scorecards" as not work; kept alone
    for a work item, it is doing, and explain says so. With colleagues invited it is not
    time the owner keeps alone."""
    alone = run("explain", "DO NOT BOOK - vendor scorecards")
    assert alone.exit_code == 0, alone.stderr
    assert "doing, confidence" in alone.stdout
    assert "keeps this time alone for their own work" in alone.stdout
    invited = run("explain", "DO NOT BOOK - vendor scorecards", "--attendees", "2")
    assert "keeps this time alone" not in invited.stdout
