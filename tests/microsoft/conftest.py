"""The fake identity platform and Graph as a fixture, and a levelcal signed in to it by the
real msal (`levelcal connect microsoft`, the device code flow)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import dana_week
from fakegraph import FakeCalendar, FakeMicrosoft, certificate, serve

DEFAULT_ID = dana_week.DEFAULT_ID


@pytest.fixture(scope="session")
def tls(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def microsoft(tls, tmp_path, monkeypatch, isolated_config) -> Iterator[FakeMicrosoft]:
    """Dana's Outlook calendar behind a fake Microsoft, and levelcal configured for it."""
    fake = FakeMicrosoft()
    server = serve(fake, tls)
    fake.add_calendar(FakeCalendar(DEFAULT_ID, "Calendar", default=True), dana_week.items())
    monkeypatch.setenv("LEVELCAL_MICROSOFT_AUTHORITY", fake.authority)
    monkeypatch.setenv("LEVELCAL_MICROSOFT_GRAPH_ROOT", fake.graph_root)
    monkeypatch.setenv("LEVELCAL_MICROSOFT_TOKEN_CACHE", str(tmp_path / "microsoft-token.json"))
    monkeypatch.setenv("LEVELCAL_MICROSOFT_RETRY_BASE_SECONDS", "0.001")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls[0]))
    (isolated_config / "config.toml").write_text(
        f'[microsoft]\nclient_id = "{fake.client_id}"\nsync_days_back = 3660\n'
        "sync_days_ahead = 3660\n",
        encoding="utf-8",
    )
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def connected(microsoft, run) -> FakeMicrosoft:
    """levelcal signed in through the device code flow, as a user would once."""
    result = run("connect", "microsoft")
    assert result.exit_code == 0, result.output
    microsoft.requests.clear()
    microsoft.grants.clear()
    return microsoft
