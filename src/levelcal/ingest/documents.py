"""Calendar documents: the bytes of .ics files, directories, URLs and stdin, read as RFC 5545.

A document is read through the calendar cache it is handed (see
`calendar_cache`), or parsed afresh without one (--no-cache).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import urlsplit

from levelcal.errors import InputError
from levelcal.ingest.types import CalendarRead, none_readable
from levelcal.limits import DEFAULT, Limits, megabytes
from levelcal.redact import redact_url
from levelcal.window import Window

if TYPE_CHECKING:
    from levelcal.ingest.calendar_cache import CalendarCache


@dataclass(frozen=True, slots=True)
class Document:
    """The raw bytes of one calendar, the name to report it under, and what it is.

    `key` tells documents apart (a path, or the URL with its secrets); `name` is
    safe to print (a URL's secrets are masked, so two URLs may share a name).
    """

    name: str
    data: bytes = b""
    key: str = ""
    cache: CalendarCache | None = None  # None: parsed afresh, and not kept
    # One file of a directory (the directory as given): what makes it unreadable is a
    # warning, not the directory's end, unless no file of it can be read (see
    # `types.refuse_unreadable`). `unreadable`: why it could not even be read (then `data`
    # is empty).
    directory: str = ""
    unreadable: str = ""
    # A local file is read only when its bytes are needed: a warm report of an unchanged
    # file finds it in the cache by its status, without reading or hashing 30 MB.
    file: Path | None = None
    max_bytes: int = DEFAULT.file_bytes

    @property
    def identity(self) -> str:
        return self.key or self.name

    def contents(self) -> bytes:
        """The calendar's bytes: as given, or read from `file` now."""
        return self.data if self.file is None else _read_bytes(self.file, self.max_bytes)

    def zone(self) -> str | None:
        """The zone the calendar says it is kept in (X-WR-TIMEZONE, or the one zone its
        VTIMEZONEs define), if any: from what comes before its first event (a file's first
        64 kB, mostly)."""
        from levelcal.ingest.ics_text import calendar_zone, header_ends

        if self.file is None:
            return calendar_zone(self.data)
        head = _read_bytes(self.file, self.max_bytes, HEADER_BYTES)
        return calendar_zone(head if header_ends(head) else self.contents())

    def read(self, window: Window, limits: Limits) -> CalendarRead:
        try:
            if self.unreadable:
                raise InputError(self.unreadable)
            read = self._parsed(window, limits)
        except InputError as error:
            if not self.directory:
                raise
            return CalendarRead(
                events=(),
                broken=0,
                warnings=(f"{error}; skipped, the directory's other files are read",),
                name=self.name.rsplit("/", 1)[-1],
                directory=self.directory,
                refused=str(error),
            )
        return dataclasses.replace(read, directory=self.directory) if self.directory else read

    def _parsed(self, window: Window, limits: Limits) -> CalendarRead:
        if self.cache is not None and self.file is not None:
            return self.cache.read_file(self.file, self.contents, self.name, window, limits)
        if self.cache is not None:
            return self.cache.read(self.data, self.name, window, limits)
        from levelcal.ingest.ics import read_calendar

        return read_calendar(
            self.contents(),
            source=self.name,
            span_start=window.start,
            span_end=window.end,
            tz=window.tz,
            max_instances=limits.instances,
        )


def documents(spec: str, stdin: BinaryIO, limits: Limits) -> list[Document]:
    """Every document one --calendar value names: stdin, a URL, a file or a directory."""
    if spec == "-":
        data = stdin.read(limits.file_bytes + 1)
        if len(data) > limits.file_bytes:
            raise InputError(f"<stdin>: {_too_big(limits.file_bytes, '--max-file-mb')}")
        return [Document(name="<stdin>", data=data)]
    if "://" in spec:
        return [fetch(spec, limits.timeout_seconds, limits.download_bytes)]
    return _read_path(Path(spec).expanduser(), limits.file_bytes)


def _too_big(limit: int, flag: str) -> str:
    return f"larger than {megabytes(limit)}; not read (raise the limit with {flag})"


def _read_path(path: Path, max_bytes: int) -> list[Document]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".ics" and p.is_file())
        if not files:
            raise InputError(f"{path}: no .ics files in this directory")
        found = [_read_in_directory(p, str(path), max_bytes) for p in files]
        if all(document.unreadable for document in found):
            raise none_readable(str(path), [document.unreadable for document in found])
        return found
    return [_read_file(path, max_bytes)]


