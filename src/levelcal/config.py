"""The user's settings: a TOML file in the user config directory.

`parse` is the one place a setting is validated: `levelcal config set` writes
the changed document through it before saving, so a value the report would
refuse is refused when it is set, with the same message.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from levelcal.errors import ConfigError
from levelcal.events import is_email
from levelcal.levels import WORK_LEVELS, Level
from levelcal.paths import config_path
from levelcal.roles import ROLES
from levelcal.storage import read_user_file

DEFAULT_SYNC_DAYS_BACK = 365
DEFAULT_SYNC_DAYS_AHEAD = 90


@dataclass(frozen=True, slots=True)
class GoogleSettings:
    """The `[google]` table: which calendars `--calendar google` reads, and the synced span."""

    calendars: tuple[str, ...] = ("primary",)
    sync_days_back: int = DEFAULT_SYNC_DAYS_BACK
    sync_days_ahead: int = DEFAULT_SYNC_DAYS_AHEAD


SECURITIES = ("starttls", "ssl", "none")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """The user's usual working day, e.g. 09:00 to 17:30, Monday to Friday."""

    start: str = "09:00"
    end: str = "17:30"
    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")


@dataclass(frozen=True, slots=True)
class Smtp:
    """How the digest is sent. The password is never in the config: only where to find it."""

    host: str | None = None
    port: int | None = None  # default: 465 for ssl, 587 for starttls, 25 for none
    security: str = "starttls"
    user: str | None = None
    password_env: str | None = None  # the NAME of an environment variable
    keyring: bool = False  # read the password from the system keyring instead

    @property
    def effective_port(self) -> int:
        if self.port is not None:
            return self.port
        return {"ssl": 465, "starttls": 587}.get(self.security, 25)


@dataclass(frozen=True, slots=True)
class Digest:
    recipients: tuple[str, ...] = ()
    sender: str | None = None


@dataclass(frozen=True, slots=True)
class Config:
    calendars: tuple[str, ...] = ()
    owner_emails: tuple[str, ...] = ()
    timezone: str | None = None
    google: GoogleSettings = field(default_factory=GoogleSettings)
    role: str | None = None
    target_overrides: dict[Level, float] = field(default_factory=dict)  # percent of work hours
    working_hours: WorkingHours = WorkingHours()
    smtp: Smtp = Smtp()
    digest: Digest = Digest()


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


def _emails(value: object, key: str, path: Path) -> tuple[str, ...]:
    emails = tuple(e.strip().lower() for e in _strings(value, key, path))
    for email in emails:
        if not is_email(email):
            raise ConfigError(f"{path}: `{key}`: {email!r} is not an email address")
    return emails


