"""The package's imports form no cycle, counting the imports inside functions too.

A cycle hidden in a function-level import still ties two modules together:
neither can be read, tested or moved without the other. Every `import` and
`from ... import` in src/levelcal is an edge to the levelcal module it names
(`from a import b` names `a.b` when that is a module, else `a`); an import of
`a.b` is not an import of its package `a`.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src"


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SOURCE / "levelcal").rglob("*.py")):
        parts = path.relative_to(SOURCE).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """Every levelcal module that `path` (module `name`) imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                if f"{base}.{alias.name}" in known:
                    yield f"{base}.{alias.name}"
                elif base in known:
                    yield base


@functools.cache  # the sources do not change while the tests run
def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {
        name: {target for target in imported(name, path, known) if target != name}
        for name, path in known.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle_inside_the_package():
    assert cycles(import_graph()) == []


def test_the_walk_sees_function_level_imports_and_would_catch_a_cycle():
    graph = import_graph()
    # ingest.sources imports its readers only inside `load`.
    assert "levelcal.ingest.documents" in graph["levelcal.ingest.sources"]
    assert "levelcal.ingest.google" in graph["levelcal.ingest.sources"]
    looped = {**graph, "levelcal.ingest.types": {"levelcal.ingest.sources"}}
    (cycle,) = cycles(looped)
    assert {"levelcal.ingest.sources", "levelcal.ingest.types"} <= set(cycle)


@pytest.mark.parametrize(
    "reader", ["ics", "documents", "calendar_cache", "google", "microsoft", "caldav"]
)
def test_the_shared_reader_types_import_no_reader(reader):
    assert f"levelcal.ingest.{reader}" not in import_graph()["levelcal.ingest.types"]


def test_only_sources_knows_every_reader():
    graph = import_graph()
    readers = {
        "levelcal.ingest.documents",
        "levelcal.ingest.google",
        "levelcal.ingest.microsoft",
        "levelcal.ingest.caldav",
    }
    knowing = [module for module, targets in graph.items() if readers <= targets]
    assert knowing == ["levelcal.ingest.sources"]
