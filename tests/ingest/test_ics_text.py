"""The light text passes run before parsing: nesting, NUL bytes, line ends and zone names."""

from __future__ import annotations

from levelcal.ingest.ics_text import (
    MAX_DEPTH,
    limit_nesting,
    line_ends_repaired,
    without_nul,
    zone_name,
)


def test_a_shallow_calendar_is_left_as_it_is():
    text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    assert limit_nesting(text) == (text, [])


def test_nesting_past_the_limit_is_blanked_and_line_numbers_stay():
    deep = MAX_DEPTH + 10
    lines = [
        "BEGIN:VCALENDAR",
        "BEGIN:VEVENT",
        "UID:a",
        *["BEGIN:X-N"] * deep,
        *["END:X-N"] * deep,
        "SUMMARY:after",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    limited, problems = limit_nesting("\r\n".join(lines) + "\r\n")
    kept = limited.splitlines()
    assert len(kept) == len(lines)
    # Levels 3 (VCALENDAR, VEVENT, then X-N...) to 32 stay: MAX_DEPTH - 2 BEGINs of X-N.
    assert kept.count("BEGIN:X-N") == kept.count("END:X-N") == MAX_DEPTH - 2
    assert kept[-3:] == ["SUMMARY:after", "END:VEVENT", "END:VCALENDAR"]
    blanked = 2 * (deep - (MAX_DEPTH - 2))
    assert problems == [
        f"line {3 + MAX_DEPTH - 2 + 1}: components nested more than {MAX_DEPTH} deep "
        f"({blanked} lines); the deeper ones were ignored"
    ]


def test_an_end_that_closes_a_component_above_the_deep_stretch_is_kept():
    lines = ["BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:a", *["BEGIN:X-N"] * (MAX_DEPTH + 5)]
    lines += ["END:VEVENT", "BEGIN:VEVENT", "UID:b", "END:VEVENT", "END:VCALENDAR"]
    kept = limit_nesting("\r\n".join(lines) + "\r\n")[0].splitlines()
    assert kept[-5:] == ["END:VEVENT", "BEGIN:VEVENT", "UID:b", "END:VEVENT", "END:VCALENDAR"]


def test_an_event_inside_the_deep_stretch_keeps_its_own_properties():
    lines = ["BEGIN:VCALENDAR", *["BEGIN:X-N"] * (MAX_DEPTH + 5)]
    lines += ["BEGIN:VEVENT", "UID:b", "BEGIN:VALARM", "ACTION:DISPLAY", "END:VALARM"]
    lines += ["SUMMARY:kept", "END:VEVENT", "END:VCALENDAR"]
    kept = [line for line in limit_nesting("\r\n".join(lines))[0].splitlines() if line]
    # The VALARM inside it is deeper still: dropped. The parser closes the X-Ns left open.
    assert kept[-5:] == ["BEGIN:VEVENT", "UID:b", "SUMMARY:kept", "END:VEVENT", "END:VCALENDAR"]
    assert kept.count("BEGIN:X-N") == MAX_DEPTH - 1


def test_a_nul_byte_skips_its_event_and_a_line_outside_events():
    data = (
        b"BEGIN:VCALENDAR\r\nX-WR-CALNAME:bad\x00name\r\nBEGIN:VEVENT\r\nUID:n\r\n"
        b"SUMMARY:Bin\x00ary\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:g\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    mended, problems, skipped = without_nul(data)
    assert mended.count(b"\n") == data.count(b"\n")
    assert b"\x00" not in mended and b"UID:g" in mended and b"UID:n" not in mended
    assert skipped == 1
    assert problems == [
        "line 3: event n ('Binary'): holds a NUL byte (binary data, not text); skipped",
        "line 2: a NUL byte (binary data, not text) outside any event; ignored",
    ]


def test_bare_carriage_returns_end_lines():
    assert line_ends_repaired(b"A\rB\r\nC\r") == b"A\r\nB\r\nC\r\n"
    crlf = b"A\r\nB\r\n"
    assert line_ends_repaired(crlf) is crlf


def test_zone_names_as_calendars_write_them():
    assert zone_name("Europe/Berlin") == "Europe/Berlin"
    assert zone_name(" W. Europe Standard Time ") == "Europe/Berlin"
    assert zone_name("Eastern Standard Time") == "America/New_York"
    for unknown in ("", "   ", "Europe/Atlantis", "../../etc/passwd", "x" * 5000):
        assert zone_name(unknown) is None
