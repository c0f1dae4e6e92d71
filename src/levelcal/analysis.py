"""The pipeline: calendar documents -> events -> hours -> labels -> Summary."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from levelcal.accounting import account
from levelcal.events import Event, is_email
from levelcal.ingest.parallel import meanwhile
from levelcal.ingest.types import refuse_unreadable
from levelcal.limits import DEFAULT, Limits
from levelcal.summary import LabeledEvent, Summary
from levelcal.window import Window

if TYPE_CHECKING:  # the classifier loads only when some event was never labeled before
    from levelcal.classify.label import Label
    from levelcal.classify.model import Model
    from levelcal.classify.personal import Correction
    from levelcal.classify.rules import Rule
    from levelcal.ingest.types import CalendarRead, Source
    from levelcal.label_cache import LabelCache
    from levelcal.levels import Level

NO_OWNER = (
    "declined meetings can't be told apart; pass --me EMAIL (or `levelcal config set me "
    "EMAIL`) to say whose calendar this is"
)


def _unique(name: str, taken: Sequence[str]) -> str:
    """Two calendars whose printable names agree (masked URLs) get told apart."""
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name} ({number})"
    return candidate


def _named(event: Event, calendar: str) -> Event:
    """The event, said to come from `calendar` (most readers name it so already)."""
    return event if event.calendar == calendar else dataclasses.replace(event, calendar=calendar)


def _shown(event: Event, show_private: bool) -> Event:
    return event if show_private else event.masked()


def category_level(event: Event, categories: Sequence[tuple[str, Level]]) -> Level | None:
    """The level the first configured category the event carries gives it (names match
    regardless of case, as Outlook's do); None when none does."""
    carried = {name.casefold() for name in event.categories}
    return next((level for name, level in categories if name.casefold() in carried), None)


def analyze(
    sources: Sequence[Source],
    window: Window,
    *,
    owner_emails: Sequence[str] = (),
    executives: Sequence[str] = (),
    load_model: Callable[[], Model],
    rules: Sequence[Rule] = (),
    corrections: Sequence[Correction] = (),
    limits: Limits = DEFAULT,
    categories: Sequence[tuple[str, Level]] = (),
    show_private: bool = False,
    label_cache: LabelCache | None = None,
) -> Summary:
    """Read every calendar, count the window's hours, and label each counted event.

    The owner is `owner_emails` when given, else every calendar whose name
    (X-WR-CALNAME, as Google exports it) is an email address, the address an
    Outlook export's X-OWNER names, and whoever an online calendar says it belongs
    to (Google's `self` attendee, the owner of an Outlook calendar, a CalDAV login
    that is an address): several calendars naming different owners make them all
    the owner, and the Summary says what named them (`owner_from`). `executives` in the
    room count as someone from outside (`features.from_event`). With no owner,
    and attendee lines in the window, one warning says that declines cannot be told.
    Labels given before come from `label_cache`, when there is one.

    Private events are masked here, as they leave the readers (`Event.masked`),
    unless `show_private`: nothing after this point prints their text; the
    classifier alone reads it. `categories` (the config's `[categories]`, in its
    order) give the level of an event in one of them, as a rule would.
    """
    model = _once(load_model)
    # A cold read of a large calendar runs in a forked child while this process loads the
    # classifier (see `parallel.meanwhile`); not with corrections, which may mean a retrain.
    warm_up = (lambda: None) if corrections else (lambda: _warm_classifier(model))
    with meanwhile(warm_up):
        read = read_all(sources, window, limits, show_private=show_private)
    events, warnings, broken = read.events, list(read.warnings), read.broken
    owners = frozenset(e.lower() for e in owner_emails) or frozenset(read.owners)
    owner_from = "" if owner_emails else _owner_from(read.owners)
    accounting = account(events, window, owners, broken)
    if not owners and any(item.event.attendees for item in accounting.counted):
        warnings.append(NO_OWNER)
    counted = [item.event for item in accounting.counted]
    bosses = frozenset(e.lower() for e in executives)

    def compute(numbers: Sequence[int]) -> list[Label]:
        from levelcal.classify.features import from_event
        from levelcal.classify.labeler import label_all

        chosen = [counted[n] for n in numbers]
        features = [from_event(event.unmasked(), owners, bosses) for event in chosen]
        uids = [event.uid for event in chosen]
        by_category = [category_level(event, categories) for event in chosen]
        return label_all(features, model, rules, corrections, uids, by_category)

    if label_cache is None:
        labels = compute(range(len(counted)))
    else:
        context = (rules, corrections, categories, sorted(bosses))
        labels = label_cache.labels(counted, owners, context, compute, warnings)
    return Summary.build(
        window=window,
        sources=read.sources,
        events=tuple(
            LabeledEvent(counted, label)
            for counted, label in zip(accounting.counted, labels, strict=True)
        ),
        all_day=accounting.all_day,
        excluded=accounting.excluded,
        busy_hours=accounting.busy_hours,
        warnings=tuple(warnings),
        owner_emails=tuple(sorted(owners)),
        calendars=read.calendars,
        owner_from=owner_from,
        executives=tuple(sorted(bosses)),
    )


@dataclass(frozen=True, slots=True)
class Calendars:
    """Every calendar's events in the window, read once each (see `read_all`)."""

    events: list[Event]
    warnings: tuple[str, ...]
    broken: int
    sources: tuple[str, ...]  # each source's printable name, told apart from the others'
    calendars: tuple[str, ...]  # each calendar's own name (X-WR-CALNAME), or its file's
    owners: dict[str, list[str]]  # the addresses the calendars name as owner -> what named it


def read_all(
    sources: Sequence[Source], window: Window, limits: Limits, *, show_private: bool
) -> Calendars:
    """Read each source once (one given twice is read once, with a warning); refuse them
    when none could be read at all (`refuse_unreadable`)."""
    events: list[Event] = []
    warnings: list[str] = []
    broken = 0
    owners: dict[str, list[str]] = {}
    read_already: set[str] = set()
    reads: list[CalendarRead] = []
    names: list[str] = []
    for source in sources:
        if source.identity in read_already:
            warnings.append(f"{source.name}: given more than once; read once")
            continue
        read_already.add(source.identity)
        name = _unique(source.name, names)
        names.append(name)
        read = source.read(window, limits)
        events.extend(_shown(_named(e, read.name), show_private) for e in read.events)
        warnings.extend(read.warnings)
        broken += read.broken
        reads.append(read)
        for email, said_by in _owners_named(read, name):
            owners.setdefault(email, []).append(said_by)
    refuse_unreadable(reads)
    calendars = tuple(r.name for r in reads)
    return Calendars(events, tuple(warnings), broken, tuple(names), calendars, owners)


def _owners_named(read: CalendarRead, source: str) -> list[tuple[str, str]]:
    """Whose calendar this one says it is, and what said so: a name that is an address
    (X-WR-CALNAME, as Google exports it), an address X-OWNER names (Outlook's export), the
    owner an online account gives."""
    shown = source.rsplit("/", 1)[-1]
    said_by = f"{read.owner_from} of {shown}" if read.owner_from else shown
    named = [(email.lower(), said_by) for email in read.owner_emails]
    if is_email(read.name) and read.name.lower() not in dict(named):
        named.append((read.name.lower(), f"the name of {shown}"))
    return named


def _owner_from(named: dict[str, list[str]]) -> str:
    """Where the owner came from, as the report says it: "X-OWNER of cfo-lyon.ics"."""
    return ", ".join(dict.fromkeys(said for saids in named.values() for said in saids))


def _once(load_model: Callable[[], Model]) -> Callable[[], Model]:
    """`load_model`, called once at most: the model a warm-up loaded is the one used."""
    loaded: list[Model] = []

    def model() -> Model:
        if not loaded:
            loaded.append(load_model())
        return loaded[0]

    return model


_SAMPLE = Event(
    uid="warm-up",
    recurrence_id=None,
    title="Weekly planning sync",
    start=datetime(2026, 1, 5, 9, tzinfo=UTC),
    end=datetime(2026, 1, 5, 10, tzinfo=UTC),
    all_day=False,
)


def _warm_classifier(model: Callable[[], Model]) -> None:
    """Load the model and what its features read (the lexicons, numpy) by scoring one
    made-up event: work a cold report does anyway, done while a child reads a calendar.
    The model scores each event on its own row, so this changes no label."""
    from levelcal.classify.features import from_event

    model().probabilities([from_event(_SAMPLE, frozenset())])
