"""Which renderer a command's output gets, and where the text goes: the one place that decides.

The table names one renderer for each subject (what a command shows) and
format (how); every renderer has the signature `report.Renderer`, and its
module is imported only when it is chosen, so `--help` loads none of them.
Colour and width are rich's reading of the stream (`Screen`); the progress
display is drawn for a person on a terminal only, never for machine output.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from levelcal.errors import InputError
from levelcal.report import Report, Screen

if TYPE_CHECKING:
    from levelcal.ingest.types import Progress
    from levelcal.report import Renderer

TERMINAL, JSON, CSV = "terminal", "json", "csv"
DIGEST_FORMATS = ("text", "markdown", "html")
DIGEST_EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}

# (subject, format) -> "module:function" under levelcal.report
RENDERERS: dict[tuple[str, str], str] = {
    ("analysis", TERMINAL): "terminal:render",
    ("analysis", JSON): "json_doc:render",
    ("analysis", CSV): "csv_doc:render",
    ("plan", TERMINAL): "plan:render",
    ("plan", JSON): "plan:render_json",
    **{("digest", kind): f"digest:{kind}" for kind in DIGEST_FORMATS},
    ("history", TERMINAL): "history:weeks_table",
    ("history", JSON): "history:weeks_json",
    ("trend", TERMINAL): "history:trend_chart",
    ("trend", JSON): "history:trend_json",
    ("handoffs", TERMINAL): "handoffs:listing",
    ("calendars", TERMINAL): "calendars:listing",
    ("calendars", JSON): "calendars:listing_json",
}


def renderer(subject: str, output_format: str) -> Renderer:
    module, _, name = RENDERERS[(subject, output_format)].partition(":")
    return cast("Renderer", getattr(importlib.import_module(f"levelcal.report.{module}"), name))


def chosen_format(*, json_output: bool = False, csv_output: bool = False) -> str:
    """The format the flags ask for; a person's table on the terminal without one."""
    return JSON if json_output else CSV if csv_output else TERMINAL


def digest_format(requested: str | None, path: Path | None) -> str:
    """--format, else what --output's extension says (.html, .md), else text."""
    if requested:
        return str(requested)
    return DIGEST_EXTENSIONS.get(path.suffix.lower(), "text") if path is not None else "text"


def destination(path: Path | None) -> Path | None:
    """An --output file that can be written: its directory exists (none is made up)."""
    if path is None:
        return None
    if path.is_dir():
        raise InputError(f"--output {path}: is a directory; name a file")
    if not path.parent.is_dir():
        raise InputError(f"--output {path}: no such directory {str(path.parent)!r}")
    return path


def render(subject: str, output_format: str, report: Report, screen: Screen | None = None) -> str:
    return renderer(subject, output_format)(report, screen or Screen())


def progress(output_format: str) -> Progress | None:
    """A spinner on stderr while online calendars are fetched: for a person on a terminal."""
    if output_format != TERMINAL or not sys.stderr.isatty():
        return None
    from levelcal.report.progress import pages_shown

    return pages_shown()


def emit(text: str, path: Path | None = None) -> None:
    """Write the text to stdout, or atomically to `path` (the old file stays until it is done)."""
    if path is None:
        sys.stdout.write(text)
        return
    from levelcal.storage import write_atomically

    write_atomically(destination(path) or path, text)
