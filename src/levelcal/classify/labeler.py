"""Give every event a level and a confidence: the user's rules first, then the model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from levelcal.classify.features import EventFeatures
from levelcal.classify.model import Model
from levelcal.classify.rules import Rule
from levelcal.levels import Level

LOW_CONFIDENCE = 0.5


@dataclass(frozen=True, slots=True)
class Label:
    level: Level
    confidence: float
    decided_by: str  # "model" or "rule"

    @property
    def uncertain(self) -> bool:
        return self.confidence < LOW_CONFIDENCE


def label_all(
    events: Sequence[EventFeatures], model: Model | None, rules: Sequence[Rule] = ()
) -> list[Label]:
    labels: list[Label | None] = [None] * len(events)
    for index, features in enumerate(events):
        rule = next((r for r in rules if r.matches(features.title)), None)
        if rule is not None:
            labels[index] = Label(rule.level, 1.0, "rule")
    remaining = [i for i, label in enumerate(labels) if label is None]
    if remaining:
        if model is None:
            raise ValueError("a model is needed for events no rule labels")
        probabilities = model.probabilities([events[i] for i in remaining])
        for index, row in zip(remaining, probabilities, strict=True):
            best = int(row.argmax())
            labels[index] = Label(model.levels[best], float(row[best]), "model")
    return [label for label in labels if label is not None]
