"""The WebDAV requests levelcal makes, through the caldav package, and their failures.

Five requests, each built from caldav's own XML elements and read with its
parsers: PROPFIND (a collection's type, name and sync token; the calendars
under an account), a time-range calendar-query REPORT (RFC 4791 §7.8: the
objects with an instance in a range, with or without their data), a
sync-collection REPORT (RFC 6578: what changed since a token), and a
calendar-multiget REPORT (RFC 4791 §7.9: the data of given objects).

429 and 503 are retried, honouring `Retry-After`; a dropped connection three
times; a refused login is one line saying what to check (exit 2), and so is an
answer larger than --max-download-mb (each answer is read with that cap, as a
calendar URL is); anything else one line (exit 3).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

from levelcal.errors import ConfigError, InputError, NetworkError
from levelcal.ingest.download import TooBig
from levelcal.ingest.retry import CONNECTION_ATTEMPTS, Retry, first_line
from levelcal.ingest.sync_store import SyncExpired
from levelcal.limits import DEFAULT, megabytes
from levelcal.redact import redact_url

RETRY_BASE_VARIABLE = "LEVELCAL_CALDAV_RETRY_BASE_SECONDS"
MULTIGET_BATCH = 100  # hrefs per calendar-multiget: servers cap a request's size
_CALENDAR = "{urn:ietf:params:xml:ns:caldav}calendar"
_T = TypeVar("_T")


class TokenExpired(SyncExpired):
    """The server refused the sync token (RFC 6578 §3.2, DAV:valid-sync-token)."""


@dataclass(frozen=True, slots=True)
class Collection:
    """A WebDAV collection: its URL, whether it is a calendar, its name and sync token."""

    url: str
    calendar: bool
    name: str
    sync_token: str  # "": the server offers no sync-collection (ETags are compared instead)


@dataclass(frozen=True, slots=True)
class DavObject:
    """One calendar object resource: its href, ETag and iCalendar text (None: not fetched)."""

    href: str
    etag: str
    data: str | None = None


def _xml(parent: Any, *children: Any) -> Any:
    """caldav's XML element `parent` with `children` appended (its own `+`)."""
    for child in children:
        parent.append(child)
    return parent


def _body(element: Any) -> str:
    from lxml import etree

    return etree.tostring(element.xmlelement(), encoding="utf-8", xml_declaration=True).decode()


class _Capped:
    """caldav's HTTP session (requests or niquests), each answer's body read at most
    `max_bytes`, as a calendar URL's is: a server cannot make levelcal hold more."""

    def __init__(self, session: Any, max_bytes: int) -> None:
        self._session = session
        self._max_bytes = max_bytes

    def request(self, *args: Any, **kwargs: Any) -> Any:
        response = self._session.request(*args, **{**kwargs, "stream": True})
        body = bytearray()
        try:
            for chunk in response.iter_content(64 * 1024):
                body += chunk
                if len(body) > self._max_bytes:
                    raise TooBig
        except BaseException:
            response.close()  # the rest of the body is left unread
            raise
        response._content = bytes(body)  # what `content` would have read, read with a cap
        return response

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


