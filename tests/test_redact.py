"""Masking the secrets of calendar URLs: each kind of secret a published link carries, and
the names that stay readable; the config shows URLs masked too."""

from __future__ import annotations

import pytest

from levelcal import config
from levelcal.redact import redact_url

MASKED = [  # (URL, as shown)
    (  # a login, always
        "https://dana:hunter2@cloud.example.com/cal.ics",
        "https://***@cloud.example.com/cal.ics",
    ),
    ("https://dana@cloud.example.com/cal.ics", "https://***@cloud.example.com/cal.ics"),
    (  # every query value, however short
        "https://h.example/cal.ics?token=ab&user=dana",
        "https://h.example/cal.ics?token=***&user=***",
    ),
    (  # Google's secret address
        "https://calendar.google.com/calendar/ical/dana%40northwind.example/"
        "private-0123456789abcdef0123456789abcdef/basic.ics",
        "https://calendar.google.com/calendar/ical/dana%40northwind.example/private-***/basic.ics",
    ),
    (  # a short token of letters and digits (Nextcloud's are 15 or 16)
        "https://cloud.example.com/remote.php/dav/public-calendars/Fm5ZqT7x?export",
        "https://cloud.example.com/remote.php/dav/public-calendars/***?export",
    ),
    (  # letters only, in a random mix of cases
        "https://cloud.example.com/remote.php/dav/public-calendars/gXjLfcqDzMdYaGKf?export",
        "https://cloud.example.com/remote.php/dav/public-calendars/***?export",
    ),
    ("https://h.example/feeds/qwhdkzpfmtrb/cal.ics", "https://h.example/feeds/***/cal.ics"),
    ("https://h.example/feeds/YWJjZA==/cal.ics", "https://h.example/feeds/***/cal.ics"),  # base64
    ("https://h.example/feeds/YWJjZGVmZw/cal.ics", "https://h.example/feeds/***/cal.ics"),
    (  # a matrix parameter
        "https://h.example/app;jsessionid=A1B2C3/cal.ics",
        "https://h.example/app;jsessionid=***/cal.ics",
    ),
    ("https://h.example/c/s3cr3t12.ics", "https://h.example/c/***.ics"),  # the token is the file
    ("https://h.example/u/123456789012/basic.ics", "https://h.example/u/***/basic.ics"),
    (  # iCloud's published link
        "webcal://p52-caldav.icloud.com/published/2/MTIzNDU2Nzg5MDEyMzQ1Njc4OTBhYmNkZWZn",
        "webcal://p52-caldav.icloud.com/published/2/***",
    ),
    (  # a query word that is a token; a fragment is dropped
        "https://h.example/cal.ics?Zx81Kq0pWm#frag",
        "https://h.example/cal.ics?***",
    ),
    (  # spaces and control characters are percent-encoded, never shown raw
        "https://h.example/a b\x1b[2J\n.ics?k=v",
        "https://h.example/a%20b%1B[2J%0A.ics?k=***",
    ),
]

READABLE = [
    "https://calendar.example.com/calendars/dana/personal/",
    "https://h.example/remote.php/dav/calendars/MyWorkCalendar/basic.ics",
    "https://h.example/holidays/united-states/2026.ics",
    "https://h.example/calendar2026/export.ics",
    "https://outlook.example.com/owa/calendar/dana@northwind.example/calendar.ics",
    "http://[::1]:8080/cal.ics",
]


@pytest.mark.parametrize(("url", "shown"), MASKED)
def test_each_kind_of_secret_is_masked(url: str, shown: str) -> None:
    assert redact_url(url) == shown
    assert redact_url(shown) == shown  # masking twice changes nothing


@pytest.mark.parametrize("url", READABLE)
def test_names_stay_readable(url: str) -> None:
    assert redact_url(url) == url


def test_config_show_and_set_mask_secret_calendar_urls(run) -> None:
    secret = "https://dana:hunter2@cloud.example.com/remote.php/dav/public-calendars/Fm5ZqT7x"
    token = "https://calendar.example.com/feed.ics?token=abcdefgh"
    result = run("config", "set", "calendars", secret, token)
    assert result.exit_code == 0, result.output
    assert "hunter2" not in result.stdout and "Fm5ZqT7x" not in result.stdout
    assert config.load().calendars == (secret, token)  # stored as given
    shown = run("config", "show").stdout
    assert "hunter2" not in shown and "Fm5ZqT7x" not in shown and "abcdefgh" not in shown
    assert (
        'calendars = ["https://***@cloud.example.com/remote.php/dav/public-calendars/***", '
        '"https://calendar.example.com/feed.ics?token=***"]'
    ) in shown
