"""One HTTP(S) GET of a calendar, bounded in time and size, with the URL's login as Basic auth.

- `timeout` is a deadline for the whole download: connecting, the response
  headers and the body. Each socket operation waits at most what is left, and a
  watchdog shuts the connection's socket when the deadline passes, so a server
  that trickles one header byte a second cannot hold the run.
- A user name and password in the URL (`https://USER:PASSWORD@host/…`, as
  Nextcloud and other servers publish them) are sent as HTTP Basic auth,
  percent-decoded, and never reach the name resolver. They are sent again after
  a redirect only to the same host (http may become https, never the reverse).
- Redirects are followed to http:// and https:// only (urllib would follow ftp://).
- The caller's `shown` names the URL in every error: it is masked (see `redact`).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.client
import socket
import string
import threading
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from levelcal.errors import NetworkError
from levelcal.redact import redact_url

HEADERS = {"User-Agent": "levelcal", "Accept": "text/calendar, */*;q=0.5"}


class TooBig(Exception):
    """The body is larger than the cap; the caller says which flag raises it."""


class _Deadline:
    """The moment a download must be over, and the sockets to shut when it is."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self.expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def left(self) -> float:
        return max(self.at - time.monotonic(), 0.001)

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def passed(self) -> bool:
        return self.expired or time.monotonic() >= self.at


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # a recv blocked in another thread returns at once
        sock.shutdown(socket.SHUT_RDWR)


def _connect(deadline: _Deadline, address: tuple[str, int], *args: Any) -> socket.socket:
    """socket.create_connection, in a thread the deadline does not wait for: resolving the
    name has no timeout of its own (a resolver that never answers would hold the run)."""
    outcome: list[socket.socket | OSError] = []

    def attempt() -> None:
        try:
            outcome.append(socket.create_connection(address, deadline.left()))
        except OSError as error:
            outcome.append(error)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(deadline.left())
    if not outcome:
        raise TimeoutError
    if isinstance(outcome[0], OSError):
        raise outcome[0]
    return outcome[0]


class _Watching(http.client.HTTPConnection):
    """A connection whose name lookup, connect and every read end by the download's deadline."""

    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline = deadline
        self._create_connection = functools.partial(_connect, deadline)

    def connect(self) -> None:
        self.timeout = min(self.timeout or self._deadline.left(), self._deadline.left())
        super().connect()
        self._deadline.watch(self.sock)


class _WatchedHTTP(_Watching):
    pass


class _WatchedHTTPS(_Watching, http.client.HTTPSConnection):
    pass


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_WatchedHTTP, deadline=self._deadline), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_WatchedHTTPS, deadline=self._deadline), req)


class _Refused(Exception):
    """A redirect to a scheme other than http(s)."""


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow http(s) redirects only; keep the login for the same host alone."""

    def __init__(self, origin: tuple[str, str], authorization: str | None) -> None:
        super().__init__()
        self._origin = origin
        self._authorization = authorization

    def http_error_302(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any
    ) -> Any:
        location = headers.get("location") or headers.get("uri") or ""
        if urlsplit(location).scheme.lower() not in ("", "http", "https"):
            raise _Refused(location)  # before urllib's own check, which lets ftp:// through
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        parts = urlsplit(newurl)
        newurl = _without_login(newurl)
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.remove_header("Authorization")
            scheme, host = self._origin
            upgrade_only = parts.scheme.lower() == scheme or parts.scheme.lower() == "https"
            if self._authorization and upgrade_only and _host(parts) == host:
                new.add_header("Authorization", self._authorization)
        return new


def _host(parts: Any) -> str:
    return parts.netloc.rpartition("@")[2].lower()


def _without_login(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=_host(parts)))


def _ascii(url: str) -> str:
    """Letters beyond ASCII in the path and query percent-encoded as UTF-8 (as a browser
    sends them); the host is left to the IDNA encoding of http.client and the resolver."""
    parts = urlsplit(url)
    safe = string.punctuation
    return urlunsplit(
        parts._replace(path=quote(parts.path, safe=safe), query=quote(parts.query, safe=safe))
    )


def basic_auth(url: str) -> tuple[str, str | None]:
    """The URL without its user name and password, and the Basic auth header they make."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    user, _, password = parts.netloc.rpartition("@")[0].partition(":")
    login = f"{unquote(user)}:{unquote(password)}".encode()
    return _without_login(url), "Basic " + base64.b64encode(login).decode("ascii")


def get(url: str, timeout: float, max_bytes: int) -> bytes:
    """The body of a GET of `url` (http or https), within `timeout` seconds in all.

    NetworkError names the URL masked; TooBig when the body exceeds `max_bytes`.
    """
    shown = redact_url(url)
    plain, authorization = basic_auth(_ascii(url))
    request = urllib.request.Request(plain, headers=HEADERS)
    if authorization:
        request.add_header("Authorization", authorization)
    origin = (urlsplit(plain).scheme.lower(), _host(urlsplit(plain)))
    with _Deadline(timeout) as deadline:
        opener = urllib.request.build_opener(
            _HTTP(deadline), _HTTPS(deadline), _Redirects(origin, authorization)
        )
        try:
            return _body(opener, request, deadline, max_bytes)
        except _Refused as refused:
            raise NetworkError(
                f"{shown}: redirected to {redact_url(str(refused))}, which is not an "
                "http:// or https:// URL; not followed"
            ) from None
        except urllib.error.HTTPError as error:
            raise NetworkError(f"{shown}: {_http_error(error, authorization)}") from None
        except (OSError, http.client.HTTPException) as error:
            if deadline.passed():
                raise NetworkError(
                    f"{shown}: no complete answer within {timeout:g} s (raise it with --timeout)"
                ) from None
            if isinstance(error, urllib.error.URLError):
                raise NetworkError(f"{shown}: cannot connect ({error.reason})") from None
            raise NetworkError(f"{shown}: {error or type(error).__name__}") from None


def _body(
    opener: urllib.request.OpenerDirector,
    request: urllib.request.Request,
    deadline: _Deadline,
    max_bytes: int,
) -> bytes:
    chunks: list[bytes] = []
    size = 0
    with opener.open(request, timeout=deadline.left()) as response:
        while True:
            if deadline.passed():
                raise TimeoutError
            chunk = response.read1(64 * 1024)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise TooBig
    if deadline.passed():  # the watchdog cut the body short: it is not the whole calendar
        raise TimeoutError
    return b"".join(chunks)


def _http_error(error: urllib.error.HTTPError, authorization: str | None) -> str:
    said = f"HTTP {error.code} {error.reason}"
    if error.code == 401 and authorization:
        return f"{said}: the user name or password in the URL was refused"
    if error.code == 401:
        return f"{said}: it needs a login; put it in the URL (https://USER:PASSWORD@host/…)"
    return said
