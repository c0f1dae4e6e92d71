"""The config is declared once: the README, `config set`, `config` and the parser follow it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from levelcal import config
from levelcal.errors import ConfigError

README = Path(__file__).resolve().parents[1] / "README.md"
NAMES = [key.name for key in config.KEYS]


def readme_keys() -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- config keys: begin -->\n(.*?)<!-- config keys: end -->", text, re.S)
    assert found, "the README has lost its generated key table"
    return found.group(1)


def test_the_readme_lists_exactly_the_declared_keys():
    assert readme_keys() == config.reference()
    assert re.findall(r"^\| `([^`]+)`", readme_keys(), re.M) == NAMES


def test_every_declared_key_is_known_to_config_set_and_shown_by_config(run):
    shown = run("config").stdout
    for name in NAMES:
        assert config.key_named(name).name == name
        if not name.startswith("targets."):  # shown with a role or when set
            assert re.search(rf"^{re.escape(name)} = ", shown, re.M), name
    unknown = run("config", "set", "colour", "red")
    assert unknown.stderr.strip().endswith("known keys: " + ", ".join(NAMES))


def test_a_declared_default_is_what_a_missing_key_means():
    defaults = config.parse("", Path("config.toml"))
    assert defaults == config.Config()
    for key in config.KEYS:
        assert key.value(defaults) == key.default, key.name


@pytest.mark.parametrize("table", ["working_hours", "smtp", "digest"])
def test_an_unknown_key_in_a_strict_table_names_the_declared_ones(table):
    declared = ", ".join(name for name in NAMES if name.startswith(f"{table}."))
    with pytest.raises(ConfigError) as refused:
        config.parse(f"[{table}]\ncolour = 1\n", Path("config.toml"))
    assert str(refused.value) == (f"config.toml: unknown key `{table}.colour`; known: {declared}")


def test_every_key_set_on_the_command_line_reads_back_through_the_parser(run):
    typed = {
        "list": ["a@x.example"],
        "string": ["x"],
        "integer": ["30"],
        "number": ["20"],
        "boolean": ["yes"],
    }
    valid = {  # where "x" or the address would not pass the key's check
        "calendars": ["https://calendar.example.com/work.ics"],  # a path must exist
        "timezone": ["Europe/Berlin"],
        "role": ["vp"],
        "working_hours.start": ["08:00"],
        "working_hours.end": ["18:00"],
        "working_hours.days": ["mon", "tue"],
        "smtp.security": ["ssl"],
        "smtp.password_env": ["LEVELCAL_PASSWORD"],
        "digest.from": ["levelcal@x.example"],
        "manager": ["rachel@x.example"],
        "google.calendars": ["primary"],
        "smtp.port": ["2525"],
        "microsoft.tenant": ["organizations"],
        "microsoft.calendars": ["primary"],
        "caldav.url": ["https://caldav.example.com/dav/"],
        "caldav.password_env": ["LEVELCAL_CALDAV_PASSWORD"],
        "caldav.calendars": ["all"],
        "categories.NAME": ["directing"],
    }
    for name in NAMES:
        result = run("config", "set", name, *valid.get(name, typed[config.key_named(name).kind]))
        assert result.exit_code == 0, (name, result.stderr)
    loaded = config.load()
    assert loaded.role == "vp" and loaded.smtp.port == 2525 and loaded.smtp.keyring is True
    assert loaded.target_overrides[config.Level.BEYOND] == 20.0
    assert loaded.digest.recipients == ("a@x.example",)
    assert loaded.manager == "rachel@x.example"
