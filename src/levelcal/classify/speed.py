"""How fast the shipped model loads and scores: for the model card and `make bench`."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from levelcal.classify import model
from levelcal.classify.features import EventFeatures, forget_cached_tokens

EVENTS = 10_000


@dataclass(frozen=True, slots=True)
class Speed:
    load_seconds: float
    score_seconds: float
    events: int


def measure(model_file: Path, sample: Sequence[EventFeatures], events: int = EVENTS) -> Speed:
    """Best of three: load the model file, then score `events` events cycled from `sample`."""
    batch = [sample[i % len(sample)] for i in range(events)]
    loads, scores = [], []
    for _ in range(3):
        forget_cached_tokens()  # every round starts cold, like a fresh process
        started = time.perf_counter()
        loaded = model.load(model_file)
        loads.append(time.perf_counter() - started)
        started = time.perf_counter()
        loaded.probabilities(batch)
        scores.append(time.perf_counter() - started)
    return Speed(min(loads), min(scores), events)
