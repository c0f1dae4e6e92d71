"""The one exception family the core raises; the CLI turns it into a line and an exit code."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum


class ExitCode(IntEnum):
    """Documented process exit codes (README, "Exit codes")."""

    OK = 0
    FINDINGS = 1
    BAD_INPUT = 2
    NETWORK = 3
    INTERNAL = 4


class LevelcalError(Exception):
    """A failure the user can act on; the message says what, where, and what to do.

    `details`: lines printed after the message, one each (one per file of a directory
    none of whose files can be read)."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, *args: object, details: Sequence[str] = ()) -> None:
        super().__init__(*args)
        self.details = tuple(details)


class InputError(LevelcalError):
    """A calendar, file or flag value that cannot be used."""


class ConfigError(LevelcalError):
    """The user's config or rules file is invalid."""


class NetworkError(LevelcalError):
    """A URL could not be fetched."""

    exit_code = ExitCode.NETWORK
