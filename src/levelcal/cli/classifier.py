"""The classifier's commands: explain a label, correct labels, retrain the model."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from levelcal.cli.app import app, note
from levelcal.cli.selection import Selection, selecting
from levelcal.errors import InputError

if TYPE_CHECKING:
    from levelcal.classify.personal import Correction
    from levelcal.levels import Level
    from levelcal.summary import LabeledEvent, Summary

MAX_EXPLAINED = 5


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
@selecting
def explain(
    selection: Selection,
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

    load_model = functools.cache(lambda: personal.active_model(note))  # loaded once
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
        note(f"{len(matches) - MAX_EXPLAINED} more events match {query!r}; be more specific")
    if matches:
        return
    if summary.sources:
        note(f"no event in {summary.window.description} matches {query!r}: reading it as a title")
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
@selecting
def label(
    selection: Selection,
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
