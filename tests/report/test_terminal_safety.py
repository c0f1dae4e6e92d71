"""Calendar text never reaches the terminal raw (issue 15, item 2).

A title or a calendar's name is the calendar author's text: an ESC starts a CSI
(clear the screen), an OSC (set the window title, write the clipboard: OSC 52,
plant a link: OSC 8) or a DCS; U+009B is a CSI on its own; U+202E reverses what
follows. The rule (README, "Hostile input, limits and your data"): controls are
shown as escapes (`\\x1b`, `\\u202e`), line breaks and tabs as a space, and rich
reads calendar text as text, never as markup.
"""

from __future__ import annotations

import io
import json
import os
import unicodedata
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from calendars import vcalendar, vevent
from levelcal.cli import app

WINDOW = ("--from", "2026-03-02", "--to", "2026-03-09")
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BREAKS = "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"
# The attacks of the red-team report, and a few more of their kind.
HOSTILE = {
    "clear": "Clear \x1b[2J\x1b[H screen",
    "title": "Title \x1b]0;pwned\x07 set",
    "clipboard": "Copy \x1b]52;c;ZXZpbA==\x07 this",
    "dcs": "Device \x1bP1$r\x1b\\ query",
    "c1": "Single \x9b31m CSI",
    "bidi": "Invoice \u202efdp.exe\u202c ok",
    "isolate": "Isolate \u2067x\u2069 ok",
}
SHOWN = {
    "clear": "Clear \\x1b[2J\\x1b[H screen",
    "title": "Title \\x1b]0;pwned\\x07 set",
    "clipboard": "Copy \\x1b]52;c;ZXZpbA==\\x07 this",
    "dcs": "Device \\x1bP1$r\\x1b\\ query",
    "c1": "Single \\x9b31m CSI",
    "bidi": "Invoice \\u202efdp.exe\\u202c ok",
    "isolate": "Isolate \\u2067x\\u2069 ok",
}


def shown(title: str) -> str:
    """What a person reads for `title`, by the README's rule (worked out here, not imported)."""
    parts = []
    for char in title:
        if char in BREAKS:
            parts.append(" ")
        elif unicodedata.category(char) == "Cc":
            parts.append(f"\\x{ord(char):02x}")
        elif char in BIDI_CONTROLS or unicodedata.category(char) == "Cs":
            parts.append(f"\\u{ord(char):04x}")
        else:
            parts.append(char)
    return "".join(parts)


def assert_terminal_safe(text: str) -> None:
    """No control character but newline, and no bidi override: nothing a terminal obeys."""
    for char in text:
        assert char == "\n" or unicodedata.category(char) != "Cc", repr(char)
        assert char not in BIDI_CONTROLS, repr(char)


def ics_text(value: str) -> str:
    """A TEXT value as RFC 5545 §3.3.11 writes it: backslash, semicolon, comma, newline."""
    for plain, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        value = value.replace(plain, escaped)
    return value


def calendar_of(title: str, name: str) -> bytes:
    """One weekly timed event (a series, so the digest offers it to hand off) and one all-day
    marker with `title`, in a calendar called `name` (written as it is: the reader takes
    X-WR-CALNAME's text without unescaping it)."""
    return vcalendar(
        vevent(
            "timed@hostile",
            ics_text(title),
            "DTSTART:20260302T090000Z",
            "DTEND:20260302T100000Z",
            "RRULE:FREQ=WEEKLY;COUNT=4",
        ),
        vevent("allday@hostile", ics_text(title), "DTSTART;VALUE=DATE:20260303"),
        header=f"X-WR-CALNAME:{name}\n",
    )


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """Every title starting with Q is doing: the title is in the report's time sinks and the
    digest's hand-off list, whatever the model would make of it."""
    path = tmp_path / "rules.toml"
    path.write_text('[[rule]]\ntitle = "^Q"\nlevel = "doing"\n')
    return path


def test_escape_sequences_and_bidi_overrides_are_shown_not_obeyed(run, tmp_path, rules):
    path = tmp_path / "hostile.ics"
    path.write_bytes(calendar_of("Q " + " | ".join(HOSTILE.values()), "Team \x1b[31mred\u202e"))
    result = run("analyze", "-c", str(path), "--rules", str(rules), *WINDOW)
    assert result.exit_code == 0, result.output
    assert_terminal_safe(result.stdout)
    assert "Calendars: Team \\x1b[31mred\\u202e" in result.stdout
    flat = result.stdout.replace("\n", " ")
    for name, text in SHOWN.items():
        assert text.split()[1] in flat, name


