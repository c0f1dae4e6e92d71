"""The trained model in a compact JSON form, scored with numpy alone.

Training uses scikit-learn (`train.py`); prediction does not import it, which
keeps start-up fast and makes the shipped model independent of the installed
scikit-learn version. `tests/classify/test_train.py` proves both give the
same probabilities.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from levelcal.classify.features import ANALYZERS, EventFeatures
from levelcal.errors import LevelcalError
from levelcal.levels import Level

FORMAT = "levelcal-linear-v1"


@dataclass(frozen=True, slots=True)
class Block:
    """One group of features: an analyzer and how its counts become values."""

    analyzer: str
    vocabulary: dict[str, int]  # token -> index within this block
    start: int  # the block's first column in the model's feature space
    idf: np.ndarray | None
    sublinear_tf: bool
    binary: bool
    normalize: bool
    weight: float

    def add_to(self, features: EventFeatures, columns: list[int], values: list[float]) -> None:
        counts = Counter(
            token for token in ANALYZERS[self.analyzer](features) if token in self.vocabulary
        )
        if not counts:
            return
        indices = [self.vocabulary[token] for token in counts]
        block_values = []
        for index, count in zip(indices, counts.values(), strict=True):
            value = 1.0 if self.binary else float(count)
            if self.sublinear_tf:
                value = 1.0 + math.log(value)
            if self.idf is not None:
                value *= float(self.idf[index])
            block_values.append(value)
        if self.normalize:
            norm = math.sqrt(sum(v * v for v in block_values))
            block_values = [v / norm for v in block_values]
        columns.extend(self.start + index for index in indices)
        values.extend(v * self.weight for v in block_values)


@dataclass(frozen=True, slots=True)
class Model:
    levels: tuple[Level, ...]
    blocks: tuple[Block, ...]
    coefficients: np.ndarray  # (levels, features)
    intercepts: np.ndarray  # (levels,)
    trained_on: int

    def probabilities(self, events: Sequence[EventFeatures]) -> np.ndarray:
        """Softmax over the linear scores: one row per event, one column per level."""
        scores = np.tile(self.intercepts, (len(events), 1))
        for row, features in enumerate(events):
            columns: list[int] = []
            values: list[float] = []
            for block in self.blocks:
                block.add_to(features, columns, values)
            if columns:
                scores[row] += self.coefficients[:, columns] @ np.asarray(values)
        scores -= scores.max(axis=1, keepdims=True)
        exponentials = np.exp(scores)
        probabilities: np.ndarray = exponentials / exponentials.sum(axis=1, keepdims=True)
        return probabilities

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "levels": [level.value for level in self.levels],
            "trained_on": self.trained_on,
            "blocks": [
                {
                    "analyzer": b.analyzer,
                    "vocabulary": b.vocabulary,
                    "start": b.start,
                    "idf": None if b.idf is None else [round(float(x), 10) for x in b.idf],
                    "sublinear_tf": b.sublinear_tf,
                    "binary": b.binary,
                    "normalize": b.normalize,
                    "weight": b.weight,
                }
                for b in self.blocks
            ],
            "coefficients": [[round(float(x), 10) for x in row] for row in self.coefficients],
            "intercepts": [round(float(x), 10) for x in self.intercepts],
        }


def from_json(document: dict[str, Any]) -> Model:
    if document.get("format") != FORMAT:
        raise ValueError(f"unknown model format {document.get('format')!r}")
    return Model(
        levels=tuple(Level(name) for name in document["levels"]),
        blocks=tuple(
            Block(
                analyzer=b["analyzer"],
                vocabulary=b["vocabulary"],
                start=int(b["start"]),
                idf=None if b["idf"] is None else np.asarray(b["idf"], dtype=float),
                sublinear_tf=b["sublinear_tf"],
                binary=b["binary"],
                normalize=b["normalize"],
                weight=float(b["weight"]),
            )
            for b in document["blocks"]
        ),
        coefficients=np.asarray(document["coefficients"], dtype=float),
        intercepts=np.asarray(document["intercepts"], dtype=float),
        trained_on=int(document.get("trained_on", 0)),
    )


def load(path: Path) -> Model:
    try:
        return from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise LevelcalError(f"{path}: model file not found; run `levelcal train`") from None
    except (ValueError, KeyError, TypeError) as error:
        raise LevelcalError(f"{path}: not a levelcal model ({error})") from None
