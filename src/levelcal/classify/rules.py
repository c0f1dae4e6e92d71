"""User rules: a regular expression on the title decides the level, before the model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from levelcal.errors import ConfigError
from levelcal.levels import Level, UnknownLevel
from levelcal.storage import read_user_file


@dataclass(frozen=True, slots=True)
class Rule:
    pattern: re.Pattern[str]
    level: Level

    def matches(self, title: str) -> bool:
        return self.pattern.search(title) is not None


def parse(text: str, source: str) -> tuple[Rule, ...]:
    """Rules from TOML: `[[rule]]` tables with `title` (a regex) and `level` (any of its names)."""
    import tomllib  # loaded only when there is a rules file

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{source}: not valid TOML ({error})") from None
    entries = document.get("rule", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{source}: `rule` must be an array of tables ([[rule]])")
    rules = []
    for number, entry in enumerate(entries, start=1):
        where = f"{source}: rule {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("title"), str):
            raise ConfigError(f"{where}: needs `title`, a regular expression in quotes")
        try:
            level = Level.parse(str(entry.get("level", "")))
        except UnknownLevel as error:
            raise ConfigError(f"{where}: level {error}") from None
        flags = 0 if entry.get("case_sensitive", False) else re.IGNORECASE
        try:
            pattern = re.compile(entry["title"], flags)
        except re.error as error:
            raise ConfigError(
                f"{where}: bad regular expression {entry['title']!r} ({error})"
            ) from None
        rules.append(Rule(pattern, level))
    return tuple(rules)


def load(path: Path) -> tuple[Rule, ...]:
    text = read_user_file(path, "the rules")
    if text is None:
        raise ConfigError(f"{path}: rules file not found")
    return parse(text, str(path))
