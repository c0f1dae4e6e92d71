"""The cron line that sends the weekly digest, and installing it in the user's crontab.

Our line carries a marker comment, so installing twice leaves one line and
removing takes out only ours; every other line of the user's crontab is kept
byte for byte. The crontab is read with `crontab -l` and written back with
`crontab -` (the standard interface; cron reloads it itself).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from levelcal.errors import InputError

MARKER = "# levelcal weekly digest"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def executable() -> list[str]:
    """The absolute command that runs this levelcal, for a cron job with a bare PATH."""
    beside = Path(sys.executable).with_name("levelcal")  # the venv's console script
    if beside.is_file():
        return [str(beside.absolute())]
    found = shutil.which("levelcal")
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "levelcal.cli"]


def line(at: str, day: str, log: Path, command: list[str] | None = None) -> str:
    """`30 7 * * 1 /abs/levelcal digest --send >> LOG 2>&1 # levelcal weekly digest`."""
    match = _CLOCK.match(at)
    if not match:
        raise InputError(f"--at {at!r} is not a time; use HH:MM, e.g. 07:30")
    wanted = day.strip().casefold()[:3]
    if wanted not in DAYS:
        raise InputError(f"--day {day!r} is not a weekday; use mon, tue, ... sun")
    hour, minute = int(match.group(1)), int(match.group(2))
    cron_day = (DAYS.index(wanted) + 1) % 7  # cron: 0 is Sunday
    argv = [*(command or executable()), "digest", "--send"]
    # cron starts with an almost empty environment: keep levelcal's own directory overrides.
    settings = [
        f"{name}={shlex.quote(os.environ[name])}"
        for name in ("LEVELCAL_CONFIG_DIR", "LEVELCAL_DATA_DIR", "LEVELCAL_CACHE_DIR")
        if os.environ.get(name)
    ]
    run = " ".join([*settings, *(shlex.quote(part) for part in argv)])
    return f"{minute} {hour} * * {cron_day} {run} >> {shlex.quote(str(log))} 2>&1 {MARKER}"


def _crontab(*arguments: str, text: str | None = None) -> subprocess.CompletedProcess[str]:
    program = shutil.which("crontab")
    if program is None:
        raise InputError(
            "crontab not found: install cron, or add the line from `levelcal schedule` to "
            "your scheduler yourself"
        )
    return subprocess.run(
        [program, *arguments], input=text, capture_output=True, text=True, timeout=30
    )


def current() -> str:
    """The user's crontab; empty when there is none yet."""
    result = _crontab("-l")
    if result.returncode != 0:
        if "no crontab" in result.stderr.lower():
            return ""
        raise InputError(f"crontab -l failed: {result.stderr.strip() or result.returncode}")
    return result.stdout


def _write(table: str) -> None:
    result = _crontab("-", text=table)
    if result.returncode != 0:
        raise InputError(f"crontab - failed: {result.stderr.strip() or result.returncode}")


def prepare_log(log: Path, *, required: bool = True) -> None:
    """Create the line's log (mode 0600, in a 0700 directory) before cron's shell does: it
    would create it under cron's umask, readable by all, and the digest is the user's own.
    One that exists is made private too. When it is not `required` (the line is only
    printed), a data directory that cannot be written is no error."""
    from levelcal.storage import PRIVATE, not_written, private_dirs

    try:
        private_dirs(log.parent)
        os.close(os.open(log, os.O_CREAT | os.O_APPEND | os.O_WRONLY, PRIVATE))
        os.chmod(log, PRIVATE)
    except OSError as error:
        if required:
            raise not_written(log, error) from None


def install(wanted: str) -> bool:
    """Put `wanted` in the crontab in place of any earlier levelcal line; False if already there."""
    prepare_log(Path(shlex.split(wanted.split(">>", 1)[1])[0]))
    lines = current().splitlines()
    if wanted in lines and sum(MARKER in entry for entry in lines) == 1:
        return False
    kept = [entry for entry in lines if MARKER not in entry]
    _write("\n".join([*kept, wanted]) + "\n")
    return True


def remove() -> bool:
    """Take the levelcal line out; False if there was none."""
    lines = current().splitlines()
    kept = [entry for entry in lines if MARKER not in entry]
    if len(kept) == len(lines):
        return False
    _write("\n".join(kept) + "\n" if kept else "")
    return True
