"""The Google token: connect once (OAuth for installed apps), then refresh without asking.

The token file is google-auth's authorized-user JSON (`Credentials.to_json`),
private to its owner, in the config directory or at `LEVELCAL_GOOGLE_TOKEN`.
Reading it never prompts: a missing, damaged or refused token is a
`ConfigError` that says to run `levelcal connect google`, so a cron job fails
with one line instead of waiting for a browser.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from levelcal.errors import ConfigError, InputError, NetworkError
from levelcal.storage import read_user_file, write_atomically

TOKEN_VARIABLE = "LEVELCAL_GOOGLE_TOKEN"
TOKEN_FILE = "google-token.json"
CLIENT_FILE = "google-client.json"  # the OAuth client, when --client-secrets is not given
SCOPES = ["https://www.googleapis.com/auth/calendar.readonly"]
CONNECT = "run `levelcal connect google`"


def token_path() -> Path:
    from levelcal.paths import config_dir

    override = os.environ.get(TOKEN_VARIABLE, "").strip()
    return Path(override).expanduser() if override else config_dir() / TOKEN_FILE


def default_client_path() -> Path:
    from levelcal.paths import config_dir

    return config_dir() / CLIENT_FILE


def save(credentials: Any, path: Path) -> None:
    """Write the authorized-user JSON atomically, readable by its owner only."""
    write_atomically(path, credentials.to_json(), mode=0o600)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__


def load(path: Path | None = None, *, timeout: float = 30.0) -> Any:
    """Credentials that work now: read, refreshed if expired (and written back), never prompted.

    google-auth points every authorized-user file at Google's token endpoint; a
    file that names another `token_uri` (a proxy, a test server) keeps it.
    """
    import google.auth.exceptions

    path = path or token_path()
    text = read_user_file(path, "the Google token")
    if text is None:
        raise ConfigError(f"not connected to Google Calendar (no token at {path}); {CONNECT}")
    try:
        info = json.loads(text)
        if not isinstance(info, dict):
            raise ValueError("not a JSON object")
        credentials = _credentials(info)
    except (ValueError, TypeError, AttributeError) as error:
        raise ConfigError(
            f"{path}: not a usable Google token ({_first_line(error)}); {CONNECT}"
        ) from None
    if credentials.valid:
        return credentials
    if not credentials.refresh_token:
        raise ConfigError(
            f"the Google token at {path} has expired and cannot be renewed; {CONNECT}"
        )
    import google_auth_httplib2
    import httplib2

    try:
        credentials.refresh(google_auth_httplib2.Request(httplib2.Http(timeout=timeout)))
    except google.auth.exceptions.RefreshError as error:
        raise ConfigError(
            f"Google refused to renew the token at {path} ({_first_line(error)}); {CONNECT}"
        ) from None
    except (google.auth.exceptions.TransportError, httplib2.HttpLib2Error, OSError) as error:
        raise NetworkError(
            f"cannot reach Google to renew the token ({_first_line(error)}); try again later"
        ) from None
    save(credentials, path)
    return credentials


def _credentials(info: dict[str, Any]) -> Any:
    """google-auth's credentials for the file's JSON, keeping what google-auth would drop.

    - `token_uri`: google-auth resets it to Google's; a file naming another keeps it.
    - no `expiry`: google-auth takes the token as expired and renews it before
      the first request; levelcal uses it, and the client renews it on a 401.
    - only a `token` (no refresh token or client): used as it is, until refused.
    """
    from google.oauth2.credentials import Credentials

    if info.get("token") and not all(
        info.get(key) for key in ("refresh_token", "client_id", "client_secret")
    ):
        return Credentials(token=str(info["token"]), scopes=SCOPES)
    credentials = Credentials.from_authorized_user_info(info, SCOPES)
    own_uri = info.get("token_uri")
    if isinstance(own_uri, str) and own_uri and own_uri != credentials.token_uri:
        expiry = credentials.expiry
        credentials = credentials.with_token_uri(own_uri)
        credentials.expiry = expiry  # the copy forgets it, and would never renew early
    if not info.get("expiry") and credentials.token:
        credentials.expiry = None
    return credentials


def connect(
    client_secrets: Path,
    path: Path | None = None,
    *,
    open_browser: bool = True,
    port: int = 0,
    timeout_seconds: int | None = 600,
    prompt: str = "Open this URL to let levelcal read your calendar: {url}",
) -> Path:
    """Run the installed-app flow with a loopback redirect on 127.0.0.1, and store the token.

    The consent page sends the browser back to http://127.0.0.1:PORT/, where a
    one-request server receives the code and exchanges it at the client's
    `token_uri`. Without a browser (`open_browser=False`) the URL is printed;
    open it on any machine that can reach that port (for a server: forward it
    with `ssh -L PORT:127.0.0.1:PORT`, choosing PORT with `port`).
    """
    import oauthlib.oauth2
    from google_auth_oauthlib.flow import InstalledAppFlow, WSGITimeoutError
    from requests.exceptions import RequestException

    path = path or token_path()
    try:
        flow = InstalledAppFlow.from_client_secrets_file(str(client_secrets), scopes=SCOPES)
    except FileNotFoundError:
        raise InputError(
            f"{client_secrets}: no such OAuth client file (README, Google Calendar: "
            "create one in the Google Cloud console and pass it with --client-secrets)"
        ) from None
    except (ValueError, KeyError, OSError) as error:
        raise InputError(
            f"{client_secrets}: not an OAuth client file for a desktop app ({_first_line(error)})"
        ) from None
    try:
        credentials = flow.run_local_server(
            host="127.0.0.1",
            port=port,
            open_browser=open_browser,
            authorization_prompt_message=prompt,
            success_message="levelcal is connected to your calendar; you may close this window.",
            timeout_seconds=timeout_seconds,
        )
    except oauthlib.oauth2.rfc6749.errors.OAuth2Error as error:
        raise InputError(f"Google did not authorize levelcal ({_first_line(error)})") from None
    except (WSGITimeoutError, RequestException, OSError) as error:
        raise NetworkError(f"the sign-in did not complete ({_first_line(error)})") from None
    save(credentials, path)
    return path


def revoke(path: Path | None = None) -> bool:
    """Forget the token (delete the file); False when there was none."""
    path = path or token_path()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
