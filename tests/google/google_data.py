"""Dana's Google calendars for the tests: names, the fixture files, and a token for the fake.

A module of its own (not conftest.py), so that test modules import it by a name
no other test folder uses.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from fakeapi import FakeCalendar, FakeGoogle

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
