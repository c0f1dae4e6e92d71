"""What makes an HTML mail render the same in Gmail and Outlook as in a browser.

Those clients drop inline SVG and scripts, and fetch no remote image or style
sheet unless the reader asks: a chart must be drawn in the HTML itself (table
cells) or be an image attached to the message and named by `cid:`.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from html.parser import HTMLParser

DROPPED_TAGS = {"svg", "script", "link", "iframe", "object", "embed", "base", "form", "canvas"}
URL_ATTRIBUTES = {"src", "href", "background", "action", "poster", "srcset", "data"}
_REMOTE = re.compile(r"^\s*(?:https?:|//|javascript:|data:)", re.IGNORECASE)
_REMOTE_CSS = re.compile(r"url\s*\(|@import", re.IGNORECASE)


class _Scan(HTMLParser):
    def __init__(self, attached: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.attached = attached
        self.problems: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_TAGS:
            self.problems.append(f"<{tag}>")
        self._in_style = tag == "style"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>: a script")
            if name in URL_ATTRIBUTES and _REMOTE.match(value):
                self.problems.append(f"<{tag} {name}={value!r}>: fetched from elsewhere")
            if name == "style" and _REMOTE_CSS.search(value):
                self.problems.append(f"<{tag} style={value!r}>: remote CSS")
        if tag == "img":
            source = dict(attrs).get("src") or ""
            if not source.startswith("cid:") or source[4:] not in self.attached:
                self.problems.append(f"<img src={source!r}>: not an attached image")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and _REMOTE_CSS.search(data):
            self.problems.append("<style>: remote CSS (url() or @import)")


def email_unsafe(html: str, attached: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """What in `html` a mail client would drop or fetch; `attached`: the Content-IDs sent
    with it (without the angle brackets)."""
    scan = _Scan(set(attached))
    scan.feed(html)
    scan.close()
    return scan.problems


def attached_ids(message: EmailMessage) -> set[str]:
    """The Content-IDs of the message's parts, as `cid:` URLs name them."""
    return {str(part["Content-ID"]).strip("<>") for part in message.walk() if part["Content-ID"]}
