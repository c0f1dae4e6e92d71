"""How much levelcal will read, download, wait for and expand, and the flags that raise it.

Every limit protects an unattended run (cron) from a file or a server that
would otherwise exhaust memory or time; each message names the flag to raise it.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    file_bytes: int = 100 * MB  # --max-file-mb: one .ics file or stdin
    download_bytes: int = 50 * MB  # --max-download-mb: one URL
    timeout_seconds: float = 30.0  # --timeout: one whole URL download
    instances: int = 100_000  # --max-instances: one series, from its start to the window's end


DEFAULT = Limits()


def megabytes(count: int) -> str:
    return f"{count / MB:g} MB"