def _read_in_directory(path: Path, directory: str, max_bytes: int) -> Document:
    """One file of a directory: one that cannot be read is kept as a warning to give."""
    try:
        return dataclasses.replace(_read_file(path, max_bytes), directory=directory)
    except InputError as error:
        return Document(
            name=str(path), data=b"", key=str(path), directory=directory, unreadable=str(error)
        )


HEADER_BYTES = 65_536  # where a calendar's own lines (its X-WR-TIMEZONE) end, in practice


def _read_file(path: Path, max_bytes: int) -> Document:
    """A file's document, its bytes left on disk until needed; a file too big, missing or
    unreadable is refused now, before anything is read."""
    with _said(path):
        status = path.stat()
        if not os.access(path, os.R_OK):
            raise PermissionError
    if status.st_size > max_bytes:  # refused before a byte is read
        raise InputError(f"{path}: {_too_big(max_bytes, '--max-file-mb')}")
    if not stat.S_ISREG(status.st_mode):  # a pipe (`-c <(curl …)`) can be read only once
        return Document(name=str(path), data=_read_bytes(path, max_bytes), key=str(path))
    return Document(name=str(path), key=str(path.resolve()), file=path, max_bytes=max_bytes)


def _read_bytes(path: Path, max_bytes: int, at_most: int | None = None) -> bytes:
    """The file's bytes (or its first `at_most`), capped: a file that grew past the limit
    since it was listed (or a pipe) is refused."""
    with _said(path), path.open("rb") as handle:
        data = handle.read(max_bytes + 1 if at_most is None else min(at_most, max_bytes + 1))
    if len(data) > max_bytes:
        raise InputError(f"{path}: {_too_big(max_bytes, '--max-file-mb')}")
    return data


@contextlib.contextmanager
def _said(path: Path) -> Iterator[None]:
    """A file's OS errors as one line naming the file."""
    try:
        yield
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None


def http_url(url: str) -> str:
    """webcal:// is a hint to calendar apps; the calendar itself is served over HTTPS.

    A URL with a space or a control character in it is refused: percent-encode it.
    """
    bad = next((c for c in url if ord(c) <= 0x20 or 0x7F <= ord(c) <= 0x9F), None)
    if bad is not None:
        what = "a space" if bad == " " else "a control character"
        raise InputError(
            f"{redact_url(url)}: the URL contains {what} (U+{ord(bad):04X}); "
            "percent-encode it (a space is %20)"
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port out of range raises here
    except ValueError as error:
        raise InputError(f"{redact_url(url)}: not a valid URL ({error})") from None
    scheme = parts.scheme.lower()
    if scheme == "webcal":
        return "https" + url[len("webcal") :]
    if scheme in ("http", "https"):
        return url
    raise InputError(
        f"{redact_url(url)}: unsupported URL scheme {scheme!r}; use http://, https:// or webcal://"
    )


def fetch(
    url: str,
    timeout: float = DEFAULT.timeout_seconds,
    max_bytes: int = DEFAULT.download_bytes,
) -> Document:
    """GET a calendar over HTTP(S), with a time limit for the whole download and a size cap.

    The calendar is reported under its URL with secrets masked (see `redact`); a login
    in the URL is sent as HTTP Basic auth (see `download`).
    """
    from levelcal.ingest import download

    target = http_url(url)
    try:
        data = download.get(target, timeout, max_bytes)
    except download.TooBig:
        raise InputError(f"{redact_url(url)}: {_too_big(max_bytes, '--max-download-mb')}") from None
    return Document(name=redact_url(url), data=data, key=target)
