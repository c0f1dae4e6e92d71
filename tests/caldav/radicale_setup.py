"""A real Radicale (the CalDAV server), and a proxy in front of it that logs each request.

Radicale runs in its own process on a free port of 127.0.0.1, with a temporary
storage folder and one user, dana, whose (app) password the tests hand to
levelcal through an environment variable. Calendars from tests/data/corpus are
uploaded to it with PUT, as a client would. The proxy forwards everything
unchanged, except what a test scripts: replies of its own (faults), or
PROPFINDs stripped of DAV:sync-token (a server that offers no RFC 6578 sync).
"""

from __future__ import annotations

import base64
import http.client
import re
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CORPUS = Path(__file__).parents[1] / "data" / "corpus"
USER, PASSWORD = "dana", "app-password-1"
PASSWORD_VARIABLE = "LEVELCAL_TEST_CALDAV_PASSWORD"
_KINDS = ("sync-collection", "calendar-multiget", "calendar-query")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Proxy:
    """Forwards to Radicale, logging (method, path, kind) of every request it answers (not the
    401s of the login handshake: the client asks once without credentials, as HTTP auth
    does); scripted replies go first."""

    upstream: int
    base: str = ""
    log: list[tuple[str, str, str]] = field(default_factory=list)
    faults: list[tuple[int, dict[str, str], bytes] | None] = field(default_factory=list)
    replies: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)  # by kind
    hide_sync_tokens: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def requests(self, kind: str = "") -> list[tuple[str, str, str]]:
        return [entry for entry in self.log if kind in (entry[0], entry[2])]


def _kind(method: str, body: bytes) -> str:
    if method != "REPORT":
        return method
    return next((k for k in _KINDS if k.encode() in body), "report")


def serve_proxy(proxy: Proxy) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            entry = (self.command, self.path, _kind(self.command, body))
            with proxy.lock:
                fault = proxy.faults.pop(0) if proxy.faults else None  # None: forward this one
                fault = fault or proxy.replies.pop(entry[2], None)
                if fault is not None:
                    proxy.log.append(entry)
            if fault is not None:
                status, headers, data = fault
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(data))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
                return
            if proxy.hide_sync_tokens and self.command == "PROPFIND":
                body = re.sub(rb"<[A-Za-z0-9]*:?sync-token\s*/>", b"", body)
            connection = http.client.HTTPConnection("127.0.0.1", proxy.upstream, timeout=30)
            headers = {k: v for k, v in self.headers.items() if k.lower() != "content-length"}
            connection.request(self.command, self.path, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
            if answer.status != 401:
                with proxy.lock:
                    proxy.log.append(entry)
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            connection.close()

        do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_OPTIONS = _forward

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    proxy.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    return server


@dataclass
class Radicale:
    port: int
    storage: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: bytes = b"", **headers: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        login = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        connection.request(
            method, path, body=body, headers={"Authorization": f"Basic {login}", **headers}
        )
        status = connection.getresponse().status
        connection.close()
        return status

    def upload(self, corpus_file: str, collection: str) -> str:
        """PUT a whole calendar to a new collection (Radicale splits it by UID); its URL."""
        path = f"/{USER}/{collection}/"
        data = (CORPUS / corpus_file).read_bytes()
        status = self.request("PUT", path, data, **{"Content-Type": "text/calendar"})
        assert status in (201, 204), (corpus_file, status)
        return path
