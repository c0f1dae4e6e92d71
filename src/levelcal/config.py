"""The user's settings: a TOML file in the user config directory, and its one schema.

Each key is declared once, as a field of the dataclasses below (`setting(...)`:
its kind, default, check and help). `KEYS` is read from those declarations, and
everything else follows from it: `parse` (the one place a value is checked),
the unknown-key errors, `config set` and `unset` (which write the changed file
through `parse`, so a value a report would refuse is refused when it is set,
with the same message), `config` (`show`) and the README's key table
(`reference`, kept in step by a test).
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from levelcal import roles
from levelcal.errors import ConfigError
from levelcal.events import is_email
from levelcal.levels import WORK_LEVELS, Level, UnknownLevel
from levelcal.levels import names as level_names
from levelcal.paths import config_path
from levelcal.roles import ROLES, Role
from levelcal.storage import read_user_file

SECURITIES = ("starttls", "ssl", "none")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")
LIST, STRING, INTEGER, NUMBER, BOOLEAN = "list", "string", "integer", "number", "boolean"


class Invalid(Exception):
    """A value a check refuses: the message says what is wrong, without the file's name."""


Check = Callable[[Any, str], Any]  # (the file's value, the key as written) -> the setting

# --- the checks: each takes the value as TOML gives it, and the key as the file spells it ---


