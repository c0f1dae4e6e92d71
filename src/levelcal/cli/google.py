"""`levelcal connect google` and `levelcal calendars`: the Google account behind `-c google`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from levelcal.cli.app import app, note
from levelcal.errors import InputError

_NO_BROWSER_PROMPT = (
    "Open this URL in a browser to let levelcal read your calendar (read-only):\n\n{url}\n\n"
    "Google then sends the browser to the 127.0.0.1 address in that URL; from another "
    "machine, forward that port first (ssh -L PORT:127.0.0.1:PORT this-host; choose the "
    "port with --port). Waiting for the answer..."
)
_BROWSER_PROMPT = (
    "Your browser should open Google's consent page; if it does not, open this URL:\n\n{url}\n"
)


@app.command()
def connect(
    service: Annotated[str, typer.Argument(metavar="SERVICE", help="The account: google.")],
    no_browser: Annotated[
        bool,
        typer.Option("--no-browser", help="Print the sign-in URL instead of opening a browser."),
    ] = False,
    revoke: Annotated[
        bool, typer.Option("--revoke", help="Forget the stored token and the sync cache.")
    ] = False,
    client_secrets: Annotated[
        Path | None,
        typer.Option(
            "--client-secrets",
            metavar="FILE",
            help="Your OAuth client (desktop app) JSON from the Google Cloud console "
            "(default: google-client.json in the config directory).",
        ),
    ] = None,
    port: Annotated[
        int,
        typer.Option("--port", metavar="N", help="Port of the 127.0.0.1 redirect (0: any free)."),
    ] = 0,
) -> None:
    """Connect levelcal to your Google Calendar, read-only, once; or forget it with --revoke.

    The token is stored in your config directory (mode 0600) and renewed
    automatically; runs without a terminal (cron) never ask for it again.
    """
    from levelcal.ingest.google import auth

    if service.strip().lower() != "google":
        raise InputError(f"cannot connect {service!r}: the only account levelcal knows is google")
    if revoke:
        removed = auth.revoke()
        _forget_cache()
        path = auth.token_path()
        print(f"removed the Google token {path}" if removed else f"no Google token at {path}")
        if removed:
            note(
                "to withdraw levelcal's access at Google too, remove it at "
                "https://myaccount.google.com/permissions"
            )
        return
    secrets = client_secrets or auth.default_client_path()
    if client_secrets is None and not secrets.is_file():
        raise InputError(
            f"no OAuth client: pass --client-secrets FILE (or save it as {secrets}); "
            "the README's Google Calendar section shows how to create one in two minutes"
        )
    if not 0 <= port <= 65535:
        raise InputError(f"--port must be from 0 to 65535, got {port}")
    path = auth.connect(
        secrets,
        open_browser=not no_browser,
        port=port,
        prompt=_NO_BROWSER_PROMPT if no_browser else _BROWSER_PROMPT,
    )
    _forget_cache()  # another account may be behind the new token
    print(f"connected: the token is stored in {path} (readable by you only)")


def _forget_cache() -> None:
    from levelcal import paths
    from levelcal.ingest.google.store import CACHE_FILE

    directory = paths.cache_dir()
    for path in (directory / CACHE_FILE, *directory.glob(f"{CACHE_FILE}-*")):
        path.unlink(missing_ok=True)


@app.command()
def calendars(
    json_output: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the calendars of the connected Google account, and which ones `-c google` reads."""
    import json
    import sys

    from levelcal import config
    from levelcal.ingest.google import Account
    from levelcal.limits import DEFAULT

    settings = config.load().google
    account = Account(timeout=DEFAULT.timeout_seconds)
    try:
        listed = account.api().calendars()
    finally:
        account.keep_token()
    chosen = set(settings.calendars)
    rows = [
        {
            "id": str(item.get("id", "")),
            "name": str(item.get("summaryOverride") or item.get("summary") or ""),
            "primary": bool(item.get("primary")),
            "access": str(item.get("accessRole", "")),
            "time_zone": str(item.get("timeZone", "")),
            "analyzed": "all" in chosen
            or str(item.get("id")) in chosen
            or (bool(item.get("primary")) and "primary" in chosen),
        }
        for item in listed
    ]
    if json_output:
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    if not rows:
        print("the account lists no calendars")
        return
    for row in rows:
        marks = ", ".join(
            m for m, on in (("primary", row["primary"]), ("analyzed", row["analyzed"])) if on
        )
        print(
            f"google:{row['id']}  {row['name']}  [{row['access']}{', ' + marks if marks else ''}]"
        )
    note(
        "`--calendar google` reads the analyzed ones; "
        "choose them with [google] calendars in the config"
    )
