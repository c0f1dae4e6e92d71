"""Where the user's files live: the config, data and cache directories.

Each is the platform's user directory for levelcal (platformdirs), unless its
environment variable names another; nothing here reads or creates a file.
"""

from __future__ import annotations

import os
from pathlib import Path

CONFIG_DIR_VARIABLE = "LEVELCAL_CONFIG_DIR"
DATA_DIR_VARIABLE = "LEVELCAL_DATA_DIR"
CACHE_DIR_VARIABLE = "LEVELCAL_CACHE_DIR"


def _user_dir(variable: str, kind: str) -> Path:
    """$variable, else the platform's user directory of that kind (platformdirs)."""
    override = os.environ.get(variable)
    if override:
        return Path(override)
    import platformdirs

    chosen: str = getattr(platformdirs, f"user_{kind}_dir")("levelcal", appauthor=False)
    return Path(chosen)


def config_dir() -> Path:
    """Where the config, the rules and the Google token live."""
    return _user_dir(CONFIG_DIR_VARIABLE, "config")


def data_dir() -> Path:
    """Where the user's corrections, personal model and history live."""
    return _user_dir(DATA_DIR_VARIABLE, "data")


def cache_dir() -> Path:
    """Where what can be rebuilt is kept: parsed calendars, the Google sync cache."""
    return _user_dir(CACHE_DIR_VARIABLE, "cache")


def config_path() -> Path:
    return config_dir() / "config.toml"


def default_rules_path() -> Path:
    return config_dir() / "rules.toml"
