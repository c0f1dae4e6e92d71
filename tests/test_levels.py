"""What a user may type for a level: every name, short name and unambiguous start of one."""

import pytest

from levelcal.levels import WORK_LEVELS, Level, UnknownLevel, names
from levels_short import DIRECTING, DOING, MANAGING, OFF, VISIONING


@pytest.mark.parametrize(
    ("typed", "level"),
    [
        ("implementation", DOING),
        ("doing", DOING),
        ("do", DOING),
        ("i", DOING),
        ("Managing", MANAGING),
        ("m", MANAGING),
        ("u", MANAGING),
        ("dir", DIRECTING),
        ("c", DIRECTING),
        ("vis", VISIONING),
        ("b", VISIONING),
        ("not work", OFF),
        ("not-work", OFF),
        ("n", OFF),
        ("o", OFF),
        ("  other\n", OFF),
    ],
)
def test_every_name_short_name_and_unambiguous_start_is_a_level(typed, level):
    assert Level.parse(typed) is level


def test_an_ambiguous_start_is_refused_naming_the_candidates():
    with pytest.raises(UnknownLevel, match=r"^'d' could be doing or directing: type more of it$"):
        Level.parse("d")


def test_a_word_that_is_no_level_lists_the_short_names():
    with pytest.raises(UnknownLevel) as raised:
        Level.parse("strategy")
    assert str(raised.value) == (
        "'strategy' is not a level; use one of doing, managing, directing, visioning or not work"
    )
    assert names(WORK_LEVELS) == "doing, managing, directing or visioning"


def test_a_choice_among_the_work_levels_leaves_not_work_out():
    with pytest.raises(UnknownLevel, match="use one of doing, managing, directing or visioning"):
        Level.parse("not work", WORK_LEVELS)