class DavClient:
    """One logged-in CalDAV session (a caldav `DAVClient`)."""

    def __init__(
        self,
        url: str,
        user: str | None,
        password: str | None,
        *,
        timeout: float,
        max_bytes: int = DEFAULT.download_bytes,
    ) -> None:
        try:
            from caldav.davclient import DAVClient
        except ImportError:
            raise ConfigError(
                "CalDAV calendars need the caldav package: pip install 'levelcal[caldav]'"
            ) from None

        self.shown = redact_url(url)
        self.retry = Retry.from_environment(RETRY_BASE_VARIABLE)
        self.user = user
        self._client = DAVClient(
            url=url,
            username=user,
            password=password,
            timeout=int(timeout) or 1,
            enable_rfc6764=False,  # the URL is the server's: no DNS discovery
        )
        self.max_bytes = max_bytes
        self._client.session = _Capped(self._client.session, max_bytes)  # type: ignore[assignment]

    def absolute(self, href: str, base: str) -> str:
        return urljoin(base, href)

    # -- the requests ------------------------------------------------------------------

    def collection(self, url: str) -> Collection:
        """PROPFIND depth 0: is `url` a calendar, its name, its sync token."""
        from caldav.elements import dav

        props = _xml(dav.Prop(), dav.ResourceType(), dav.DisplayName(), dav.SyncToken())
        results = self._run(
            lambda: self._client.propfind(url, _body(_xml(dav.Propfind(), props)), depth=0),
            url,
            "reading the collection",
            lambda response: response.parse_propfind(),
        )
        found = results[0].properties if results else {}
        return Collection(
            url=url,
            calendar=_CALENDAR in (found.get("{DAV:}resourcetype") or ()),
            name=str(found.get("{DAV:}displayname") or "").strip(),
            sync_token=str(found.get("{DAV:}sync-token") or "").strip(),
        )

    def calendars(self, url: str) -> list[Collection]:
        """The calendars an account URL leads to: the principal's calendar home, or the
        collections right under `url` (PROPFIND depth 1)."""
        from caldav.elements import dav

        home = self._home(url) or url
        props = _xml(dav.Prop(), dav.ResourceType(), dav.DisplayName(), dav.SyncToken())
        results = self._run(
            lambda: self._client.propfind(home, _body(_xml(dav.Propfind(), props)), depth=1),
            home,
            "listing the calendars",
            lambda response: response.parse_propfind(),
        )
        return [
            Collection(
                url=self.absolute(result.href, home),
                calendar=True,
                name=str(result.properties.get("{DAV:}displayname") or "").strip(),
                sync_token=str(result.properties.get("{DAV:}sync-token") or "").strip(),
            )
            for result in results
            if _CALENDAR in (result.properties.get("{DAV:}resourcetype") or ())
        ]

    def _home(self, url: str) -> str | None:
        """The calendar home set of the user whose principal `url` names or leads to."""
        from caldav.elements import cdav, dav

        ask = _xml(dav.Prop(), dav.CurrentUserPrincipal())
        found = self._run(
            lambda: self._client.propfind(url, _body(_xml(dav.Propfind(), ask)), depth=0),
            url,
            "finding your account",
            lambda response: response.parse_propfind(),
        )
        principal = found[0].properties.get("{DAV:}current-user-principal") if found else None
        if not principal:
            return None
        principal_url = self.absolute(str(principal), url)
        ask = _xml(dav.Prop(), cdav.CalendarHomeSet())
        found = self._run(
            lambda: self._client.propfind(principal_url, _body(_xml(dav.Propfind(), ask)), depth=0),
            principal_url,
            "finding your calendars",
            lambda response: response.parse_propfind(),
        )
        home = found[0].properties.get(cdav.CalendarHomeSet.tag) if found else None
        if isinstance(home, list):
            home = home[0] if home else None
        return self.absolute(str(home), principal_url) if home else None

    def query(
        self, url: str, start: datetime, end: datetime, *, with_data: bool
    ) -> list[DavObject]:
        """calendar-query REPORT: the events with an instance in [start, end) (the server
        expands recurrences to decide, and returns each object whole, unexpanded)."""
        from caldav.elements import cdav, dav

        wanted = [dav.GetEtag(), cdav.CalendarData()] if with_data else [dav.GetEtag()]
        window = _xml(cdav.CompFilter("VEVENT"), cdav.TimeRange(start, end))
        query = _xml(
            cdav.CalendarQuery(),
            _xml(dav.Prop(), *wanted),
            _xml(cdav.Filter(), _xml(cdav.CompFilter("VCALENDAR"), window)),
        )
        results = self._run(
            lambda: self._client.report(url, _body(query), depth=1),
            url,
            "reading the calendar",
            lambda response: response.parse_calendar_query(),
        )
        return [
            DavObject(self.absolute(r.href, url), str(r.etag or ""), r.calendar_data)
            for r in results
            if r.status == 200 and not r.href.endswith("/")
        ]

    def changes(self, url: str, token: str) -> tuple[list[DavObject], list[str], str]:
        """sync-collection REPORT: the objects changed and the hrefs deleted since `token`,
        and the new token. Raises `TokenExpired` when the server refuses the token."""
        from caldav.elements import dav

        report = _xml(
            dav.SyncCollection(),
            dav.SyncToken(value=token),
            dav.SyncLevel(value="1"),
            _xml(dav.Prop(), dav.GetEtag()),
        )
        result = self._run(
            lambda: self._client.report(url, _body(report), depth=None),
            url,
            "asking what changed",
            lambda response: response.parse_sync_collection(),
        )
        changed = [
            DavObject(self.absolute(r.href, url), str(r.etag or ""))
            for r in result.changed
            if not r.href.endswith("/")
        ]
        deleted = [self.absolute(href, url) for href in result.deleted]
        return changed, deleted, str(result.sync_token or "")

    def multiget(self, url: str, hrefs: Sequence[str]) -> list[DavObject]:
        """calendar-multiget REPORT: the data of the objects at `hrefs`, in batches."""
        from caldav.elements import cdav, dav

        found: list[DavObject] = []
        for first in range(0, len(hrefs), MULTIGET_BATCH):
            batch = [urlsplit(href).path for href in hrefs[first : first + MULTIGET_BATCH]]
            wanted = _xml(dav.Prop(), dav.GetEtag(), cdav.CalendarData())
            report = _xml(
                cdav.CalendarMultiGet(), wanted, *(dav.Href(value=href) for href in batch)
            )
            results = self._report(url, _body(report), "fetching changed events")
            found += [
                DavObject(self.absolute(r.href, url), str(r.etag or ""), r.calendar_data)
                for r in results
                if r.status == 200 and r.calendar_data
            ]
        return found

    def _report(self, url: str, body: str, what: str) -> list[Any]:
        """A REPORT without a Depth header (calendar-multiget, RFC 4791 §7.9)."""
        return self._run(
            lambda: self._client.report(url, body, depth=None),
            url,
            what,
            lambda response: response.parse_calendar_query(),
        )

    # -- retries and errors --------------------------------------------------------------

    def _run(self, send: Callable[[], Any], url: str, what: str, parse: Callable[[Any], _T]) -> _T:
        """Send one request and parse its answer; retry what is worth retrying; every
        failure one line."""
        from caldav.lib import error as dav_error
        from caldav.lib.http_sync import requests as http
        from lxml import etree

        shown = redact_url(url)
        attempt = 0
        while True:
            attempt += 1
            try:
                response = send()
                status = int(response.status)
                if status in (200, 207):
                    return parse(response)
                if status == 503 and attempt < self.retry.attempts:  # without Retry-After
                    self.retry.sleep(self.retry.delay(attempt - 1, None))
                    continue
                raise NetworkError(
                    f"CalDAV server at {shown}, {what}: HTTP {status} {response.reason or ''}"
                    + (f"; gave up after {attempt} attempts" if status == 503 else "")
                )
            except TooBig:
                raise InputError(
                    f"CalDAV server at {shown}, {what}: the answer is larger than "
                    f"{megabytes(self.max_bytes)}; not read (raise the limit with "
                    "--max-download-mb)"
                ) from None
            except dav_error.RateLimitError as error:  # 429, or 503 with Retry-After
                if attempt >= self.retry.attempts:
                    raise NetworkError(
                        f"CalDAV server at {shown}, {what}: HTTP {error.status or 429}: "
                        f"rate limited; gave up after {attempt} attempts"
                    ) from None
                self.retry.sleep(self.retry.delay(attempt - 1, error.retry_after_seconds))
            except dav_error.AuthorizationError as error:
                if "{DAV:}valid-sync-token" in (getattr(error, "preconditions", None) or ()):
                    raise TokenExpired(str(error)) from None
                raise ConfigError(
                    f"the CalDAV server at {shown} refused the login"
                    f"{' of ' + self.user if self.user else ''} while {what} "
                    "(check caldav.user and the password; iCloud and Fastmail need an "
                    "app password, see the README's Sources section)"
                ) from None
            except (http.exceptions.RequestException, OSError) as error:
                if attempt < min(self.retry.attempts, CONNECTION_ATTEMPTS):
                    self.retry.sleep(self.retry.delay(attempt - 1, None))
                    continue
                raise NetworkError(
                    f"cannot reach the CalDAV server at {shown} while {what} "
                    f"({first_line(error)}; gave up after {attempt} attempts)"
                ) from None
            except (
                dav_error.DAVError,
                etree.LxmlError,
                ValueError,
                AssertionError,
                AttributeError,
                KeyError,
                TypeError,
            ) as error:
                # Whatever a hostile or broken server's answer makes lxml or caldav's
                # parsers raise is that server's fault: one line, never a traceback.
                raise NetworkError(
                    f"CalDAV server at {shown}, {what}: not a WebDAV answer levelcal can read "
                    f"({first_line(error)})"
                ) from None
