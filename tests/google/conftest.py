"""The fake Google Calendar API as a fixture, and a connected account pointed at it."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fakeapi import FakeCalendar, FakeGoogle, serve

DATA = Path(__file__).parent.parent / "data" / "google"
PRIMARY = "dana@northwind.example"
TEAM = "c_01hq7platformteam@group.calendar.google.com"
WEEK = ("--from", "2026-11-16", "--to", "2026-11-23", "--tz", "Europe/Berlin")


def fixture_calendar(name: str) -> tuple[FakeCalendar, list[dict]]:
    document = json.loads((DATA / name).read_text(encoding="utf-8"))
    meta = document["calendar"]
    calendar = FakeCalendar(
        id=meta["id"],
        summary=meta["summary"],
        time_zone=meta["timeZone"],
        primary=bool(meta.get("primary")),
        access_role=meta["accessRole"],
    )
    return calendar, document["items"]


def write_token(
    path: Path,
    google: FakeGoogle,
    *,
    token: str = "ya29.fake-access",
    expiry: str | None = "2099-01-01T00:00:00Z",
) -> Path:
    info = {
        "token": token,
        "refresh_token": google.refresh_token,
        "token_uri": google.base + "/token",
        "client_id": google.client_id,
        "client_secret": google.client_secret,
        "scopes": ["https://www.googleapis.com/auth/calendar.readonly"],
        "universe_domain": "googleapis.com",
        "account": "",
    }
    if expiry:
        info["expiry"] = expiry
    path.write_text(json.dumps(info), encoding="utf-8")
    os.chmod(path, 0o600)
    return path


@pytest.fixture
def google(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogle]:
    """A fake API with Dana's primary and team calendars, and levelcal pointed at it."""
    fake = FakeGoogle()
    server = serve(fake)
    for name in ("dana-primary.json", "platform-team.json"):
        calendar, items = fixture_calendar(name)
        fake.add_calendar(calendar, items)
    fake.page_size = 4  # several pages even for one week
    monkeypatch.setenv("LEVELCAL_GOOGLE_API_ROOT", fake.root)
    monkeypatch.setenv("LEVELCAL_GOOGLE_TOKEN", str(write_token(tmp_path / "token.json", fake)))
    monkeypatch.setenv("LEVELCAL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LEVELCAL_GOOGLE_RETRY_BASE_SECONDS", "0.001")
    yield fake
    server.shutdown()
    server.server_close()
