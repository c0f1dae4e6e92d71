"""Downloads against a real HTTP server on 127.0.0.1: an overall deadline that covers the
response headers, redirects to http(s) only, and a login in the URL sent as Basic auth."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
import time

import pytest

from calendars import vcalendar, vevent
from levelcal.errors import InputError, NetworkError
from levelcal.ingest.documents import documents, fetch
from levelcal.limits import DEFAULT
from namespaces import needs_mounts

CALENDAR = vcalendar(
    vevent("u@test", "Served", "DTSTART:20260302T100000Z", "DTEND:20260302T110000Z")
)
WEEK = ("--from", "2026-03-02", "--to", "2026-03-09", "--tz", "UTC")
PASSWORD = "p@ss word/:é"  # percent-encoded in the URL: p%40ss%20word%2F%3A%C3%A9
IN_URL = "dana:p%40ss%20word%2F%3A%C3%A9"


def basic(login: str) -> str:
    return "Basic " + base64.b64encode(login.encode()).decode("ascii")


@needs_mounts
def test_a_name_server_that_never_answers_cannot_outlast_the_timeout(tmp_path):
    """Resolving a name has no timeout of its own: in a namespace of its own, the resolver
    is pointed at a UDP socket that swallows every query (glibc would wait 10 s)."""
    resolv = tmp_path / "resolv.conf"
    resolv.write_text("nameserver 127.0.0.77\n")
    probe = (
        "import socket, time\n"
        "silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "silent.bind(('127.0.0.77', 53))\n"
        "from levelcal.errors import NetworkError\n"
        "from levelcal.ingest.documents import fetch\n"
        "started = time.monotonic()\n"
        "try:\n"
        "    fetch('http://calendar.never-answers.example/cal.ics', timeout=1.0)\n"
        "except NetworkError as error:\n"
        "    print(error)\n"
        "print(round(time.monotonic() - started, 1))\n"
    )
    script = f'mount --bind {resolv} /etc/resolv.conf && exec {sys.executable} -c "$0"'
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, probe], capture_output=True, text=True, timeout=60
    )
    said, took = done.stdout.splitlines()
    assert "no complete answer within 1 s" in said, done.stderr
    assert float(took) < 3.0


def test_a_server_that_trickles_its_headers_cannot_outlast_the_timeout(web):
    started = time.monotonic()
    with pytest.raises(NetworkError, match=r"no complete answer within 0\.6 s"):
        fetch(web.url("/trickle-headers.ics"), timeout=0.6)
    assert time.monotonic() - started < 2.0  # the server would trickle for 10 s


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/cal.ics", "file:///etc/passwd"])
def test_a_redirect_to_another_scheme_is_refused(web, target):
    web.redirects["/moved.ics"] = target
    with pytest.raises(NetworkError, match=r"redirected to .*, which is not an http:// or https"):
        fetch(web.url("/moved.ics"), timeout=5)


def test_a_redirect_to_http_is_followed(web):
    web.routes["/new.ics"] = (200, "text/calendar", CALENDAR)
    web.redirects["/old.ics"] = web.url("/new.ics")
    assert fetch(web.url("/old.ics"), timeout=5).data == CALENDAR


def test_a_login_in_the_url_is_sent_as_basic_auth_and_never_shown(web):
    web.routes["/dana/work.ics"] = (200, "text/calendar", CALENDAR)
    web.logins["/dana/work.ics"] = f"dana:{PASSWORD}"
    url = web.url("/dana/work.ics").replace("://", f"://{IN_URL}@")
    (document,) = documents(url, io.BytesIO(), DEFAULT)
    assert document.data == CALENDAR
    assert document.name == web.url("/dana/work.ics").replace("://", "://***@")
    assert ("/dana/work.ics", basic(f"dana:{PASSWORD}")) in web.seen


def test_a_refused_login_says_so_without_the_password(web):
    web.routes["/dana/work.ics"] = (200, "text/calendar", CALENDAR)
    web.logins["/dana/work.ics"] = f"dana:{PASSWORD}"
    url = web.url("/dana/work.ics").replace("://", "://dana:wrong%20one@")
    with pytest.raises(NetworkError) as refused:
        fetch(url, timeout=5)
    assert "HTTP 401" in str(refused.value) and "password in the URL was refused" in str(
        refused.value
    )
    assert "wrong" not in str(refused.value) and "dana:" not in str(refused.value)
    with pytest.raises(NetworkError, match="it needs a login; put it in the URL"):
        fetch(web.url("/dana/work.ics"), timeout=5)


def test_the_login_follows_a_redirect_on_the_same_host_only(web):
    web.routes["/dana/work.ics"] = (200, "text/calendar", CALENDAR)
    web.logins["/dana/work.ics"] = f"dana:{PASSWORD}"
    web.redirects["/same.ics"] = web.url("/dana/work.ics")
    web.redirects["/other.ics"] = web.url("/dana/work.ics").replace("127.0.0.1", "localhost")
    same = web.url("/same.ics").replace("://", f"://{IN_URL}@")
    assert fetch(same, timeout=5).data == CALENDAR
    other = web.url("/other.ics").replace("://", f"://{IN_URL}@")
    with pytest.raises(NetworkError, match="HTTP 401"):  # localhost is another host
        fetch(other, timeout=5)
    assert web.seen[-1] == ("/dana/work.ics", None)


def test_a_login_never_reaches_the_report_json_or_history(run, web):
    web.routes["/dana/private.ics"] = (200, "text/calendar", CALENDAR)
    web.logins["/dana/private.ics"] = f"dana:{PASSWORD}"
    url = web.url("/dana/private.ics").replace("://", f"://{IN_URL}@")
    shown = web.url("/dana/private.ics").replace("://", "://***@")
    monday = ("--from", "2026-03-02", "--to", "2026-03-09", "--tz", "UTC")
    for output in ((), ("--json",), ("--csv",)):
        result = run("analyze", "-c", url, *monday, "--save", *output)
        assert result.exit_code == 0, result.stderr
        for secret in ("p%40ss", "p@ss", "dana:", PASSWORD):
            assert secret not in result.stdout + result.stderr
    assert json.loads(run("analyze", "-c", url, *monday, "--json").stdout)["sources"] == [shown]
    history = run("history", "--json")
    assert "p%40ss" not in history.stdout and "dana:" not in history.stdout


@pytest.mark.parametrize("bad", [" ", "\x1b", "\x7f", "\n"])
def test_a_url_with_a_space_or_control_character_is_one_masked_line(run, bad):
    url = f"https://calendar.example.com/feed{bad}x.ics?token=hunter2secret"
    result = run("analyze", "-c", url)
    assert result.exit_code == 2, result.stderr
    assert "hunter2secret" not in result.stderr and "token=***" in result.stderr
    assert "percent-encode it" in result.stderr and result.stderr.count("\n") == 1
    shown = result.stderr.split("error: ")[1].split(": the URL contains")[0]
    assert bad not in shown and "feed%" in shown


def test_a_download_larger_than_the_cap_is_refused(web):
    web.routes["/big.ics"] = (200, "text/calendar", b"BEGIN:VCALENDAR\r\n" + b"X" * 300_000)
    with pytest.raises(InputError, match="--max-download-mb"):
        fetch(web.url("/big.ics"), max_bytes=100_000)


def test_letters_beyond_ascii_in_the_path_are_sent_percent_encoded(web):
    web.routes["/kalender/%C3%BCbersicht.ics?wer=J%C3%B6rg"] = (200, "text/calendar", CALENDAR)
    assert fetch(web.url("/kalender/übersicht.ics?wer=Jörg"), timeout=5).data == CALENDAR


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://dana:hunter2@cal.example.com:99999/cal.ics", "https://***: not a valid URL"),
        ("http://[::1/cal.ics?token=hunter2", "http://***: not a valid URL"),
    ],
)
def test_a_url_that_does_not_parse_is_one_masked_line(run, url, shown):
    result = run("analyze", "-c", url)
    assert result.exit_code == 2, result.stderr
    assert shown in result.stderr and "hunter2" not in result.stderr
