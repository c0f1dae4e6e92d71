"""Microsoft Graph, the calls levelcal makes: calendars, calendarView and its delta.

Every request asks for UTC (`Prefer: outlook.timezone="UTC"`), so no zone is
ever guessed, and follows every `@odata.nextLink`. 429 and 503 are retried,
honouring `Retry-After`, with exponential backoff otherwise; a dropped
connection is tried three times; anything else is one line (exit 3), a
refused token one line saying to connect again (exit 2). `$LEVELCAL_MICROSOFT_GRAPH_ROOT`
replaces https://graph.microsoft.com/v1.0/ (a proxy, a test server).
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from levelcal.errors import ConfigError, NetworkError
from levelcal.ingest.retry import CONNECTION_ATTEMPTS, Retry, first_line, one_line, retry_after
from levelcal.ingest.sync_store import SyncExpired

if TYPE_CHECKING:
    from levelcal.ingest.microsoft.auth import Token

GRAPH_ROOT_VARIABLE = "LEVELCAL_MICROSOFT_GRAPH_ROOT"
RETRY_BASE_VARIABLE = "LEVELCAL_MICROSOFT_RETRY_BASE_SECONDS"
DEFAULT_GRAPH_ROOT = "https://graph.microsoft.com/v1.0/"
PAGE_SIZE = 200
PREFER = f'outlook.timezone="UTC", outlook.body-content-type="text", odata.maxpagesize={PAGE_SIZE}'
RECONNECT = "run `levelcal connect microsoft` to connect again"
PRIMARY = "primary"
# A page holds up to PAGE_SIZE events: 10,000 pages are 2 million, more than any calendar
# has. A server that never stops sending @odata.nextLink is given up on there, or sooner
# when it sends a link twice; and the whole run's requests end within TOTAL_TIMEOUTS
# times --timeout, as for Google.
MAX_PAGES = 10_000
TOTAL_TIMEOUTS = 10
_RETRIED = {429, 503}
# Graph's signals that a delta link is dead: 410 Gone, or these codes (on a 4xx).
_RESYNC = {"syncStateNotFound", "syncStateInvalid", "resyncRequired"}


class GraphError(NetworkError):
    """An answer from Graph that is not the data: its HTTP status, and the message."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class NotFound(GraphError):
    """404: no such calendar."""


class DeltaExpired(SyncExpired):
    """The delta link is no longer valid (410, syncStateNotFound): a full sync is required."""


def graph_root() -> str:
    root = os.environ.get(GRAPH_ROOT_VARIABLE, "").strip() or DEFAULT_GRAPH_ROOT
    return root.rstrip("/") + "/"


def calendar_path(calendar_id: str) -> str:
    """The calendar's own path: `me/calendar` for the default one, else `me/calendars/ID`."""
    return (
        "me/calendar" if calendar_id == PRIMARY else f"me/calendars/{quote(calendar_id, safe='')}"
    )


def _error_of(response: Any) -> tuple[str, str]:
    """Graph's error code and message (`{"error": {"code", "message"}}`), when it sent one."""
    try:
        error = response.json().get("error", {})
    except (ValueError, AttributeError):
        return "", ""
    if not isinstance(error, Mapping):
        return "", str(error)
    return str(error.get("code") or ""), one_line(str(error.get("message") or ""))


