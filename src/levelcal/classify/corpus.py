"""The labeled training corpus (models/corpus/*.jsonl) and its fixed held-out split.

The split must not leak: rows whose titles are near-duplicates ("Q3 board
meeting" and "Q4 Board Meeting!") land on the same side, so the held-out
score measures generalization, not memory.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from levelcal.classify.features import EventFeatures, rows_to_features
from levelcal.classify.rooms import RoomKind, kind_of
from levelcal.classify.titles import clean
from levelcal.errors import InputError
from levelcal.levels import Level

HELD_OUT_SHARE = 5  # one group of near-duplicate titles in five
NEAR_DUPLICATE = 0.9  # cosine similarity of title character n-grams
_NOT_LETTERS = re.compile(r"[\W\d_]+")


TITLE = "title"  # the text settles the level, whatever the room
ROOM = "room"  # LEVELS.md lets the room decide: generic titles, bare names


@dataclass(frozen=True, slots=True)
class Example:
    features: EventFeatures
    level: Level
    held_out: bool
    decided_by: str = TITLE
    # Room rows only: the level each kind of room gives; None where the room cannot tell.
    rooms: tuple[tuple[RoomKind, Level | None], ...] = ()

    def level_in(self, kind: RoomKind) -> Level | None:
        """The right label for this row's text in a room of `kind` (None: nobody can tell)."""
        if self.decided_by == TITLE:
            return self.level
        return dict(self.rooms).get(kind)

    @property
    def rule(self) -> str:
        """What decides the row: TITLE, or how each kind of room decides it
        ("alone=implementation internal=unification external=communication", "?" for none)."""
        if self.decided_by == TITLE:
            return TITLE
        return " ".join(f"{kind}={level or '?'}" for kind, level in self.rooms)


def normalized_title(title: str) -> str:
    return re.sub(r"\s+", " ", clean(title)).strip().casefold()


def skeleton(title: str) -> str:
    """The title's words without digits, punctuation, emoji, order or client prefixes."""
    return " ".join(sorted(set(_NOT_LETTERS.sub(" ", clean(title).casefold()).split())))


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
    examples: list[Example] = []
    seen: set[tuple[str, str, int, bool]] = set()
    for place in _lines(directory):
        example = _parsed(*place)
        key = identity(example.features)
        if key in seen:
            continue
        seen.add(key)
        examples.append(example)
    return examples