def test_markup_in_a_title_is_text_on_every_run(run, tmp_path, rules):
    """`[/bold]` crashed every run (exit 4); `[link=…]` became a live link (OSC 8)."""
    path = tmp_path / "markup.ics"
    title = "Q close [/bold] and [link=https://evil.example]click[/link]"
    path.write_bytes(calendar_of(title, "[bold]Cal[/]"))
    with mock.patch.dict(os.environ, {"COLUMNS": "300", "FORCE_COLOR": "1"}):
        first = run("analyze", "-c", str(path), "--rules", str(rules), *WINDOW)
        again = run("analyze", "-c", str(path), "--rules", str(rules), *WINDOW)  # from the cache
    for result in (first, again):
        assert result.exit_code == 0, result.output
        assert title in result.stdout and "[bold]Cal[/]" in result.stdout
        assert "\x1b]8;" not in result.stdout  # no hyperlink


def test_json_keeps_the_exact_title_and_is_inert_on_a_terminal(run, tmp_path):
    title = "Q \x1b[2J \x9b1m \u202eabc \u2028 next"
    path = tmp_path / "exact.ics"
    path.write_bytes(calendar_of(title, "Cal"))
    result = run("analyze", "-c", str(path), "--json", *WINDOW)
    assert result.exit_code == 0, result.output
    assert_terminal_safe(result.stdout)
    assert "\\u009b" in result.stdout and "\\u202e" in result.stdout
    titles = {event["title"] for event in json.loads(result.stdout)["events"]}
    assert titles == {title}


def test_a_warning_names_a_hostile_event_escaped(run, tmp_path):
    path = tmp_path / "broken.ics"
    path.write_bytes(
        vcalendar(vevent("broken@hostile", "Bad \x1b]52;c;eA==\x07 end", "DTSTART:garbage"))
    )
    result = run("analyze", "-c", str(path), *WINDOW)
    assert result.exit_code == 0, result.output
    assert "Bad \\x1b]52;c;eA==\\x07 end" in result.stderr
    assert_terminal_safe(result.stderr)


