"""The command line: parse flags, call the core, print, and map failures to exit codes.

Nothing here computes anything; it only decides what to read and how to show it.
Heavy modules (icalendar, numpy, the model) are imported inside the commands so
that `levelcal --help` stays fast.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from levelcal import __version__
from levelcal.errors import ExitCode, InputError, LevelcalError

if TYPE_CHECKING:
    from rich.console import Console

    from levelcal.classify.model import Model
    from levelcal.classify.personal import Correction
    from levelcal.classify.rules import Rule
    from levelcal.config import Config
    from levelcal.ingest.sources import Document
    from levelcal.levels import Level
    from levelcal.limits import Limits
    from levelcal.report.summary import LabeledEvent, Summary

ISSUES_URL = "https://github.com/levelcal/levelcal/issues"
MAX_WARNINGS_SHOWN = 10
MAX_EXPLAINED = 5
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
    """One line on stderr; control characters from the input are shown escaped."""
    _stderr().print(f"levelcal: {_printable(message)}", markup=False)


def _printable(text: str) -> str:
    """Control characters escaped, and any URL's secrets masked, whatever produced the text."""
    import re
    import unicodedata

    from levelcal.redact import redact_url

    def mask(match: re.Match[str]) -> str:
        url = match.group()
        trail = len(url) - len(url.rstrip(":,.;"))  # "URL: message" keeps its colon
        return redact_url(url[: len(url) - trail]) + url[len(url) - trail :]

    text = re.sub(r"\b(?:https?|webcal)://[^\s'\"()<>]+", mask, text)
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")
        else char
        for char in text
    )


def _documents(
    specs: list[str], config: Config, sample_if_none: bool, limits: Limits
) -> list[Document]:
    from levelcal import resources
    from levelcal.ingest.sources import load

    chosen = specs or list(config.calendars)
    if not chosen and not sample_if_none:
        return []
    if not chosen:
        sample = resources.sample_calendar()
        _note(
            f"no calendar given or configured: analyzing the bundled sample calendar "
            f"{sample.name} (pass --calendar FILE for your own)"
        )
        chosen = [str(sample)]
    return [document for spec in chosen for document in load(spec, sys.stdin.buffer, limits)]


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


CalendarOption = Annotated[
    list[str] | None,
    typer.Option(
        "--calendar",
        "-c",
        metavar="SOURCE",
        help="An .ics file, a directory of .ics files, an http(s):// or webcal:// URL, "
        "or - for stdin. Repeat for several calendars.",
    ),
]
MeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--me", metavar="EMAIL", help="Your email address, to find events you declined. Repeatable."
    ),
]
TzOption = Annotated[
    str | None, typer.Option("--tz", metavar="ZONE", help="IANA time zone of the window.")
]
WeekOption = Annotated[bool, typer.Option("--week", help="This ISO week (the default).")]
LastWeekOption = Annotated[bool, typer.Option("--last-week", help="Last ISO week.")]
MonthOption = Annotated[bool, typer.Option("--month", help="This calendar month.")]
LastMonthOption = Annotated[bool, typer.Option("--last-month", help="Last month.")]
DaysOption = Annotated[
    int | None,
    typer.Option("--days", metavar="N", help="The N days up to and including today."),
]
FromOption = Annotated[
    str | None, typer.Option("--from", metavar="DATE", help="First day (YYYY-MM-DD).")
]
ToOption = Annotated[
    str | None, typer.Option("--to", metavar="DATE", help="Day after the last one (exclusive).")
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Take this date as today for --week, --month, --days and the rest.",
    ),
]
MaxFileOption = Annotated[
    float | None,
    typer.Option("--max-file-mb", metavar="MB", help="Largest .ics file or stdin to read (100)."),
]
MaxDownloadOption = Annotated[
    float | None,
    typer.Option("--max-download-mb", metavar="MB", help="Largest calendar to download (50)."),
]
TimeoutOption = Annotated[
    float | None,
    typer.Option("--timeout", metavar="SECONDS", help="Time allowed for each download (30)."),
]
MaxInstancesOption = Annotated[
    int | None,
    typer.Option(
        "--max-instances",
        metavar="N",
        help="Most instances one recurring series may make up to the window's end (100000).",
    ),
]
RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        metavar="FILE",
        help="TOML rules (regex on title -> level) that override the model.",
    ),
]


