"""What a person sees: a failure as one line on stderr, never a traceback; a report's hours."""

from __future__ import annotations


def one_line(result) -> str:
    """The one line a failed run printed on stderr (the test fails on more, or a traceback)."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def hours_by_title(document: dict) -> dict[str, float]:
    """A --json report's hours, added up per title."""
    found: dict[str, float] = {}
    for event in document["events"]:
        found[event["title"]] = round(found.get(event["title"], 0.0) + event["hours"], 6)
    return found
