"""cli/ stays thin: it opens no file, database or connection, and loads the config once a run.

Two checks. Statically, no module under cli/ calls what opens, writes or
deletes a file, nor imports what talks to a database or the network, nor
loads the config twice in one command. At run time, commands run under an
audit hook (PEP 578) that records every file opened, database connected and
socket connected whose nearest levelcal caller is a cli/ module, while the
config loads are counted.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from calendars import WEEK, WINDOW_FLAGS

CLI = Path(__file__).resolve().parents[2] / "src" / "levelcal" / "cli"
FILE_METHODS = {  # pathlib and os calls that read, write or delete a file
    "open",
    "read_text",
    "read_bytes",
    "write_text",
    "write_bytes",
    "unlink",
    "mkdir",
    "rmdir",
    "touch",
    "rename",
    "glob",
    "rglob",
    "iterdir",
    "exists",
    "is_file",
    "is_dir",
    "stat",
}
FORBIDDEN_MODULES = (  # what only the library may use
    "os",
    "sqlite3",
    "socket",
    "ssl",
    "smtplib",
    "urllib",
    "http",
    "shutil",
    "tempfile",
    "googleapiclient",
    "msal",
    "requests",
    "caldav",
    "levelcal.storage",
    "levelcal.history",
    "levelcal.pickle_store",
    "levelcal.mail",
    "levelcal.analysis",
    "levelcal.ingest.sources",
    "levelcal.ingest.documents",
    "levelcal.ingest.calendar_cache",
    "levelcal.ingest.google.auth",
    "levelcal.ingest.google.api",
    "levelcal.ingest.google.store",
    "levelcal.ingest.sync_store",
    "levelcal.ingest.microsoft.auth",
    "levelcal.ingest.microsoft.api",
    "levelcal.ingest.caldav.client",
    "levelcal.credentials",
)


def cli_modules() -> list[Path]:
    return sorted(CLI.glob("*.py"))


def imported_names(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


@pytest.mark.parametrize("path", cli_modules(), ids=lambda path: path.name)
def test_no_cli_module_opens_files_or_imports_storage_or_network(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    opened = [
        ast.unparse(call.func)
        for call in calls
        if (isinstance(call.func, ast.Name) and call.func.id == "open")
        or (isinstance(call.func, ast.Attribute) and call.func.attr in FILE_METHODS)
    ]
    assert opened == [], f"{path.name} touches files itself: {opened}"
    forbidden = [
        name
        for name in imported_names(tree)
        if any(name == module or name.startswith(f"{module}.") for module in FORBIDDEN_MODULES)
    ]
    assert forbidden == [], f"{path.name} imports what only the library may use: {forbidden}"


@pytest.mark.parametrize("path", cli_modules(), ids=lambda path: path.name)
def test_each_command_loads_the_config_at_most_once(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
        loads = [
            node
            for node in ast.walk(function)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "load"
            and ast.unparse(node.func.value) == "config"
        ]
        assert len(loads) <= 1, f"{path.name}: {function.name} loads the config {len(loads)} times"


# --- at run time -----------------------------------------------------------------------

WATCHED = {"open", "os.remove", "os.rename", "os.mkdir", "sqlite3.connect", "socket.connect"}
_watch: list[tuple[str, str, str]] | None = None  # (event, caller, what) while a test watches


def _nearest_levelcal_caller(frame: FrameType | None) -> str | None:
    """The module of the innermost levelcal frame; None when an import is what opens a file."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return None
        module = frame.f_globals.get("__name__", "")
        if module.startswith("levelcal."):
            return module
        frame = frame.f_back
    return None


def _audit(event: str, arguments: tuple[object, ...]) -> None:
    if _watch is None or event not in WATCHED:
        return
    caller = _nearest_levelcal_caller(sys._getframe(1))
    if caller is not None and caller.startswith("levelcal.cli"):
        _watch.append((event, caller, repr(arguments[:1])))


sys.addaudithook(_audit)  # hooks cannot be removed: it records only while `_watch` is a list


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, list]]:
    """What cli/ itself opened, and each config load and parse, during the test."""
    global _watch
    from levelcal import config

    seen: dict[str, list] = {"cli_io": [], "loads": [], "parses": []}
    load, parse = config.load, config.parse

    def counted_load(*args, **kwargs):
        seen["loads"].append(args)
        return load(*args, **kwargs)

    def counted_parse(*args, **kwargs):
        seen["parses"].append(args)
        return parse(*args, **kwargs)

    monkeypatch.setattr(config, "load", counted_load)
    monkeypatch.setattr(config, "parse", counted_parse)
    _watch = seen["cli_io"]
    try:
        yield seen
    finally:
        _watch = None


@pytest.fixture
def configured(isolated_config: Path, tmp_path: Path) -> Path:
    """A config that every part of a run reads: calendars, owner, zone, role, SMTP."""
    calendar = tmp_path / "week.ics"
    calendar.write_bytes(WEEK)
    (isolated_config / "config.toml").write_text(
        f'calendars = ["{calendar}"]\nme = "dana@northwind.example"\n'
        'timezone = "Europe/Berlin"\nrole = "vp"\n'
        '[smtp]\nhost = "mail.example"\n'
    )
    return calendar


@pytest.mark.parametrize(
    "command",
    [
        ("digest", "--as-of", "2026-03-11", "--format", "html"),
        ("digest", "--as-of", "2026-03-11", "--no-save", "-o", "{tmp}/digest.md"),
        ("analyze", *WINDOW_FLAGS, "--json"),
        ("plan", "--as-of", "2026-02-27", "--json"),
        ("analyze", "--last-week", "--as-of", "2026-03-11", "--save", "--role", "manager"),
        ("explain", *WINDOW_FLAGS, "standup"),
        ("label", *WINDOW_FLAGS, "managing", "--title", "standup"),
        ("history", "--json"),
        ("trend",),
    ],
    ids=lambda command: " ".join(command[:1] + command[-1:]),
)
def test_a_run_loads_the_config_once_and_cli_opens_nothing(
    run, configured, watched, tmp_path, command
):
    result = run(*(part.replace("{tmp}", str(tmp_path)) for part in command))
    assert result.exit_code == 0, result.stderr
    assert watched["cli_io"] == []
    wanted = 0 if command[0] in ("history", "trend") else 1
    assert len(watched["loads"]) == wanted
    assert len(watched["parses"]) == wanted


def test_config_set_and_show_read_the_file_once_each(run, configured, watched):
    assert run("config", "set", "role", "director").exit_code == 0
    assert run("config").exit_code == 0
    assert watched["cli_io"] == []
    assert watched["loads"] == []  # config show parses the text it read, once
    assert len(watched["parses"]) == 2  # set checks the new text; show reads the file


def test_the_audit_hook_would_see_cli_opening_a_file(watched, tmp_path, monkeypatch):
    """The runtime check is live: a file opened from a cli/ frame is recorded."""
    code = compile("open(path, 'w').close()", str(CLI / "analyze.py"), "exec")
    exec(code, {"__name__": "levelcal.cli.analyze", "path": tmp_path / "x"})
    assert [event for event, _, _ in watched["cli_io"]] == ["open"]
