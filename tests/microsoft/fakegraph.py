"""A fake Microsoft identity platform and Microsoft Graph on 127.0.0.1, over TLS.

msal insists on an https authority, so the server has a certificate of its own
(made by `certificate`, trusted through REQUESTS_CA_BUNDLE). It serves what the
real msal and levelcal's Graph client ask for:

- the identity platform: the tenant's OpenID configuration, the device code
  endpoint, and the token endpoint (device code, refresh token and
  authorization code grants), issuing tokens that expire in `token_lifetime`;
- Graph: me/calendars, a calendar by id (`me/calendar` is the default one),
  `calendarView` over a window, and `calendarView/delta`: instances whose
  times overlap the window, `odata.maxpagesize` honoured up to `page_size`
  (20) per page, `@odata.nextLink` pages, an `@odata.deltaLink` on the last,
  and a later round through that link giving only what changed since, deleted
  events as `@removed`; a delta link older than `oldest_valid_delta` answers
  410 syncStateNotFound;
- scripted faults (`faults`: one reply each for the next Graph requests).

Every Graph request is logged in `requests` (path and query) with its Prefer
header in `prefer`.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

GRAPH = "/v1.0/"
TENANT_ID = "8c1e0f4a-2b7d-4d0e-9a51-5f0c3e7b2a10"
USER_ID = "5d2c9b1e-7a4f-4b8e-a3c6-0e9f1d2b4c5a"


def certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (its key beside it)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    import ipaddress

    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "fake-graph.pem", directory / "fake-graph.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _encode(state: dict[str, Any]) -> str:
    return _b64(json.dumps(state).encode())


def _decode(token: str) -> dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))


def _utc(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@dataclass
class FakeCalendar:
    id: str
    name: str
    default: bool = False
    owner: str = "dana@northwind.example"
    events: dict[str, dict[str, Any]] = field(default_factory=dict)  # live and removed
    changed_at: dict[str, int] = field(default_factory=dict)
    version: int = 1
    oldest_valid_delta: int = 0


@dataclass
class FakeMicrosoft:
    base: str = ""
    client_id: str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    calendars: dict[str, FakeCalendar] = field(default_factory=dict)
    page_size: int = 20
    token_lifetime: int = 3600
    access_tokens: set[str] = field(default_factory=set)
    refresh_tokens: set[str] = field(default_factory=set)
    issued: int = 0
    grants: list[str] = field(default_factory=list)
    scopes_asked: list[str] = field(default_factory=list)
    authorization_codes: set[str] = field(default_factory=set)
    nonces: dict[str, str] = field(default_factory=dict)  # code -> the sign-in's nonce
    faults: list[tuple[int, dict[str, Any], dict[str, str]] | None] = field(default_factory=list)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    prefer: list[str] = field(default_factory=list)
    delta_for_others: bool = True  # whether a non-default calendar has a delta
    # A server that never ends: every calendarView page links to the same page ("repeat")
    # or to a new one ("fresh"); and a delay before every Graph reply.
    endless: str = ""
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def authority(self) -> str:
        return self.base

    @property
    def graph_root(self) -> str:
        return self.base + GRAPH

    def add_calendar(self, calendar: FakeCalendar, items: list[dict[str, Any]] = ()) -> None:  # type: ignore[assignment]
        self.calendars[calendar.id] = calendar
        for item in items:
            self.put(calendar.id, item)

    def put(self, calendar_id: str, item: dict[str, Any]) -> None:
        calendar = self.calendars[calendar_id]
        calendar.version += 1
        calendar.events[item["id"]] = item
        calendar.changed_at[item["id"]] = calendar.version

    def delete(self, calendar_id: str, event_id: str) -> None:
        calendar = self.calendars[calendar_id]
        calendar.version += 1
        calendar.events[event_id] = {"id": event_id, "@removed": {"reason": "deleted"}}
        calendar.changed_at[event_id] = calendar.version

    def expire_delta_links(self, calendar_id: str) -> None:
        calendar = self.calendars[calendar_id]
        calendar.oldest_valid_delta = calendar.version + 1

    def graph_requests(self, ending: str = "") -> list[dict[str, str]]:
        return [query for path, query in self.requests if path.endswith(ending)]

    # -- the identity platform ----------------------------------------------------------

    def _identity(self, method: str, path: str, form: dict[str, str], query: dict[str, str]):
        tenant, _, rest = path.strip("/").partition("/")
        if method == "GET" and rest == "v2.0/.well-known/openid-configuration":
            root = f"{self.base}/{tenant}"
            return 200, {
                "authorization_endpoint": f"{root}/oauth2/v2.0/authorize",
                "token_endpoint": f"{root}/oauth2/v2.0/token",
                "device_authorization_endpoint": f"{root}/oauth2/v2.0/devicecode",
                "issuer": f"{self.base}/{TENANT_ID}/v2.0",
                "response_types_supported": ["code"],
            }
        if method == "POST" and rest == "oauth2/v2.0/devicecode":
            self.scopes_asked.append(form.get("scope", ""))
            if form.get("client_id") != self.client_id:
                return 400, {"error": "unauthorized_client", "error_description": "AADSTS700016"}
            return 200, {
                "device_code": "fake-device-code",
                "user_code": "FAKE-CODE",
                "verification_uri": "https://microsoft.com/devicelogin",
                "expires_in": 900,
                "interval": 1,
                "message": "To sign in, open https://microsoft.com/devicelogin, enter FAKE-CODE",
            }
        if method == "POST" and rest == "oauth2/v2.0/token":
            return self._token(form)
        if method == "GET" and rest == "oauth2/v2.0/authorize":  # the page the user signs in on
            self.scopes_asked.append(query.get("scope", ""))
            self.nonces["fake-auth-code"] = query.get("nonce", "")
            return 200, {"signed_in": True}
        return 404, {"error": "not_found"}

    def _token(self, form: dict[str, str]):
        grant = form.get("grant_type", "")
        self.grants.append(grant)
        if form.get("client_id") != self.client_id:
            return 400, {"error": "unauthorized_client", "error_description": "AADSTS700016"}
        if grant == "urn:ietf:params:oauth:grant-type:device_code":
            if form.get("device_code") != "fake-device-code":
                return 400, {"error": "expired_token", "error_description": "code expired"}
            self.scopes_asked.append(form.get("scope", ""))
            return 200, self._issue()
        if grant == "refresh_token" and form.get("refresh_token") in self.refresh_tokens:
            return 200, self._issue()
        if grant == "authorization_code" and form.get("code") in self.authorization_codes:
            self.authorization_codes.discard(form["code"])
            return 200, self._issue(nonce=self.nonces.get(form["code"], ""))
        return 400, {
            "error": "invalid_grant",
            "error_description": "AADSTS70008: The refresh token has expired or was revoked.",
        }

    def _issue(self, nonce: str = "") -> dict[str, Any]:
        self.issued += 1
        access, refresh = f"fake-access-{self.issued}", f"fake-refresh-{self.issued}"
        self.access_tokens.add(access)
        self.refresh_tokens.add(refresh)
        now = int(time.time())
        claims = {
            "aud": self.client_id,
            "iss": f"{self.base}/{TENANT_ID}/v2.0",
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "oid": USER_ID,
            "sub": "fake-subject",
            "tid": TENANT_ID,
            "name": "Dana Whitfield",
            "preferred_username": "dana@northwind.example",
            **({"nonce": nonce} if nonce else {}),
        }
        id_token = ".".join(
            [_b64(b'{"alg":"none","typ":"JWT"}'), _b64(json.dumps(claims).encode()), ""]
        )
        return {
            "token_type": "Bearer",
            "scope": "https://graph.microsoft.com/Calendars.Read openid profile",
            "expires_in": self.token_lifetime,
            "ext_expires_in": self.token_lifetime,
            "access_token": access,
            "refresh_token": refresh,
            "id_token": id_token,
            "client_info": _b64(json.dumps({"uid": USER_ID, "utid": TENANT_ID}).encode()),
        }

    # -- Graph ---------------------------------------------------------------------------

    def _graph(self, path: str, query: dict[str, str], headers: Any):
        time.sleep(self.delay)
        with self.lock:
            self.requests.append((path, query))
            self.prefer.append(str(headers.get("Prefer", "")))
            if self.faults:
                fault = self.faults.pop(0)
                if fault is not None:
                    return fault
        bearer = str(headers.get("Authorization", "")).removeprefix("Bearer ")
        if bearer not in self.access_tokens:
            return 401, {"error": {"code": "InvalidAuthenticationToken", "message": "expired"}}
        rest = path[len(GRAPH) :]
        if rest == "me/calendars":
            return self._calendars()
        calendar, tail = self._calendar_of(rest)
        if calendar is None:
            return 404, {"error": {"code": "ErrorItemNotFound", "message": "not found"}}
        if tail == "":
            return 200, {
                "id": calendar.id,
                "name": calendar.name,
                "isDefaultCalendar": calendar.default,
                "canEdit": True,
                "owner": {"name": "Dana Whitfield", "address": calendar.owner},
            }
        if tail == "calendarView":
            return self._view(calendar, query, delta=False)
        if tail == "calendarView/delta":
            if not calendar.default and not self.delta_for_others:
                return 400, {"error": {"code": "BadRequest", "message": "not supported"}}
            return self._view(calendar, query, delta=True)
        return 404, {"error": {"code": "ResourceNotFound", "message": "no such path"}}

    def _calendar_of(self, rest: str) -> tuple[FakeCalendar | None, str]:
        default = next((c for c in self.calendars.values() if c.default), None)
        if rest == "me/calendarView/delta":
            return default, "calendarView/delta"
        if rest == "me/calendar" or rest.startswith("me/calendar/"):
            return default, rest.removeprefix("me/calendar").strip("/")
        if rest.startswith("me/calendars/"):
            calendar_id, _, tail = rest.removeprefix("me/calendars/").partition("/")
            return self.calendars.get(urllib.parse.unquote(calendar_id)), tail
        return None, ""

    def _calendars(self):
        return 200, {
            "value": [
                {
                    "id": c.id,
                    "name": c.name,
                    "isDefaultCalendar": c.default,
                    "canEdit": c.default,
                    "owner": {"name": "Dana Whitfield", "address": c.owner},
                }
                for c in self.calendars.values()
            ]
        }

    def _view(self, calendar: FakeCalendar, query: dict[str, str], *, delta: bool):
        if "$deltatoken" in query:
            state = _decode(query["$deltatoken"])
            if state["version"] < calendar.oldest_valid_delta:
                return 410, {
                    "error": {
                        "code": "syncStateNotFound",
                        "message": "The sync state generation is not found.",
                    }
                }
            state["since"], state["offset"] = state["version"], 0
            state["version"] = calendar.version
        elif "$skiptoken" in query:
            state = _decode(query["$skiptoken"])
        else:
            state = {
                "start": query["startDateTime"],
                "end": query["endDateTime"],
                "since": None,
                "version": calendar.version,
                "offset": 0,
            }
        chosen = self._chosen(calendar, state)
        size = min(self.page_size, _max_page(self.prefer[-1]))
        offset = int(state["offset"])
        page = chosen[offset : offset + size]
        path = f"{self.graph_root}me/calendars/{urllib.parse.quote(calendar.id, safe='')}/"
        path += "calendarView/delta" if delta else "calendarView"
        reply: dict[str, Any] = {"value": page}
        if self.endless:
            again = "again" if self.endless == "repeat" else f"page-{len(self.requests)}"
            reply["@odata.nextLink"] = f"{path}?$skiptoken={_encode({**state, 'offset': 0})}"
            reply["@odata.nextLink"] += f"&marker={again}"
        elif offset + size < len(chosen):
            token = _encode({**state, "offset": offset + size})
            reply["@odata.nextLink"] = f"{path}?$skiptoken={token}"
        elif delta:
            token = _encode({**state, "offset": 0})
            reply["@odata.deltaLink"] = f"{path}?$deltatoken={token}"
        return 200, reply

    def _chosen(self, calendar: FakeCalendar, state: dict[str, Any]) -> list[dict[str, Any]]:
        low, high = _utc(state["start"]), _utc(state["end"])
        since, version = state["since"], int(state["version"])
        chosen = []
        for event_id, item in calendar.events.items():
            changed = calendar.changed_at[event_id]
            if changed > version:
                continue
            if since is not None:
                if changed > since:
                    chosen.append(item)  # Graph sends changes outside the window too
                continue
            if "@removed" in item:
                continue
            start, end = _utc(item["start"]["dateTime"]), _utc(item["end"]["dateTime"])
            if end > low and start < high:
                chosen.append(item)
        chosen.sort(key=lambda i: (i.get("start", {}).get("dateTime", ""), i["id"]))
        return chosen

    # -- the wire ------------------------------------------------------------------------

    def handle(self, method: str, path: str, query: dict[str, str], headers: Any, body: bytes):
        if path.startswith(GRAPH):
            return self._graph(path, query, headers)
        form = dict(urllib.parse.parse_qsl(body.decode())) if body else {}
        return self._identity(method, path, form, query)


def _max_page(prefer: str) -> int:
    for part in prefer.split(","):
        name, _, value = part.strip().partition("=")
        if name == "odata.maxpagesize":
            return int(value)
    return 10  # calendarView's own default page


def serve(fake: FakeMicrosoft, cert: tuple[Path, Path]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _reply(self, method: str) -> None:
            split = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(split.query))
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            reply = fake.handle(method, split.path, query, self.headers, body)
            status, document = reply[0], reply[1]
            extra = reply[2] if len(reply) > 2 else {}
            data = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._reply("GET")

        def do_POST(self) -> None:
            self._reply("POST")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert[0]), str(cert[1]))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    fake.base = f"https://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    return server
