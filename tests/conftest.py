from __future__ import annotations

import base64
import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from levelcal.cli import app

# One BLAS thread per test process: pytest-xdist already runs one process per core, and
# OpenBLAS threads on top of them only fight over the cores (a personal retrain took 16 s
# with them, 10 s without, on the 2-core machine of issue 19). numpy is not loaded yet:
# levelcal.cli does not import it (tests/test_startup.py).
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

DATA = Path(__file__).parent / "data"
GENERATOR = Path(__file__).parents[1] / "benchmarks" / "generate.py"

# The tests that take seconds each (README, "Tests"): training, personal retrains, the
# wheel, the big generated files. They are marked `slow` (`pytest -m "not slow"` leaves
# them out) and handed to the xdist workers first, so that no core ends the run alone
# on a long one.
SLOW = (
    "tests/classify/test_train.py",
    "tests/classify/test_through_ics.py",
    "tests/test_corrections.py::test_a_",
    "tests/test_corrections.py::test_corrections_",
    "tests/test_corrections.py::test_interactive_",
    "tests/test_corrections.py::test_one_",
    "tests/test_packaging.py",
    "tests/cli/test_thin.py::test_a_run_loads_the_config_once_and_cli_opens_nothing[label",
    "tests/test_no_data_loss.py::test_the_users_files_are_private",
    "tests/test_malformed.py::test_a_twenty_megabyte_line",
    "tests/test_prefilter.py::test_a_generated_multi_year_export_reads_the_same",
    "tests/test_properties.py",
    "tests/test_storage_faults.py::test_a_personal_model_",
    "tests/google/test_analyze_google.py::test_a_lone_surrogate_",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith(SLOW):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable: slow first


@pytest.fixture(scope="session")
def generated_calendar() -> Callable[[int], bytes]:
    """The benchmarks' reproducible multi-year export (benchmarks/generate.py), by size."""
    import functools
    import importlib.util

    spec = importlib.util.spec_from_file_location("levelcal_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    @functools.cache
    def calendar(events: int) -> bytes:
        return module.generate(events).encode("utf-8")

    return calendar


@pytest.fixture(autouse=True)
def isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test reads or writes the developer's own config, rules, corrections or cache."""
    directory = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("LEVELCAL_CONFIG_DIR", str(directory))
    monkeypatch.setenv("LEVELCAL_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("LEVELCAL_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    return directory


@pytest.fixture(scope="session")
def corpus_examples() -> list:
    """The shipped corpus with its held-out split, read once per process: the split's
    near-duplicate search takes seconds."""
    from levelcal.classify import corpus

    return corpus.load(Path(__file__).parents[1] / "models" / "corpus")


@pytest.fixture(scope="session", autouse=True)
def each_model_file_read_once() -> Iterator[None]:
    """A test process reads each version of a model file once. A report loads the 31 MB
    bundled model in 0.05 to 0.1 s on the 2-core machine, and the suite runs some 300
    reports in process: half a minute of its two cores. A loaded model's arrays are
    read-only, so tests cannot change what they share; a file that is rewritten,
    damaged or moved has another size, time or inode and is read again."""
    from levelcal.classify import model

    read = model.load
    loaded: dict[tuple[str, int, int, int], model.Model] = {}

    def load(path: Path) -> model.Model:
        try:
            status = path.stat()
        except OSError:
            return read(path)  # the real error, worded as users see it
        key = (str(path.resolve()), status.st_size, status.st_mtime_ns, status.st_ino)
        if key not in loaded:
            loaded[key] = read(path)
        return loaded[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model, "load", load)
        yield


@pytest.fixture(autouse=True)
def quick_personal_refit(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A personal refit anchored on 400 corpus rows, not 5,000: about a second, not three, on
    the 2-core machine.
    Most tests that label ask when the personal model is retrained and whether the
    correction wins, which holds at any anchor size; a test marked `full_refit` asks how
    little the rest moves, and gets the anchor users get."""
    if request.node.get_closest_marker("full_refit") is None:
        from levelcal.classify import personal

        monkeypatch.setattr(personal, "REFIT_ROWS", 400)


@pytest.fixture
def run() -> Callable[..., object]:
    """Run the levelcal CLI in-process through typer's runner."""
    runner = CliRunner()

    def invoke(*args: str, input: bytes | str | None = None):
        return runner.invoke(app, list(args), input=input)

    return invoke


@dataclass
class WebServer:
    """A real HTTP server on 127.0.0.1; tests add routes: path -> (status, type, body),
    redirects: path -> Location (302), and logins: path -> "user:password" a route
    demands (HTTP Basic auth; 401 without it). `seen` keeps each request's path and
    Authorization header."""

    base: str
    routes: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    logins: dict[str, str] = field(default_factory=dict)
    seen: list[tuple[str, str | None]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="session")
def web() -> Iterator[WebServer]:
    server = WebServer(base="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.seen.append((self.path, self.headers.get("Authorization")))
            if self.path == "/trickle-headers.ics":  # a header byte every 0.1 s, for 10 s
                with contextlib.suppress(OSError):  # the client gave up: it should
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                    for _ in range(100):
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.1)
                return
            if self.path in server.redirects:
                self.send_response(302)
                self.send_header("Location", server.redirects[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            login = server.logins.get(self.path)
            if login and self.headers.get("Authorization") != "Basic " + base64.b64encode(
                login.encode()
            ).decode("ascii"):
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="calendars"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path == "/slow.ics":  # trickles 2 s of data
                self.send_response(200)
                self.end_headers()
                for _ in range(40):
                    self.wfile.write(b"BEGIN:VCALENDAR\r\n")
                    self.wfile.flush()
                    time.sleep(0.05)
                return
            status, kind, body = server.routes.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield server
    httpd.shutdown()


@pytest.fixture
def after_rule() -> Callable[..., tuple[object, float]]:
    """The label and confidence one of `Model.settled`'s rules gives one event, from scores
    that put `first` at 0.7 and `second` at 0.15 (or `row`, one row of probabilities)."""
    import numpy as np

    from levelcal.levels import Level

    levels = tuple(Level)

    def after(rule, event, first=None, second=None, row=None):
        if row is None:
            row = np.full((1, len(levels)), 0.05)
            row[0, levels.index(first)], row[0, levels.index(second)] = 0.7, 0.15
        (moved,) = rule(row, [event], levels)
        return levels[int(moved.argmax())], float(moved.max())

    return after
