"""CSV cells a spreadsheet cannot run: calendar text that starts like a formula is quoted.

A spreadsheet reads a cell that starts with `=`, `+`, `-` or `@` as a formula
(`=HYPERLINK(…)` makes a link, `=WEBSERVICE(…)` sends data away), and some read
one after a tab or a carriage return too. OWASP's rule for CSV injection: such a
text cell gets a leading single quote, which spreadsheets show as text and do
not display. Only text from calendars and users is quoted; the numbers and dates
levelcal writes are left as they are.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralized(text: str) -> str:
    """The cell as written to a CSV: `'=HYPERLINK(…)` for `=HYPERLINK(…)`."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def as_written(cell: str) -> str:
    """A cell read back from a CSV levelcal wrote: the quote `neutralized` added, removed."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell
