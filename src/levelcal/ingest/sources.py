"""Where calendar bytes come from: a file, a directory, a URL, or stdin."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from levelcal.errors import InputError, NetworkError

URL_TIMEOUT_SECONDS = 30.0
URL_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Document:
    """The raw bytes of one calendar and the name to report it under."""

    name: str
    data: bytes


def load(spec: str, stdin: BinaryIO) -> list[Document]:
    """Every calendar document that one --calendar value names."""
    if spec == "-":
        return [Document(name="<stdin>", data=stdin.read())]
    if "://" in spec:
        return [fetch(spec)]
    return _read_path(Path(spec).expanduser())


def _read_path(path: Path) -> list[Document]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".ics" and p.is_file())
        if not files:
            raise InputError(f"{path}: no .ics files in this directory")
        return [_read_file(p) for p in files]
    return [_read_file(path)]


def _read_file(path: Path) -> Document:
    try:
        return Document(name=str(path), data=path.read_bytes())
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None


def http_url(url: str) -> str:
    """webcal:// is a hint to calendar apps; the calendar itself is served over HTTPS."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "webcal":
        return "https" + url[len("webcal") :]
    if scheme in ("http", "https"):
        return url
    raise InputError(
        f"{url}: unsupported URL scheme {scheme!r}; use http://, https:// or webcal://"
    )


def fetch(
    url: str, timeout: float = URL_TIMEOUT_SECONDS, max_bytes: int = URL_MAX_BYTES
) -> Document:
    """GET a calendar over HTTP(S), with a time limit for the whole download and a size cap."""
    import time
    import urllib.error
    import urllib.request

    target = http_url(url)
    request = urllib.request.Request(
        target, headers={"User-Agent": "levelcal", "Accept": "text/calendar, */*;q=0.5"}
    )
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    size = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            while size <= max_bytes:
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunk = response.read1(64 * 1024)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except urllib.error.HTTPError as error:
        raise NetworkError(f"{url}: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise NetworkError(f"{url}: cannot connect ({error.reason})") from None
    except TimeoutError:
        raise NetworkError(f"{url}: no answer within {timeout:g} s") from None
    except OSError as error:
        raise NetworkError(f"{url}: {error}") from None
    if size > max_bytes:
        raise InputError(f"{url}: larger than {max_bytes / 2**20:g} MB; not downloaded")
    return Document(name=url, data=b"".join(chunks))
