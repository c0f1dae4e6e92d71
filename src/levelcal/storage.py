"""Writing the user's files so that a crash never leaves a half-written one behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from levelcal.errors import ConfigError

PRIVATE = 0o600  # the user's own files: their calendar's titles are nobody else's business


def read_user_file(path: Path, what: str) -> str | None:
    """The text of one of the user's files (config, rules, corrections); None if absent."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read {what} ({error})") from None


def write_atomically(path: Path, content: str | bytes, mode: int = PRIVATE) -> None:
    """Write beside the target, flush to disk, then rename over it (atomic on POSIX).

    A crash or kill at any moment leaves either the old file or the new one,
    never a mix; at worst a stray temporary file `.NAME.*` beside it.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # if new: the owner's only
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` + ".lock" for a read-modify-write of `path`.

    Two levelcal processes (cron and the user) then never interleave their
    updates, so neither loses the other's. Where there is no fcntl (Windows),
    no lock is taken.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # if new: the owner's only
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            for stale in path.parent.glob(f".{path.name}.*"):  # left by a killed writer
                stale.unlink(missing_ok=True)
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def private_file(path: Path) -> Path:
    """Make sure `path` exists and only its owner may read it: for files written in place.

    SQLite updates its database in place (atomically, through its journal), so
    the file cannot go through `write_atomically`; it and the journals SQLite
    creates beside it (with the database's mode) are private from the start.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # if new: the owner's only
    descriptor = os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE)
    os.close(descriptor)
    os.chmod(path, PRIVATE)
    return path
