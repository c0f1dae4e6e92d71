"""How an online reader retries: exponential backoff with jitter, or the server's Retry-After.

Shared by the Google, Microsoft 365 and CalDAV readers. Each names its own
environment variable for the first delay, so that tests can make it tiny.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from levelcal.errors import ConfigError

DEFAULT_RETRY_BASE_SECONDS = 1.0
CONNECTION_ATTEMPTS = 3  # a dropped connection is worth a retry or two; a refused one rarely more


@dataclass(frozen=True, slots=True)
class Retry:
    """How often and how patiently to retry: delay = base x 2^attempt x jitter, capped."""

    attempts: int = 7
    base_seconds: float = DEFAULT_RETRY_BASE_SECONDS
    max_delay_seconds: float = 32.0
    sleep: Callable[[float], None] = field(default=time.sleep)

    @classmethod
    def from_environment(cls, variable: str) -> Retry:
        """The default policy, with the first delay from $`variable` when it is set."""
        text = os.environ.get(variable, "").strip()
        try:
            base = float(text) if text else DEFAULT_RETRY_BASE_SECONDS
        except ValueError:
            raise ConfigError(f"{variable}={text!r} is not a number of seconds") from None
        return cls(base_seconds=max(base, 0.0))

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_delay_seconds)
        exponential = self.base_seconds * 2**attempt
        return min(exponential * random.uniform(0.5, 1.5), self.max_delay_seconds)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """The seconds a `Retry-After` header asks for; None when absent or an HTTP date."""
    value = headers.get("retry-after") or headers.get("Retry-After")
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def first_line(error: BaseException) -> str:
    """An exception's message, one line of at most 200 characters (its type if empty)."""
    return one_line(str(error)) or type(error).__name__


def one_line(text: str) -> str:
    """The first line of a server's message, at most 200 characters."""
    text = text.strip()
    return text.splitlines()[0][:200] if text else ""
