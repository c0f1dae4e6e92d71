"""Renderers: finished data in, text out. Nothing here reads a calendar, a file or the config.

Every renderer has the one signature `Renderer`: it takes a `Report` (what the
command computed: a Summary and its Review, or the recorded weeks) and the
`Screen` the text is for, and returns the text. `output.py` holds the table
that names each renderer and the one function that chooses from the flags and
the terminal; `explanation.py` (the classifier's own view) is the exception.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from levelcal.rounding import largest_remainder, whole_percents

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from levelcal.handoffs import Handoff, Progress
    from levelcal.history import WeekRecord
    from levelcal.ingest.types import ListedCalendar
    from levelcal.levels import Level
    from levelcal.plan import Plan
    from levelcal.review import Review
    from levelcal.summary import Summary
    from levelcal.trend import Trend
    from levelcal.window import Window


@dataclass(frozen=True, slots=True)
class Report:
    """What one command shows; each renderer reads the parts its command fills in."""

    summary: Summary | None = None  # analyze, digest
    review: Review | None = None  # analyze, digest: the role, the history, the trend
    weeks: tuple[WeekRecord, ...] = ()  # history, trend: the recorded weeks, oldest first
    trend: Trend | None = None  # trend
    history_path: Path | None = None  # history, trend: named when nothing is recorded yet
    calendars: tuple[ListedCalendar, ...] = ()  # calendars: the connected accounts' lists
    plan: Plan | None = None  # plan: the suggestions and the day strip of the week ahead
    handoffs: tuple[Progress, ...] = ()  # trend: each handoff over the recorded weeks since
    recorded_handoffs: tuple[Handoff, ...] = ()  # handoff --list

    @property
    def analysis(self) -> Summary:
        if self.summary is None:
            raise ValueError("this renderer shows an analysis, and the report holds none")
        return self.summary

    @property
    def reviewed(self) -> Review:
        if self.review is None:
            raise ValueError("this renderer shows a review, and the report holds none")
        return self.review


@dataclass(frozen=True, slots=True)
class Screen:
    """Where the text goes, as rich sees it: a terminal (its width, colours) or a pipe."""

    stream: TextIO | None = None  # None: sys.stdout at the time of drawing

    def draw(self, renderable: RenderableType) -> str:
        """The text rich would print to the stream, with the stream's width and colours."""
        from rich.console import Console

        console = Console() if self.stream is None else Console(file=self.stream)
        with console.capture() as captured:
            console.print(renderable)
        return captured.get()


Renderer = Callable[[Report, Screen], str]

# Above the 1:1s a review lists apart from what to hand off (review.one_on_ones).
ONE_ON_ONES = "1:1s are never handed off; these are past the target: shorten or make biweekly"


# What calendar text may not bring to a terminal (README, "Hostile input, limits and your
# data"): C0 and C1 controls (ESC starts CSI, OSC, DCS; U+009B is a CSI on its own), lone
# surrogates, and the bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069)
# that reorder what follows. The marks (LRM, RLM) stay: right-to-left titles need them.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Line and tab breaks inside a title become one space: a title is one line of the report.
_FLATTENED = frozenset("\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029")


def _shown(char: str) -> str:
    if char in _FLATTENED:
        return " "
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02x}"
    if char in _BIDI_CONTROLS or 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04x}"
    return char


def terminal_safe(text: str) -> str:
    """Text from a calendar (a title, a calendar's name, a file name) as it may reach a terminal.

    Controls and bidi overrides are shown as escapes (`\\x1b`, `\\u202e`), breaks and
    tabs as a space; everything else is kept as written. Renderers pass calendar text
    through here and into rich as `Text`, never as markup, so `[link=…]` is just text.
    JSON and CSV keep the exact text: they are data.
    """
    if text.isprintable():  # the common case: nothing to change
        return text
    return "".join(_shown(char) for char in text)


def plain(text: str, style: str = "") -> Text:
    """Calendar text as a rich renderable: terminal-safe, and never read as markup."""
    from rich.text import Text

    return Text(terminal_safe(text), style=style)


# Outside strings JSON is ASCII, so these can only be inside one: written as \uXXXX escapes
# they are the same text to a reader of the JSON, and inert on a terminal. Compiled when a
# JSON document is written (re's own cache), not by every report.
_NOT_RAW_IN_JSON = "[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


def json_text(document: object) -> str:
    """A JSON document as levelcal writes it: indented, UTF-8, and terminal-safe.

    The text keeps every character (JSON is data); the C1 controls, bidi overrides and
    line separators that JSON allows raw are escaped, so `--json` on a terminal is inert.
    """
    import json

    dumped = json.dumps(document, ensure_ascii=False, indent=2)
    return re.sub(_NOT_RAW_IN_JSON, lambda match: f"\\u{ord(match.group()):04x}", dumped)


def sentence(text: str) -> str:
    """A clause as a sentence: capitalised, with a full stop."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def shown_hours(hours_by_level: dict[Level, float]) -> dict[Level, float]:
    """Hours per level to one decimal, adding up to the busy hours shown (largest remainder)."""
    levels = list(hours_by_level)
    tenths = largest_remainder([hours_by_level[level] * 10 for level in levels])
    return {level: units / 10 for level, units in zip(levels, tenths, strict=True)}


def shown_percent(hours_by_level: dict[Level, float]) -> dict[Level, int]:
    """Whole percent of work hours per work level, adding up to 100 (none without work)."""
    from levelcal.levels import WORK_LEVELS

    hours = [hours_by_level.get(level, 0.0) for level in WORK_LEVELS]
    return dict(zip(WORK_LEVELS, whole_percents(hours), strict=True))


def zone_of(window: Window) -> str:
    """The window's zone, and where it came from when a calendar chose it."""
    return f"{window.tz_name}, {window.zone_from}" if window.zone_from else window.tz_name
