"""The plan's day strip on a terminal: coloured by level, and as readable with NO_COLOR
(the patterns tell the levels apart, not the colours)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from levelcal import application, config
from levelcal.application import Request
from levelcal.report import Screen, output

DATA = Path(__file__).parents[1] / "data" / "plan"
COLOUR = re.compile(r"\x1b\[(?:[\d;]*;)?(?:3[0-8]|9[0-7])[;m]")  # a foreground colour
MONDAY = " Mon 30 Nov  ·▓▓▓▓▓····▒▒▒·····  3.8 h"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def shown(monkeypatch: pytest.MonkeyPatch, no_color: bool) -> str:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    request = Request(
        calendar=[str(DATA / "dana-vp.ics")],
        me=["dana@northwind.example"],
        rules_file=DATA / "rules.toml",
        as_of="2026-11-27",
    )
    found = application.plan(request, config.load(), role="vp", stdin=io.BytesIO())
    return output.render("plan", output.TERMINAL, found, Screen(Terminal()))


def test_the_strip_is_coloured_on_a_terminal(monkeypatch):
    text = shown(monkeypatch, no_color=False)
    assert COLOUR.search(text)
    assert MONDAY in re.sub(r"\x1b\[[\d;]*m", "", text)


def test_with_no_color_the_patterns_alone_tell_the_levels_apart(monkeypatch):
    text = shown(monkeypatch, no_color=True)
    assert COLOUR.search(text) is None
    plain = re.sub(r"\x1b\[[\d;]*m", "", text)  # bold and dim may stay
    assert MONDAY in plain
    assert "█ doing  ▓ managing  ▒ directing  ░ visioning  - not work  · free" in plain
