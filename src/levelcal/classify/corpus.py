"""The labeled training corpus (models/corpus/*.jsonl) and its fixed held-out split."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from levelcal.classify.features import EventFeatures, rows_to_features
from levelcal.errors import InputError
from levelcal.levels import Level

HELD_OUT_SHARE = 5  # one row in five, chosen by a hash of its title


@dataclass(frozen=True, slots=True)
class Example:
    features: EventFeatures
    level: Level
    held_out: bool


def normalized_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().casefold()


def _identity(features: EventFeatures) -> tuple[str, str, int, bool]:
    return (
        normalized_title(features.title),
        normalized_title(features.description),
        features.attendees,
        features.external,
    )


def is_held_out(title: str) -> bool:
    """Stable across runs and machines, and the same for rows that share a title."""
    digest = hashlib.sha256(normalized_title(title).encode("utf-8")).digest()
    return digest[0] % HELD_OUT_SHARE == 0


def load(directory: Path) -> list[Example]:
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
            key = _identity(features)
            if key in seen:
                continue
            seen.add(key)
            examples.append(Example(features, level, is_held_out(features.title)))
    return examples
