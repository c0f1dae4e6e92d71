"""Calendar documents: files, directories, stdin, and URLs served by a real local HTTP server."""

import io
import time

import pytest

from calendars import vcalendar, vevent
from levelcal.errors import InputError, NetworkError
from levelcal.ingest.documents import documents, fetch, http_url
from levelcal.ingest.sources import load
from levelcal.limits import DEFAULT

CALENDAR = vcalendar(
    vevent("u@test", "Served", "DTSTART:20260302T100000Z", "DTEND:20260302T110000Z")
)
ROUTES = {
    "/cal.ics": (200, "text/calendar", CALENDAR),
    "/big.ics": (200, "text/calendar", b"BEGIN:VCALENDAR\r\n" + b"X" * 300_000),
}


@pytest.fixture
def server(web):
    web.routes.update(ROUTES)
    return web.base


def test_url_is_downloaded(server):
    (document,) = documents(f"{server}/cal.ics", io.BytesIO(), DEFAULT)
    assert document.data == CALENDAR and document.name == f"{server}/cal.ics"


def test_http_error_is_a_network_error_naming_the_url(server):
    with pytest.raises(NetworkError, match=r"/missing.ics: HTTP 404"):
        documents(f"{server}/missing.ics", io.BytesIO(), DEFAULT)


def test_refused_connection_is_a_network_error():
    with pytest.raises(NetworkError, match="cannot connect"):
        fetch("http://127.0.0.1:9/cal.ics", timeout=2)


def test_download_size_is_capped(server):
    with pytest.raises(
        InputError,
        match=r"larger than 0.0953674 MB; not read \(raise the limit with --max-download-mb\)",
    ):
        fetch(f"{server}/big.ics", max_bytes=100_000)


def test_download_time_is_capped_even_when_data_trickles(server):
    started = time.monotonic()
    with pytest.raises(
        NetworkError, match=r"no complete answer within 0\.5 s \(raise it with --timeout\)"
    ):
        fetch(f"{server}/slow.ics", timeout=0.5)
    assert time.monotonic() - started < 1.9  # the server would take 2 s


def test_url_schemes():
    assert http_url("webcal://example.com/a.ics") == "https://example.com/a.ics"
    assert http_url("http://example.com/a.ics") == "http://example.com/a.ics"
    with pytest.raises(InputError, match="unsupported URL scheme 'ftp'"):
        documents("ftp://example.com/a.ics", io.BytesIO(), DEFAULT)


def test_directory_reads_every_ics_file_in_order(tmp_path):
    (tmp_path / "b.ics").write_bytes(CALENDAR)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.ICS").write_bytes(CALENDAR)
    (tmp_path / "notes.txt").write_text("not a calendar")
    names = [d.name for d in documents(str(tmp_path), io.BytesIO(), DEFAULT)]
    assert names == [str(tmp_path / "b.ics"), str(tmp_path / "sub" / "a.ICS")]


def test_directory_without_calendars_is_an_error(tmp_path):
    with pytest.raises(InputError, match=r"no \.ics files in this directory"):
        documents(str(tmp_path), io.BytesIO(), DEFAULT)


def test_stdin_and_missing_files(tmp_path):
    (document,) = documents("-", io.BytesIO(CALENDAR), DEFAULT)
    assert document.name == "<stdin>" and document.data == CALENDAR
    with pytest.raises(InputError, match="no such file or directory"):
        documents(str(tmp_path / "nope.ics"), io.BytesIO(), DEFAULT)


def test_sources_hand_each_document_the_calendar_cache_unless_told_not_to(tmp_path):
    (tmp_path / "a.ics").write_bytes(CALENDAR)
    (cached,) = load(str(tmp_path), io.BytesIO(), cache_dir=tmp_path / "cache")
    assert cached.cache is not None
    assert cached.cache.entries.directory == tmp_path / "cache" / "calendars"
    (fresh,) = load(str(tmp_path), io.BytesIO(), cache_dir=tmp_path / "cache", cached=False)
    assert fresh.cache is None and fresh.contents() == cached.contents() == CALENDAR


def test_a_pipe_is_read_once_and_whole(tmp_path):
    """`-c <(curl …)` names a pipe: its bytes are read when it is listed, since a pipe
    cannot be read twice (the zone's first look and the calendar itself)."""
    import os
    import threading

    pipe = tmp_path / "calendar.pipe"
    os.mkfifo(pipe)
    writer = threading.Thread(target=pipe.write_bytes, args=(CALENDAR,))
    writer.start()
    (document,) = documents(str(pipe), io.BytesIO(), DEFAULT)
    writer.join()
    assert document.file is None and document.contents() == CALENDAR
    document.zone()
    assert document.contents() == CALENDAR
