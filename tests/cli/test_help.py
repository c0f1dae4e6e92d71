"""Every command documents itself: its --help has a description and an example to copy."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

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
    assert "config show" in names  # an alias of `levelcal config`, as people type it
    assert len(names) == 17


@pytest.mark.parametrize("path", commands(), ids=" ".join)
def test_every_command_help_ends_with_two_or_three_examples(run, path):
    result = run(*path, "--help")
    assert result.exit_code == 0, result.stderr
    assert "Examples:" in result.stdout, result.stdout
    examples = result.stdout.split("Examples:", 1)[1]
    assert "Options:" not in examples and "Commands:" not in examples, "examples are not last"
    shown = [line.strip() for line in examples.splitlines() if line.strip()]
    assert 2 <= len(shown) <= 3, shown
    for example in shown:
        assert f"levelcal {' '.join(path)}" in example, example


def test_analyze_is_listed_first():
    result = CliRunner().invoke(app, ["--help"])
    listed = re.findall(r"^  (\w+)\s", result.stdout.split("Commands:", 1)[1], re.M)
    assert listed[0] == "analyze"


def test_the_digest_help_names_its_own_default_window(run):
    options = run("digest", "--help").stdout.split("Options:", 1)[1]
    assert re.search(r"--last-week\s+Last ISO week \(the default\)", options)
    assert not re.search(r"--week\s+This ISO week \(the default\)", options)
    analyze = run("analyze", "--help").stdout
    assert re.search(r"--week\s+This ISO week \(the default\)", analyze)


def test_config_show_is_the_config_itself(run):
    assert run("config", "show").stdout == run("config").stdout
    assert run("config", "show").stdout.startswith("# ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("history", "--weeks", "x"), "--weeks 'x': not a whole number"),
        (("digest", "--format", "pdf"), "--format 'pdf': not one of 'text', 'markdown', 'html'"),
        (("analyze", "--timeout", "soon"), "--timeout 'soon': not a number"),
    ],
)
def test_framework_errors_are_the_projects_one_line_errors(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr == f"levelcal: error: {message}\n"


def test_the_shared_flags_are_declared_once_for_every_field_of_the_request():
    assert list(REQUEST_OPTIONS) == [field.name for field in dataclasses.fields(Request)]


@pytest.mark.parametrize("command", ["analyze", "plan", "digest", "explain", "label"])
def test_commands_that_read_calendars_offer_every_shared_flag(command):
    params = typer.main.get_command(app).commands[command].params  # type: ignore[attr-defined]
    assert [p.name for p in params][: len(REQUEST_OPTIONS)] == list(REQUEST_OPTIONS)
