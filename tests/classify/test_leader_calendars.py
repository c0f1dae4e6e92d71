"""Six leaders' calendars, labeled by hand by someone who never saw the corpus, read
through the same pipeline as `levelcal analyze`: the shipped model holds on calendars
written apart from the data it learned from, and its card says how well."""

from pathlib import Path

import pytest

from levelcal.classify import leader_check, model
from levelcal.levels import Level

ROOT = Path(__file__).resolve().parents[2]
CALENDARS = ROOT / "models" / "leader_calendars"


@pytest.fixture(scope="module")
def check() -> leader_check.LeaderCheck:
    return leader_check.check(CALENDARS, model.load(ROOT / "models" / "levelcal-model.bin"))


def test_every_calendar_is_read_and_every_label_is_used(check):
    calendars = {case.calendar for case in check.cases}
    assert len(calendars) == 6
    assert len(check.decided) >= 350
    assert {case.expected for case in check.decided} == set(Level)


def test_the_labels_hold_on_calendars_written_apart_from_the_corpus(check):
    assert check.accuracy >= 0.85
    assert check.hours_right >= 0.85
    worst = min(accuracy for _, _, accuracy, _ in check.per_calendar())
    assert worst >= 0.75, check.per_calendar()
    card = (ROOT / "models" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert f"**{check.accuracy:.3f}**" in card and f"**{check.hours_right:.3f}**" in card


def test_the_hand_labels_cover_every_counted_event(check):
    """A label file that missed a UID would shrink the check without anyone noticing."""
    for entry in leader_check._rows(CALENDARS / leader_check.MANIFEST):
        path = CALENDARS / entry["file"]
        uids = {row["uid"] for row in leader_check._rows(path.with_suffix(".labels.tsv"))}
        # RFC 5545 §3.1: a long line is folded by a line break and one space.
        text = path.read_text(encoding="utf-8").replace("\r\n ", "").replace("\n ", "")
        assert all(f"UID:{uid}" in text for uid in uids)
        assert {case.uid for case in check.cases if case.calendar == path.stem} <= uids
