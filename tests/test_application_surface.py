"""The application layer's public surface, pinned (in the manner of httpx's test_exported_members).

The CLI is written against these names only; adding one is a decision, so it
is made here, and a public name that is not exported fails the second test.
"""

from __future__ import annotations

import inspect

from levelcal import application

EXPORTED = [
    "MAX_EXPLAINED",
    "MAX_WARNINGS_SHOWN",
    "SILENT",
    "WINDOW_FLAGS",
    "Callbacks",
    "Delivery",
    "Explained",
    "Explanations",
    "Learned",
    "Request",
    "Trained",
    "Uncertain",
    "Undone",
    "analyze",
    "calendars",
    "connect_microsoft",
    "corrections_for",
    "delivery",
    "digest_request",
    "explain",
    "forget_week",
    "handoffs",
    "history",
    "learn",
    "plan",
    "record_handoff",
    "report",
    "require_calendar",
    "review",
    "role_of",
    "send_digest",
    "train",
    "uncertain",
    "undo",
    "undo_handoff",
]


LAYER = ("levelcal.application", "levelcal.request")  # request.py: what the CLI loads at start


def defined_here(name: str, value: object) -> bool:
    """A public member of the layer (not an import from elsewhere, not a typing helper)."""
    if name.startswith("_") or inspect.ismodule(value) or name == "TYPE_CHECKING":
        return False
    if isinstance(value, str | int | float | tuple | bool):
        return name.isupper()
    return getattr(value, "__module__", None) in LAYER


def test_the_exported_members_are_pinned():
    assert application.__all__ == EXPORTED
    from levelcal import request

    assert {name for name in vars(request) if not name.startswith("_")} >= {
        "Callbacks",
        "Request",
        "SILENT",
        "WINDOW_FLAGS",
    }


def test_every_public_member_is_exported_and_exists():
    defined = {name for name, value in vars(application).items() if defined_here(name, value)}
    assert defined == set(application.__all__)


def test_the_cli_uses_nothing_else_of_the_application_layer():
    import ast
    from pathlib import Path

    cli = Path(application.__file__).with_name("cli")
    used: set[str] = set()
    for path in cli.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and ast.unparse(node.value) == "application":
                used.add(node.attr)
            if isinstance(node, ast.ImportFrom) and node.module in LAYER:
                used.update(alias.name for alias in node.names)
    assert used <= set(application.__all__), used - set(application.__all__)
