"""The Calendar v3 API through google-api-python-client: retries, and failures as one line.

The client is built from the discovery document the library ships (no network
to discover), against `LEVELCAL_GOOGLE_API_ROOT` when it is set (a proxy, or a
fake server in tests). Rate limits (429, 403 rateLimitExceeded and
userRateLimitExceeded) and server errors (5xx) are retried with exponential
backoff and jitter, a bounded number of times; anything else becomes a
`LevelcalError` whose message is one line.
"""

from __future__ import annotations

import itertools
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from levelcal.errors import ConfigError, NetworkError
from levelcal.ingest.retry import CONNECTION_ATTEMPTS, Retry, first_line, retry_after
from levelcal.ingest.sync_store import SyncExpired

API_ROOT_VARIABLE = "LEVELCAL_GOOGLE_API_ROOT"
RETRY_BASE_VARIABLE = "LEVELCAL_GOOGLE_RETRY_BASE_SECONDS"
DEFAULT_ROOT = "https://www.googleapis.com/"
SERVICE_PATH = "calendar/v3/"
RECONNECT = "run `levelcal connect google` to connect again"
# A page holds up to 2,500 events: 1,000 pages are 2.5 million, more than any calendar has.
# A server that never stops sending nextPageToken is given up on there, or sooner when it
# sends a token twice.
MAX_PAGES = 1000
# The whole run's requests to the API (every page of every calendar, and the retries) end
# within this many times --timeout: a server that answers slowly forever cannot hold a run.
TOTAL_TIMEOUTS = 10
_RATE_LIMIT_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"}


class NotFound(NetworkError):
    """404: no such calendar (or the server does not know the `primary` alias)."""


class SyncTokenExpired(SyncExpired):
    """410 GONE: the server no longer knows the sync token; a full sync is required."""


def api_base() -> str:
    """Where requests go: $LEVELCAL_GOOGLE_API_ROOT + calendar/v3/, or Google's.

    The variable is a root like Google's `https://www.googleapis.com/`; a value
    that already ends in `calendar/v3` is taken as the whole base.
    """
    root = os.environ.get(API_ROOT_VARIABLE, "").strip() or DEFAULT_ROOT
    root = root.rstrip("/") + "/"
    return root if root.endswith("/" + SERVICE_PATH) else root + SERVICE_PATH


def discovery_document() -> str:
    """The Calendar v3 discovery document shipped inside google-api-python-client."""
    import googleapiclient

    shipped = Path(googleapiclient.__file__).parent / "discovery_cache/documents/calendar.v3.json"
    return shipped.read_text(encoding="utf-8")


def _reasons(content: bytes) -> tuple[set[str], str]:
    """The error reasons and message of a Google JSON error body (both formats)."""
    try:
        error = json.loads(content.decode("utf-8", "replace")).get("error", {})
    except (ValueError, AttributeError):
        return set(), ""
    if not isinstance(error, Mapping):
        return set(), str(error)
    reasons = {str(e.get("reason")) for e in error.get("errors", ()) if isinstance(e, Mapping)}
    reasons |= {str(d.get("reason")) for d in error.get("details", ()) if isinstance(d, Mapping)}
    return reasons - {"None"}, str(error.get("message", ""))


