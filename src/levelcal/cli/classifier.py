"""The classifier's commands: explain a label, correct labels, retrain the model."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from levelcal.cli.app import app, callbacks, examples, note
from levelcal.cli.flags import requesting
from levelcal.errors import InputError
from levelcal.request import Request

if TYPE_CHECKING:
    from levelcal.classify.personal import Correction
    from levelcal.levels import Level
    from levelcal.summary import Summary


@app.command(
    epilog=examples(
        'levelcal explain -c work.ics --last-week "1:1"',
        'levelcal explain "Q3 roadmap review" --attendees 6 --organizer',
    ),
)
@requesting(calendar_arguments=False)
def explain(
    request: Request,
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
    with_executive: Annotated[
        bool,
        typer.Option(
            "--with-executive", help="Free text: one of them is an executive (see --executive)."
        ),
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

    from levelcal import application, config
    from levelcal.classify.features import EventFeatures
    from levelcal.report import explanation

    free_text = EventFeatures(
        title=query,
        description=description,
        attendees=max(1 if with_executive else 0, attendees),
        external=external or with_executive,  # as an executive in a calendar's room counts
        executive=with_executive,
        i_organize=organizer,
        recurring=recurring,
        minutes=minutes,
    )
    found = application.explain(
        request, config.load(), query, free_text, stdin=sys.stdin.buffer, callbacks=callbacks()
    )
    console = Console()
    for event in found.events:
        explanation.render(event.explanation, console, event.label, event.heading)
    if found.more:
        note(f"{found.more} more events match {query!r}; be more specific")
    if found.free_text is None:
        return
    if found.searched is not None:
        note(f"no event in {found.searched} matches {query!r}: reading it as a title")
    explanation.render(found.free_text.explanation, console)


@app.command(
    epilog=examples(
        'levelcal label managing --title "standup|sync" -c work.ics --last-week',
        "levelcal label -i -c work.ics --month",
        'levelcal label --undo "Weekly sync"',
    ),
)
@requesting(calendar_arguments=False)
def label(
    request: Request,
    level: Annotated[
        str | None,
        typer.Argument(
            metavar="LEVEL",
            help="doing, managing, directing, visioning or not work (or implementation, "
            "unification, communication, beyond, other), or a start of one that names "
            "no other: m, vis, i.",
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
    undo: Annotated[
        str | None,
        typer.Option(
            "--undo",
            metavar="TITLE_OR_UID",
            help="Forget the corrections of this UID or title (as --list shows it) and retrain.",
        ),
    ] = None,
) -> None:
    """Correct labels; levelcal remembers them and retrains your personal model.

    Corrections are stored in your data directory, never in the package, so
    they survive upgrades; the events you corrected, and similar ones, come out
    right from the next run on.
    """
    from levelcal import application
    from levelcal.classify import personal

    modes = [
        m
        for m, on in (
            ("--title", title),
            ("--uid", uid),
            ("--csv", csv_file),
            ("--interactive", interactive),
            ("--list", show),
            ("--undo", undo),
        )
        if on
    ]
    if len(modes) != 1:
        raise InputError(
            "choose one of --title REGEX, --uid UID, --csv FILE, --interactive, --list or --undo"
        )
    chosen = _parse_level(level) if (title or uid) else None
    if level is not None and chosen is None:
        raise InputError(f"{level!r} is a level only with --title or --uid")
    if show:
        _list_corrections(personal.stored_corrections())
        return
    if undo is not None:
        _undo(undo)
        return
    if csv_file is not None:
        corrections = personal.read_csv(csv_file)
    elif interactive:
        corrections = _ask_about_uncertain(_window_of(request))
    else:
        assert chosen is not None
        corrections = application.corrections_for(_window_of(request), chosen, title=title, uid=uid)
    if not corrections:
        print("no corrections to store")
        return
    learned = application.learn(corrections)
    print(
        f"stored {learned.added} correction{'s' if learned.added != 1 else ''} "
        f"({learned.stored} in all, in {learned.path}); "
        f"retrained your personal model in {learned.seconds:.1f} s"
    )


def _undo(title_or_uid: str) -> None:
    from levelcal import application

    undone = application.undo(title_or_uid)
    count = len(undone.removed)
    titles = ", ".join(dict.fromkeys(repr(c.features.title) for c in undone.removed))
    retrained = (
        f"; retrained your personal model in {undone.seconds:.1f} s" if undone.stored else ""
    )
    print(
        f"forgot {count} correction{'s' if count != 1 else ''} ({titles}); "
        f"{undone.stored} left in {undone.path}{retrained}"
    )


def _window_of(request: Request) -> Summary:
    """The requested window's events (no sample calendar: corrections are about yours)."""
    from levelcal import application, config

    return application.analyze(
        request,
        config.load(),
        stdin=sys.stdin.buffer,
        callbacks=callbacks(),
        sample_if_none=False,
    )


