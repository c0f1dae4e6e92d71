"""Things worth keeping between runs that can always be rebuilt: the user's cache directory.

Each entry is a pickle signed with a key of the user's own: an HMAC-SHA256 of the
payload (as cheap as the plain checksum it replaced), with a random key kept in
the data directory (`cache.key`, mode 0600, created on first use). Unpickling
runs code, so an entry is unpickled only when its signature holds: one someone
else planted in the cache (who can write the cache but not read the key), or one
a full disk or a crash damaged, is deleted and reported, never loaded. The
directory is the user's own (mode 0700), like the rest of their data. Deleting
it loses nothing. Without a key (a read-only data directory before the first
run made one) nothing is read from or kept in it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from levelcal.storage import PRIVATE, StorageError, private_dirs, write_atomically

T = TypeVar("T")
_MAGIC = b"levelcal cache 2\n"  # 1: a plain SHA-256 checksum, which anyone could forge
KEY_FILE = "cache.key"
_KEY_BYTES = 32


def key(*parts: str) -> str:
    """A file name for an entry, from everything its value depends on (and the format:
    entries of an older format are never looked up, only pruned in time)."""
    return hashlib.sha256("\0".join((_MAGIC.decode(), *parts)).encode()).hexdigest()[:40]


@dataclass(frozen=True, slots=True)
class CacheDir:
    directory: Path
    max_entries: int = 200  # beyond either limit, the least recently used go first
    max_bytes: int = 512 * 1024 * 1024

    def get(self, name: str, kind: type[T], problems: list[str]) -> T | None:
        """The entry's value, or None; a damaged or unsigned entry is deleted, unread, and
        named in `problems`."""
        secret = signing_key()
        if secret is None:
            return None
        path = self.directory / name
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            problems.append(f"cache entry {path} cannot be read ({error}); not used")
            return None
        value = _decoded(blob, kind, secret)
        if value is None:
            problems.append(
                f"cache entry {path} is damaged or not signed with your cache key; "
                "discarded unread and rebuilt"
            )
            self.discard(name)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        return value

    def put(self, name: str, value: object) -> None:
        """Keep `value`; a full disk or a read-only cache costs speed, never the result."""
        secret = signing_key(create=True)
        if secret is None:
            return
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        blob = _MAGIC + _signature(payload, secret) + b"\n" + payload
        try:
            write_atomically(self.directory / name, blob)
            self._prune()
        except (OSError, StorageError):
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


def _signature(payload: bytes, secret: bytes) -> bytes:
    return hmac.digest(secret, payload, "sha256").hex().encode()


def _decoded(blob: bytes, kind: type[T], secret: bytes) -> T | None:
    """The entry's value if its signature holds and it is of the kind expected."""
    if not blob.startswith(_MAGIC):
        return None
    signature, _, payload = blob[len(_MAGIC) :].partition(b"\n")
    if not hmac.compare_digest(_signature(payload, secret), signature):
        return None  # never unpickled: it could run anything
    try:
        value = pickle.loads(payload)
    except Exception:  # garbage that we signed ourselves (another release's classes)
        return None
    return value if isinstance(value, kind) else None


_KEYS: dict[Path, bytes] = {}  # read once per process


def key_path() -> Path:
    from levelcal.paths import data_dir

    return data_dir() / KEY_FILE


def signing_key(*, create: bool = False) -> bytes | None:
    """The user's cache key; with `create`, made on first use (0600). None if there is none
    and none can be made."""
    path = key_path()
    if path in _KEYS:
        return _KEYS[path]
    found = _read_key(path)
    if found is None and create:
        found = _new_key(path)
    if found is not None:
        _KEYS[path] = found
    return found


def _read_key(path: Path) -> bytes | None:
    try:
        text = path.read_text(encoding="ascii").strip()
        found = bytes.fromhex(text)
    except (OSError, ValueError):
        return None
    return found if len(found) == _KEY_BYTES else None


def _new_key(path: Path) -> bytes | None:
    """Write a fresh key beside its final name, then link it in place: when two runs make
    one at once, both use the one that got there first."""
    import secrets

    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    try:
        private_dirs(path.parent)
        descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(_KEY_BYTES) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return _read_key(path)
