import pytest

from levelcal.classify.rules import parse
from levelcal.errors import ConfigError
from levelcal.levels import Level

RULES = """
[[rule]]
title = "^(focus|heads down)"
level = "implementation"

[[rule]]
title = "BoD"
level = "Communication"
case_sensitive = true
"""


def test_rules_match_titles_by_regex():
    focus, board = parse(RULES, "rules.toml")
    assert focus.level is Level.IMPLEMENTATION and board.level is Level.COMMUNICATION
    assert focus.matches("Focus: write PRD") and not focus.matches("No focus")
    assert board.matches("Q3 BoD prep") and not board.matches("bod pod")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[rule]]\ntitle = "x"\nlevel = "strategy"\n',
            "rule 1: level 'strategy' is not a level; use one of doing, managing",
        ),
        ('[[rule]]\nlevel = "other"\n', "rule 1: needs `title`"),
        (
            '[[rule]]\ntitle = "ok"\nlevel = "other"\n[[rule]]\ntitle = "[a-"\nlevel = "other"\n',
            "rule 2: bad regular expression",
        ),
        ("rule = 3", "`rule` must be an array of tables"),
        ("[[rule]\n", "not valid TOML"),
    ],
)
def test_bad_rules_name_the_file_and_the_rule(text, message):
    with pytest.raises(ConfigError, match=r"^rules\.toml: ") as caught:
        parse(text, "rules.toml")
    assert message in str(caught.value)


def test_a_rule_takes_a_level_as_label_does():
    short, start = parse(
        '[[rule]]\ntitle = "a"\nlevel = "directing"\n[[rule]]\ntitle = "b"\nlevel = "vis"\n',
        "rules.toml",
    )
    assert (short.level, start.level) == (Level.COMMUNICATION, Level.BEYOND)
    with pytest.raises(ConfigError, match="rule 1: level 'd' could be doing or directing"):
        parse('[[rule]]\ntitle = "x"\nlevel = "d"\n', "rules.toml")
