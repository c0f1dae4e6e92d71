"""The command line: parse flags, call the core, print, and map failures to exit codes.

Nothing here computes anything; it only decides what to read and how to show it.
Heavy modules (icalendar, numpy, the model) are imported inside the commands so
that `levelcal --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from levelcal import __version__
from levelcal.errors import ExitCode, InputError, LevelcalError

if TYPE_CHECKING:
    from rich.console import Console

    from levelcal.classify.rules import Rule
    from levelcal.config import Config
    from levelcal.ingest.sources import Document

ISSUES_URL = "https://github.com/levelcal/levelcal/issues"
MAX_WARNINGS_SHOWN = 10
# click's ClickException, wherever this typer keeps its click (newer releases vendor it).
_CLICK_ERROR: type[Exception] = typer.BadParameter.__mro__[2]


def _debug_requested(argv: list[str]) -> bool:
    return "--debug" in (argv[: argv.index("--")] if "--" in argv else argv)


def _run(invoke: Callable[[], Any], arguments: list[str]) -> int:
    """Run one command line; every failure becomes one line on stderr and an exit code."""
    try:
        result = invoke()
    except _CLICK_ERROR as error:  # bad flags and values, found while parsing
        _note(f"error: {error.format_message()}")  # type: ignore[attr-defined]
        return ExitCode.BAD_INPUT
    except typer.Exit as stop:
        return stop.exit_code
    except typer.Abort:
        _note("interrupted")
        return 130
    except LevelcalError as error:
        _note(f"error: {error}")
        return error.exit_code
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`| head`); nothing left to say
        return ExitCode.OK
    except Exception as error:
        if _debug_requested(arguments):
            import traceback

            traceback.print_exc()
        _note(
            f"internal error: {type(error).__name__}: {error}. This is a bug in levelcal; "
            f"please report it at {ISSUES_URL} (run again with --debug for the traceback)"
        )
        return ExitCode.INTERNAL
    return result if isinstance(result, int) else ExitCode.OK


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


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def _note(message: str) -> None:
    _stderr().print(f"levelcal: {message}", markup=False)


def _documents(specs: list[str], config: Config) -> list[Document]:
    from levelcal import resources
    from levelcal.ingest.sources import load

    chosen = specs or list(config.calendars)
    if not chosen:
        sample = resources.sample_calendar()
        _note(
            f"no calendar given or configured: analyzing the bundled sample calendar "
            f"{sample.name} (pass --calendar FILE for your own)"
        )
        chosen = [str(sample)]
    return [document for spec in chosen for document in load(spec, sys.stdin.buffer)]


def _zone_name(flag: str | None, config: Config) -> str:
    if flag:
        return flag
    if config.timezone:
        return config.timezone
    try:
        import tzlocal

        return str(tzlocal.get_localzone_name() or "UTC")
    except Exception:  # an unusual system zone setup: fall back rather than fail
        return "UTC"


def _rules(path: Path | None) -> tuple[Rule, ...]:
    from levelcal.classify import rules
    from levelcal.config import default_rules_path

    if path is not None:
        if not path.is_file():
            raise InputError(f"--rules {path}: no such file")
        return rules.load(path)
    default = default_rules_path()
    return rules.load(default) if default.is_file() else ()


def _show_warnings(warnings: tuple[str, ...]) -> None:
    for warning in warnings[:MAX_WARNINGS_SHOWN]:
        _note(f"warning: {warning}")
    hidden = len(warnings) - MAX_WARNINGS_SHOWN
    if hidden > 0:
        _note(f"warning: ... and {hidden} more (all are listed under `warnings` in --json)")


@app.command()
def analyze(
    calendar: Annotated[
        list[str] | None,
        typer.Option(
            "--calendar",
            "-c",
            metavar="SOURCE",
            help="An .ics file, a directory of .ics files, an http(s):// or webcal:// URL, "
            "or - for stdin. Repeat for several calendars.",
        ),
    ] = None,
    me: Annotated[
        list[str] | None,
        typer.Option(
            "--me",
            metavar="EMAIL",
            help="Your email address, to find events you declined. Repeatable.",
        ),
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option("--tz", metavar="ZONE", help="IANA time zone of the window."),
    ] = None,
    week: Annotated[bool, typer.Option("--week", help="This ISO week (the default).")] = False,
    last_week: Annotated[bool, typer.Option("--last-week", help="Last ISO week.")] = False,
    month: Annotated[bool, typer.Option("--month", help="This calendar month.")] = False,
    last_month: Annotated[bool, typer.Option("--last-month", help="Last month.")] = False,
    days: Annotated[
        int | None,
        typer.Option("--days", metavar="N", help="The N days up to and including today."),
    ] = None,
    from_day: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="First day (YYYY-MM-DD).")
    ] = None,
    to_day: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="Day after the last one (exclusive)."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Take this date as today for --week, --month, --days and the rest.",
        ),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the versioned JSON document.")
    ] = False,
    csv_output: Annotated[
        bool, typer.Option("--csv", help="Print one CSV row per counted event.")
    ] = False,
    rules_file: Annotated[
        Path | None,
        typer.Option(
            "--rules",
            metavar="FILE",
            help="TOML rules (regex on title -> level) that override the model.",
        ),
    ] = None,
) -> None:
    """Report the hours spent at each level of value in a window of time."""
    from levelcal import config as user_config
    from levelcal.window import parse_date, parse_zone, resolve

    if json_output and csv_output:
        raise InputError("choose one of --json and --csv")
    settings = user_config.load()
    zone = parse_zone(_zone_name(tz, settings))
    today = parse_date(as_of, "--as-of") if as_of else datetime.now(zone).date()
    window = resolve(
        tz=zone,
        today=today,
        week=week,
        last_week=last_week,
        month=month,
        last_month=last_month,
        days=days,
        from_day=parse_date(from_day, "--from") if from_day else None,
        to_day=parse_date(to_day, "--to") if to_day else None,
    )
    rules = _rules(rules_file)
    documents = _documents(list(calendar or ()), settings)

    from levelcal import resources
    from levelcal.analysis import analyze as run_analysis
    from levelcal.classify import model

    summary = run_analysis(
        documents,
        window,
        owner_emails=tuple(me or ()) or settings.owner_emails,
        load_model=lambda: model.load(resources.model_path()),
        rules=rules,
    )
    _show_warnings(summary.warnings)
    if json_output:
        from levelcal.report import json_doc

        sys.stdout.write(json_doc.render(summary))
    elif csv_output:
        from levelcal.report import csv_doc

        sys.stdout.write(csv_doc.render(summary))
    else:
        from rich.console import Console

        from levelcal.report import terminal

        terminal.render(summary, Console())


@app.command()
def train(
    corpus: Annotated[
        Path | None,
        typer.Option("--corpus", metavar="DIR", help="Directory of labeled .jsonl files."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="DIR", help="Where to write the model and its card."),
    ] = None,
) -> None:
    """Train the classifier on the labeled corpus and write the model and its card."""
    from levelcal import resources

    models_dir = resources.checkout_models_dir()
    corpus_dir = corpus or (models_dir / "corpus" if models_dir else None)
    out_dir = out or models_dir
    if corpus_dir is None or out_dir is None:
        raise InputError(
            "levelcal train needs the labeled corpus: run it in a source checkout, "
            "or pass --corpus DIR and --out DIR"
        )
    from levelcal.classify import corpus as corpus_files
    from levelcal.classify import model_card
    from levelcal.classify.train import train as fit_and_evaluate

    examples = corpus_files.load(corpus_dir)
    training = fit_and_evaluate(examples)
    out_dir.mkdir(parents=True, exist_ok=True)
    model_file = out_dir / "levelcal-model.json"
    card_file = out_dir / "MODEL_CARD.md"
    _write_atomically(model_file, json.dumps(training.model.to_json(), separators=(",", ":")))
    names = sorted(p.name for p in corpus_dir.glob("*.jsonl"))
    _write_atomically(card_file, model_card.render(training, names))
    evaluation = training.evaluation
    print(
        f"trained on {sum(training.train_counts.values())} rows, "
        f"held out {evaluation.size}: accuracy {evaluation.accuracy:.3f}, "
        f"macro-F1 {evaluation.macro_f1:.3f}\nwrote {model_file} and {card_file}"
    )


def _write_atomically(path: Path, text: str) -> None:
    """Never leave a half-written model behind: write beside it, then rename."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def main() -> None:
    """The `levelcal` console script."""
    app()


if __name__ == "__main__":
    main()
