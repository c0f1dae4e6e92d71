"""`levelcal connect google` and `levelcal calendars`: the Google account behind `-c google`."""

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
        "levelcal connect google --no-browser --port 8765",
        "levelcal connect google --revoke",
    ),
)
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
    from levelcal import paths
    from levelcal.ingest import google

    if service.strip().lower() != "google":
        raise InputError(f"cannot connect {service!r}: the only account levelcal knows is google")
    if revoke:
        removed, path = google.disconnect(paths.cache_dir())
        print(f"removed the Google token {path}" if removed else f"no Google token at {path}")
        if removed:
            note(
                "to withdraw levelcal's access at Google too, remove it at "
                "https://myaccount.google.com/permissions"
            )
        return
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
        "levelcal calendars --json",
    ),
)
def calendars(
    json_output: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the calendars of the connected Google account, and which ones `-c google` reads."""
    from levelcal import config
    from levelcal.ingest import google
    from levelcal.limits import DEFAULT
    from levelcal.report import Report, output

    listed = google.calendar_list(config.load().google, DEFAULT)
    chosen = output.chosen_format(json_output=json_output)
    output.emit(output.render("calendars", chosen, Report(calendars=tuple(listed))))
    if listed and chosen == output.TERMINAL:
        note(
            "`--calendar google` reads the analyzed ones; "
            "choose them with [google] calendars in the config"
        )