@dataclass(frozen=True, slots=True)
class _Selection:
    """Which calendars, whose, and which window: the flags analyze, explain and label share."""

    calendar: list[str] | None = None
    me: list[str] | None = None
    tz: str | None = None
    week: bool = False
    last_week: bool = False
    month: bool = False
    last_month: bool = False
    days: int | None = None
    from_day: str | None = None
    to_day: str | None = None
    as_of: str | None = None
    rules_file: Path | None = None
    max_file_mb: float | None = None
    max_download_mb: float | None = None
    timeout: float | None = None
    max_instances: int | None = None

    def limits(self) -> Limits:
        from levelcal.limits import DEFAULT, MB, Limits

        def positive(value: float | None, flag: str) -> float | None:
            if value is not None and value <= 0:
                raise InputError(f"{flag} must be more than 0, got {value:g}")
            return value

        file_mb = positive(self.max_file_mb, "--max-file-mb")
        download_mb = positive(self.max_download_mb, "--max-download-mb")
        timeout = positive(self.timeout, "--timeout")
        instances = positive(self.max_instances, "--max-instances")
        return Limits(
            file_bytes=int(file_mb * MB) if file_mb else DEFAULT.file_bytes,
            download_bytes=int(download_mb * MB) if download_mb else DEFAULT.download_bytes,
            timeout_seconds=timeout or DEFAULT.timeout_seconds,
            instances=int(instances) if instances else DEFAULT.instances,
        )

    def analyze(
        self, *, sample_if_none: bool = True, load_model: Callable[[], Model] | None = None
    ) -> Summary:
        from levelcal import config as user_config
        from levelcal.analysis import analyze
        from levelcal.classify import personal
        from levelcal.window import parse_date, parse_zone, resolve

        settings = user_config.load()
        zone = parse_zone(_zone_name(self.tz, settings))
        today = parse_date(self.as_of, "--as-of") if self.as_of else datetime.now(zone).date()
        window = resolve(
            tz=zone,
            today=today,
            week=self.week,
            last_week=self.last_week,
            month=self.month,
            last_month=self.last_month,
            days=self.days,
            from_day=parse_date(self.from_day, "--from") if self.from_day else None,
            to_day=parse_date(self.to_day, "--to") if self.to_day else None,
        )
        rules = _rules(self.rules_file)
        limits = self.limits()
        documents = _documents(list(self.calendar or ()), settings, sample_if_none, limits)
        summary = analyze(
            documents,
            window,
            owner_emails=tuple(self.me or ()) or settings.owner_emails,
            load_model=load_model or (lambda: personal.active_model(_note)),
            rules=rules,
            corrections=personal.stored_corrections(),
            limits=limits,
        )
        _show_warnings(summary.warnings)
        return summary


_SELECTION_FLAGS = {  # _Selection field -> (its option type, its default)
    "calendar": (CalendarOption, None),
    "me": (MeOption, None),
    "tz": (TzOption, None),
    "week": (WeekOption, False),
    "last_week": (LastWeekOption, False),
    "month": (MonthOption, False),
    "last_month": (LastMonthOption, False),
    "days": (DaysOption, None),
    "from_day": (FromOption, None),
    "to_day": (ToOption, None),
    "as_of": (AsOfOption, None),
    "rules_file": (RulesOption, None),
    "max_file_mb": (MaxFileOption, None),
    "max_download_mb": (MaxDownloadOption, None),
    "timeout": (TimeoutOption, None),
    "max_instances": (MaxInstancesOption, None),
}