class GraphApi:
    """One signed-in session with Microsoft Graph."""

    def __init__(self, token: Token, *, timeout: float, retry: Retry | None = None) -> None:
        import requests

        self.root = graph_root()
        self.token = token
        self.timeout = timeout
        self.time_limit = TOTAL_TIMEOUTS * timeout
        self.deadline = time.monotonic() + self.time_limit
        self.retry = retry or Retry.from_environment(RETRY_BASE_VARIABLE)
        self._session = requests.Session()
        self._session.headers.update({"Accept": "application/json", "Prefer": PREFER})
        self._bearer: str | None = None

    def pages(
        self, path_or_link: str, params: Mapping[str, str] | None, what: str
    ) -> Iterator[dict[str, Any]]:
        """GET one collection, then every `@odata.nextLink` in turn (the last page may hold an
        `@odata.deltaLink`)."""
        url, query = path_or_link, params
        seen: set[str] = set()
        for number in itertools.count(1):
            page = self.get(url, query, what)
            yield page
            link, query = page.get("@odata.nextLink"), None
            if not link:
                return
            url = str(link)
            if url in seen or number >= MAX_PAGES:
                why = (
                    "sent the same @odata.nextLink twice"
                    if url in seen
                    else f"sent more than {MAX_PAGES:,} pages, more than any calendar has"
                )
                raise NetworkError(f"Microsoft Graph, {what}: the server {why}; gave up")
            seen.add(url)

    def calendars(self) -> list[dict[str, Any]]:
        """Every calendar of the signed-in user (me/calendars, all pages)."""
        found: list[dict[str, Any]] = []
        for page in self.pages("me/calendars", None, "listing your calendars"):
            found.extend(page.get("value", ()))
        return found

    def calendar(self, calendar_id: str) -> dict[str, Any]:
        return self.get(calendar_path(calendar_id), None, f"reading calendar {calendar_id}")

    def get(self, path_or_link: str, params: Mapping[str, str] | None, what: str) -> dict[str, Any]:
        """One GET (a path under the root, or a link Graph gave), with the retries above."""
        import requests

        url = path_or_link if "://" in path_or_link else self.root + path_or_link
        renewed = False
        attempt = 0
        while True:
            if time.monotonic() > self.deadline:
                raise NetworkError(
                    f"Microsoft Graph, {what}: not done within {self.time_limit:g} s in all "
                    f"({TOTAL_TIMEOUTS} times --timeout; raise it with --timeout)"
                )
            if self._bearer is None:
                self._bearer = self.token.access_token()
            try:
                response = self._session.get(
                    url,
                    params=params,
                    headers={"Authorization": f"Bearer {self._bearer}"},
                    timeout=self.timeout,
                )
            except requests.RequestException as error:
                attempt += 1
                if attempt < min(self.retry.attempts, CONNECTION_ATTEMPTS):
                    self.retry.sleep(self.retry.delay(attempt - 1, None))
                    continue
                raise NetworkError(
                    f"cannot reach Microsoft Graph at {self.root} while {what} "
                    f"({first_line(error)}; gave up after {attempt} attempts)"
                ) from None
            status = response.status_code
            if status == 200:
                return self._json(response, what)
            code, message = _error_of(response)
            if status == 401 and not renewed:  # expired or revoked: renew once
                self._bearer, renewed = self.token.access_token(renew=True), True
                continue
            if status == 401:
                raise ConfigError(f"Microsoft Graph refused the token while {what}; {RECONNECT}")
            if status == 410 or code in _RESYNC:
                raise DeltaExpired(code or "410 Gone")
            attempt += 1
            if status in _RETRIED and attempt < self.retry.attempts:
                self.retry.sleep(self.retry.delay(attempt - 1, retry_after(response.headers)))
                continue
            detail = f" ({code})" if code else ""
            gave_up = f"; gave up after {attempt} attempts" if status in _RETRIED else ""
            if status == 404:
                raise NotFound(
                    f"Microsoft Graph, {what}: HTTP 404{detail}: no such calendar "
                    "(`levelcal calendars` lists the ones you can read)",
                    status,
                )
            raise GraphError(
                f"Microsoft Graph, {what}: HTTP {status}{detail}: "
                f"{message or response.reason}{gave_up}",
                status,
            )

    @staticmethod
    def _json(response: Any, what: str) -> dict[str, Any]:
        try:
            document = response.json()
        except ValueError:
            document = None
        if not isinstance(document, dict):
            raise NetworkError(f"Microsoft Graph, {what}: the answer is not a JSON object")
        return document
