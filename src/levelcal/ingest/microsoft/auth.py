"""The Microsoft 365 token: sign in once (device code, or a browser), then renew silently.

msal keeps the tokens in its serializable token cache, which levelcal stores
as `microsoft-token.json` in the config directory (or at
`$LEVELCAL_MICROSOFT_TOKEN_CACHE`), private to its owner, and writes back
whenever msal renewed something. Reading it never prompts: without a usable
token (none, damaged, refused) the error says to run `levelcal connect
microsoft`, so a cron job fails with one line instead of waiting for a person.

The sign-in asks for the delegated permission Calendars.Read; msal adds
offline_access (the refresh token that lets later runs renew silently) and
the sign-in scopes openid and profile. `$LEVELCAL_MICROSOFT_AUTHORITY`
replaces https://login.microsoftonline.com (a test server, a sovereign cloud).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from levelcal.errors import ConfigError, InputError, NetworkError
from levelcal.ingest.retry import first_line, one_line
from levelcal.storage import read_user_file, write_atomically

CACHE_VARIABLE = "LEVELCAL_MICROSOFT_TOKEN_CACHE"
AUTHORITY_VARIABLE = "LEVELCAL_MICROSOFT_AUTHORITY"
DEFAULT_AUTHORITY = "https://login.microsoftonline.com"
CACHE_FILE = "microsoft-token.json"
SCOPES = ["https://graph.microsoft.com/Calendars.Read"]
CONNECT = "run `levelcal connect microsoft`"
NO_CLIENT = (
    "no app registration: pass --client-id ID (the Application (client) ID of your app "
    "registration; the README's Sources section shows how to create one), or "
    "levelcal config set microsoft.client_id ID"
)


def cache_path() -> Path:
    from levelcal.paths import config_dir

    override = os.environ.get(CACHE_VARIABLE, "").strip()
    return Path(override).expanduser() if override else config_dir() / CACHE_FILE


def authority_root() -> str:
    return (os.environ.get(AUTHORITY_VARIABLE, "").strip() or DEFAULT_AUTHORITY).rstrip("/")


def _application(client_id: str, tenant: str, cache: Any, timeout: float) -> Any:
    """msal's public client for the user's own app registration, with `cache`."""
    import msal

    root = authority_root()
    try:
        return msal.PublicClientApplication(
            client_id,
            authority=f"{root}/{tenant}",
            token_cache=cache,
            timeout=timeout,
            # Another authority than Microsoft's (a test server) is not asked about at
            # Microsoft's instance discovery endpoint.
            instance_discovery=None if root == DEFAULT_AUTHORITY else False,
        )
    except ValueError as error:  # the authority or tenant is unknown
        raise ConfigError(
            f"Microsoft sign-in service at {root}/{tenant}: {first_line(error)} "
            "(check microsoft.tenant)"
        ) from None
    except OSError as error:  # requests' errors are OSErrors
        raise NetworkError(
            f"cannot reach Microsoft's sign-in service at {root} ({first_line(error)}); "
            "try again later"
        ) from None


def _reason(result: dict[str, Any]) -> str:
    description = one_line(str(result.get("error_description") or ""))
    error = str(result.get("error") or "no token")
    return f"{error}: {description}" if description else error


class Token:
    """The stored sign-in: an access token now, renewed silently, and written back 0600."""

    def __init__(self, client_id: str | None, tenant: str, *, timeout: float) -> None:
        import msal

        if not client_id:
            raise ConfigError(NO_CLIENT)
        self.path = cache_path()
        text = read_user_file(self.path, "the Microsoft token cache")
        if text is None:
            raise ConfigError(
                f"not connected to Microsoft 365 (no token at {self.path}); {CONNECT}"
            )
        self._cache = msal.SerializableTokenCache()
        try:
            self._cache.deserialize(text)
        except ValueError as error:
            raise ConfigError(
                f"{self.path}: not a usable Microsoft token cache ({first_line(error)}); {CONNECT}"
            ) from None
        self._app = _application(client_id, tenant, self._cache, timeout)

    def access_token(self, *, renew: bool = False) -> str:
        """A token that works now; `renew` asks for a new one (the API refused the last)."""
        try:
            accounts = self._app.get_accounts()
            if not accounts:
                raise ConfigError(f"no signed-in account in {self.path}; {CONNECT}")
            result = self._app.acquire_token_silent_with_error(
                SCOPES, account=accounts[0], force_refresh=renew
            )
        except OSError as error:
            raise NetworkError(
                f"cannot reach Microsoft's sign-in service to renew the token "
                f"({first_line(error)}); try again later"
            ) from None
        if not result:
            raise ConfigError(
                f"the Microsoft token at {self.path} has expired and cannot be renewed; {CONNECT}"
            )
        if "access_token" not in result:
            raise ConfigError(
                f"Microsoft refused to renew the token at {self.path} ({_reason(result)}); "
                f"{CONNECT}"
            )
        self.keep()
        return str(result["access_token"])

    def keep(self) -> None:
        """Write the cache back when msal changed it (a renewed token), readable by its owner."""
        if self._cache.has_state_changed:
            save(self._cache, self.path)


def save(cache: Any, path: Path) -> None:
    write_atomically(path, cache.serialize(), mode=0o600)
    cache.has_state_changed = False


def connect(
    client_id: str,
    tenant: str,
    *,
    browser: bool,
    port: int,
    tell: Callable[[str], None],
    timeout_seconds: int = 600,
) -> Path:
    """Sign in, by the device code (`tell` shows the code and where to enter it) or with a
    browser and a loopback redirect on `port`, and store a fresh token cache."""
    import msal

    path = cache_path()
    cache = msal.SerializableTokenCache()  # a new sign-in replaces whatever was stored
    app = _application(client_id, tenant, cache, 30.0)
    try:
        if browser:
            result = app.acquire_token_interactive(
                SCOPES,
                port=port or None,
                timeout=timeout_seconds,
                on_before_launching_ui=lambda **kwargs: tell(
                    "Your browser should open Microsoft's sign-in page; finish there."
                ),
            )
        else:
            flow = app.initiate_device_flow(scopes=SCOPES)
            if "user_code" not in flow:
                raise InputError(f"Microsoft refused to start the sign-in ({_reason(flow)})")
            tell(str(flow.get("message") or flow["user_code"]))
            flow["expires_at"] = min(float(flow["expires_at"]), _now() + timeout_seconds)
            result = app.acquire_token_by_device_flow(flow)
    except OSError as error:
        raise NetworkError(f"the sign-in did not complete ({first_line(error)})") from None
    except (RuntimeError, ValueError) as error:  # msal's checks of the answer (state, nonce)
        raise InputError(f"Microsoft did not authorize levelcal ({first_line(error)})") from None
    if not result or "access_token" not in result:
        raise InputError(f"Microsoft did not authorize levelcal ({_reason(result or {})})")
    save(cache, path)
    return path


def _now() -> float:
    import time

    return time.time()


def revoke(path: Path | None = None) -> bool:
    """Forget the sign-in (delete the token cache); False when there was none."""
    path = path or cache_path()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
