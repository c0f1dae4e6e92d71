"""The command line: parse flags, call the application layer, render, map failures to exit codes.

Nothing here computes, reads a file or loads the config twice: a command
turns its flags into a `Request` (levelcal.request), loads the config once,
calls one function of `levelcal.application`, and hands the result to the
renderer that `report.output` chooses. The application layer and everything
behind it are imported inside the commands, so that `levelcal --help` stays
fast. Each
module of this package registers its commands on `app`:

    app.py         the root command: errors -> one line and an exit code
    flags.py       the flags several commands share, declared once
    analyze.py     analyze
    plan.py        plan
    classifier.py  explain, label, train
    accounts.py    connect, calendars (Google, Microsoft 365, CalDAV)
    history.py     history, trend
    digest.py      digest, schedule
    settings.py    config (show, set, unset, path)
"""

# Each module registers its commands on import: this order is the order of --help.
# isort: off
from levelcal.cli import (  # noqa: F401
    analyze,
    plan,
    classifier,
    accounts,
    history,
    digest,
    settings,
)

# isort: on
from levelcal.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """The `levelcal` console script."""
    app()
