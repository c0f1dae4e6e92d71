"""Signing in with the real msal: the device code by default, a token cache kept 0600 and
renewed silently; no run but `connect` ever prompts."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from dana_week import WEEK

from shown import one_line


def cache_file() -> Path:
    return Path(os.environ["LEVELCAL_MICROSOFT_TOKEN_CACHE"])


def test_connect_uses_the_device_code_and_asks_for_calendars_read_only(microsoft, run):
    result = run("connect", "microsoft")
    assert result.exit_code == 0, result.output
    assert "FAKE-CODE" in result.stderr and "microsoft.com/devicelogin" in result.stderr
    assert microsoft.grants == ["urn:ietf:params:oauth:grant-type:device_code"]
    asked = set(microsoft.scopes_asked[0].split())
    # Calendars.Read and offline_access; openid and profile are msal's sign-in scopes.
    assert asked == {
        "https://graph.microsoft.com/Calendars.Read",
        "offline_access",
        "openid",
        "profile",
    }
    assert cache_file().stat().st_mode & 0o777 == 0o600
    assert "RefreshToken" in json.loads(cache_file().read_text())  # msal's own format


def test_connect_with_a_client_id_keeps_it_in_the_config(microsoft, run, isolated_config):
    (isolated_config / "config.toml").write_text(
        "[microsoft]\nsync_days_back = 3660\nsync_days_ahead = 3660\n", encoding="utf-8"
    )
    result = run("connect", "microsoft", "--client-id", microsoft.client_id)
    assert result.exit_code == 0, result.output
    assert f'client_id = "{microsoft.client_id}"' in (isolated_config / "config.toml").read_text()
    assert run("analyze", *WEEK, "-c", "microsoft", "--json").exit_code == 0


def test_without_a_sign_in_a_cron_run_fails_in_one_line_and_never_prompts(microsoft, run):
    result = run("analyze", *WEEK, "-c", "microsoft", input=None)
    assert result.exit_code == 2
    line = one_line(result)
    assert "run `levelcal connect microsoft`" in line and str(cache_file()) in line
    assert microsoft.requests == [] and microsoft.grants == []


def test_without_an_app_registration_it_says_how_to_make_one(microsoft, run, isolated_config):
    (isolated_config / "config.toml").write_text("", encoding="utf-8")
    result = run("connect", "microsoft")
    assert result.exit_code == 2
    assert "--client-id" in one_line(result) and "Sources" in result.stderr


def test_a_damaged_cache_says_to_connect_again(microsoft, run):
    cache_file().write_text("{not json", encoding="utf-8")
    result = run("analyze", *WEEK, "-c", "microsoft")
    assert result.exit_code == 2
    assert "levelcal connect microsoft" in one_line(result)


def test_an_expiring_token_is_renewed_silently_and_written_back_private(microsoft, run):
    microsoft.token_lifetime = 60  # msal renews what expires within five minutes
    assert run("connect", "microsoft").exit_code == 0
    before = cache_file().read_text()
    result = run("analyze", *WEEK, "-c", "microsoft", "--json")
    assert result.exit_code == 0, result.output
    assert microsoft.grants[-1] == "refresh_token"
    after = cache_file().read_text()
    assert after != before and "fake-access-2" in after
    assert cache_file().stat().st_mode & 0o777 == 0o600


def test_a_refused_renewal_is_one_line_saying_to_connect_again(microsoft, run):
    microsoft.token_lifetime = 60
    assert run("connect", "microsoft").exit_code == 0
    microsoft.refresh_tokens.clear()  # revoked at Microsoft
    result = run("analyze", *WEEK, "-c", "microsoft")
    assert result.exit_code == 2
    line = one_line(result)
    assert "invalid_grant" in line and "levelcal connect microsoft" in line


def test_a_token_graph_refuses_is_renewed_once_and_the_run_goes_on(connected, run):
    connected.access_tokens.clear()  # revoked: Graph answers 401
    result = run("analyze", *WEEK, "-c", "microsoft", "--json")
    assert result.exit_code == 0, result.output
    assert connected.grants == ["refresh_token"]


def test_revoke_deletes_the_cache_and_the_sync_cache(connected, run):
    assert run("analyze", *WEEK, "-c", "microsoft", "--json").exit_code == 0
    result = run("connect", "microsoft", "--revoke")
    assert result.exit_code == 0
    assert result.stdout.startswith("removed the Microsoft 365 token cache")
    assert not cache_file().exists()
    assert not (Path(os.environ["LEVELCAL_CACHE_DIR"]) / "microsoft-sync.sqlite3").exists()
    assert run("connect", "microsoft", "--revoke").stdout.startswith("no Microsoft 365 token")


def test_calendars_lists_the_outlook_calendars(connected, run):
    from fakegraph import FakeCalendar

    connected.add_calendar(FakeCalendar("AAMkTeam", "Platform team"))
    result = run("calendars", "microsoft")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "microsoft:AAMkADanaCalendar  Calendar  [owner, primary, analyzed]",
        "microsoft:AAMkTeam  Platform team  [reader]",
    ]
    rows = json.loads(run("calendars", "--json").stdout)  # every account set up
    assert {row["account"] for row in rows} == {"microsoft"}


@pytest.mark.parametrize("flag", ["--browser"])
def test_the_browser_flow_signs_in_through_a_loopback_redirect(microsoft, tls, tmp_path, flag):
    """`connect microsoft --browser` in its own process, with a 'browser' that follows the
    authorization page back to msal's loopback server, as a person's browser would."""
    import subprocess
    import sys

    browser = tmp_path / "browser.py"
    browser.write_text(BROWSER.format(fake=microsoft.base), encoding="utf-8")
    microsoft.authorization_codes.add("fake-auth-code")
    env = {**os.environ, "BROWSER": f"{sys.executable} {browser} %s", "SSL_CERT_FILE": str(tls[0])}
    result = subprocess.run(
        [sys.executable, "-m", "levelcal.cli", "connect", "microsoft", flag],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "authorization_code" in microsoft.grants
    assert cache_file().stat().st_mode & 0o777 == 0o600


# The "browser": reads the redirect_uri and state from the authorization URL and, in a
# detached process (webbrowser waits for it), posts the code back as the page would.
BROWSER = """
import os, subprocess, sys, urllib.parse
url = sys.argv[1]
query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
assert url.startswith("{fake}"), url
if os.environ.get("LEVELCAL_FAKE_BROWSER_CHILD") != "1":
    env = dict(os.environ, LEVELCAL_FAKE_BROWSER_CHILD="1")
    subprocess.Popen([sys.executable, __file__, url], env=env, start_new_session=True)
    sys.exit(0)
import time, urllib.request
urllib.request.urlopen(url, timeout=10).read()  # the sign-in page
time.sleep(0.3)
form = urllib.parse.urlencode({{"code": "fake-auth-code", "state": query["state"]}}).encode()
urllib.request.urlopen(query["redirect_uri"], data=form, timeout=10).read()
"""