class CalendarApi:
    """The calls levelcal makes: calendarList.list and events.list, page by page."""

    def __init__(self, credentials: Any, *, timeout: float, retry: Retry | None = None) -> None:
        import google_auth_httplib2
        import httplib2
        from googleapiclient.discovery import build_from_document

        self.base = api_base()
        self.credentials = credentials  # renewed in place by the client when it expires
        self.initial_token: str | None = credentials.token
        self.retry = retry or Retry.from_environment(RETRY_BASE_VARIABLE)
        self.time_limit = TOTAL_TIMEOUTS * timeout
        self.deadline = time.monotonic() + self.time_limit
        http = google_auth_httplib2.AuthorizedHttp(credentials, http=httplib2.Http(timeout=timeout))
        self._service = build_from_document(
            discovery_document(), http=http, client_options={"api_endpoint": self.base}
        )

    def calendars(self) -> list[dict[str, Any]]:
        """Every calendar in the account's list (calendarList.list, all pages)."""
        items: list[dict[str, Any]] = []
        calendar_list = self._service.calendarList()
        for page in self._pages(
            lambda token: calendar_list.list(maxResults=250, pageToken=token),
            "listing your calendars",
        ):
            items.extend(page.get("items", ()))
        return items

    def event_pages(self, calendar_id: str, **query: Any) -> Iterator[dict[str, Any]]:
        """events.list for one calendar, every page in turn (the last has nextSyncToken)."""
        events = self._service.events()
        return self._pages(
            lambda token: events.list(calendarId=calendar_id, pageToken=token, **query),
            f"reading calendar {calendar_id}",
        )

    def _pages(self, request_for: Callable[[str | None], Any], what: str) -> Iterator[Any]:
        """Every page of a listing, following nextPageToken: at most MAX_PAGES, and never
        a token the server already sent (it would send the same pages for ever)."""
        seen: set[str] = set()
        token: str | None = None
        for number in itertools.count(1):
            page = self.execute(request_for(token), what)
            yield page
            token = page.get("nextPageToken")
            if not token:
                return
            if token in seen or number >= MAX_PAGES:
                why = (
                    "sent the same page token twice"
                    if token in seen
                    else (f"sent more than {MAX_PAGES:,} pages, more than any calendar has")
                )
                raise NetworkError(f"Google Calendar API, {what}: the server {why}; gave up")
            seen.add(token)

    def execute(self, request: Any, what: str) -> Any:
        """Run one request, retrying rate limits, server errors and dropped connections."""
        import google.auth.exceptions
        import httplib2
        from googleapiclient.errors import HttpError

        attempts = self.retry.attempts
        for attempt in range(attempts):
            if time.monotonic() > self.deadline:
                raise NetworkError(
                    f"Google Calendar API, {what}: not done within {self.time_limit:g} s "
                    f"in all ({TOTAL_TIMEOUTS} times --timeout; raise it with --timeout)"
                )
            last = attempt == attempts - 1
            try:
                return request.execute()
            except HttpError as error:
                status = error.resp.status
                reasons, message = _reasons(error.content)
                if status == 410:
                    raise SyncTokenExpired(message) from None
                if status == 401:
                    raise ConfigError(
                        f"Google refused the stored token while {what}; {RECONNECT}"
                    ) from None
                transient = (
                    status == 429
                    or status >= 500
                    or (status == 403 and bool(reasons & _RATE_LIMIT_REASONS))
                )
                if transient and not last:
                    self.retry.sleep(self.retry.delay(attempt, retry_after(error.resp)))
                    continue
                detail = f" ({', '.join(sorted(reasons))})" if reasons else ""
                if status == 404:
                    raise NotFound(
                        f"Google Calendar API, {what}: HTTP 404{detail}: no such calendar "
                        "(`levelcal calendars` lists the ones you can read)"
                    ) from None
                gave_up = f"; gave up after {attempts} attempts" if transient else ""
                raise NetworkError(
                    f"Google Calendar API, {what}: HTTP {status}{detail}: "
                    f"{message or error.resp.reason}{gave_up}"
                ) from None
            except google.auth.exceptions.RefreshError as error:
                raise ConfigError(
                    f"Google refused to refresh the token ({first_line(error)}); {RECONNECT}"
                ) from None
            except (
                google.auth.exceptions.TransportError,
                httplib2.HttpLib2Error,
                OSError,
            ) as error:
                # A dropped connection is worth a retry or two; a refused one rarely more.
                if attempt + 1 < min(attempts, CONNECTION_ATTEMPTS):
                    self.retry.sleep(self.retry.delay(attempt, None))
                    continue
                raise NetworkError(
                    f"cannot reach the Google Calendar API at {self.base} while {what} "
                    f"({first_line(error)}; "
                    f"gave up after {attempt + 1} attempts)"
                ) from None
        raise AssertionError("unreachable")  # pragma: no cover
