"""A fake Google Calendar API on 127.0.0.1, speaking the v3 wire format levelcal relies on.

It serves calendarList.list and events.list (singleEvents instances, pages,
nextSyncToken on the last page, incremental syncs whose deletions arrive as
status "cancelled", 410 fullSyncRequired for an expired token, 400 for a sync
token combined with timeMin/timeMax as the real API does), an OAuth token
endpoint (refresh_token and authorization_code grants), and scripted faults.
"""

from __future__ import annotations

import base64
import json
import threading
import time as clock
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

API = "/calendar/v3"
RESTRICTIONS = ("timeMin", "timeMax", "updatedMin", "orderBy", "q", "iCalUID")


def error_body(status: int, message: str, reason: str, domain: str = "global") -> dict[str, Any]:
    return {
        "error": {
            "errors": [{"domain": domain, "reason": reason, "message": message}],
            "code": status,
            "message": message,
        }
    }


RATE_LIMITED = (
    403,
    error_body(403, "Rate Limit Exceeded", "rateLimitExceeded", "usageLimits"),
)
USER_RATE_LIMITED = (
    403,
    error_body(403, "User Rate Limit Exceeded", "userRateLimitExceeded", "usageLimits"),
)
TOO_MANY = (429, error_body(429, "Too Many Requests", "rateLimitExceeded", "usageLimits"))
BACKEND = (503, error_body(503, "The service is currently unavailable.", "backendError"))
FORBIDDEN = (403, error_body(403, "The caller does not have permission", "forbidden"))


