"""Writing the user's files so that a crash, a full disk or a read-only directory never
leaves a half-written one behind, and says what happened when a write fails.

Every directory levelcal creates is its owner's only (0700), parents included;
every file it creates is 0600 unless a caller asks otherwise.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from levelcal.errors import ConfigError

PRIVATE = 0o600  # the user's own files: their calendar's titles are nobody else's business
PRIVATE_DIR = 0o700


class StorageError(ConfigError):
    """A file of the user's could not be written; the message says why and that the old
    one is intact."""


def read_user_file(path: Path, what: str) -> str | None:
    """The text of one of the user's files (config, rules, corrections); None if absent."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read {what} ({error})") from None


def why(error: OSError) -> str:
    """What went wrong with a write, in words: a full disk is not a damaged file."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EFBIG: "the file is larger than the size limit this process may write",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOTDIR: "a part of the path is a file, not a directory",
        errno.EISDIR: "it is a directory",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))


def not_written(path: Path, error: OSError) -> StorageError:
    """The one-line error for a failed write of `path`; the caller raises it."""
    return StorageError(f"{path}: not written: {why(error)}; the file is as it was before")


def private_dirs(directory: Path) -> Path:
    """Create `directory` and any missing parent, each 0700: every directory levelcal makes
    is its owner's only (mkdir's `parents` gives the parents the umask's mode instead)."""
    missing = []
    for candidate in (directory, *directory.parents):
        if candidate.is_dir():
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it first
            candidate.mkdir(mode=PRIVATE_DIR)
            os.chmod(candidate, PRIVATE_DIR)  # whatever the umask
    return directory


def write_atomically(path: Path, content: str | bytes, mode: int = PRIVATE) -> None:
    """Write beside the target, flush to disk, then rename over it (atomic on POSIX).

    A crash or kill at any moment leaves either the old file or the new one,
    never a mix; at worst a stray temporary file `.NAME.*` beside it. A write that
    fails (a full disk, a read-only directory) removes its temporary file and raises
    StorageError: the old file is untouched.
    """
    import tempfile  # a report from the cache writes nothing

    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary: str | None = None
    try:
        private_dirs(path.parent)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        _remove(temporary)
        raise not_written(path, error) from None
    except BaseException:
        _remove(temporary)
        raise


def _remove(temporary: str | None) -> None:
    if temporary is not None:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` + ".lock" (mode 0600) for a read-modify-write of `path`.

    Two levelcal processes (cron and the user) then never interleave their
    updates, so neither loses the other's. Where there is no fcntl (Windows),
    no lock is taken.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    lock = path.with_name(path.name + ".lock")
    try:
        private_dirs(path.parent)
        descriptor = os.open(lock, os.O_CREAT | os.O_RDWR, PRIVATE)
    except OSError as error:
        raise not_written(path, error) from None
    with contextlib.suppress(OSError):
        os.fchmod(descriptor, PRIVATE)  # one an older levelcal made 0644 becomes private too
    with os.fdopen(descriptor, "rb") as handle:
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
    try:
        private_dirs(path.parent)
        descriptor = os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE)
        os.close(descriptor)
        os.chmod(path, PRIVATE)
    except OSError as error:
        raise not_written(path, error) from None
    return path
