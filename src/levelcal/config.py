"""The user's settings: a TOML file in the user config directory."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from levelcal.errors import ConfigError
from levelcal.storage import read_user_file

CONFIG_DIR_VARIABLE = "LEVELCAL_CONFIG_DIR"
DATA_DIR_VARIABLE = "LEVELCAL_DATA_DIR"
CACHE_DIR_VARIABLE = "LEVELCAL_CACHE_DIR"
DEFAULT_SYNC_DAYS_BACK = 365
DEFAULT_SYNC_DAYS_AHEAD = 90


@dataclass(frozen=True, slots=True)
class GoogleSettings:
    """The `[google]` table: which calendars `--calendar google` reads, and the synced span."""

    calendars: tuple[str, ...] = ("primary",)
    sync_days_back: int = DEFAULT_SYNC_DAYS_BACK
    sync_days_ahead: int = DEFAULT_SYNC_DAYS_AHEAD


@dataclass(frozen=True, slots=True)
class Config:
    calendars: tuple[str, ...] = ()
    owner_emails: tuple[str, ...] = ()
    timezone: str | None = None
    google: GoogleSettings = field(default_factory=GoogleSettings)


def _user_dir(variable: str, kind: str) -> Path:
    """$variable, else the platform's user directory of that kind (platformdirs)."""
    override = os.environ.get(variable)
    if override:
        return Path(override)
    import platformdirs

    chosen: str = getattr(platformdirs, f"user_{kind}_dir")("levelcal", appauthor=False)
    return Path(chosen)


def config_dir() -> Path:
    return _user_dir(CONFIG_DIR_VARIABLE, "config")


def data_dir() -> Path:
    """Where the user's corrections and personal model live."""
    return _user_dir(DATA_DIR_VARIABLE, "data")


def cache_dir() -> Path:
    """Where what can be rebuilt is kept: parsed calendars, the Google sync cache."""
    return _user_dir(CACHE_DIR_VARIABLE, "cache")


def config_path() -> Path:
    return config_dir() / "config.toml"


def default_rules_path() -> Path:
    return config_dir() / "rules.toml"


def _strings(value: object, key: str, path: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise ConfigError(f"{path}: `{key}` must be a string or a list of strings")


def _days(table: dict[str, object], key: str, default: int, path: Path) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 3660:
        raise ConfigError(f"{path}: `google.{key}` must be a number of days from 0 to 3660")
    return value


def _google(value: object, path: Path) -> GoogleSettings:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: `google` must be a table: [google]")
    calendars = _strings(value.get("calendars", ["primary"]), "google.calendars", path)
    if not calendars:
        raise ConfigError(f"{path}: `google.calendars` names no calendar; leave it out for primary")
    return GoogleSettings(
        calendars=calendars,
        sync_days_back=_days(value, "sync_days_back", DEFAULT_SYNC_DAYS_BACK, path),
        sync_days_ahead=_days(value, "sync_days_ahead", DEFAULT_SYNC_DAYS_AHEAD, path),
    )


def parse(text: str, path: Path) -> Config:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    timezone = document.get("timezone")
    if timezone is not None and not isinstance(timezone, str):
        raise ConfigError(f'{path}: `timezone` must be a string such as "Europe/Berlin"')
    return Config(
        calendars=_strings(document.get("calendars", []), "calendars", path),
        owner_emails=tuple(e.strip().lower() for e in _strings(document.get("me", []), "me", path)),
        timezone=timezone,
        google=_google(document.get("google", {}), path),
    )


def load(path: Path | None = None) -> Config:
    """The config file's settings; no file means the defaults."""
    path = path or config_path()
    text = read_user_file(path, "the config")
    return Config() if text is None else parse(text, path)
