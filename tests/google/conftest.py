"""The fake Google Calendar API as a fixture, and a connected account pointed at it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fakeapi import FakeGoogle, serve
from google_data import fixture_calendar, write_token


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
