"""The root command: levelcal's error handling, exit codes and one-line messages.

Every command module registers itself on `app`; nothing here computes anything.
`callbacks` is how the application layer speaks to the user: one line on
stderr per note, and a progress display when the output is a person's.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from levelcal import __version__
from levelcal.errors import ExitCode, LevelcalError
from levelcal.request import Callbacks

if TYPE_CHECKING:
    from rich.console import Console

    from levelcal.ingest.types import Progress

ISSUES_URL = "https://github.com/levelcal/levelcal/issues"
# click's ClickException, wherever this typer keeps its click (newer releases vendor it).
_CLICK_ERROR: type[Exception] = typer.BadParameter.__mro__[2]


def _debug_requested(argv: list[str]) -> bool:
    return "--debug" in (argv[: argv.index("--")] if "--" in argv else argv)


def _run(invoke: Callable[[], Any], arguments: list[str]) -> int:
    """Run one command line; every failure becomes one line on stderr (and one per file it
    names, `LevelcalError.details`) and an exit code."""
    try:
        result = invoke()
    except _CLICK_ERROR as error:  # bad flags and values, found while parsing
        note(f"error: {_parse_error(error)}")
        return ExitCode.BAD_INPUT
    except typer.Exit as stop:
        return stop.exit_code
    except typer.Abort:
        note("interrupted")
        return 130
    except LevelcalError as error:
        note(f"error: {error}")
        for detail in error.details:
            note(f"  {detail}")
        return error.exit_code
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`| head`); nothing left to say
        return ExitCode.OK
    except Exception as error:
        if _debug_requested(arguments):
            import traceback

            traceback.print_exc()
        note(
            f"internal error: {type(error).__name__}: {error}. This is a bug in levelcal; "
            f"please report it at {ISSUES_URL} (run again with --debug for the traceback)"
        )
        return ExitCode.INTERNAL
    return result if isinstance(result, int) else ExitCode.OK


# How a value typer could not convert is described, by the validation error's type
# (pydantic's, typer 0.29 on) or by the words of click's own types (typer before 0.29).
_NOT_A = {"int_parsing": "not a whole number", "float_parsing": "not a number"}
_CLICK_NOT_A = {
    "not a valid int": "not a whole number",
    "not a valid integer": "not a whole number",
}
_CLICK_NOT_A |= {"not a valid float": "not a number"}
_CLICK_SAID = re.compile(r"(?P<input>'.*'|\".*\") is (?P<what>.*?)\.?", re.S)


def _parse_error(error: Exception) -> str:
    """The framework's message about a flag, said the way levelcal says it.

    typer checks values with pydantic ("Invalid value for '--days': Input should be a
    valid integer, unable to parse string as an integer"); say instead which flag,
    what was typed, and what it should be: "--days 'abc': not a whole number".
    """
    message = str(error.format_message())  # type: ignore[attr-defined]
    param = getattr(error, "param", None)
    cause = error.__cause__
    if param is None:
        return message
    flag = param.opts[0] if getattr(param, "opts", None) else str(param.name).upper()
    if not hasattr(cause, "errors"):  # click's own check: "'x' is not a valid int."
        said = _CLICK_SAID.fullmatch(str(getattr(error, "message", "")))
        if said is None:
            return message
        what = said.group("what")
        return f"{flag} {said.group('input')}: {_CLICK_NOT_A.get(what, what)}"
    problem = cause.errors(include_url=False)[0]  # type: ignore[union-attr]
    what = _NOT_A.get(problem["type"]) or str(problem["msg"]).removeprefix("Value error, ")
    what = what.removeprefix(f"{problem['input']!r} is ")  # said once, before the colon
    return f"{flag} {problem['input']!r}: {what.rstrip('.')}"


class _Levelcal(TyperGroup):
    """The root command, with levelcal's error handling in place of click's and typer's.

    Both the console script and typer's test runner enter through `main`.
    """

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> int:
        arguments = list(sys.argv[1:] if args is None else args)
        code = _run(
            lambda: super(_Levelcal, self).main(
                args=arguments, prog_name="levelcal", standalone_mode=False, **extra
            ),
            arguments,
        )
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    name="levelcal",
    cls=_Levelcal,
    help="See, from your own calendar, at which level of value you spend your time.",
    add_completion=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        print(f"levelcal {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    context: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
) -> None:
    """levelcal reads your calendar and shows the hours you spend at each level of value."""
    if context.invoked_subcommand is None:
        print(context.get_help())


def examples(*lines: str) -> str:
    """A command's --help epilog: the two or three command lines it ends with, to copy."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


def callbacks(progress: Progress | None = None) -> Callbacks:
    """What the application tells the user goes to stderr, one line each."""
    return Callbacks(note=note, progress=progress)


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def note(message: str) -> None:
    """One line on stderr; control characters from the input are shown escaped."""
    stderr().print(f"levelcal: {printable(message)}", markup=False)


def printable(text: str) -> str:
    """Terminal-safe (report.terminal_safe), and any URL's secrets masked, whatever produced
    the text: a warning names events and files by what the calendar calls them."""
    from levelcal.redact import redact_url
    from levelcal.report import terminal_safe

    def mask(match: re.Match[str]) -> str:
        url = match.group()
        trail = len(url) - len(url.rstrip(":,.;"))  # "URL: message" keeps its colon
        return redact_url(url[: len(url) - trail]) + url[len(url) - trail :]

    return terminal_safe(re.sub(r"\b(?:https?|webcal)://[^\s'\"()<>]+", mask, text))
