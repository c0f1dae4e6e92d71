"""The page counter: shown on a terminal while pages arrive, silent otherwise."""

from __future__ import annotations

import io

from rich.console import Console

from levelcal.ingest.types import no_progress
from levelcal.report.progress import pages_shown


def test_a_terminal_sees_the_events_counted_as_pages_arrive():
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=80)
    with pages_shown(console)("google:primary") as on_page:
        on_page(250)
    assert "google:primary: 250 events fetched" in screen.getvalue()


def test_nothing_is_drawn_when_not_asked(capsys):
    with no_progress("google:primary") as on_page:
        on_page(250)
    assert capsys.readouterr() == ("", "")
