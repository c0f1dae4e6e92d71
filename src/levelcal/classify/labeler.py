"""Give every event a level and a confidence: the user's rules first, then the model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from levelcal.classify.corpus import normalized_title
from levelcal.classify.features import EventFeatures
from levelcal.classify.label import Label
from levelcal.classify.model import Model
from levelcal.classify.rules import Rule
from levelcal.events import FOCUS_EVENT_TYPE

if TYPE_CHECKING:
    from levelcal.classify.personal import Correction
from levelcal.levels import Level

SIMILAR_TITLE = 0.6  # cosine of IDF-weighted title n-grams; see Model.title_similarity


def label_all(
    events: Sequence[EventFeatures],
    load_model: Callable[[], Model],
    rules: Sequence[Rule] = (),
    corrections: Sequence[Correction] = (),
    uids: Sequence[str] = (),
    categories: Sequence[Level | None] = (),
) -> list[Label]:
    """Corrections first (by UID, then by title), then the user's rules, then the level
    the config's `[categories]` give an event's category (`categories`, one per event),
    then Google's focus time (doing, whatever its title), then titles similar to a
    corrected one, then the model.

    The model is loaded only when some event is left for it.
    """
    by_uid = {c.uid: c.level for c in corrections if c.uid}
    by_title = {c.title_key: c.level for c in corrections}
    labels: list[Label | None] = [None] * len(events)
    for index, features in enumerate(events):
        uid = uids[index] if uids else None
        corrected = by_uid.get(uid) if uid else None
        if corrected is None and by_title:
            corrected = by_title.get(normalized_title(features.title))
        rule = next((r for r in rules if r.matches(features.title)), None)
        category = categories[index] if categories else None
        if corrected is not None:
            labels[index] = Label(corrected, 1.0, "correction")
        elif rule is not None:
            labels[index] = Label(rule.level, 1.0, "rule")
        elif category is not None:
            labels[index] = Label(category, 1.0, "rule")
        elif features.event_type == FOCUS_EVENT_TYPE:
            labels[index] = Label(Level.IMPLEMENTATION, 1.0, "rule")
    remaining = [i for i, label in enumerate(labels) if label is None]
    if not remaining:
        return [label for label in labels if label is not None]
    model = load_model()
    if corrections:
        similarity = model.title_similarity(
            [events[i].title for i in remaining], [c.features.title for c in corrections]
        )
        for index, row in zip(remaining, similarity, strict=True):
            closest = int(row.argmax())
            if row[closest] >= SIMILAR_TITLE:
                labels[index] = Label(corrections[closest].level, float(row[closest]), "correction")
        remaining = [i for i, label in enumerate(labels) if label is None]
    # The model scores each row on its own: the instances of a series, alike in all it
    # reads, are scored once (a year's 13,000 events have about 4,700 different rows).
    rows: dict[EventFeatures, int] = {}  # each distinct row, numbered as first seen
    for index in remaining:
        rows.setdefault(events[index], len(rows))
    probabilities = model.probabilities(list(rows))
    for index in remaining:
        row = probabilities[rows[events[index]]]
        best = int(row.argmax())
        labels[index] = Label(model.levels[best], float(row[best]), "model")
    return [label for label in labels if label is not None]
