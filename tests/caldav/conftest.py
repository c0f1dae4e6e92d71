"""A real Radicale for the module, the logging proxy for each test, and dana's login
(radicale_setup.py says how they work)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from radicale_setup import (
    PASSWORD,
    PASSWORD_VARIABLE,
    USER,
    Proxy,
    Radicale,
    free_port,
    serve_proxy,
)


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """One Radicale for the whole module: starting it is the slow part."""
    folder = tmp_path_factory.mktemp("radicale")
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    port = free_port()
    (folder / "config").write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {folder / 'users'}\n"
        "htpasswd_encryption = plain\ndelay = 0\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[logging]\nlevel = warning\nmask_passwords = True\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(folder / "config")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"Radicale did not start: {process.stderr.read()!r}") from None
            time.sleep(0.05)
    yield Radicale(port, folder / "collections")
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def proxy(radicale: Radicale) -> Iterator[Proxy]:
    found = Proxy(radicale.port)
    server = serve_proxy(found)
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture
def caldav_login(monkeypatch: pytest.MonkeyPatch, isolated_config: Path) -> Path:
    """levelcal's config: dana's login, the password in an environment variable, a span
    that reaches the corpus's years."""
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    monkeypatch.setenv("LEVELCAL_CALDAV_RETRY_BASE_SECONDS", "0.001")
    config = isolated_config / "config.toml"
    config.write_text(
        f'[caldav]\nuser = "{USER}"\npassword_env = "{PASSWORD_VARIABLE}"\n'
        "sync_days_back = 3660\nsync_days_ahead = 3660\n",
        encoding="utf-8",
    )
    return config