def _parse_level(text: str | None) -> Level:
    from levelcal.levels import Level, UnknownLevel

    if text is None:
        raise InputError("say which level: levelcal label LEVEL --title REGEX (or --uid UID)")
    try:
        return Level.parse(text)
    except UnknownLevel as error:
        raise InputError(f"LEVEL {error}") from None


def _ask_about_uncertain(summary: Summary) -> list[Correction]:
    """One question per uncertain title, biggest first; Enter keeps the label, q stops."""
    from levelcal import application

    titles = application.uncertain(summary)
    if not titles:
        print(f"no uncertain events in {summary.window.description}")
        return []
    corrections = []
    print(
        "For each event: a level (doing, managing, directing, visioning, not work, or a start "
        "of one: m, vis, n), Enter to keep, q to stop."
    )
    for title in titles:
        label = title.item.label
        print(
            f"{title.item.event.title!r}: {title.hours:.1f} h, labeled {label.level.short_name} "
            f"({label.confidence:.2f})? ",
            end="",
            flush=True,
        )
        stop, level = _answer()
        if stop:
            print()
            break
        if level is not None and level is not label.level:
            corrections.append(title.correction(level, summary.owner_emails, summary.executives))
    return corrections


def _answer() -> tuple[bool, Level | None]:
    """Whether to stop (q, or no more input), else the level typed (None: Enter keeps the
    label); asked again until it is one."""
    from levelcal.levels import Level, UnknownLevel

    while True:
        answer = sys.stdin.readline()
        if not answer or answer.strip().casefold() == "q":
            return True, None
        if not answer.strip():
            return False, None
        try:
            return False, Level.parse(answer)
        except UnknownLevel as error:
            print(f"  {error}; a level, Enter or q: ", end="", flush=True)


def _list_corrections(corrections: tuple[Correction, ...]) -> None:
    from levelcal.classify.personal import corrections_path
    from levelcal.report import terminal_safe

    if not corrections:
        print(f"no corrections yet (they would be in {corrections_path()})")
        return
    for correction in corrections:
        uid = f"  [uid {correction.uid}]" if correction.uid else ""
        print(terminal_safe(f"{correction.level.short_name:10} {correction.features.title}{uid}"))
    print(f"{len(corrections)} corrections in {corrections_path()}")


@app.command(
    epilog=examples(
        "levelcal train",
        "levelcal train --corpus models/corpus --out /tmp/model",
    ),
)
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
    from levelcal import application

    # Training takes minutes: a terminal sees each stage; a pipe or cron only the result.
    stage = note if sys.stderr.isatty() else (lambda message: None)
    trained = application.train(corpus, out, stage)
    robustness = trained.training.robustness
    room, worst = robustness.worst_room
    print(
        f"trained on {sum(trained.training.train_counts.values())} rows, held out "
        f"{sum(trained.training.held_out_counts.values())}: macro-F1 "
        f"{robustness.neutral.macro_f1:.3f} neutral, {worst:.3f} in the worst room ({room}); "
        f"{robustness.title_rows_right_everywhere:.1%} of title rows right in every room; "
        f"calibration error {robustness.calibration_error:.3f}"
    )
    for name, check in (
        ("leader calendars", trained.leaders),
        *((f"leader calendars written after a model ({d})", c) for d, c in trained.later_leaders),
    ):
        if check is not None:
            print(
                f"{name}: {check.accuracy:.1%} of {len(check.decided)} events labeled right "
                f"({check.hours_right:.1%} of their hours)"
            )
    print(f"wrote {trained.model_file} and {trained.card_file}")
