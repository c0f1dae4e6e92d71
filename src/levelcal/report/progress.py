"""What a terminal sees while online calendars are fetched: a spinner counting the events.

The CLI builds this display only when stderr is a terminal and the output is
for a person (see `output.progress`); readers are handed it as a `Progress`
callback and never know whether anything is drawn.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from levelcal.report import terminal_safe

if TYPE_CHECKING:
    from rich.console import Console

    from levelcal.ingest.types import OnPage, Progress


def pages_shown(console: Console | None = None) -> Progress:
    """A rich spinner on stderr (or `console`) for each fetch, gone when the fetch ends."""

    @contextlib.contextmanager
    def shown(name: str) -> Iterator[OnPage]:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn

        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", markup=False),
            console=console or Console(stderr=True),
            transient=True,
        ) as progress:
            shown_name = terminal_safe(name)  # a calendar's own name: text, never markup
            task = progress.add_task(f"{shown_name}: fetching", total=None)

            def on_page(count: int) -> None:
                progress.update(task, description=f"{shown_name}: {count} events fetched")

            yield on_page

    return shown
