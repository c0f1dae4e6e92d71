"""The token: never a prompt without one, renewed at the token endpoint, kept private."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from google_data import WEEK, write_token


@pytest.fixture(autouse=True)
def wide_sync_span(isolated_config):
    (isolated_config / "config.toml").write_text(
        "[google]\nsync_days_back = 3660\nsync_days_ahead = 3660\n", encoding="utf-8"
    )


def token_file() -> Path:
    return Path(os.environ["LEVELCAL_GOOGLE_TOKEN"])


def one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_without_a_token_a_cron_run_fails_with_one_line_and_never_prompts(google, run, tmp_path):
    token_file().unlink()
    result = run("analyze", *WEEK, "-c", "google", input=None)
    assert result.exit_code == 2
    line = one_line(result)
    assert "run `levelcal connect google`" in line and str(token_file()) in line
    assert result.stdout == ""
    assert google.requests == []


def test_a_damaged_token_says_to_reconnect(google, run):
    token_file().write_text("{not json", encoding="utf-8")
    result = run("analyze", *WEEK, "-c", "google")
    assert result.exit_code == 2
    assert "levelcal connect google" in one_line(result)


def test_an_expired_token_is_renewed_and_written_back_private(google, run):
    write_token(token_file(), google, token="ya29.old", expiry="2020-01-01T00:00:00Z")
    result = run("analyze", *WEEK, "-c", "google", "--json")
    assert result.exit_code == 0, result.output
    assert google.token_grants == ["refresh_token"]
    stored = json.loads(token_file().read_text())
    assert stored["token"] == "ya29.fake-issued-1"
    assert stored["refresh_token"] == google.refresh_token
    assert stored["token_uri"] == google.base + "/token"
    assert token_file().stat().st_mode & 0o777 == 0o600
    from google.oauth2.credentials import Credentials

    again = Credentials.from_authorized_user_file(str(token_file()))  # google-auth's own format
    assert again.token == "ya29.fake-issued-1" and not again.expired


def test_a_token_the_api_refuses_is_renewed_once_and_the_run_goes_on(google, run):
    write_token(token_file(), google, token="ya29.revoked-by-server")
    result = run("analyze", *WEEK, "-c", "google", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(token_file().read_text())["token"] == "ya29.fake-issued-1"
    assert token_file().stat().st_mode & 0o777 == 0o600


def test_a_revoked_refresh_token_is_one_line_saying_to_reconnect(google, run):
    write_token(token_file(), google, token="ya29.old", expiry="2020-01-01T00:00:00Z")
    google.refresh_token = "1//rotated"
    result = run("analyze", *WEEK, "-c", "google")
    assert result.exit_code == 2
    line = one_line(result)
    assert "run `levelcal connect google`" in line
    assert "ya29" not in line and "1//" not in line  # no secret in the message


def test_an_unreachable_token_endpoint_is_a_network_error(google, run):
    info = json.loads(write_token(token_file(), google, expiry="2020-01-01T00:00:00Z").read_text())
    info["token_uri"] = "http://127.0.0.1:9/token"
    token_file().write_text(json.dumps(info))
    result = run("analyze", *WEEK, "-c", "google")
    assert result.exit_code == 3
    one_line(result)


def test_revoke_forgets_the_token_and_the_cache(google, run, tmp_path):
    assert run("analyze", *WEEK, "-c", "google").exit_code == 0
    assert (tmp_path / "cache" / "google-sync.sqlite3").exists()
    result = run("connect", "google", "--revoke")
    assert result.exit_code == 0
    assert not token_file().exists()
    assert not (tmp_path / "cache" / "google-sync.sqlite3").exists()
    assert run("connect", "google", "--revoke").stdout.startswith("no Google token")


def test_connect_without_a_client_file_says_how_to_get_one(google, run):
    result = run("connect", "google")
    assert result.exit_code == 2
    assert "--client-secrets FILE" in one_line(result)


def test_loopback_sign_in_stores_a_private_token(google, tmp_path):
    """The real installed-app flow: print the URL, answer on 127.0.0.1, trade the code."""
    client = tmp_path / "client.json"
    client.write_text(
        json.dumps(
            {
                "installed": {
                    "client_id": google.client_id,
                    "client_secret": google.client_secret,
                    "auth_uri": google.base + "/auth",
                    "token_uri": google.base + "/token",
                    "redirect_uris": ["http://localhost"],
                }
            }
        )
    )
    token_file().unlink()
    google.authorization_codes.add("4/0AeanS-fake-code")
    environment = dict(os.environ, OAUTHLIB_INSECURE_TRANSPORT="1", PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "levelcal.cli",
            "connect",
            "google",
            "--no-browser",
            "--client-secrets",
            str(client),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    try:
        assert process.stdout is not None
        url = ""
        while not url:
            line = process.stdout.readline()
            assert line, process.stderr.read() if process.stderr else ""
            if line.startswith(google.base + "/auth?"):
                url = line.strip()
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
        assert query["scope"] == "https://www.googleapis.com/auth/calendar.readonly"
        assert query["redirect_uri"].startswith("http://127.0.0.1:")
        redirect = (
            query["redirect_uri"]
            + "?"
            + urllib.parse.urlencode(
                {"state": query["state"], "code": "4/0AeanS-fake-code", "scope": query["scope"]}
            )
        )
        with urllib.request.urlopen(redirect, timeout=10) as answer:
            assert b"levelcal is connected" in answer.read()
        stdout, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert "connected: the token is stored in" in stdout
    stored = json.loads(token_file().read_text())
    assert stored["refresh_token"] == google.refresh_token
    assert stored["token"] == "ya29.fake-issued-1"
    assert token_file().stat().st_mode & 0o777 == 0o600


def test_a_token_without_expiry_is_used_before_any_renewal(google, run):
    write_token(token_file(), google, expiry=None)
    result = run("analyze", *WEEK, "-c", "google", "--json")
    assert result.exit_code == 0, result.output
    assert google.token_grants == []


def test_a_bare_access_token_works_until_refused(google, run):
    token_file().write_text(json.dumps({"token": "ya29.fake-access"}))
    assert run("analyze", *WEEK, "-c", "google", "--json").exit_code == 0
    google.access_tokens.clear()
    result = run("analyze", *WEEK, "-c", "google", "--json", "--refresh")
    assert result.exit_code == 2
    assert "run `levelcal connect google`" in one_line(result)
