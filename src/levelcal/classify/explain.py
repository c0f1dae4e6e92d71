"""Why the model gave an event its label: the features that pushed it, with their weight.

The model is linear, so each feature's share of a decision is exact: its value
times the difference between its weights for the chosen level and for the
runner-up, over the calibration temperature.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from levelcal.classify.features import EventFeatures
from levelcal.classify.model import SETTLING, Model, Settling
from levelcal.levels import Level

_KINDS = {
    "title_words": "title word",
    "title_head": "title starting with",
    "title_chars": "title letters",
    "title_shape": "title shape",
    "context_words": "description word",
    "title_topics": "title about",
    "title_stems": "title word starting",
    "context_topics": "description/location about",
    "meta": "room",
}


_MEANINGS = {
    "people=alone": "no other attendees",
    "people=one": "one other attendee",
    "people=few": "2-4 other attendees",
    "people=team": "5-12 other attendees",
    "people=crowd": "13 or more other attendees",
    "reach=internal": "nobody from outside your organization",
    "reach=external": "someone from outside your organization, or an executive",
    "organizer=me": "you organize it",
    "organizer=other": "someone else organizes it",
    "recurs=yes": "it recurs",
    "recurs=no": "a one-off",
    "length=short": "30 minutes or less",
    "length=hour": "31-60 minutes",
    "length=long": "1-3 hours",
    "length=block": "over 3 hours",
    "room": "where such titles start",
    "names": "a title of names only",
    "shape=names": 'only people\'s names ("Mike <> Dana", "Priya")',
    "shape=meal": 'a meal and only who ("Lunch w/ Sam", "Déj. avec M. Dubois")',
    "shape=capitalized": "one or two capitalized words (a name?)",
    "shape=capitals": "all capitals",
    "shape=ticket": "a ticket key",
}


def _describe(analyzer: str, token: str) -> str:
    if analyzer == "title_shape":
        if token.startswith("words="):
            count = token.removeprefix("words=")
            return (
                f"title of {count}{'+' if count == '4' else ''} word{'s' if count != '1' else ''}"
            )
        return f"title shape: {_MEANINGS.get(token, token)}"
    if analyzer in ("title_topics", "context_topics"):
        return f"{_KINDS[analyzer]} {token.removeprefix('topic=').replace('_', ' ')}"
    if analyzer == "title_head":
        return f'{_KINDS[analyzer]} "{token.removeprefix("head=")}"'
    if analyzer == "title_stems":
        return f'{_KINDS[analyzer]} "{token.removesuffix("~")}…"'
    if analyzer != "meta":
        return f'{_KINDS[analyzer]} "{token}"'
    parts = [_MEANINGS.get(part, part) for part in token.split("&")]
    return "room: " + ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Reason:
    feature: str  # e.g. 'title word "board"'
    push: float  # toward the label (positive) or the runner-up (negative), in logit units
    room: bool = False  # a feature of who is in the room, not of the text


@dataclass(frozen=True, slots=True)
class Explanation:
    features: EventFeatures
    level: Level
    confidence: float
    probabilities: dict[Level, float]
    runner_up: Level
    reasons: tuple[Reason, ...]  # strongest first, both directions
    genericness: float  # the gate: how far the title leaves the level to the room (0-1)
    rule: str  # the likeliest way rooms decide such a title (see `Gate`), or "title"
    text_push: float  # the text's whole push toward the label over the runner-up
    room_push: float  # the room's
    # The rule of `Model.settled` that moved the label from the text's (`model.SETTLING`):
    # the room broke a tie, one function's own team meeting, time kept for work; or None.
    settled_by: Settling | None = None

    @property
    def decided_by_room(self) -> bool:
        """The title leaves it open and the room tipped it: LEVELS.md hard case 4."""
        return self.genericness >= GENERIC and self.room_push > max(self.text_push, 0.0)


GENERIC = 0.5  # a gate at or above this: the title is generic, the room may decide
_ROOM_WORDS = {
    "alone": "alone",
    "internal": "with colleagues",
    "external": "with outsiders or executives",
}


def describe_rule(rule: str) -> str:
    """A gate's rule in words: "alone: doing · with colleagues: managing · ..."."""
    if rule == "title":
        return "the title decides"
    parts = []
    for part in rule.split():
        kind, _, level = part.partition("=")
        name = Level(level).short_name if level != "?" else "can't tell"
        parts.append(f"{_ROOM_WORDS.get(kind, kind)}: {name}")
    return " · ".join(parts)


def explain(model: Model, features: EventFeatures) -> Explanation:
    text_probabilities = model.text_probabilities([features])
    (probabilities,) = model.settled(text_probabilities, [features])
    settled_by = None
    ruled = text_probabilities
    for rule in SETTLING:  # in `Model.settled`'s order, to say which one moved the label
        moved = rule(ruled, [features], model.levels)
        if int(moved[0].argmax()) != int(ruled[0].argmax()):
            settled_by = rule
        ruled = moved
    (odds,) = model.rule_odds([features])
    order = np.argsort(-probabilities)
    best, second = int(order[0]), int(order[1])
    difference = (model.coefficients[best] - model.coefficients[second]) / model.temperature
    pushes = {False: 0.0, True: 0.0}
    by_feature: dict[tuple[str, bool], float] = {}
    for block, found in zip(model.blocks, model.features([features]), strict=True):
        names = {index: token for token, index in block.vocabulary.items()}
        room = block.analyzer == "meta"
        for column, value in zip(found.columns, found.values, strict=True):
            push = float(value * difference[column])
            pushes[room] += push
            # A room feature has a column per rule of the gate: one reason for all of them.
            token = names[(int(column) - block.start) % len(block.vocabulary)]
            key = (_describe(block.analyzer, token), room)
            by_feature[key] = by_feature.get(key, 0.0) + push
    reasons = [
        Reason(feature, push, room)
        for (feature, room), push in by_feature.items()
        if abs(push) >= 0.01
    ]
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
        genericness=float(1.0 - odds[0]),
        rule=model.gate.rules[int(odds.argmax())] if model.gate else "title",
        text_push=pushes[False],
        room_push=pushes[True],
        settled_by=settled_by,
    )
