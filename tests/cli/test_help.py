"""Every command documents itself: its --help has a description and an example to copy."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
import typer

from levelcal.application import Request
from levelcal.cli import app
from levelcal.cli.flags import REQUEST_OPTIONS


def commands() -> list[tuple[str, ...]]:
    """Every command's path, sub-commands of a group included: ("config", "set")."""
    root = typer.main.get_command(app)
    found: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        if path:
            found.append(path)
        for name, sub in getattr(command, "commands", {}).items():  # a group's commands
            walk(sub, (*path, name))

    walk(root, ())
    return found


def test_every_command_is_found():
    names = {" ".join(path) for path in commands()}
    assert {"analyze", "digest", "history", "trend", "config", "config set", "label"} <= names
    assert len(names) == 14


@pytest.mark.parametrize("path", commands(), ids=" ".join)
def test_every_command_help_has_an_example(run, path):
    result = run(*path, "--help")
    assert result.exit_code == 0, result.stderr
    assert "Examples:" in result.stdout, result.stdout
    examples = result.stdout.split("Examples:", 1)[1]
    shown = re.findall(r"^\s+(levelcal \S.*)$", examples, re.M)
    assert shown, "no example line under Examples:"
    for example in shown:
        assert example.split()[1 : 1 + len(path)] == list(path), example


def test_the_shared_flags_are_declared_once_for_every_field_of_the_request():
    assert list(REQUEST_OPTIONS) == [field.name for field in dataclasses.fields(Request)]


@pytest.mark.parametrize("command", ["analyze", "digest", "explain", "label"])
def test_commands_that_read_calendars_offer_every_shared_flag(command):
    params = typer.main.get_command(app).commands[command].params  # type: ignore[attr-defined]
    assert [p.name for p in params][: len(REQUEST_OPTIONS)] == list(REQUEST_OPTIONS)
