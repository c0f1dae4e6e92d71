"""The pipeline: calendar documents -> events -> hours -> labels -> Summary."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from levelcal.accounting import account
from levelcal.events import Event, is_email
from levelcal.limits import DEFAULT, Limits
from levelcal.summary import LabeledEvent, Summary
from levelcal.window import Window

if TYPE_CHECKING:  # the classifier loads only when some event was never labeled before
    from levelcal.classify.labeler import Label
    from levelcal.classify.model import Model
    from levelcal.classify.personal import Correction
    from levelcal.classify.rules import Rule
    from levelcal.ingest.types import Source
    from levelcal.label_cache import LabelCache


def _unique(name: str, taken: Sequence[str]) -> str:
    """Two calendars whose printable names agree (masked URLs) get told apart."""
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name} ({number})"
    return candidate


def analyze(
    sources: Sequence[Source],
    window: Window,
    *,
    owner_emails: Sequence[str] = (),
    load_model: Callable[[], Model],
    rules: Sequence[Rule] = (),
    corrections: Sequence[Correction] = (),
    limits: Limits = DEFAULT,
    label_cache: LabelCache | None = None,
) -> Summary:
    """Read every calendar, count the window's hours, and label each counted event.

    The owner is `owner_emails` when given, else every calendar whose name
    (X-WR-CALNAME, as Google exports it) is an email address, and whoever an
    online calendar says it belongs to (Google's `self` attendee). Labels given
    before come from `label_cache`, when there is one.
    """
    events: list[Event] = []
    warnings: list[str] = []
    broken = 0
    calendar_owners: list[str] = []
    read_already: set[str] = set()
    names: list[str] = []
    for source in sources:
        if source.identity in read_already:
            warnings.append(f"{source.name}: given more than once; read once")
            continue
        read_already.add(source.identity)
        name = _unique(source.name, names)
        names.append(name)
        read = source.read(window, limits)
        events.extend(dataclasses.replace(e, calendar=read.name) for e in read.events)
        warnings.extend(read.warnings)
        broken += read.broken
        if is_email(read.name):
            calendar_owners.append(read.name.lower())
        calendar_owners.extend(e.lower() for e in read.owner_emails)
    owners = frozenset(e.lower() for e in owner_emails) or frozenset(calendar_owners)
    accounting = account(events, window, owners, broken)
    counted = [item.event for item in accounting.counted]

    def compute(numbers: Sequence[int]) -> list[Label]:
        from levelcal.classify.features import from_event
        from levelcal.classify.labeler import label_all

        chosen = [counted[n] for n in numbers]
        features = [from_event(event, owners) for event in chosen]
        return label_all(features, load_model, rules, corrections, [e.uid for e in chosen])

    if label_cache is None:
        labels = compute(range(len(counted)))
    else:
        labels = label_cache.labels(counted, owners, (rules, corrections), compute, warnings)
    return Summary.build(
        window=window,
        sources=tuple(names),
        events=tuple(
            LabeledEvent(counted, label)
            for counted, label in zip(accounting.counted, labels, strict=True)
        ),
        all_day=accounting.all_day,
        excluded=accounting.excluded,
        busy_hours=accounting.busy_hours,
        warnings=tuple(warnings),
        owner_emails=tuple(sorted(owners)),
    )
