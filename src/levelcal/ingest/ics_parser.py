"""icalendar's calendar parser, with a shortcut for the plain content lines most files hold.

Splitting each content line into name, parameters and value is a third of the time
icalendar takes to read a calendar: its splitter walks every character of every line, then
splits, escapes and unescapes the parameters in several passes. Most lines are plain: a
name, parameters without quotes' corner cases, backslashes or RFC 6868 carets, a colon,
the value. `plain_parts` splits those with one regular expression and gives the same
parts icalendar's `Contentline.parts` gives (tests/ingest/test_ics_parser.py compares
them on every line of the test calendars). Every other line goes to icalendar's splitter,
and all that follows the split (value types, components, time zones) stays icalendar's.
"""

from __future__ import annotations

import re
from typing import Any

import icalendar
from icalendar.parser import Contentline, Parameters, unescape_backslash
from icalendar.parser.ical import CalendarIcalParser

# A parameter value: quoted (no quote, caret, backslash, percent or control character
# inside), or bare (none of those nor a delimiter, and no white space at either end: the
# lenient splitter would strip it).
_QUOTED = r'"[^"^\\%\x00-\x08\x0a-\x1f\x7f]*"'
_BARE_CHAR = r'[^"^\\%;:,=\x00-\x1f\x7f]'
_BARE_EDGE = r'[^"^\\%;:,=\s\x00-\x1f\x7f]'
_BARE = rf"{_BARE_EDGE}(?:{_BARE_CHAR}*{_BARE_EDGE})?"
_PARAMETER = rf";([A-Za-z0-9-]+)=({_QUOTED}|{_BARE})"
_PLAIN_LINE = re.compile(rf"([A-Za-z0-9-]+)((?:{_PARAMETER})*):")
_ONE_PARAMETER = re.compile(_PARAMETER)


def plain_parts(line: Contentline) -> tuple[str, Parameters, str] | None:
    """Name, parameters and unescaped value of a plain line, as `line.parts()` gives
    them; None for any other line (and for a line icalendar is to read strictly)."""
    match = _PLAIN_LINE.match(line)
    if match is None or getattr(line, "strict", False):  # set in __new__, unseen by mypy
        return None
    section = match.group(2)
    parameters = Parameters(
        [
            (key, value[1:-1] if value[0] == '"' else value)
            for key, value in _ONE_PARAMETER.findall(section)
        ]
        if section
        else ()
    )
    value = line[match.end() :]
    return match.group(1), parameters, unescape_backslash(value) if "\\" in value else value


def calendars(text: str) -> list[Any]:
    """The top-level components of `text`, as `icalendar.Calendar.from_ical(text,
    multiple=True)` reads them, with the zones of no calendar read before.

    icalendar keeps the first VTIMEZONE it reads for each TZID for the rest of the
    process; two calendars defining one TZID differently (Outlook names each zone it
    invents "Customized Time Zone") would read both in the first's zone.
    """
    icalendar.use_zoneinfo()  # forgets the zones of calendars read before
    return _Parser(
        text, icalendar.Calendar._get_component_factory(), icalendar.Calendar.types_factory
    ).parse()


class _Parser(CalendarIcalParser):
    """icalendar's own parser; only the way each line is split differs."""

    def parse_content_lines(self) -> None:
        self._factories: dict[tuple[str, str | None], Any] = {}
        for line in self._content_lines_iterator:
            if not line:
                continue
            parts = plain_parts(line)
            if parts is None:
                try:
                    parts = line.parts()
                except ValueError as error:
                    self.handle_line_parse_error(error)
                    continue
            name, params, value = parts
            upper = name.upper()
            if upper == "BEGIN":
                self.handle_begin_component(value)
            elif upper == "END":
                self.handle_end_component(value)
            else:
                self.handle_property(upper, params, value, line)

    def get_factory_for_property(self, name: str, params: Parameters) -> Any:
        """The value type, looked up once per property name and VALUE parameter."""
        value = params.get("VALUE")
        if value is not None and not isinstance(value, str):
            return super().get_factory_for_property(name, params)
        factory = self._factories.get((name, value))
        if factory is None:
            factory = super().get_factory_for_property(name, params)
            self._factories[name, value] = factory
        return factory