def _selecting(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command the shared calendar, window and limit flags, as one `selection`.

    The command declares `selection: _Selection` first; typer sees the flags of
    `_SELECTION_FLAGS` in its place, and the command receives them packed.
    """
    import inspect

    own = list(inspect.signature(command, eval_str=True).parameters.values())[1:]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
        for name, (kind, default) in _SELECTION_FLAGS.items()
    ]
    own = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]

    @functools.wraps(command)
    def with_selection(**flags: Any) -> Any:
        selection = _Selection(**{name: flags.pop(name) for name in _SELECTION_FLAGS})
        return command(selection, **flags)

    parameters = [*shared, *own]
    with_selection.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    with_selection.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_selection


@app.command()
@_selecting
def analyze(
    selection: _Selection,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the versioned JSON document.")
    ] = False,
    csv_output: Annotated[
        bool, typer.Option("--csv", help="Print one CSV row per counted event.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit with 1 when anything in the calendars was skipped, repaired or "
            "guessed (every warning), after printing the report.",
        ),
    ] = False,
) -> int:
    """Report the hours spent at each level of value in a window of time."""
    if json_output and csv_output:
        raise InputError("choose one of --json and --csv")
    summary = selection.analyze()
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
    return ExitCode.FINDINGS if strict and summary.warnings else ExitCode.OK


def _matching(summary: Summary, query: str) -> list[LabeledEvent]:
    """Events whose UID is `query` or whose title contains it; one per title and room."""
    wanted = query.strip().casefold()
    found: dict[tuple[str, int, bool], LabeledEvent] = {}
    for item in summary.events:
        event = item.event
        if event.uid.casefold() == wanted or wanted in event.title.casefold():
            key = (event.title.casefold(), len(event.attendees), bool(event.organizer))
            found.setdefault(key, item)
    return list(found.values())


@app.command()
@_selecting
def explain(
    selection: _Selection,
    query: Annotated[
        str,
        typer.Argument(metavar="QUERY", help="An event title (or part of it), a UID, or any text."),
    ],
    attendees: Annotated[
        int, typer.Option("--attendees", metavar="N", help="Free text: people besides you.")
    ] = 0,
    external: Annotated[
        bool, typer.Option("--external", help="Free text: someone is from outside.")
    ] = False,
    organizer: Annotated[
        bool, typer.Option("--organizer", help="Free text: you organize it.")
    ] = False,
    recurring: Annotated[bool, typer.Option("--recurring", help="Free text: it repeats.")] = False,
    minutes: Annotated[int, typer.Option("--minutes", metavar="M", help="Free text: length.")] = 30,
    description: Annotated[
        str, typer.Option("--description", metavar="TEXT", help="Free text: its description.")
    ] = "",
) -> None:
    """Show an event's label, its confidence, and the words and features that decided it.

    With calendars (given or configured), QUERY is looked up among the window's
    events by UID or title; otherwise, or when nothing matches, QUERY is read as
    a title, with the --attendees, --external... flags describing the room.
    """
    from rich.console import Console

    from levelcal.classify import personal
    from levelcal.classify.explain import explain as explain_one
    from levelcal.classify.features import EventFeatures, from_event
    from levelcal.report import explanation

    load_model = functools.cache(lambda: personal.active_model(_note))  # loaded once
    summary = selection.analyze(sample_if_none=False, load_model=load_model)
    matches = _matching(summary, query) if summary.sources else []
    model = load_model()
    console = Console()
    owners = frozenset(summary.owner_emails)
    for item in matches[:MAX_EXPLAINED]:
        event = item.event
        heading = f"{event.title!r} ({event.start:%a %d %b %H:%M}, uid {event.uid})"
        found = explain_one(model, from_event(event, owners))
        explanation.render(found, console, item.label, heading)
    if len(matches) > MAX_EXPLAINED:
        _note(f"{len(matches) - MAX_EXPLAINED} more events match {query!r}; be more specific")
    if matches:
        return
    if summary.sources:
        _note(f"no event in {summary.window.description} matches {query!r}: reading it as a title")
    features = EventFeatures(
        title=query,
        description=description,
        attendees=max(0, attendees),
        external=external,
        i_organize=organizer,
        recurring=recurring,
        minutes=minutes,
    )
    explanation.render(explain_one(model, features), console)


@app.command()
@_selecting
def label(
    selection: _Selection,
    level: Annotated[
        str | None,
        typer.Argument(
            metavar="LEVEL",
            help="implementation, unification, communication, beyond or other "
            "(or doing, managing, directing, visioning, not work; or i, u, c, b, o).",
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title", metavar="REGEX", help="Correct the window's events whose title matches."
        ),
    ] = None,
    uid: Annotated[
        str | None, typer.Option("--uid", metavar="UID", help="Correct the event with this UID.")
    ] = None,
    csv_file: Annotated[
        Path | None,
        typer.Option("--csv", metavar="FILE", help="Corrections from a CSV: title, level, ..."),
    ] = None,
    interactive: Annotated[
        bool,
        typer.Option("--interactive", "-i", help="Go through the window's uncertain events."),
    ] = False,
    show: Annotated[bool, typer.Option("--list", help="List your stored corrections.")] = False,
) -> None:
    """Correct labels; levelcal remembers them and retrains your personal model.

    Corrections are stored in your data directory, never in the package, so
    they survive upgrades; the events you corrected, and similar ones, come out
    right from the next run on.
    """
    from levelcal.classify import personal

    modes = [
        m
        for m, on in (
            ("--title", title),
            ("--uid", uid),
            ("--csv", csv_file),
            ("--interactive", interactive),
            ("--list", show),
        )
        if on
    ]
    if len(modes) != 1:
        raise InputError(
            "choose one of --title REGEX, --uid UID, --csv FILE, --interactive or --list"
        )
    if show:
        _list_corrections(personal.stored_corrections())
        return
    chosen = _parse_level(level) if (title or uid) else None
    if level is not None and chosen is None:
        raise InputError(f"{level!r} is a level only with --title or --uid")
    if csv_file is not None:
        corrections = personal.read_csv(csv_file)
    elif interactive:
        corrections = _ask_about_uncertain(selection.analyze(sample_if_none=False))
    else:
        assert chosen is not None
        corrections = _corrections_for(
            selection.analyze(sample_if_none=False), chosen, title=title, uid=uid
        )
    if not corrections:
        print("no corrections to store")
        return
    stored = personal.add(corrections)
    _, seconds = personal.retrain(stored)
    print(
        f"stored {len(corrections)} correction{'s' if len(corrections) != 1 else ''} "
        f"({len(stored)} in all, in {personal.corrections_path()}); "
        f"retrained your personal model in {seconds:.1f} s"
    )


def _parse_level(text: str | None) -> Level:
    from levelcal.levels import Level

    if text is None:
        raise InputError("say which level: levelcal label LEVEL --title REGEX (or --uid UID)")
    level = Level.parse(text)
    if level is None:
        names = ", ".join(lvl.value for lvl in Level)
        raise InputError(f"{text!r} is not a level; use one of {names}")
    return level


def _corrections_for(
    summary: Summary, level: Level, *, title: str | None, uid: str | None
) -> list[Correction]:
    import re

    from levelcal.classify.features import EventFeatures, from_event
    from levelcal.classify.personal import Correction

    if not summary.sources:
        raise InputError("no calendar to find the events in: pass --calendar SOURCE")
    if title is not None:
        try:
            pattern = re.compile(title, re.IGNORECASE)
        except re.error as error:
            raise InputError(f"--title {title!r}: bad regular expression ({error})") from None
        chosen = [i for i in summary.events if pattern.search(i.event.title)]
        what = f"--title {title!r}"
    else:
        chosen = [i for i in summary.events if i.event.uid == uid]
        what = f"--uid {uid!r}"
    if not chosen:
        raise InputError(f"no event in {summary.window.description} matches {what}")
    owners = frozenset(summary.owner_emails)
    unique: dict[tuple[str, EventFeatures], Correction] = {}
    for item in chosen:
        features = from_event(item.event, owners)
        unique.setdefault((item.event.uid, features), Correction(features, level, item.event.uid))
    return list(unique.values())


def _ask_about_uncertain(summary: Summary) -> list[Correction]:
    """One question per uncertain title, biggest first; Enter keeps the label, q stops."""
    from levelcal.classify.features import from_event
    from levelcal.classify.personal import Correction
    from levelcal.levels import Level

    if not summary.sources:
        raise InputError("no calendar to go through: pass --calendar SOURCE")
    hours: dict[str, float] = {}
    first: dict[str, LabeledEvent] = {}
    for item in summary.events:
        if item.label.uncertain:
            key = item.event.title.casefold()
            hours[key] = hours.get(key, 0.0) + item.hours
            first.setdefault(key, item)
    if not first:
        print(f"no uncertain events in {summary.window.description}")
        return []
    owners = frozenset(summary.owner_emails)
    corrections = []
    print("For each event: a level (i, u, c, b, o or its name), Enter to keep, q to stop.")
    for key in sorted(first, key=lambda k: -hours[k]):
        item = first[key]
        label = item.label
        print(
            f"{item.event.title!r}: {hours[key]:.1f} h, labeled {label.level.value} "
            f"({label.confidence:.2f})? ",
            end="",
            flush=True,
        )
        answer = sys.stdin.readline()
        if not answer or answer.strip().casefold() == "q":
            print()
            break
        if not answer.strip():
            continue
        level = Level.parse(answer)
        while level is None:
            print(f"  {answer.strip()!r} is not a level; i, u, c, b, o, Enter or q: ", end="")
            answer = sys.stdin.readline()
            if not answer.strip() or answer.strip().casefold() == "q":
                break
            level = Level.parse(answer)
        if level is not None and level is not label.level:
            corrections.append(Correction(from_event(item.event, owners), level, item.event.uid))
    return corrections


def _list_corrections(corrections: tuple[Correction, ...]) -> None:
    from levelcal.classify.personal import corrections_path

    if not corrections:
        print(f"no corrections yet (they would be in {corrections_path()})")
        return
    for correction in corrections:
        uid = f"  [uid {correction.uid}]" if correction.uid else ""
        print(f"{correction.level.value:15} {correction.features.title}{uid}")
    print(f"{len(corrections)} corrections in {corrections_path()}")


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
    from levelcal.classify import model_card, speed
    from levelcal.classify.train import train as fit_and_evaluate
    from levelcal.storage import write_atomically

    examples = corpus_files.load(corpus_dir)
    training = fit_and_evaluate(examples)
    out_dir.mkdir(parents=True, exist_ok=True)
    model_file = out_dir / "levelcal-model.json"
    card_file = out_dir / "MODEL_CARD.md"
    model_json = json.dumps(training.model.to_json(), separators=(",", ":"))
    write_atomically(model_file, model_json, mode=0o644)  # a project file, not a private one
    names = sorted(p.name for p in corpus_dir.glob("*.jsonl"))
    sample = [example.features for example in examples]
    card = model_card.render(training, names, speed.measure(model_file, sample))
    write_atomically(card_file, card, mode=0o644)
    evaluation = training.evaluation
    print(
        f"trained on {sum(training.train_counts.values())} rows, "
        f"held out {evaluation.size}: accuracy {evaluation.accuracy:.3f}, "
        f"macro-F1 {evaluation.macro_f1:.3f}\nwrote {model_file} and {card_file}"
    )


def main() -> None:
    """The `levelcal` console script."""
    app()


if __name__ == "__main__":
    main()
