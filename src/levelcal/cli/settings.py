"""`levelcal config`: show and edit the TOML config, validated, keeping the rest of the file.

The file is edited with tomlkit, so the user's comments, order and layout
survive; the changed document is validated by `config.parse` (the same checks
every run makes) before it is written, atomically and under a lock.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from levelcal.cli.app import app
from levelcal.errors import ConfigError

config_app = typer.Typer(
    name="config",
    help="Show the effective config, or edit it: set, unset, path.",
    invoke_without_command=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(config_app)

# key -> kind: how a value typed on the command line becomes a TOML value
KEYS: dict[str, str] = {
    "calendars": "list",
    "me": "list",
    "timezone": "string",
    "role": "string",
    "targets.implementation": "number",
    "targets.unification": "number",
    "targets.communication": "number",
    "targets.beyond": "number",
    "working_hours.start": "string",
    "working_hours.end": "string",
    "working_hours.days": "list",
    "smtp.host": "string",
    "smtp.port": "integer",
    "smtp.security": "string",
    "smtp.user": "string",
    "smtp.password_env": "string",
    "smtp.keyring": "boolean",
    "digest.to": "list",
    "digest.from": "string",
    "google.calendars": "list",
    "google.sync_days_back": "integer",
    "google.sync_days_ahead": "integer",
}
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


def _key(name: str) -> str:
    """The canonical key: `targets.doing` is `targets.implementation`."""
    from levelcal.config import target_level

    if name == "smtp.password":
        raise ConfigError(
            "smtp.password: a password is never stored in the config (nor taken from the "
            "command line); set smtp.password_env to the NAME of an environment variable that "
            "holds it, or smtp.keyring true to read it from the system keyring"
        )
    if name.startswith("targets."):
        level = target_level(name.removeprefix("targets."))
        if level is not None:
            return f"targets.{level.value}"
    if name not in KEYS:
        raise ConfigError(f"unknown config key {name!r}; known keys: {', '.join(KEYS)}")
    return name


def _value(key: str, values: list[str]) -> Any:
    kind = KEYS[key]
    if kind == "list":
        return [item.strip() for value in values for item in value.split(",") if item.strip()]
    if len(values) != 1:
        raise ConfigError(f"{key} takes one value, got {len(values)}")
    text = values[0].strip()
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            raise ConfigError(f"{key} must be a whole number, got {text!r}") from None
    if kind == "number":
        try:
            number = float(text.removesuffix("%"))
        except ValueError:
            raise ConfigError(f"{key} must be a percentage such as 15, got {text!r}") from None
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        if text.casefold() in _TRUE:
            return True
        if text.casefold() in _FALSE:
            return False
        raise ConfigError(f"{key} must be true or false, got {text!r}")
    return text


def _edit(change: Any) -> None:
    """Read the file, apply `change` to its tomlkit document, validate, write atomically."""
    import tomlkit

    from levelcal import config, paths
    from levelcal.storage import locked, read_user_file, write_atomically

    path = paths.config_path()
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
            config.parse(new_text, path)
        except ConfigError as error:  # name the key, not the file that is not written yet
            raise ConfigError(str(error).removeprefix(f"{path}: ")) from None
        write_atomically(path, new_text)


@config_app.command("set")
def set_value(
    key: Annotated[str, typer.Argument(metavar="KEY", help="e.g. role, smtp.host, targets.doing")],
    values: Annotated[
        list[str], typer.Argument(metavar="VALUE...", help="List keys take several values.")
    ],
) -> None:
    """Set one key; list keys (calendars, me, digest.to, working_hours.days) take several."""
    import tomlkit

    name = _key(key)
    value = _value(name, values)

    def change(document: Any) -> None:
        if "." in name:
            table_name, field = name.split(".", 1)
            if table_name not in document:
                document[table_name] = tomlkit.table()
            document[table_name][field] = value
        else:
            document[name] = value

    _edit(change)
    print(f"{name} = {tomlkit.item(value).as_string()}")


@config_app.command("unset")
def unset_value(key: Annotated[str, typer.Argument(metavar="KEY")]) -> None:
    """Remove one key, so that its default applies again."""
    name = _key(key)
    removed = []

    def change(document: Any) -> None:
        if "." in name:
            table_name, field = name.split(".", 1)
            table = document.get(table_name)
            if table is not None and field in table:
                del table[field]
                removed.append(name)
                if not table:
                    del document[table_name]
        elif name in document:
            del document[name]
            removed.append(name)

    _edit(change)
    print(f"{name}: {'removed' if removed else 'was not set'}")


@config_app.command("path")
def show_path() -> None:
    """Print where the config file is (it may not exist yet)."""
    from levelcal import paths

    print(paths.config_path())


@config_app.callback()
def show(context: typer.Context) -> None:
    """Show the effective config; passwords are never shown, only where they come from."""
    if context.invoked_subcommand is not None:
        return
    import os

    import tomlkit

    from levelcal import config, paths, roles

    path = paths.config_path()
    settings = config.load()
    written = _written_keys(path)

    def line(key: str, value: Any, default_note: str = "default") -> None:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        rendered = "(not set)" if value is None else tomlkit.item(value).as_string()
        origin = "" if key in written else f"  # {default_note}"
        print(f"{key} = {rendered}{origin}")

    print(f"# {path}{'' if path.exists() else ' (not created yet)'}")
    line("calendars", list(settings.calendars), "none: the bundled sample calendar")
    line("me", list(settings.owner_emails), "none: from the calendar's name")
    line("timezone", settings.timezone, "the system zone")
    line("role", settings.role, "none: no targets")
    if settings.role is not None:
        role = roles.with_overrides(roles.get(settings.role, "role"), settings.target_overrides)
        for level, target in role.targets.items():
            line(f"targets.{level.value}", target, f"the {role.title} default")
    else:
        for level, target in settings.target_overrides.items():
            line(f"targets.{level.value}", target)
    hours = settings.working_hours
    line("working_hours.start", hours.start)
    line("working_hours.end", hours.end)
    line("working_hours.days", list(hours.days))
    smtp = settings.smtp
    line("smtp.host", smtp.host)
    line("smtp.port", smtp.effective_port, f"for {smtp.security}")
    line("smtp.security", smtp.security)
    line("smtp.user", smtp.user)
    line("smtp.password_env", smtp.password_env)
    line("smtp.keyring", smtp.keyring)
    if smtp.password_env:
        state = "set" if os.environ.get(smtp.password_env) else "NOT set in this environment"
        print(f"# the SMTP password: from ${smtp.password_env} ({state}); never shown")
    elif smtp.keyring:
        print("# the SMTP password: from the system keyring (service levelcal); never shown")
    line("digest.to", list(settings.digest.recipients), "none: the `me` addresses")
    line("digest.from", settings.digest.sender, "digest.to's first address")
    google = settings.google
    line("google.calendars", list(google.calendars))
    line("google.sync_days_back", google.sync_days_back)
    line("google.sync_days_ahead", google.sync_days_ahead)


def _written_keys(path: Any) -> set[str]:
    """The keys the file sets, dotted."""
    import tomllib

    from levelcal.storage import read_user_file

    text = read_user_file(path, "the config")
    if not text:
        return set()
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return set()
    keys: set[str] = set()
    for key, value in document.items():
        if isinstance(value, dict):
            keys.update(f"{key}.{field}" for field in value)
            if key == "targets":
                from levelcal.config import target_level

                for field in value:
                    level = target_level(field)
                    if level is not None:
                        keys.add(f"targets.{level.value}")
        else:
            keys.add(key)
    return keys
