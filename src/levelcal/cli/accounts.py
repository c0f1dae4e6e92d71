"""`levelcal connect` and `levelcal calendars`: the accounts behind `-c google`, `-c microsoft`
and `-c caldav`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from levelcal.cli.app import app, examples, note
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


@app.command(
    epilog=examples(
        "levelcal connect google --client-secrets ~/Downloads/client_secret.json",
        "levelcal connect microsoft --client-id 0a1b2c3d-...   # a device code to enter",
        "levelcal connect google --revoke",
    ),
)
def connect(
    service: Annotated[
        str, typer.Argument(metavar="SERVICE", help="The account: google or microsoft.")
    ],
    no_browser: Annotated[
        bool,
        typer.Option(
            "--no-browser", help="google: print the sign-in URL instead of opening a browser."
        ),
    ] = False,
    browser: Annotated[
        bool,
        typer.Option(
            "--browser",
            help="microsoft: sign in in a browser on this machine (loopback redirect) "
            "instead of with a device code.",
        ),
    ] = False,
    revoke: Annotated[
        bool, typer.Option("--revoke", help="Forget the stored token and the sync cache.")
    ] = False,
    client_secrets: Annotated[
        Path | None,
        typer.Option(
            "--client-secrets",
            metavar="FILE",
            help="google: your OAuth client (desktop app) JSON from the Google Cloud console "
            "(default: google-client.json in the config directory).",
        ),
    ] = None,
    client_id: Annotated[
        str | None,
        typer.Option(
            "--client-id",
            metavar="ID",
            help="microsoft: the Application (client) ID of your app registration "
            "(kept in the config as microsoft.client_id).",
        ),
    ] = None,
    tenant: Annotated[
        str | None,
        typer.Option(
            "--tenant",
            metavar="TENANT",
            help="microsoft: common (default), organizations, consumers, or your tenant.",
        ),
    ] = None,
    port: Annotated[
        int,
        typer.Option("--port", metavar="N", help="Port of the 127.0.0.1 redirect (0: any free)."),
    ] = 0,
) -> None:
    """Connect levelcal to your calendar account, read-only, once; or forget it with --revoke.

    The token is stored in your config directory (mode 0600) and renewed
    automatically; runs without a terminal (cron) never ask for it again.
    CalDAV needs no connect: set caldav.url, caldav.user and caldav.password_env.
    """
    from levelcal import application, config, paths
    from levelcal.ingest import google, microsoft

    account = service.strip().lower()
    if account == "caldav":
        raise InputError(
            "CalDAV needs no connect: levelcal config set caldav.url URL, caldav.user NAME and "
            "caldav.password_env VARIABLE (README, Sources)"
        )
    if account not in ("google", "microsoft"):
        raise InputError(f"cannot connect {service!r}: choose google or microsoft")
    if revoke:
        removed, path = (google if account == "google" else microsoft).disconnect(paths.cache_dir())
        label = "Google token" if account == "google" else "Microsoft 365 token cache"
        print(f"removed the {label} {path}" if removed else f"no {label} at {path}")
        if removed:
            note(
                "to withdraw levelcal's access too, remove it at "
                + (
                    "https://myaccount.google.com/permissions"
                    if account == "google"
                    else "https://myapps.microsoft.com (or your account's app permissions)"
                )
            )
        return
    if account == "microsoft":
        path = application.connect_microsoft(
            config.load(), client_id, tenant, browser=browser, port=port, tell=note
        )
    else:
        path = google.connect(
            client_secrets,
            open_browser=not no_browser,
            port=port,
            prompt=_NO_BROWSER_PROMPT if no_browser else _BROWSER_PROMPT,
            store_dir=paths.cache_dir(),
        )
    print(f"connected: the token is stored in {path} (readable by you only)")


@app.command(
    epilog=examples(
        "levelcal calendars",
        "levelcal calendars microsoft --json",
    ),
)
def calendars(
    account: Annotated[
        str | None,
        typer.Argument(
            metavar="[ACCOUNT]", help="google, microsoft or caldav (default: every one set up)."
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the calendars of your accounts, and which ones `-c google`, `-c microsoft` and
    `-c caldav` read."""
    from levelcal import application, config
    from levelcal.report import Report, output

    listed = application.calendars(config.load(), account)
    chosen = output.chosen_format(json_output=json_output)
    output.emit(output.render("calendars", chosen, Report(calendars=tuple(listed))))
    if listed and chosen == output.TERMINAL:
        note(
            "`--calendar ACCOUNT` reads the analyzed ones; choose them with "
            "[google], [microsoft] or [caldav] calendars in the config"
        )
