"""`levelcal config`: show and edit the TOML config (see `levelcal.config` for the schema)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from levelcal.cli.app import app

config_app = typer.Typer(
    name="config",
    invoke_without_command=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(config_app)


@config_app.command("set")
def set_value(
    key: Annotated[str, typer.Argument(metavar="KEY", help="e.g. role, smtp.host, targets.doing")],
    values: Annotated[
        list[str], typer.Argument(metavar="VALUE...", help="List keys take several values.")
    ],
) -> None:
    """Set one key; list keys (calendars, me, digest.to, working_hours.days) take several.

    The value is checked as every run checks it, and the rest of the file (its
    comments, order and layout) is kept; the file is written atomically.

    Examples:

    \b
      levelcal config set role vp
      levelcal config set me dana@northwind.example dana@home.example
      levelcal config set targets.doing 20
    """
    from levelcal import config

    print(config.set_value(key, values))


@config_app.command("unset")
def unset_value(key: Annotated[str, typer.Argument(metavar="KEY")]) -> None:
    """Remove one key, so that its default applies again.

    Examples:

    \b
      levelcal config unset targets.doing
    """
    from levelcal import config

    name, removed = config.unset_value(key)
    print(f"{name}: {'removed' if removed else 'was not set'}")


@config_app.command("path")
def show_path() -> None:
    """Print where the config file is (it may not exist yet).

    Examples:

    \b
      levelcal config path
    """
    from levelcal import paths

    print(paths.config_path())


@config_app.callback()
def show(context: typer.Context) -> None:
    """Show the effective config, or edit it: set, unset, path.

    Without a command, every key with its effective value, defaults marked;
    passwords are never shown, only where they come from.

    Examples:

    \b
      levelcal config
      levelcal config set smtp.host mail.example.com
    """
    if context.invoked_subcommand is not None:
        return
    from levelcal import config

    sys.stdout.write(config.show())
