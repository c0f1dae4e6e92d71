"""The labeled training corpus (models/corpus/*.jsonl) and its fixed held-out split.

The split must not leak: rows whose titles are near-duplicates ("Q3 board
meeting" and "Q4 Board Meeting!") land on the same side, so the held-out
score measures generalization, not memory.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from levelcal.classify.features import EventFeatures, rows_to_features
from levelcal.errors import InputError
from levelcal.levels import Level

HELD_OUT_SHARE = 5  # one group of near-duplicate titles in five
NEAR_DUPLICATE = 0.9  # cosine similarity of title character n-grams
_NOT_LETTERS = re.compile(r"[\W\d_]+")


@dataclass(frozen=True, slots=True)
class Example:
    features: EventFeatures
    level: Level
    held_out: bool


def normalized_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().casefold()


def skeleton(title: str) -> str:
    """The title's words without digits, punctuation, emoji or order."""
    return " ".join(sorted(set(_NOT_LETTERS.sub(" ", title.casefold()).split())))


def _in_held_out(key: str) -> bool:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return digest[0] % HELD_OUT_SHARE == 0


def is_held_out(title: str) -> bool:
    """Where a title with no near-duplicate goes; stable across runs and machines."""
    return _in_held_out(skeleton(title) or normalized_title(title))


def identity(features: EventFeatures) -> tuple[str, str, int, bool]:
    return (
        normalized_title(features.title),
        normalized_title(features.description),
        features.attendees,
        features.external,
    )


def load(directory: Path) -> list[Example]:
    """The corpus with its held-out split (see `split`)."""
    return split(read_rows(directory))


def read_rows(directory: Path) -> list[Example]:
    """Every row of every .jsonl file, in file order; an exact repeat keeps its first row.

    A repeat is the same title, description and room: "Sync" with one colleague
    and "Sync" with three customers are different examples, and both belong.
    """
    files = sorted(directory.glob("*.jsonl"))
    if not files:
        raise InputError(f"{directory}: no .jsonl corpus files")
    examples: list[Example] = []
    seen: set[tuple[str, str, int, bool]] = set()
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                level = Level(row["label"])
                (features,) = rows_to_features([row])
            except (ValueError, KeyError, TypeError) as error:
                raise InputError(f"{path}:{number}: bad corpus row ({error})") from None
            key = identity(features)
            if key in seen:
                continue
            seen.add(key)
            examples.append(Example(features, level, held_out=False))
    return examples


def split(examples: Sequence[Example]) -> list[Example]:
    """Put each group of near-duplicate titles wholly in training or wholly held out.

    A group is a connected component of titles that share a skeleton or are
    near-duplicates; its side is decided by a hash of its smallest skeleton,
    so adding rows moves an existing row only when its group changes.
    """
    titles = [normalized_title(e.features.title) for e in examples]
    distinct = sorted(set(titles))
    parent = {title: title for title in distinct}

    def root(title: str) -> str:
        while parent[title] != title:
            parent[title] = parent[parent[title]]
            title = parent[title]
        return title

    def join(first: str, second: str) -> None:
        a, b = root(first), root(second)
        if a != b:
            parent[max(a, b)] = min(a, b)

    by_skeleton: dict[str, str] = {}
    for title in distinct:
        join(title, by_skeleton.setdefault(skeleton(title) or title, title))
    for first, second in near_duplicate_pairs(distinct):
        join(first, second)
    side: dict[str, str] = {}
    for title in distinct:
        key = skeleton(title) or title
        group = root(title)
        side[group] = min(side.get(group, key), key)
    return [
        replace(example, held_out=_in_held_out(side[root(title)]))
        for example, title in zip(examples, titles, strict=True)
    ]


def near_duplicate_pairs(
    titles: Sequence[str], threshold: float = NEAR_DUPLICATE
) -> list[tuple[str, str]]:
    """Pairs of titles whose character 3-5-gram TF-IDF vectors have cosine >= threshold."""
    if len(titles) < 2:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors: Any = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(titles)
    similarity = (vectors @ vectors.T).tocoo()
    return [
        (titles[i], titles[j])
        for i, j, value in zip(similarity.row, similarity.col, similarity.data, strict=True)
        if i < j and value >= threshold
    ]


def leaks(examples: Sequence[Example], threshold: float = NEAR_DUPLICATE) -> list[tuple[str, str]]:
    """Near-duplicate titles found on both sides of the split; should be empty."""
    held_out = sorted({normalized_title(e.features.title) for e in examples if e.held_out})
    training = sorted({normalized_title(e.features.title) for e in examples if not e.held_out})
    titles = held_out + training
    pairs = near_duplicate_pairs(titles, threshold)
    held = set(held_out)
    return [(a, b) for a, b in pairs if (a in held) != (b in held)]