def _table(document: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = document.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: `{key}` must be a table ([{key}])")
    return value


def _unknown(table: dict[str, Any], known: tuple[str, ...], prefix: str, path: Path) -> None:
    for key in table:
        if key not in known:
            raise ConfigError(
                f"{path}: unknown key `{prefix}{key}`; known: "
                + ", ".join(f"{prefix}{k}" for k in known)
            )


def target_level(name: str) -> Level | None:
    """A work level from a `targets` key: its name or its short name."""
    level = Level.parse(name) if len(name) > 1 else None
    return level if level is not None and level.is_work else None


def _targets(document: dict[str, Any], path: Path) -> dict[Level, float]:
    overrides: dict[Level, float] = {}
    for name, value in _table(document, "targets", path).items():
        level = target_level(name)
        if level is None:
            names = ", ".join(level.value for level in WORK_LEVELS)
            raise ConfigError(f"{path}: `targets.{name}` is not a work level; use one of {names}")
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
            raise ConfigError(
                f"{path}: `targets.{name}` must be a percentage from 0 to 100, got {value!r}"
            )
        overrides[level] = float(value)
    return overrides


def _working_hours(document: dict[str, Any], path: Path) -> WorkingHours:
    table = _table(document, "working_hours", path)
    _unknown(table, ("start", "end", "days"), "working_hours.", path)
    default = WorkingHours()
    start, end = table.get("start", default.start), table.get("end", default.end)
    for key, value in (("start", start), ("end", end)):
        if not isinstance(value, str) or not _CLOCK.match(value):
            raise ConfigError(f"{path}: `working_hours.{key}` must be a time HH:MM, got {value!r}")
    if end <= start:
        raise ConfigError(f"{path}: `working_hours.end` ({end}) must be after the start ({start})")
    days = tuple(
        d.strip().casefold()[:3]
        for d in _strings(table.get("days", list(default.days)), "working_hours.days", path)
    )
    for day in days:
        if day not in _WEEKDAYS:
            raise ConfigError(
                f"{path}: `working_hours.days`: {day!r} is not a weekday; use mon, tue, ... sun"
            )
    return WorkingHours(start, end, tuple(dict.fromkeys(days)))


def _smtp(document: dict[str, Any], path: Path) -> Smtp:
    table = _table(document, "smtp", path)
    if "password" in table:
        raise ConfigError(
            f"{path}: `smtp.password` is not allowed: a password is never kept in the config; "
            "set `smtp.password_env` to the name of an environment variable that holds it, "
            "or `smtp.keyring = true`"
        )
    _unknown(table, ("host", "port", "security", "user", "password_env", "keyring"), "smtp.", path)
    host, user = table.get("host"), table.get("user")
    for key, value in (("host", host), ("user", user)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError(f"{path}: `smtp.{key}` must be a non-empty string")
    port = table.get("port")
    if port is not None and (
        isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535
    ):
        raise ConfigError(
            f"{path}: `smtp.port` must be a port number from 1 to 65535, got {port!r}"
        )
    security = table.get("security", "starttls")
    if security not in SECURITIES:
        raise ConfigError(
            f"{path}: `smtp.security` must be one of {', '.join(SECURITIES)}, got {security!r}"
        )
    password_env = table.get("password_env")
    if password_env is not None and (
        not isinstance(password_env, str) or not _ENV_NAME.match(password_env)
    ):
        raise ConfigError(
            f"{path}: `smtp.password_env` must be the NAME of an environment variable "
            f"(letters, digits, _), got {password_env!r}"
        )
    keyring = table.get("keyring", False)
    if not isinstance(keyring, bool):
        raise ConfigError(f"{path}: `smtp.keyring` must be true or false")
    return Smtp(host, port, security, user, password_env, keyring)


def _digest(document: dict[str, Any], path: Path) -> Digest:
    table = _table(document, "digest", path)
    _unknown(table, ("to", "from"), "digest.", path)
    sender = table.get("from")
    if sender is not None:
        sender = _emails(sender, "digest.from", path)
        if len(sender) != 1:
            raise ConfigError(f"{path}: `digest.from` must be one email address")
    return Digest(_emails(table.get("to", []), "digest.to", path), sender[0] if sender else None)


def parse(text: str, path: Path) -> Config:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    timezone = document.get("timezone")
    if timezone is not None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            if not isinstance(timezone, str):
                raise ValueError
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f'{path}: `timezone` must be an IANA zone such as "Europe/Berlin", got {timezone!r}'
            ) from None
    role = document.get("role")
    if role is not None and role not in ROLES:
        raise ConfigError(f"{path}: `role` must be one of {', '.join(ROLES)}, got {role!r}")
    return Config(
        calendars=_strings(document.get("calendars", []), "calendars", path),
        owner_emails=tuple(e.strip().lower() for e in _strings(document.get("me", []), "me", path)),
        timezone=timezone,
        google=_google(document.get("google", {}), path),
        role=role,
        target_overrides=_targets(document, path),
        working_hours=_working_hours(document, path),
        smtp=_smtp(document, path),
        digest=_digest(document, path),
    )


def load(path: Path | None = None) -> Config:
    """The config file's settings; no file means the defaults."""
    path = path or config_path()
    text = read_user_file(path, "the config")
    return Config() if text is None else parse(text, path)