def test_the_markdown_digest_keeps_a_title_from_becoming_html_or_a_link(run, tmp_path, rules):
    from markdown_it import MarkdownIt

    title = 'Q <img src=x onerror="alert(1)"> [win](https://evil.example) *b* `c` | d'
    path = tmp_path / "markdown.ics"
    path.write_bytes(calendar_of(title, "Cal <script>x</script>"))
    result = run(
        "digest", "--format", "markdown", "--no-save", "--role", "vp",
        "-c", str(path), "--rules", str(rules), *WINDOW,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    page = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert "<img" not in page and "<script" not in page and "<a href" not in page
    shown_title = (
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; [win](https://evil.example) *b* `c`"
    )
    assert shown_title in page  # no emphasis, no code either
    assert "| d" in page  # the pipe stayed in its cell


def test_the_html_digest_escapes_controls_as_text(run, tmp_path, rules):
    path = tmp_path / "html.ics"
    path.write_bytes(calendar_of("Q <b>bold</b> \x1b[2J", "Cal"))
    result = run(
        "digest", "--format", "html", "--no-save", "--role", "vp",
        "-c", str(path), "--rules", str(rules), *WINDOW,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Q &lt;b&gt;bold&lt;/b&gt; \\x1b[2J" in result.stdout
    assert_terminal_safe(result.stdout)


def test_the_calendars_listing_shows_an_accounts_names_escaped():
    from levelcal.ingest.types import ListedCalendar
    from levelcal.report import Report, Screen
    from levelcal.report.calendars import listing

    entry = ListedCalendar("c1", "Team \x1b]0;x\x07 \u202eevil", True, "owner", "UTC", True)
    text = listing(Report(calendars=(entry,)), Screen())
    assert text == "google:c1  Team \\x1b]0;x\\x07 \\u202eevil  [owner, primary, analyzed]\n"


def test_the_history_table_reads_a_file_name_as_text():
    from datetime import date

    from levelcal.history import WeekRecord
    from levelcal.levels import Level
    from levelcal.report import Report, Screen
    from levelcal.report.history import weeks_table

    record = WeekRecord(
        "2026-W10", date(2026, 3, 2), "UTC", ("[b]\x1b.ics",), "2026-03-09T00:00:00+00:00",
        {Level.IMPLEMENTATION: 1.0}, (),
    )  # fmt: skip
    text = weeks_table(Report(weeks=(record,)), Screen(io.StringIO()))
    assert "[b]\\x1b.ics" in text


def test_the_progress_line_reads_a_calendars_name_as_text():
    from rich.console import Console

    from levelcal.report.progress import pages_shown

    screen = io.StringIO()
    with pages_shown(Console(file=screen, force_terminal=True, width=120))("[/red]\u202e") as on:
        on(3)
    assert "[/red]\\u202e: 3 events fetched" in screen.getvalue()


def test_a_lone_surrogate_from_a_json_source_is_shown_escaped_and_written_as_utf8():
    """Google's and Microsoft's JSON can escape a lone surrogate (`"\\ud800"`) into a title."""
    from levelcal.report import json_text, terminal_safe

    assert terminal_safe("Sync \ud800 ok") == "Sync \\ud800 ok"
    document = json_text({"title": "Sync \ud800 ok"})
    assert json.loads(document) == {"title": "Sync \ud800 ok"}
    document.encode("utf-8")  # stdout can take it


# --- the property: any title, every place a person reads it ---------------------------

# 15 titles in `make test`; `make fuzz` (LEVELCAL_FUZZ_EXAMPLES=20000) tries 200.
EXAMPLES = max(15, int(os.environ.get("LEVELCAL_FUZZ_EXAMPLES", "0")) // 100)
# Arbitrary code points (a lone surrogate, which no file can hold, is tested on its own below),
# with the hostile ones drawn often enough to meet each other.
characters = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(list("\x1b\x9b\x07\x00\r\n\t[]/\\;,'\"" + BIDI_CONTROLS)),
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.text(characters, max_size=16))
def test_any_title_is_shown_literally_and_safely_everywhere(text, tmp_path, rules):
    from levelcal.classify.features import EventFeatures
    from levelcal.classify.personal import Correction, add, corrections_path
    from levelcal.levels import Level

    runner = CliRunner()

    def run(*arguments: str) -> str:
        result = runner.invoke(app, list(arguments))
        assert result.exit_code == 0, (arguments, result.output)
        assert_terminal_safe(result.stdout)
        assert_terminal_safe(result.stderr)
        return result.stdout

    # A calendar cannot hold CR or NUL in a title (RFC 5545 §3.1); the rest is any text.
    title = "Q" + text.replace("\r", "").replace("\x00", "") + "Z"
    name = "N" + "".join(c for c in title if c not in "\\;,\n") + "Z"
    typed = "C" + text + "Z"  # a correction's title, or one typed for explain: anything
    path = tmp_path / "any.ics"
    path.write_bytes(calendar_of(title, name))
    with mock.patch.dict(os.environ, {"COLUMNS": "1000"}):
        report = run("analyze", "-c", str(path), "--rules", str(rules), *WINDOW)
        digest = run(
            "digest", "--format", "text", "--no-save", "--role", "vp",
            "-c", str(path), "--rules", str(rules), *WINDOW,
        )  # fmt: skip
        explained = run("explain", "--", typed)
        # The correction in a data directory of its own: the reports above keep the bundled
        # model, and no example retrains a personal one.
        with mock.patch.dict(os.environ, {"LEVELCAL_DATA_DIR": str(tmp_path / "labels")}):
            corrections_path().unlink(missing_ok=True)
            add([Correction(EventFeatures(title=typed), Level.UNIFICATION)])
            listed = run("label", "--list")
    assert f"Calendars: {shown(name)}\n" in report
    assert f" {shown(title)} " in report  # the time sinks' row
    assert f"Tue 03 Mar {shown(title)}\n" in report  # the all-day markers
    assert f"Calendars: {shown(name)}\n" in digest
    assert f"h/week  {shown(title)} (doing" in digest  # hand off first
    assert f"managing   {shown(typed)}\n" in listed
    assert explained.startswith(f'"{shown(typed)}" (')  # quoted, as typed, made safe