def _encode(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _decode(token: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    return result


@dataclass
class FakeCalendar:
    id: str
    summary: str
    time_zone: str = "Europe/Berlin"
    primary: bool = False
    access_role: str = "owner"
    events: dict[str, dict[str, Any]] = field(default_factory=dict)  # live and deleted
    changed_at: dict[str, int] = field(default_factory=dict)  # event id -> version
    version: int = 1
    oldest_valid_sync: int = 0  # sync tokens older than this get 410

    def bounds(self, item: dict[str, Any]) -> tuple[datetime, datetime]:
        def at(when: dict[str, Any]) -> datetime:
            if "dateTime" in when:
                return datetime.fromisoformat(when["dateTime"])
            day = date.fromisoformat(when["date"])
            return datetime.combine(day, time(0), ZoneInfo(self.time_zone))

        return at(item["start"]), at(item["end"])


@dataclass
class FakeGoogle:
    base: str = ""
    calendars: dict[str, FakeCalendar] = field(default_factory=dict)
    access_tokens: set[str] = field(default_factory=lambda: {"ya29.fake-access"})
    refresh_token: str = "1//fake-refresh"
    client_id: str = "123-fake.apps.googleusercontent.com"
    client_secret: str = "fake-client-secret"
    authorization_codes: set[str] = field(default_factory=set)
    page_size: int = 50
    faults: list[tuple[int, dict[str, Any]] | None] = field(default_factory=list)  # next replies
    failing: tuple[int, dict[str, Any]] | None = None  # every API reply while set
    fail_after: int = 0  # `failing` starts after this many more API requests
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    token_grants: list[str] = field(default_factory=list)
    issued: int = 0
    knows_primary_alias: bool = True
    # A broken server: events.list pages that never end, each with the same nextPageToken
    # ("repeat") or a new one ("fresh"); and a delay before every API reply.
    endless: str = ""
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def root(self) -> str:
        return self.base + "/"

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
        """As Google keeps it: a tombstone with the id (and an instance's identity)."""
        calendar = self.calendars[calendar_id]
        old = calendar.events[event_id]
        tombstone = {"kind": "calendar#event", "etag": '"0"', "id": event_id, "status": "cancelled"}
        for key in ("recurringEventId", "originalStartTime"):
            if key in old:
                tombstone[key] = old[key]
        calendar.version += 1
        calendar.events[event_id] = tombstone
        calendar.changed_at[event_id] = calendar.version

    def cancel(self, calendar_id: str, event_id: str) -> None:
        """A cancelled meeting that keeps its details, as organizers' cancellations do."""
        self.put(
            calendar_id, dict(self.calendars[calendar_id].events[event_id], status="cancelled")
        )

    def expire_sync_tokens(self, calendar_id: str) -> None:
        calendar = self.calendars[calendar_id]
        calendar.oldest_valid_sync = calendar.version + 1

    def api_requests(self, kind: str = "/events") -> list[dict[str, str]]:
        return [query for path, query in self.requests if path.endswith(kind)]

    # -- the wire -------------------------------------------------------------

    def handle(self, method: str, path: str, query: dict[str, str], headers: Any, body: bytes):
        if method == "POST" and path == "/token":
            form = dict(urllib.parse.parse_qsl(body.decode()))
            basic = str(headers.get("Authorization", ""))
            if basic.startswith("Basic "):  # requests-oauthlib sends the client this way
                client_id, _, _ = base64.b64decode(basic[6:]).decode().partition(":")
                form.setdefault("client_id", urllib.parse.unquote(client_id))
            return self._token(form)
        if not path.startswith(API + "/"):
            return 404, error_body(404, "Not Found", "notFound")
        clock.sleep(self.delay)
        with self.lock:
            self.requests.append((path, query))
            if self.failing is not None:
                if self.fail_after:
                    self.fail_after -= 1
                else:
                    return self.failing
            if self.faults:
                fault = self.faults.pop(0)
                if fault is not None:
                    return fault
        bearer = str(headers.get("Authorization", "")).removeprefix("Bearer ")
        if bearer not in self.access_tokens:
            return 401, {
                "error": {
                    "code": 401,
                    "message": "Request had invalid authentication credentials.",
                    "errors": [{"domain": "global", "reason": "authError"}],
                    "status": "UNAUTHENTICATED",
                }
            }
        rest = path[len(API) :]
        if rest == "/users/me/calendarList":
            return self._calendar_list(query)
        parts = rest.split("/")
        if len(parts) == 4 and parts[1] == "calendars" and parts[3] == "events":
            calendar_id = urllib.parse.unquote(parts[2])
            if calendar_id == "primary" and self.knows_primary_alias:
                calendar_id = next(c.id for c in self.calendars.values() if c.primary)
            if calendar_id not in self.calendars:
                return 404, error_body(404, "Not Found", "notFound")
            return self._events(self.calendars[calendar_id], query)
        return 404, error_body(404, "Not Found", "notFound")

    def _page(self, items: list[Any], query: dict[str, str], state: dict[str, Any]):
        start = int(state.get("offset", 0))
        size = min(int(query.get("maxResults", 250)), self.page_size)
        return items[start : start + size], (start + size if start + size < len(items) else None)

    def _calendar_list(self, query: dict[str, str]):
        state = _decode(query["pageToken"]) if query.get("pageToken") else {}
        entries = [
            {
                "kind": "calendar#calendarListEntry",
                "etag": f'"{c.version}"',
                "id": c.id,
                "summary": c.summary,
                "timeZone": c.time_zone,
                "colorId": "14",
                "backgroundColor": "#9fe1e7",
                "foregroundColor": "#000000",
                "selected": True,
                "accessRole": c.access_role,
                "defaultReminders": [],
                **({"primary": True} if c.primary else {}),
            }
            for c in self.calendars.values()
        ]
        page, following = self._page(entries, query, state)
        reply: dict[str, Any] = {"kind": "calendar#calendarList", "etag": '"p1"', "items": page}
        if following is not None:
            reply["nextPageToken"] = _encode({"offset": following})
        else:
            reply["nextSyncToken"] = "calendar-list-sync"
        return 200, reply

    def _events(self, calendar: FakeCalendar, query: dict[str, str]):
        if self.endless:
            token = "again" if self.endless == "repeat" else f"page-{len(self.requests)}"
            return 200, {"kind": "calendar#events", "items": [], "nextPageToken": token}
        sync_token = query.get("syncToken")
        if sync_token and any(key in query for key in RESTRICTIONS):
            return 400, error_body(
                400,
                "Sync token cannot be used with other request restrictions.",
                "syncTokenWithRequestRestrictions",
                "calendar",
            )
        if sync_token and query.get("showDeleted") == "false":
            return 400, error_body(400, "Invalid showDeleted with syncToken", "invalid")
        state = _decode(query["pageToken"]) if query.get("pageToken") else {}
        snapshot = int(state.get("version", calendar.version))
        if sync_token:
            since = int(_decode(sync_token.removeprefix("sync-"))["version"])
            if since < calendar.oldest_valid_sync:
                return 410, error_body(
                    410,
                    "Sync token is no longer valid, a full sync is required.",
                    "fullSyncRequired",
                    "calendar",
                )
            chosen = [
                item
                for event_id, item in calendar.events.items()
                if since < calendar.changed_at[event_id] <= snapshot
            ]
        else:
            show_deleted = query.get("showDeleted") == "true"
            low = datetime.fromisoformat(query["timeMin"]) if "timeMin" in query else None
            high = datetime.fromisoformat(query["timeMax"]) if "timeMax" in query else None
            chosen = []
            for item in calendar.events.values():
                if item.get("status") == "cancelled" and not show_deleted:
                    continue
                if "start" in item:
                    start, end = calendar.bounds(item)
                    if (low and end <= low) or (high and start >= high):
                        continue
                chosen.append(item)
        chosen.sort(
            key=lambda i: (
                calendar.bounds(i)[0].astimezone(UTC)
                if "start" in i
                else datetime.min.replace(tzinfo=UTC),
                i["id"],
            )
        )
        page, following = self._page(chosen, query, state)
        reply: dict[str, Any] = {
            "kind": "calendar#events",
            "etag": f'"{snapshot}"',
            "summary": calendar.summary,
            "description": "",
            "updated": "2026-11-20T08:00:00.000Z",
            "timeZone": calendar.time_zone,
            "accessRole": calendar.access_role,
            "defaultReminders": [{"method": "popup", "minutes": 10}],
            "items": page,
        }
        if following is not None:
            reply["nextPageToken"] = _encode({"offset": following, "version": snapshot})
        else:
            reply["nextSyncToken"] = "sync-" + _encode({"version": snapshot})
        return 200, reply

    def _token(self, form: dict[str, str]):
        self.token_grants.append(form.get("grant_type", ""))
        grant = form.get("grant_type")
        client_ok = form.get("client_id") == self.client_id
        if (
            client_ok
            and grant == "refresh_token"
            and form.get("refresh_token") == self.refresh_token
        ):
            return 200, self._issue(with_refresh=False)
        if (
            client_ok
            and grant == "authorization_code"
            and form.get("code") in self.authorization_codes
        ):
            self.authorization_codes.discard(form["code"])
            return 200, self._issue(with_refresh=True)
        return 400, {
            "error": "invalid_grant",
            "error_description": "Token has been expired or revoked.",
        }

    def _issue(self, *, with_refresh: bool) -> dict[str, Any]:
        self.issued += 1
        token = f"ya29.fake-issued-{self.issued}"
        self.access_tokens.add(token)
        reply: dict[str, Any] = {
            "access_token": token,
            "expires_in": 3599,
            "scope": "https://www.googleapis.com/auth/calendar.readonly",
            "token_type": "Bearer",
        }
        if with_refresh:
            reply["refresh_token"] = self.refresh_token
        return reply


def serve(google: FakeGoogle) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _reply(self, method: str) -> None:
            split = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(split.query))
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, document = google.handle(method, split.path, query, self.headers, body)
            data = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._reply("GET")

        def do_POST(self) -> None:
            self._reply("POST")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    google.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    return server
