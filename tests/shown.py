"""What a person sees of a failure: one line on stderr, never a traceback."""

from __future__ import annotations


def one_line(result) -> str:
    """The one line a failed run printed on stderr (the test fails on more, or a traceback)."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]