def _strings(value: object, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise Invalid(f"`{key}` must be a string or a list of strings")


def _addresses(value: object, key: str) -> tuple[str, ...]:
    return tuple(e.strip().lower() for e in _strings(value, key))


def _emails(value: object, key: str) -> tuple[str, ...]:
    emails = _addresses(value, key)
    for email in emails:
        if not is_email(email):
            raise Invalid(f"`{key}`: {email!r} is not an email address")
    return emails


def _one_email(value: object, key: str) -> str:
    emails = _emails(value, key)
    if len(emails) != 1:
        raise Invalid(f"`{key}` must be one email address")
    return emails[0]


def _existing_calendars(value: object, key: str) -> tuple[str, ...]:
    """At `config set` only: a file or directory named must exist now (a URL or `google`
    is not checked), rather than failing every later run. Each run still says so when a
    configured file has gone since."""
    calendars = _strings(value, key)
    for spec in calendars:
        if "://" in spec or spec == "-" or spec == "google" or spec.startswith("google:"):
            continue
        if not Path(spec).expanduser().exists():
            raise Invalid(f"`{key}`: {spec!r}: no such file or directory")
    return calendars


def _zone(value: object, key: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        if not isinstance(value, str):
            raise ValueError
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(
            f'`{key}` must be an IANA zone such as "Europe/Berlin", got {value!r}'
        ) from None
    return value


def _one_of(choices: Sequence[str]) -> Check:
    def check(value: object, key: str) -> str:
        if value not in choices:
            raise Invalid(f"`{key}` must be one of {', '.join(choices)}, got {value!r}")
        return str(value)

    return check


def _percent(value: object, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise Invalid(f"`{key}` must be a percentage from 0 to 100, got {value!r}")
    return float(value)


def _clock(value: object, key: str) -> str:
    if not isinstance(value, str) or not _CLOCK.match(value):
        raise Invalid(f"`{key}` must be a time HH:MM, got {value!r}")
    return value


def _weekdays(value: object, key: str) -> tuple[str, ...]:
    days = tuple(day.strip().casefold()[:3] for day in _strings(value, key))
    for day in days:
        if day not in _WEEKDAYS:
            raise Invalid(f"`{key}`: {day!r} is not a weekday; use mon, tue, ... sun")
    return tuple(dict.fromkeys(days))


def _text(value: object, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"`{key}` must be a non-empty string")
    return value


def _port(value: object, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise Invalid(f"`{key}` must be a port number from 1 to 65535, got {value!r}")
    return value


def _env_name(value: object, key: str) -> str:
    if not isinstance(value, str) or not _ENV_NAME.match(value):
        raise Invalid(
            f"`{key}` must be the NAME of an environment variable "
            f"(letters, digits, _), got {value!r}"
        )
    return value


def _boolean(value: object, key: str) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"`{key}` must be true or false")
    return value


def _google_calendars(value: object, key: str) -> tuple[str, ...]:
    calendars = _strings(value, key)
    if not calendars:
        raise Invalid(f"`{key}` names no calendar; leave it out for primary")
    return calendars


def _tenant(value: object, key: str) -> str:
    text = _text(value, key).strip()
    if not re.fullmatch(r"[A-Za-z0-9.-]+", text):
        raise Invalid(
            f"`{key}` must be common, organizations, consumers, or a tenant's id or domain, "
            f"got {value!r}"
        )
    return text


def _caldav_url(value: object, key: str) -> str:
    problem = caldav_url_problem(_text(value, key).strip())
    if problem:
        raise Invalid(f"`{key}` {problem}")
    return str(value).strip()


def caldav_url_problem(url: str) -> str | None:
    """What is wrong with a CalDAV URL (in the config or on the command line), or None."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an http(s):// URL"
    if parts.password is not None:
        return (
            "holds a password: passwords are never taken from the command line or the "
            "config; set caldav.password_env or caldav.keyring"
        )
    return None


def _category_level(value: object, key: str) -> Level:
    if not isinstance(value, str):
        raise Invalid(f"`{key}` must be a level ({level_names()}), got {value!r}")
    try:
        return Level.parse(value)
    except UnknownLevel as error:
        raise Invalid(f"`{key}`: {error}") from None


def _count(value: object, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
        raise Invalid(f"`{key}` must be a whole number from 1 to 1000, got {value!r}")
    return value


def _days(value: object, key: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 3660:
        raise Invalid(f"`{key}` must be a number of days from 0 to 3660")
    return value


# --- the declarations ------------------------------------------------------------------


def setting(
    default: Any,
    kind: str,
    check: Check,
    help: str,
    *,
    name: str = "",
    note: str | Callable[[Config], str] = "default",
    shown: Callable[[Config], Any] | None = None,
    shown_if: Callable[[Config], bool] | None = None,
    remark: Callable[[Config], str | None] | None = None,
    when_set: Check | None = None,
) -> Any:
    """A dataclass field that is a config key: its default, kind, check and help.

    `name`: the key, when it is not the field's name (inside its table). `note`:
    what `config` says of a value the file does not set. `shown`: what `config`
    shows, when not the setting itself; `shown_if`: whether it shows the key at
    all; `remark`: a comment line `config` adds after the key; `when_set`: a check
    `config set` makes besides `check` (what must hold now, not on every run).
    """
    declared = {
        "name": name,
        "kind": kind,
        "check": check,
        "help": help,
        "note": note,
        "shown": shown,
        "shown_if": shown_if,
        "remark": remark,
        "when_set": when_set,
    }
    return field(default=default, metadata={"setting": declared})


def toml_table(
    *, strict: bool = True, resolve: Check | None = None, check: Check | None = None
) -> dict[str, Any]:
    """The metadata of a dataclass field that is a TOML table of keys (`[smtp]`).

    `strict`: a key the table does not declare is refused (a typo would
    otherwise be silently ignored). `resolve`: the declared field a written
    key names (targets: `doing` is `implementation`); it refuses the others.
    `check`: what its keys must satisfy together.
    """
    return {"table": (strict, resolve, check)}


def mapping_table(check: Check, help: str, *, note: str) -> Any:
    """A dataclass field that is a TOML table of the user's own keys (`[categories]`): each
    written key maps to a value `check` accepts; the field holds (key, value) pairs."""
    declared = {"kind": STRING, "check": check, "help": help, "note": note}
    return field(default=(), metadata={"mapping": declared})


def _table_kind(declared: dataclasses.Field[Any]) -> type:
    return cast(type, declared.default_factory)


def target_level(name: str) -> Level:
    """A work level from a `targets` key: any of its names, or an unambiguous start of one.

    Raises UnknownLevel (`targets.d`: doing or directing).
    """
    return Level.parse(name, WORK_LEVELS)


def _target_field(name: str, key: str) -> str:
    try:
        return target_level(name).value
    except UnknownLevel as error:
        raise Invalid(f"`{key}`: {error}") from None


def _target(level: Level) -> Any:
    """The `targets` key of one work level: shown with the role's target when there is a role."""

    def shown(settings: Config) -> float | None:
        role = settings.role_with_targets()
        return getattr(settings.targets, level.value) if role is None else role.targets[level]

    def default(settings: Config) -> str:
        role = settings.role_with_targets()
        return "default" if role is None else f"the {role.title} default"

    return setting(
        None,
        NUMBER,
        _percent,
        f"percent of work hours at {level.short_name} (or `targets.{level.short_name}`): "
        "overrides the role's target",
        note=default,
        shown=shown,
        shown_if=lambda settings: settings.role is not None or level in settings.target_overrides,
    )


@dataclass(frozen=True, slots=True)
class Targets:
    """The `[targets]` table: percentages that override the role's defaults (each a bound)."""

    implementation: float | None = _target(Level.IMPLEMENTATION)
    unification: float | None = _target(Level.UNIFICATION)
    communication: float | None = _target(Level.COMMUNICATION)
    beyond: float | None = _target(Level.BEYOND)


def _working_hours(hours: WorkingHours, key: str) -> WorkingHours:
    if hours.end <= hours.start:
        raise Invalid(f"`{key}.end` ({hours.end}) must be after the start ({hours.start})")
    return hours


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """The `[working_hours]` table: the user's usual day, e.g. 09:00 to 17:30, Monday to Friday."""

    start: str = setting("09:00", STRING, _clock, "when your working day starts (HH:MM)")
    end: str = setting("17:30", STRING, _clock, "when it ends: work after it is reported")
    days: tuple[str, ...] = setting(
        ("mon", "tue", "wed", "thu", "fri"), LIST, _weekdays, "your working days (mon ... sun)"
    )


def _password_source(settings: Config) -> str | None:
    import os

    smtp = settings.smtp
    if smtp.password_env:
        state = "set" if os.environ.get(smtp.password_env) else "NOT set in this environment"
        return f"the SMTP password: from ${smtp.password_env} ({state}); never shown"
    if smtp.keyring:
        return "the SMTP password: from the system keyring (service levelcal); never shown"
    return None


@dataclass(frozen=True, slots=True)
class Smtp:
    """The `[smtp]` table: how the digest is sent. Never the password: only where to find it."""

    host: str | None = setting(None, STRING, _text, "the mail server the digest goes through")
    port: int | None = setting(
        None,
        INTEGER,
        _port,
        "its port (default 465 for ssl, 587 for starttls, 25 for none)",
        note=lambda settings: f"for {settings.smtp.security}",
        shown=lambda settings: settings.smtp.effective_port,
    )
    security: str = setting("starttls", STRING, _one_of(SECURITIES), "starttls, ssl or none")
    user: str | None = setting(None, STRING, _text, "the login, if the server asks for one")
    password_env: str | None = setting(
        None, STRING, _env_name, "the NAME of an environment variable that holds the password"
    )
    keyring: bool = setting(
        False,
        BOOLEAN,
        _boolean,
        "read the password from the system keyring (service levelcal)",
        remark=_password_source,
    )

    @property
    def effective_port(self) -> int:
        if self.port is not None:
            return self.port
        return {"ssl": 465, "starttls": 587}.get(self.security, 25)


@dataclass(frozen=True, slots=True)
class Digest:
    """The `[digest]` table: who receives the weekly digest, and from whom."""

    recipients: tuple[str, ...] = setting(
        (), LIST, _emails, "who gets the digest", name="to", note="none: the `me` addresses"
    )
    sender: str | None = setting(
        None,
        STRING,
        _one_email,
        "the digest's From address",
        name="from",
        note="digest.to's first address",
    )


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """The `[plan]` table: when `levelcal plan` suggests declining a meeting."""

    decline_over: int = setting(
        8,
        INTEGER,
        _count,
        "plan suggests declining a meeting you do not organize when more than this many "
        "others attend",
    )


def _sync_days_back() -> Any:
    return setting(365, INTEGER, _days, "days before today the sync cache holds")


def _sync_days_ahead() -> Any:
    return setting(90, INTEGER, _days, "days after today it holds")


@dataclass(frozen=True, slots=True)
class GoogleSettings:
    """The `[google]` table: which calendars `--calendar google` reads, and the synced span."""

    calendars: tuple[str, ...] = setting(
        ("primary",),
        LIST,
        _google_calendars,
        'the calendars `--calendar google` reads; "all": every one `levelcal calendars` lists',
    )
    sync_days_back: int = _sync_days_back()
    sync_days_ahead: int = _sync_days_ahead()


@dataclass(frozen=True, slots=True)
class MicrosoftSettings:
    """The `[microsoft]` table: your app registration, which calendars `--calendar microsoft`
    reads, and the synced span."""

    client_id: str | None = setting(
        None,
        STRING,
        _text,
        "the Application (client) ID of your app registration (README, Sources)",
        note="none: `levelcal connect microsoft --client-id ID` sets it",
    )
    tenant: str = setting(
        "common",
        STRING,
        _tenant,
        "who may sign in: common, organizations, consumers, or your tenant's id or domain",
    )
    calendars: tuple[str, ...] = setting(
        ("primary",),
        LIST,
        _google_calendars,
        'the calendars `--calendar microsoft` reads (ids, "primary"); "all": every one listed',
    )
    sync_days_back: int = _sync_days_back()
    sync_days_ahead: int = _sync_days_ahead()


def _caldav_password_source(settings: Config) -> str | None:
    import os

    caldav = settings.caldav
    if caldav.password_env:
        state = "set" if os.environ.get(caldav.password_env) else "NOT set in this environment"
        return f"the CalDAV password: from ${caldav.password_env} ({state}); never shown"
    if caldav.keyring:
        return "the CalDAV password: from the system keyring (service levelcal-caldav); never shown"
    return None


@dataclass(frozen=True, slots=True)
class CaldavSettings:
    """The `[caldav]` table: the account `--calendar caldav` reads, and how to log in to it.
    Never the password: only where to find it."""

    url: str | None = setting(
        None,
        STRING,
        _caldav_url,
        "the CalDAV server, account or calendar URL `--calendar caldav` reads",
    )
    user: str | None = setting(None, STRING, _text, "the login (for iCloud, your Apple ID)")
    password_env: str | None = setting(
        None,
        STRING,
        _env_name,
        "the NAME of an environment variable that holds the (app) password",
    )
    keyring: bool = setting(
        False,
        BOOLEAN,
        _boolean,
        "read the password from the system keyring (service levelcal-caldav)",
        remark=_caldav_password_source,
    )
    calendars: tuple[str, ...] = setting(
        ("all",),
        LIST,
        _google_calendars,
        'the calendars of the account `--calendar caldav` reads: URLs or names; "all"',
    )
    sync_days_back: int = _sync_days_back()
    sync_days_ahead: int = _sync_days_ahead()


@dataclass(frozen=True, slots=True)
class Config:
    """Everything the config file sets; a missing file or key means the default."""

    calendars: tuple[str, ...] = setting(
        (),
        LIST,
        _strings,
        "the calendars to read when no --calendar is given",
        note="none: the bundled sample calendar",
        when_set=_existing_calendars,
    )
    owner_emails: tuple[str, ...] = setting(
        (),
        LIST,
        _emails,
        "your addresses, to leave out the events you declined",
        name="me",
        note="none: from the calendar (its name, its X-OWNER)",
    )
    timezone: str | None = setting(
        None,
        STRING,
        _zone,
        "the IANA zone of reports",
        note="the calendar's own zone, else the system's",
    )
    role: str | None = setting(
        None,
        STRING,
        _one_of(tuple(ROLES)),
        ", ".join(ROLES) + ": compare with its targets",
        note="none: no targets",
    )
    manager: str | None = setting(
        None,
        STRING,
        _one_email,
        "your manager's address: the report says when you last met one-on-one",
        note="none: no cadence upward",
    )
    executives: tuple[str, ...] = setting(
        (),
        LIST,
        _emails,
        "executives you meet (peers on the executive team, board members): a generic meeting "
        "with one, or with your manager, is directing",
        note="none: only your manager",
    )
    targets: Targets = field(default_factory=Targets, metadata=toml_table(resolve=_target_field))
    working_hours: WorkingHours = field(
        default_factory=WorkingHours, metadata=toml_table(check=_working_hours)
    )
    smtp: Smtp = field(default_factory=Smtp, metadata=toml_table())
    digest: Digest = field(default_factory=Digest, metadata=toml_table())
    plan: PlanSettings = field(default_factory=PlanSettings, metadata=toml_table())
    google: GoogleSettings = field(
        default_factory=GoogleSettings, metadata=toml_table(strict=False)
    )
    microsoft: MicrosoftSettings = field(default_factory=MicrosoftSettings, metadata=toml_table())
    caldav: CaldavSettings = field(default_factory=CaldavSettings, metadata=toml_table())
    categories: tuple[tuple[str, Level], ...] = mapping_table(
        _category_level,
        "the level of events in the category NAME (Outlook categories, iCalendar CATEGORIES): "
        "it decides like a rule",
        note="none: categories decide nothing",
    )

    @property
    def target_overrides(self) -> dict[Level, float]:
        """The `[targets]` the file sets, in percent of work hours."""
        return {
            level: value
            for level in WORK_LEVELS
            if (value := getattr(self.targets, level.value)) is not None
        }

    def role_with_targets(self) -> Role | None:
        """The configured role with the `[targets]` in place, or None."""
        if self.role is None:
            return None
        return roles.with_overrides(roles.get(self.role, "role"), self.target_overrides)


@dataclass(frozen=True, slots=True)
class Key:
    """One config key, as `setting` declared it, and where its value lives in a `Config`."""

    name: str  # dotted, as in the file and on the command line: "smtp.port"
    kind: str  # how `config set` reads a typed value: list, string, integer, number, boolean
    default: Any
    check: Check
    help: str
    note: str | Callable[[Config], str]
    shown: Callable[[Config], Any] | None
    shown_if: Callable[[Config], bool] | None
    remark: Callable[[Config], str | None] | None
    when_set: Check | None
    path: tuple[str, ...]  # the attributes that lead from a Config to the setting

    def value(self, settings: Config) -> Any:
        found: Any = settings
        for attribute in self.path:
            found = getattr(found, attribute)
        return found


def _keys(kind: type, prefix: str, path: tuple[str, ...]) -> list[Key]:
    keys = []
    for declared in dataclasses.fields(kind):
        if "setting" in declared.metadata:
            spec = declared.metadata["setting"]
            name = prefix + (spec["name"] or declared.name)
            extra = {k: v for k, v in spec.items() if k != "name"}
            keys.append(Key(name, default=declared.default, path=(*path, declared.name), **extra))
        elif "table" in declared.metadata:
            keys += _keys(_table_kind(declared), f"{declared.name}.", (*path, declared.name))
        elif "mapping" in declared.metadata:
            spec = declared.metadata["mapping"]
            name = f"{declared.name}.{MAPPED}"
            keys.append(Key(name, default=(), path=(*path, declared.name), **spec, **_NOT_SHOWN))
    return keys


MAPPED = "NAME"  # in a mapping table's key (`categories.NAME`): any key the user writes
_NOT_SHOWN: dict[str, Any] = {
    "shown": lambda settings: None,
    "shown_if": None,
    "remark": None,
    "when_set": None,
}


KEYS: tuple[Key, ...] = tuple(_keys(Config, "", ()))
_BY_NAME = {key.name: key for key in KEYS}
_MAPPINGS = {key.path[0]: key for key in KEYS if key.name.endswith(f".{MAPPED}")}
_PASSWORDS = ("smtp", "caldav")  # tables with a login: the password is never in the config
_IN_FILE_ONLY = {  # refused in the file; `config set` refuses them with its own message
    f"{table}.password": f"`{table}.password` is not allowed: a password is never kept in the "
    f"config; set `{table}.password_env` to the name of an environment variable that holds it, "
    f"or `{table}.keyring = true`"
    for table in _PASSWORDS
}


# --- reading the file ------------------------------------------------------------------


def _table_of(document: dict[str, Any], declared: dataclasses.Field[Any]) -> dict[str, Any]:
    name = declared.name
    value = document.get(name, {})
    if not isinstance(value, dict):
        raise Invalid(f"`{name}` must be a table ([{name}])")
    strict, resolve, _ = declared.metadata["table"]
    known = {key.name: key.path[-1] for key in KEYS if key.path[0] == name}  # key -> field
    written = {}
    for key, item in value.items():
        dotted = f"{name}.{key}"
        if dotted in _IN_FILE_ONLY:
            raise Invalid(_IN_FILE_ONLY[dotted])
        if resolve is not None:
            written[resolve(key, dotted)] = (item, dotted)
        elif dotted in known:
            written[known[dotted]] = (item, dotted)
        elif strict:
            raise Invalid(f"unknown key `{dotted}`; known: {', '.join(known)}")
    return written


def _mapping_of(document: dict[str, Any], declared: dataclasses.Field[Any]) -> tuple[Any, ...]:
    """A mapping table's (key, checked value) pairs, in the file's order."""
    name = declared.name
    value = document.get(name, {})
    if not isinstance(value, dict):
        raise Invalid(f"`{name}` must be a table ([{name}])")
    check = declared.metadata["mapping"]["check"]
    pairs = []
    for key, item in value.items():
        if not key.strip():
            raise Invalid(f"`{name}` has an empty key")
        pairs.append((key, check(item, f"{name}.{key}")))
    return tuple(pairs)


def _settings(kind: type, written: dict[str, tuple[Any, str]]) -> Any:
    """An instance of `kind` (a table's dataclass) from the written keys, each one checked."""
    values = {}
    for declared in dataclasses.fields(kind):
        if declared.name in written:
            value, key = written[declared.name]
            values[declared.name] = declared.metadata["setting"]["check"](value, key)
    return kind(**values)


def _top_level(document: dict[str, Any]) -> dict[str, tuple[Any, str]]:
    written = {}
    for key in KEYS:
        if len(key.path) == 1 and key.name in document:
            written[key.path[0]] = (document[key.name], key.name)
    return written


def parse(text: str, path: Path) -> Config:
    """The settings of a config file's text; every value checked, the first problem raised."""
    import tomllib  # loaded only when there is a file to read

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    try:
        top = _settings(Config, _top_level(document))
        tables = {}
        for declared in dataclasses.fields(Config):
            if "table" in declared.metadata:
                found = _settings(_table_kind(declared), _table_of(document, declared))
                together = declared.metadata["table"][2]
                if together is not None:
                    found = together(found, declared.name)
                tables[declared.name] = found
            elif "mapping" in declared.metadata:
                tables[declared.name] = _mapping_of(document, declared)
        return dataclasses.replace(top, **tables)
    except Invalid as error:
        raise ConfigError(f"{path}: {error}") from None


def load(path: Path | None = None) -> Config:
    """The config file's settings; no file means the defaults."""
    path = path or config_path()
    text = read_user_file(path, "the config")
    return Config() if text is None else parse(text, path)


# --- `levelcal config`: show, set, unset -----------------------------------------------


def _written_keys(text: str | None) -> set[str]:
    """The keys a config file's text sets, dotted, each also by its canonical name."""
    import tomllib

    try:
        document = tomllib.loads(text or "")
    except tomllib.TOMLDecodeError:
        return set()
    keys: set[str] = set()
    for name, value in document.items():
        if not isinstance(value, dict):
            keys.add(name)
            continue
        keys.update(f"{name}.{field}" for field in value)
        if name == "targets":
            for written in value:
                with contextlib.suppress(UnknownLevel):
                    keys.add(f"targets.{target_level(written).value}")
    return keys


def _toml(value: Any) -> str:
    """A value as the config shows it: TOML, with every URL's secrets masked (`redact`)."""
    import tomlkit

    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, tuple | list):
        value = [_masked(item) for item in value]
    return "(not set)" if value is None else tomlkit.item(_masked(value)).as_string()


def _masked(value: Any) -> Any:
    if isinstance(value, str) and "://" in value:
        from levelcal.redact import redact_url

        return redact_url(value)
    return value


def show(path: Path | None = None) -> str:
    """The effective config, one `key = value` line each, defaults marked; never a password."""
    path = path or config_path()
    text = read_user_file(path, "the config")
    settings = Config() if text is None else parse(text, path)
    written = _written_keys(text)
    lines = [f"# {path}{'' if path.exists() else ' (not created yet)'}"]
    for key in KEYS:
        if key.shown_if is not None and not key.shown_if(settings):
            continue
        if key.path[0] in _MAPPINGS and key.value(settings):
            table = key.path[0]
            lines += [
                f"{table}.{_toml(name)} = {_toml(v.value)}" for name, v in key.value(settings)
            ]
            continue
        value = key.shown(settings) if key.shown is not None else key.value(settings)
        note = key.note(settings) if callable(key.note) else key.note
        lines.append(f"{key.name} = {_toml(value)}{'' if key.name in written else f'  # {note}'}")
        remark = key.remark(settings) if key.remark is not None else None
        if remark:
            lines.append(f"# {remark}")
    return "\n".join(lines) + "\n"


def key_named(name: str) -> Key:
    """The key `config set` and `unset` mean: `targets.doing` is `targets.implementation`."""
    table = name.partition(".")[0]
    if table in _PASSWORDS and name == f"{table}.password":
        raise ConfigError(
            f"{name}: a password is never stored in the config (nor taken from the "
            f"command line); set {table}.password_env to the NAME of an environment variable "
            f"that holds it, or {table}.keyring true to read it from the system keyring"
        )
    if name.startswith("targets."):
        try:
            name = f"targets.{target_level(name.removeprefix('targets.')).value}"
        except UnknownLevel as error:
            raise ConfigError(f"{name}: {error}") from None
    table, _, mapped = name.partition(".")
    if table in _MAPPINGS and mapped.strip():
        return dataclasses.replace(_MAPPINGS[table], name=name)
    if name not in _BY_NAME:
        raise ConfigError(f"unknown config key {name!r}; known keys: {', '.join(_BY_NAME)}")
    return _BY_NAME[name]


def typed(key: Key, values: Sequence[str]) -> Any:
    """The TOML value of what was typed on the command line for `key`."""
    if key.kind == LIST:
        return [item.strip() for value in values for item in value.split(",") if item.strip()]
    if len(values) != 1:
        raise ConfigError(f"{key.name} takes one value, got {len(values)}")
    text = values[0].strip()
    if key.kind == INTEGER:
        try:
            return int(text)
        except ValueError:
            raise ConfigError(f"{key.name} must be a whole number, got {text!r}") from None
    if key.kind == NUMBER:
        try:
            number = float(text.removesuffix("%"))
        except ValueError:
            raise ConfigError(f"{key.name} must be a percentage such as 15, got {text!r}") from None
        return int(number) if number.is_integer() else number
    if key.kind == BOOLEAN:
        if text.casefold() in _TRUE:
            return True
        if text.casefold() in _FALSE:
            return False
        raise ConfigError(f"{key.name} must be true or false, got {text!r}")
    return text


def _edit(change: Callable[[Any], None], path: Path) -> None:
    """Read the file, apply `change` to its tomlkit document, check it, write atomically."""
    import tomlkit

    from levelcal.storage import locked, write_atomically

    with locked(path):
        text = read_user_file(path, "the config") or ""
        try:
            document = tomlkit.parse(text)
        except tomlkit.exceptions.ParseError as error:
            raise ConfigError(f"{path}: not valid TOML ({error}); fix it by hand first") from None
        change(document)
        new_text = tomlkit.dumps(document).rstrip("\n")
        new_text = new_text + "\n" if new_text else ""
        try:
            parse(new_text, path)
        except ConfigError as error:  # name the key, not the file that is not written yet
            raise ConfigError(str(error).removeprefix(f"{path}: ")) from None
        write_atomically(path, new_text)


def set_value(name: str, values: Sequence[str], path: Path | None = None) -> str:
    """Set one key (comments and layout of the file kept); the `key = value` line set."""
    import tomlkit

    key = key_named(name)
    value = typed(key, values)
    if key.when_set is not None:
        try:
            key.when_set(value, key.name)
        except Invalid as error:
            raise ConfigError(str(error)) from None

    def change(document: Any) -> None:
        if "." in key.name:
            table_name, field_name = key.name.split(".", 1)
            if table_name not in document:
                document[table_name] = tomlkit.table()
            document[table_name][field_name] = value
        else:
            document[key.name] = value

    _edit(change, path or config_path())
    return f"{key.name} = {_toml(value)}"


def unset_value(name: str, path: Path | None = None) -> tuple[str, bool]:
    """Remove one key, so that its default applies again: its name, and whether it was set."""
    key = key_named(name)
    removed = []

    def change(document: Any) -> None:
        if "." in key.name:
            table_name, field_name = key.name.split(".", 1)
            table = document.get(table_name)
            if table is not None and field_name in table:
                del table[field_name]
                removed.append(key.name)
                if not table:
                    del document[table_name]
        elif key.name in document:
            del document[key.name]
            removed.append(key.name)

    _edit(change, path or config_path())
    return key.name, bool(removed)


def reference() -> str:
    """The README's table of keys (tests/test_config_schema.py keeps the two in step)."""
    rows = ["| key | kind | default | what it sets |", "|---|---|---|---|"]
    for key in KEYS:
        if isinstance(key.note, str) and key.note != "default":
            default = key.note
        else:
            default = "—" if key.default is None else f"`{_toml(key.default)}`"
        rows.append(f"| `{key.name}` | {key.kind} | {default} | {key.help} |")
    return "\n".join(rows) + "\n"
