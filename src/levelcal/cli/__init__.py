"""The command line: parse flags, call the core, print, and map failures to exit codes.

Nothing here computes anything; it only decides what to read and how to show it.
Heavy modules (icalendar, numpy, the model) are imported inside the commands so
that `levelcal --help` stays fast. Each module of this package registers its
commands on `app`.
"""

from levelcal.cli import (  # noqa: F401  (they register their commands)
    analyze,
    classifier,
    google,
    habit,
    settings,
)
from levelcal.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """The `levelcal` console script."""
    app()