def sample_rows(directory: Path, count: int) -> list[Example]:
    """About `count` rows spread evenly over every .jsonl file, in file order, parsed alone:
    what a personal refit anchors on, in an eighth of the time `read_rows` takes."""
    lines = _lines(directory)
    if len(lines) > count:
        lines = [lines[n * len(lines) // count] for n in range(count)]
    return [_parsed(*place) for place in lines]


def _lines(directory: Path) -> list[tuple[Path, int, str]]:
    """Every non-blank line of the corpus files, with its file and line number."""
    files = sorted(directory.glob("*.jsonl"))
    if not files:
        raise InputError(f"{directory}: no .jsonl corpus files")
    return [
        (path, number, line)
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.strip()
    ]


def _parsed(path: Path, number: int, line: str) -> Example:
    try:
        return _example(json.loads(line))
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(f"{path}:{number}: bad corpus row ({error})") from None


def _example(row: dict[str, Any]) -> Example:
    """One corpus row; a room row's label must be what its `rooms` give its own room."""
    level = Level(row["label"])
    (features,) = rows_to_features([row])
    decided_by = row["decided_by"]
    if decided_by == TITLE:
        return Example(features, level, held_out=False)
    if decided_by != ROOM:
        raise ValueError(f"decided_by must be {TITLE!r} or {ROOM!r}, not {decided_by!r}")
    given = row["rooms"]
    if set(given) != {kind.value for kind in RoomKind}:
        raise ValueError("rooms needs exactly the keys alone, internal and external")
    rooms = tuple(
        (kind, None if given[kind.value] is None else Level(given[kind.value])) for kind in RoomKind
    )
    if dict(rooms)[kind_of(features)] is not level:
        raise ValueError(f"label {level.value} is not what rooms gives its own room")
    return Example(features, level, held_out=False, decided_by=ROOM, rooms=rooms)


def split(examples: Sequence[Example]) -> list[Example]:
    """Put each group of near-duplicate titles wholly in training or wholly held out.

    A group's side is decided by a hash of its smallest skeleton (`group_keys`), so
    adding rows moves an existing row only when its group changes.
    """
    return [
        replace(example, held_out=_in_held_out(key))
        for example, key in zip(examples, group_keys(examples), strict=True)
    ]


def group_keys(examples: Sequence[Example]) -> list[str]:
    """Each row's group of near-duplicate titles, named by the group's smallest skeleton.

    A group is a connected component of titles that share a skeleton or are
    near-duplicates; training's cross-validation folds keep groups whole too.
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

    keys = {title: skeleton(title) or title for title in distinct}
    by_skeleton: dict[str, str] = {}
    for title, key in keys.items():
        join(title, by_skeleton.setdefault(key, title))
    for first, second in near_duplicate_pairs(distinct):
        join(first, second)
    name: dict[str, str] = {}
    for title, key in keys.items():
        group = root(title)
        name[group] = min(name.get(group, key), key)
    return [name[root(title)] for title in titles]


def near_duplicate_pairs(
    titles: Sequence[str], threshold: float = NEAR_DUPLICATE
) -> list[tuple[str, str]]:
    """Pairs of titles whose character 3-5-gram TF-IDF vectors have cosine >= threshold.

    The last few answers are kept: the split (`group_keys`) and the check that it leaks
    no near-duplicate (`leaks`) ask it of the same titles, and it takes seconds."""
    return list(_near_duplicate_pairs(tuple(titles), threshold))


@functools.lru_cache(maxsize=4)
def _near_duplicate_pairs(titles: tuple[str, ...], threshold: float) -> tuple[tuple[str, str], ...]:
    """`near_duplicate_pairs`, computed.

    Exactly those of the full similarity matrix, without computing it (its 60 million
    entries took ten seconds). The vectors have unit length and no negative value, so
    for any split of a's n-grams into a prefix P and a suffix S, a·b <= a_P·b + |a_S|:
    with S the most common n-grams while |a_S| < threshold, a pair at the threshold
    shares one of a's rarer n-grams, and one of b's. Only those pairs are checked.
    """
    if len(titles) < 2:
        return ()
    import numpy as np
    from scipy.sparse import csr_matrix

    vectors: Any = _char_tfidf(titles)
    count = len(titles)
    seen_in = np.bincount(vectors.indices, minlength=vectors.shape[1])
    row_of = np.repeat(np.arange(count), np.diff(vectors.indptr))
    order = np.lexsort((-seen_in[vectors.indices], row_of))  # each title's commonest first
    squares = vectors.data[order] ** 2
    running = np.cumsum(squares)
    within = running - np.concatenate([[0.0], running])[vectors.indptr[:-1]][row_of]
    in_suffix = within < threshold * threshold
    rare = order[~in_suffix]
    suffix = np.sqrt(np.bincount(row_of, weights=squares * in_suffix, minlength=count))
    prefixes = csr_matrix(
        (vectors.data[rare], (row_of[rare], vectors.indices[rare])), shape=vectors.shape
    )
    shared = (prefixes @ vectors.T).tocoo()
    rows, columns = shared.row.astype(np.int64), shared.col.astype(np.int64)
    possible = (rows != columns) & (shared.data + suffix[rows] >= threshold - 1e-9)
    # A pair is checked when it is possible both ways: the candidates times their transpose.
    candidates = csr_matrix(
        (np.ones(int(possible.sum())), (rows[possible], columns[possible])), shape=(count, count)
    )
    both = candidates.multiply(candidates.T).tocoo()
    pairs = np.sort(both.row.astype(np.int64) * count + both.col)
    first, second = np.divmod(pairs, count)
    first, second = first[first < second], second[first < second]
    if not len(first):
        return ()
    cosine = np.asarray(vectors[first].multiply(vectors[second]).sum(axis=1)).ravel()
    close = cosine >= threshold
    return tuple((titles[a], titles[b]) for a, b in zip(first[close], second[close], strict=True))


def _char_tfidf(titles: Sequence[str]) -> Any:
    """scikit-learn's TF-IDF of character 3-5-grams inside words (`analyzer="char_wb"`),
    with the n-grams counted once per distinct word: the corpus's 40,000 titles are made of
    far fewer words, and counting every title's n-grams was most of the split's time."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfTransformer

    column: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, title in enumerate(titles):
        for word in title.lower().split():  # as char_wb splits a lowercased title
            rows.append(row)
            columns.append(column.setdefault(word, len(column)))
    if not column:
        raise ValueError("no title has a word")
    words = csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (rows, columns)), shape=(len(titles), len(column))
    )
    counts = (words @ _char_wb_counts(list(column))).tocsr()
    counts.sort_indices()
    return TfidfTransformer().fit_transform(counts)


def _char_wb_counts(words: Sequence[str]) -> Any:
    """What scikit-learn's CountVectorizer(analyzer="char_wb", ngram_range=(3, 5)) counts in
    each word, columns and all: the word with a space either side, its 3-, 4- and 5-letter
    windows, and a word that short whole, once. Counted in list comprehensions, in a third of
    the time its analyzer takes with a loop per n-gram."""
    import numpy as np
    from scipy.sparse import csr_matrix

    grams: list[str] = []
    ends = [0]
    for word in words:
        padded = f" {word} "
        for n in (3, 4, 5):
            if len(padded) <= n:
                grams.append(padded)
                break
            grams.extend([padded[i : i + n] for i in range(len(padded) - n + 1)])
        ends.append(len(grams))
    column = {gram: rank for rank, gram in enumerate(sorted(set(grams)))}  # its sorted order
    counts = csr_matrix(
        (
            np.ones(len(grams), dtype=np.int64),
            np.fromiter(map(column.__getitem__, grams), dtype=np.int64, count=len(grams)),
            np.asarray(ends, dtype=np.int64),
        ),
        shape=(len(words), len(column)),
    )
    counts.sum_duplicates()
    return counts


def leaks(examples: Sequence[Example], threshold: float = NEAR_DUPLICATE) -> list[tuple[str, str]]:
    """Near-duplicate titles found on both sides of the split; should be empty."""
    held = {normalized_title(e.features.title) for e in examples if e.held_out}
    training = {normalized_title(e.features.title) for e in examples if not e.held_out}
    pairs = near_duplicate_pairs(sorted(held | training), threshold)  # as `group_keys` asks
    both_sides = [(title, title) for title in sorted(held & training)]
    return both_sides + [(a, b) for a, b in pairs if (a in held) != (b in held)]
