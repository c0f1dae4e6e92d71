"""Renderers: finished data in, text out. Nothing here reads a calendar, a file or the config.

Every renderer has the one signature `Renderer`: it takes a `Report` (what the
command computed: a Summary and its Review, or the recorded weeks) and the
`Screen` the text is for, and returns the text. `output.py` holds the table
that names each renderer and the one function that chooses from the flags and
the terminal; `explanation.py` (the classifier's own view) is the exception.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import RenderableType

    from levelcal.history import WeekRecord
    from levelcal.ingest.types import ListedCalendar
    from levelcal.review import Review
    from levelcal.summary import Summary
    from levelcal.trend import Trend


@dataclass(frozen=True, slots=True)
class Report:
    """What one command shows; each renderer reads the parts its command fills in."""

    summary: Summary | None = None  # analyze, digest
    review: Review | None = None  # analyze, digest: the role, the history, the trend
    weeks: tuple[WeekRecord, ...] = ()  # history, trend: the recorded weeks, oldest first
    trend: Trend | None = None  # trend
    history_path: Path | None = None  # history, trend: named when nothing is recorded yet
    calendars: tuple[ListedCalendar, ...] = ()  # calendars: the connected accounts' lists

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


def sentence(text: str) -> str:
    """A clause as a sentence: capitalised, with a full stop."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
