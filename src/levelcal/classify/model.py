"""The trained model in a compact JSON form, scored with numpy alone.

Training uses scikit-learn (`train.py`); prediction does not import it, which
keeps start-up fast and makes the shipped model independent of the installed
scikit-learn version. `tests/classify/test_train.py` proves both give the
same probabilities.
"""

from __future__ import annotations

import json
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

    def entries(self, events: Sequence[EventFeatures]) -> Entries:
        """This block's non-zero features of every event, computed for all events at once."""
        analyzer, vocabulary = ANALYZERS[self.analyzer], self.vocabulary
        rows: list[int] = []
        columns: list[int] = []
        for row, features in enumerate(events):
            found = [vocabulary[t] for t in analyzer(features) if t in vocabulary]
            rows.extend([row] * len(found))
            columns.extend(found)
        if not columns:
            return Entries.empty()
        # Count repeats of (event, token): one key per pair, then unique with counts.
        keys = np.asarray(rows, dtype=np.int64) * len(vocabulary) + np.asarray(columns)
        unique, counts = np.unique(keys, return_counts=True)
        row_of, column_of = np.divmod(unique, len(vocabulary))
        values = np.ones(len(unique)) if self.binary else counts.astype(float)
        if self.sublinear_tf:
            values = 1.0 + np.log(values)
        if self.idf is not None:
            values = values * self.idf[column_of]
        if self.normalize:
            norms = np.sqrt(np.bincount(row_of, weights=values * values, minlength=len(events)))
            values = values / norms[row_of]
        return Entries(row_of, column_of + self.start, values * self.weight)


@dataclass(frozen=True, slots=True)
class Entries:
    """A sparse feature matrix as parallel arrays: event row, model column, value."""

    rows: np.ndarray
    columns: np.ndarray
    values: np.ndarray

    @classmethod
    def empty(cls) -> Entries:
        nothing = np.zeros(0, dtype=np.int64)
        return cls(nothing, nothing, np.zeros(0))


@dataclass(frozen=True, slots=True)
class Model:
    levels: tuple[Level, ...]
    blocks: tuple[Block, ...]
    coefficients: np.ndarray  # (levels, features)
    intercepts: np.ndarray  # (levels,)
    trained_on: int
    temperature: float = 1.0  # fitted on held-aside scores so confidences are calibrated
    regularization: float = 1.0  # the C it was trained with, reused by personal retraining

    def probabilities(self, events: Sequence[EventFeatures]) -> np.ndarray:
        """Calibrated softmax over the linear scores: a row per event, a column per level."""
        return softmax(self.scores(events) / self.temperature)

    def scores(self, events: Sequence[EventFeatures]) -> np.ndarray:
        """The linear scores (logits): one row per event, one column per level."""
        scores = np.tile(self.intercepts, (len(events), 1))
        for block in self.blocks:
            found = block.entries(events)
            for level in range(len(self.levels)):
                weights = found.values * self.coefficients[level, found.columns]
                scores[:, level] += np.bincount(found.rows, weights=weights, minlength=len(events))
        return scores

    def title_similarity(self, titles: Sequence[str], others: Sequence[str]) -> np.ndarray:
        """Cosine similarity of titles' IDF-weighted character n-grams: (titles, others).

        Rare words weigh more than common ones, so "Architecture review: RFC-12"
        is close to "Architecture Review (RFCs)" and "Budget review" is not.
        """
        (block,) = [b for b in self.blocks if b.analyzer == "title_chars"]
        mine = block.entries([EventFeatures(title=t) for t in titles])
        theirs = block.entries([EventFeatures(title=t) for t in others])
        similarity = np.zeros((len(titles), len(others)))
        if not len(mine.values) or not len(theirs.values):
            return similarity
        # Values are l2-normalized per title (times the block weight), so dot products
        # divided by weight squared are cosines.
        columns = {int(c): i for i, c in enumerate(np.unique(theirs.columns))}
        dense = np.zeros((len(others), len(columns)))
        dense[theirs.rows, [columns[int(c)] for c in theirs.columns]] = theirs.values
        shared = np.asarray([c in columns for c in mine.columns.tolist()], dtype=bool)
        local = np.asarray([columns[int(c)] for c in mine.columns[shared]], dtype=np.int64)
        for other in range(len(others)):
            weights = mine.values[shared] * dense[other, local]
            similarity[:, other] = np.bincount(
                mine.rows[shared], weights=weights, minlength=len(titles)
            )
        return similarity / (block.weight * block.weight)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "levels": [level.value for level in self.levels],
            "trained_on": self.trained_on,
            "temperature": round(self.temperature, 10),
            "regularization": self.regularization,
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


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exponentials = np.exp(shifted)
    result: np.ndarray = exponentials / exponentials.sum(axis=1, keepdims=True)
    return result


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
        temperature=float(document.get("temperature", 1.0)),
        regularization=float(document.get("regularization", 1.0)),
    )


def load(path: Path) -> Model:
    try:
        return from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise LevelcalError(f"{path}: model file not found; run `levelcal train`") from None
    except (ValueError, KeyError, TypeError) as error:
        raise LevelcalError(f"{path}: not a levelcal model ({error})") from None
