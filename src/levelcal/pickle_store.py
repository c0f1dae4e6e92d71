"""Things worth keeping between runs that can always be rebuilt: the user's cache directory.

Each entry is a pickle with a checksum of its payload. An entry that does not
match (a full disk, a crash, an edit) is deleted and reported, never used;
the directory is the user's own (mode 0700), like the rest of their data.
Deleting it loses nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from levelcal.storage import write_atomically

T = TypeVar("T")
_MAGIC = b"levelcal cache 1\n"


def key(*parts: str) -> str:
    """A file name for an entry, from everything its value depends on."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:40]


@dataclass(frozen=True, slots=True)
class CacheDir:
    directory: Path
    max_entries: int = 200  # beyond either limit, the least recently used go first
    max_bytes: int = 512 * 1024 * 1024

    def get(self, name: str, kind: type[T], problems: list[str]) -> T | None:
        """The entry's value, or None; a damaged entry is deleted and named in `problems`."""
        path = self.directory / name
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            problems.append(f"cache entry {path} cannot be read ({error}); not used")
            return None
        value = _decoded(blob, kind)
        if value is None:
            problems.append(f"cache entry {path} is damaged; discarded and rebuilt")
            path.unlink(missing_ok=True)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        return value

    def put(self, name: str, value: object) -> None:
        """Keep `value`; a full disk or a read-only cache costs speed, never the result."""
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        blob = _MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomically(self.directory / name, blob)
            self._prune()
        except OSError:
            pass

    def discard(self, name: str) -> None:
        """Forget an entry that is of no more use."""
        with contextlib.suppress(OSError):
            (self.directory / name).unlink(missing_ok=True)

    def _prune(self) -> None:
        entries = [(p.stat(), p) for p in self.directory.iterdir()]
        entries.sort(key=lambda entry: entry[0].st_mtime, reverse=True)  # newest first
        kept_bytes = 0
        for number, (status, path) in enumerate(entries):
            kept_bytes += status.st_size
            if number >= self.max_entries or kept_bytes > self.max_bytes:
                path.unlink(missing_ok=True)


def _decoded(blob: bytes, kind: type[T]) -> T | None:
    """The entry's value if its checksum holds and it is of the kind expected."""
    if not blob.startswith(_MAGIC):
        return None
    checksum, _, payload = blob[len(_MAGIC) :].partition(b"\n")
    if hashlib.sha256(payload).hexdigest().encode() != checksum:
        return None
    try:
        value = pickle.loads(payload)
    except Exception:  # garbage that matched its checksum: as damaged as any
        return None
    return value if isinstance(value, kind) else None
