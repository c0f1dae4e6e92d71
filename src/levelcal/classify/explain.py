"""Why the model gave an event its label: the features that pushed it, with their weight.

The model is linear, so each feature's share of a decision is exact: its value
times the difference between its weights for the chosen level and for the
runner-up, over the calibration temperature.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from levelcal.classify.features import EventFeatures
from levelcal.classify.model import Model
from levelcal.levels import Level

_KINDS = {
    "title_words": "title word",
    "title_chars": "title letters",
    "context_words": "description/location word",
    "meta": "event shape",
}


_MEANINGS = {
    "people=alone": "no other attendees",
    "people=one": "one other attendee",
    "people=few": "2-4 other attendees",
    "people=team": "5-12 other attendees",
    "people=crowd": "13 or more other attendees",
    "reach=internal": "everyone from your organization",
    "reach=external": "someone from outside your organization",
    "organizer=me": "you organize it",
    "organizer=other": "someone else organizes it",
    "recurs=yes": "it recurs",
    "recurs=no": "a one-off",
    "length=short": "30 minutes or less",
    "length=hour": "31-60 minutes",
    "length=long": "1-3 hours",
    "length=block": "over 3 hours",
}


def _describe(analyzer: str, token: str) -> str:
    if analyzer != "meta":
        return f'{_KINDS[analyzer]} "{token}"'
    if token.startswith("type="):
        return f"Google event type {token[5:]}"
    return ", ".join(_MEANINGS.get(part, part) for part in token.split("&"))


@dataclass(frozen=True, slots=True)
class Reason:
    feature: str  # e.g. 'title word "board"'
    push: float  # toward the label (positive) or the runner-up (negative), in logit units


@dataclass(frozen=True, slots=True)
class Explanation:
    features: EventFeatures
    level: Level
    confidence: float
    probabilities: dict[Level, float]
    runner_up: Level
    reasons: tuple[Reason, ...]  # strongest first, both directions


def explain(model: Model, features: EventFeatures) -> Explanation:
    (probabilities,) = model.probabilities([features])
    order = np.argsort(-probabilities)
    best, second = int(order[0]), int(order[1])
    difference = (model.coefficients[best] - model.coefficients[second]) / model.temperature
    reasons: list[Reason] = []
    for block in model.blocks:
        found = block.entries([features])
        names = {index + block.start: token for token, index in block.vocabulary.items()}
        for column, value in zip(found.columns, found.values, strict=True):
            push = float(value * difference[column])
            if abs(push) >= 0.01:
                reasons.append(Reason(_describe(block.analyzer, names[int(column)]), push))
    base = float((model.intercepts[best] - model.intercepts[second]) / model.temperature)
    if abs(base) >= 0.01:
        reasons.append(Reason("how common each label is (intercept)", base))
    reasons.sort(key=lambda reason: -abs(reason.push))
    return Explanation(
        features=features,
        level=model.levels[best],
        confidence=float(probabilities[best]),
        probabilities={
            level: float(p) for level, p in zip(model.levels, probabilities, strict=True)
        },
        runner_up=model.levels[second],
        reasons=tuple(reasons),
    )
