"""Passwords for unattended runs: from an environment variable or the system keyring.

Never from the command line (other users see argv) and never from the config
file. The config names where the password is: `KEY.password_env` (the NAME of
an environment variable) or `KEY.keyring = true` (the system keyring, under a
service and the configured user). Used by the digest's SMTP login and by CalDAV.
"""

from __future__ import annotations

import os

from levelcal.errors import ConfigError


def password(
    table: str, user: str, *, password_env: str | None, keyring: bool, service: str
) -> str:
    """The password of `user` for the `[table]` settings; a ConfigError says how to set one."""
    if password_env:
        value = os.environ.get(password_env)
        if not value:
            raise ConfigError(
                f"{table}.password_env names ${password_env}, but it is not set in this "
                "environment (cron does not see your shell's variables)"
            )
        return value
    if keyring:
        return _from_keyring(table, user, service)
    raise ConfigError(
        f"{table}.user is {user}, but no password source: set {table}.password_env to the name "
        f"of an environment variable that holds it, or {table}.keyring true"
    )


def _from_keyring(table: str, user: str, service: str) -> str:
    try:
        import keyring
        import keyring.errors
    except ImportError:
        raise ConfigError(
            f"{table}.keyring is true, but the keyring package is not installed "
            f"(pip install keyring), or use {table}.password_env"
        ) from None
    try:
        value = keyring.get_password(service, user)
    except keyring.errors.KeyringError as error:
        raise ConfigError(f"{table}.keyring: the system keyring cannot be used ({error})") from None
    if not value:
        raise ConfigError(
            f"{table}.keyring: no password for {user} under service {service!r}; "
            f"store it with: keyring set {service} {user}"
        )
    return str(value)
