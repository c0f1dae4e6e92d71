"""`levelcal config`: show and edit the TOML config (see `levelcal.config` for the schema)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from levelcal.cli.app import app, examples

config_app = typer.Typer(
    name="config",
    invoke_without_command=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(config_app)


@config_app.command(
    "set",
    epilog=examples(
        "levelcal config set role vp",
        "levelcal config set me dana@northwind.example dana@home.example",
        "levelcal config set targets.doing 20",
    ),
)
def set_value(
    key: Annotated[str, typer.Argument(metavar="KEY", help="e.g. role, smtp.host, targets.doing")],
    values: Annotated[
        list[str], typer.Argument(metavar="VALUE...", help="List keys take several values.")
    ],
) -> None:
    """Set one key; list keys (calendars, me, digest.to, working_hours.days) take several.

    The value is checked as every run checks it, and the rest of the file (its
    comments, order and layout) is kept; the file is written atomically.
    """
    from levelcal import config

    print(config.set_value(key, values))


@config_app.command(
    "unset",
    epilog=examples(
        "levelcal config unset targets.doing",
        "levelcal config unset role",
    ),
)
def unset_value(key: Annotated[str, typer.Argument(metavar="KEY")]) -> None:
    """Remove one key, so that its default applies again."""
    from levelcal import config

    name, removed = config.unset_value(key)
    print(f"{name}: {'removed' if removed else 'was not set'}")


@config_app.command(
    "path",
    epilog=examples(
        "levelcal config path",
        '"$EDITOR" "$(levelcal config path)"',
    ),
)
def show_path() -> None:
    """Print where the config file is (it may not exist yet)."""
    from levelcal import paths

    print(paths.config_path())


@config_app.command(
    "show",
    epilog=examples(
        "levelcal config show",
        "levelcal config show | grep smtp",
    ),
)
def show_config() -> None:
    """Show every key with its effective value, defaults marked (the same as `levelcal config`).

    Passwords are never shown, only where they come from.
    """
    from levelcal import config

    sys.stdout.write(config.show())


@config_app.callback(
    epilog=examples(
        "levelcal config",
        "levelcal config set smtp.host mail.example.com",
        "levelcal config unset targets.doing",
    ),
)
def show(context: typer.Context) -> None:
    """Show the effective config, or edit it: show, set, unset, path.

    Without a command, every key with its effective value, defaults marked;
    passwords are never shown, only where they come from.
    """
    if context.invoked_subcommand is None:
        show_config()
