"""The trained model, its file (a JSON header and raw arrays), and its scoring with numpy alone.

Training uses scikit-learn (`train.py`); prediction does not import it, which
keeps start-up fast and makes the shipped model independent of the installed
scikit-learn version. `tests/classify/test_train.py` proves both give the
same probabilities.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import json
import struct
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from levelcal.classify.features import ANALYZERS, PARTS, READS, EventFeatures, padded_words
from levelcal.classify.grams import GramTable, table
from levelcal.errors import LevelcalError
from levelcal.levels import Level

# v4: a JSON header, then the weights as float64 and the vocabularies as lines, raw: loads
# in a third of the time v3 (one JSON document, the weights in base64) took.
FORMAT = "levelcal-linear-v4"
_MAGIC = FORMAT.encode("ascii") + b"\n"
GRAM_ANALYZERS = frozenset({"title_chars"})  # blocks whose n-grams `grams` finds in bulk
TITLE_MIX = "title"  # see Block.mix
ROOMS_MIX = "rules"


@dataclass(frozen=True, slots=True)
class Block:
    """One group of features: an analyzer and how its counts become values."""

    analyzer: str
    vocabulary: Mapping[str, int]  # token -> index within this block
    start: int  # the block's first column in the model's feature space
    idf: np.ndarray | None
    sublinear_tf: bool
    binary: bool
    normalize: bool
    weight: float
    # How the classifier reads it when the model has a gate: "title" (the title's blocks:
    # times the odds that the title decides), "rules" (the room: a copy per way rooms
    # decide, each times its odds), "" (as it is: the description and location, which can
    # settle a generic title, and the gate's own blocks).
    mix: str = ""
    gate_only: bool = False  # read by the gate alone: the classifier's weights on it are 0
    copies: int = 1  # how many times its columns repeat (one per rule of the gate)
    # The title letters' n-grams, found for a whole batch at once (`grams`); None for the
    # other blocks, whose tokens are looked up one by one.
    grams: GramTable | None = field(default=None, compare=False, repr=False)

    def column(self, token: str, copy: int = 0) -> int:
        """The model column of `token` in copy `copy` of the block."""
        return self.start + copy * len(self.vocabulary) + self.vocabulary[token]

    def entries(self, events: Sequence[EventFeatures]) -> Entries:
        """This block's non-zero features of every event, computed for all events at once."""
        vocabulary = self.vocabulary
        rows, columns = self._found(events)
        if not len(columns):
            return Entries.empty()
        if self.binary:  # present or not: the analyzers of such blocks give each token once
            row_of, column_of, values = rows, columns, np.ones(len(rows))
        else:  # count repeats of (event, token): one key per pair, then unique with counts
            distinct, counts = _counted(rows * len(vocabulary) + columns)
            row_of, column_of = np.divmod(distinct, len(vocabulary))
            values = counts.astype(float)
        if self.sublinear_tf:
            values = 1.0 + np.log(values)
        if self.idf is not None:
            values = values * self.idf[column_of]
        if self.normalize:
            norms = np.sqrt(np.bincount(row_of, weights=values * values, minlength=len(events)))
            values = values / norms[row_of]
        return Entries(row_of, column_of + self.start, values * self.weight)

    def _found(self, events: Sequence[EventFeatures]) -> tuple[np.ndarray, np.ndarray]:
        """This block's tokens in the events, as (event row, column) pairs in event order.

        A title, a word of a title or a description met again in the batch is looked up
        once: calendars repeat all three."""
        if self.grams is not None:
            return _title_grams(self.grams, events)
        lookup = self.vocabulary.get

        def known(tokens: Sequence[str]) -> list[int]:
            return [column for column in map(lookup, tokens) if column is not None]

        columns_of: Callable[[EventFeatures], list[int]]
        if self.analyzer in PARTS:
            parts_of, tokens_of = PARTS[self.analyzer]
            by_part: dict[str, list[int]] = {}

            def columns_of(features: EventFeatures) -> list[int]:
                found: list[int] = []
                for part in parts_of(features):
                    columns = by_part.get(part)
                    if columns is None:
                        columns = by_part[part] = known(tokens_of(part))
                    found.extend(columns)
                return found

        else:
            analyzer = ANALYZERS[self.analyzer]

            def columns_of(features: EventFeatures) -> list[int]:
                return known(analyzer(features))

        reads = READS.get(self.analyzer)
        if reads is not None:
            values = list(map(reads, events))
            # one event per distinct value (the last: any gives the same tokens)
            one_each = dict(zip(values, events, strict=True))
            by_value = {value: columns_of(features) for value, features in one_each.items()}
            lists = list(map(by_value.__getitem__, values))
        else:
            lists = [columns_of(features) for features in events]
        lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        rows = np.repeat(np.arange(len(events), dtype=np.int64), lengths)
        return rows, np.fromiter(itertools.chain.from_iterable(lists), dtype=np.int64)


def _counted(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys, sorted, and how often each occurs: `np.unique(keys,
    return_counts=True)`, which takes twice as long on the row-sorted keys blocks give."""
    ordered = np.sort(keys)
    first = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return ordered[first], np.diff(np.r_[first, len(ordered)])


def _title_grams(
    table: GramTable, events: Sequence[EventFeatures]
) -> tuple[np.ndarray, np.ndarray]:
    """The title letters' (event row, column) pairs in event order, each distinct title's
    found once and copied to every event that bears it."""
    index_of: dict[str, int] = {}
    title_index = np.fromiter(
        (index_of.setdefault(features.title, len(index_of)) for features in events),
        dtype=np.int64,
        count=len(events),
    )
    title_rows, columns = table.find([padded_words(title) for title in index_of])
    if len(index_of) == len(events):  # no title repeats: the titles' rows are the events'
        return title_rows, columns
    order = np.argsort(title_rows, kind="stable")
    title_rows, columns = title_rows[order], columns[order]
    counts = np.bincount(title_rows, minlength=len(index_of))
    first = np.cumsum(counts) - counts  # where each title's pairs start
    per_event = counts[title_index]
    rows = np.repeat(np.arange(len(events), dtype=np.int64), per_event)
    # the k-th pair of an event is its title's first pair plus k
    k = np.arange(len(rows)) - np.repeat(np.cumsum(per_event) - per_event, per_event)
    return rows, columns[np.repeat(first[title_index], per_event) + k]


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
class Gate:
    """What decides an event, read from its text: the title (the first rule), or one of the
    ways rooms decide ("alone=implementation internal=unification external=communication")."""

    rules: tuple[str, ...]
    coefficients: np.ndarray  # (rules, features): zero on the room's columns
    intercepts: np.ndarray  # (rules,)

    def odds(self, found: Sequence[tuple[Block, Entries]], events: int) -> np.ndarray:
        """The probability of each rule: a row per event, a column per rule."""
        sums = np.zeros((events, len(self.rules)))
        for block, entries in found:
            if block.mix != ROOMS_MIX:
                _add_rows(sums, self.coefficients.T, entries)
        return self.odds_from(sums)

    def odds_from(self, sums: np.ndarray) -> np.ndarray:
        """The odds of each rule given each event's weighted sum of the text's features."""
        return softmax(sums + self.intercepts)


@dataclass(frozen=True, slots=True)
class Model:
    levels: tuple[Level, ...]
    blocks: tuple[Block, ...]
    coefficients: np.ndarray  # (levels, features)
    intercepts: np.ndarray  # (levels,)
    trained_on: int
    temperature: float = 1.0  # fitted on held-aside scores so confidences are calibrated
    regularization: float = 1.0  # the C it was trained with, reused by personal retraining
    gate: Gate | None = None  # without one, the room's features count once, in full
    # The share of every probability spread evenly over the levels (`spread_evenly`):
    # chosen so that confidences hold on real calendars as well as on the corpus.
    spread: float = 0.0
    _both: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def probabilities(self, events: Sequence[EventFeatures]) -> np.ndarray:
        """The probabilities labels are given, a row per event and a column per level:
        the text's (`text_probabilities`), then `settled`."""
        return self.settled(self.text_probabilities(events), events)

    def settled(
        self, text_probabilities: np.ndarray, events: Sequence[EventFeatures]
    ) -> np.ndarray:
        """The text's probabilities with a near-tie of managing and directing broken by the
        room (`room_breaks_ties`), a function's own team meeting managing
        (`own_team_is_managing`), time kept for work doing (`kept_time_is_doing`), then
        `spread` of them spread evenly over the levels."""
        for rule in SETTLING:
            text_probabilities = rule(text_probabilities, events, self.levels)
        return spread_evenly(text_probabilities, self.spread)

    def text_probabilities(self, events: Sequence[EventFeatures]) -> np.ndarray:
        """Softmax over the linear scores divided by the temperature: what the text says."""
        return softmax(self.scores(events) / self.temperature)

    def scores(self, events: Sequence[EventFeatures]) -> np.ndarray:
        """The linear scores (logits): one row per event, one column per level."""
        with _no_cycle_collection():
            found = [(block, block.entries(events)) for block in self.blocks]
        scores = np.tile(self.intercepts, (len(events), 1))
        if self.gate is None:
            for block, entries in found:
                if not block.gate_only:
                    _add_rows(scores, self.coefficients.T, entries)
            return scores
        # The classifier's and the gate's weights side by side, a row per feature: each
        # entry reads one row of both (`_add_rows`). The title's part of the scores is
        # scaled by the odds that the title decides, so it is summed apart.
        both = self._side_by_side()
        levels = len(self.levels)
        title = np.zeros((len(events), both.shape[1]))
        rest = np.zeros((len(events), both.shape[1]))
        for block, entries in found:
            if block.mix != ROOMS_MIX:
                _add_rows(title if block.mix == TITLE_MIX else rest, both, entries)
        odds = self.gate.odds_from(title[:, levels:] + rest[:, levels:])
        odds = _bare_names_to_the_room(odds, events)
        scores += odds[:, :1] * title[:, :levels] + rest[:, :levels]
        for block, entries in found:
            if block.mix == ROOMS_MIX and not block.gate_only:
                _add_rows(scores, self.coefficients.T, mixed(block, entries, odds))
        return scores

    def _side_by_side(self) -> np.ndarray:
        """The classifier's weights, then the gate's, a row per feature (contiguous), made
        on first use."""
        if self._both is None:
            assert self.gate is not None
            both = np.hstack([self.coefficients.T, self.gate.coefficients.T])
            object.__setattr__(self, "_both", np.ascontiguousarray(both))
        assert self._both is not None
        return self._both

    def features(self, events: Sequence[EventFeatures]) -> list[Entries]:
        """Every block's non-zero values; the room's once per rule of the gate, times the
        probability of that rule (so nothing when the title decides)."""
        found = [(block, block.entries(events)) for block in self.blocks]
        if self.gate is None:
            return [entries for _, entries in found]
        odds = _bare_names_to_the_room(self.gate.odds(found, len(events)), events)
        return [mixed(block, entries, odds) for block, entries in found]

    def rule_odds(self, events: Sequence[EventFeatures]) -> np.ndarray:
        """The probability of each of the gate's rules per event (the title's alone, with
        certainty, for a model without a gate)."""
        if self.gate is None:
            return np.ones((len(events), 1))
        found = [(b, b.entries(events)) for b in self.blocks if b.mix != ROOMS_MIX]
        return _bare_names_to_the_room(self.gate.odds(found, len(events)), events)

    def genericness(self, events: Sequence[EventFeatures]) -> np.ndarray:
        """How far the room may decide, per event: 1 minus the odds that the title does."""
        return 1.0 - self.rule_odds(events)[:, 0]

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

    def to_bytes(self, extra: dict[str, Any] | None = None) -> bytes:
        """The model file (format v4): a JSON header, then the weights and vocabularies as
        raw bytes, which load without parsing (`from_bytes`). `extra` is kept in the header
        for the caller (a personal model's `trained_from`)."""
        payload = bytearray()

        def array(values: np.ndarray, dtype: str = "<f8") -> dict[str, Any]:
            payload.extend(bytes(-len(payload) % 8))  # 8-byte aligned: numpy reads it in place
            packed = np.ascontiguousarray(values, dtype=dtype)
            spec = {"at": len(payload), "shape": list(packed.shape)}
            if dtype != "<f8":
                spec["dtype"] = dtype
            payload.extend(packed.tobytes())
            return spec

        def gram_table(block: Block) -> dict[str, Any] | None:
            if block.analyzer not in GRAM_ANALYZERS:
                return None
            found = block.grams or table(block.vocabulary)
            if found is None:
                return None
            return {"hashes": array(found.hashes, "<u8"), "columns": array(found.columns, "<i4")}

        def tokens(vocabulary: Mapping[str, int]) -> dict[str, Any]:
            text = _lines_of(vocabulary).encode("utf-8")
            spec = {"at": len(payload), "bytes": len(text), "count": len(vocabulary)}
            payload.extend(text)
            return spec

        header = {
            "format": FORMAT,
            "levels": [level.value for level in self.levels],
            "trained_on": self.trained_on,
            "temperature": round(self.temperature, 10),
            "spread": round(self.spread, 10),
            "regularization": self.regularization,
            "blocks": [
                {
                    "analyzer": b.analyzer,
                    "vocabulary": tokens(b.vocabulary),
                    "start": b.start,
                    "idf": None if b.idf is None else array(b.idf),
                    "sublinear_tf": b.sublinear_tf,
                    "binary": b.binary,
                    "normalize": b.normalize,
                    "weight": b.weight,
                    "mix": b.mix,
                    "gate_only": b.gate_only,
                    "copies": b.copies,
                    "grams": gram_table(b),
                }
                for b in self.blocks
            ],
            "coefficients": array(self.coefficients),
            "intercepts": [round(float(x), 10) for x in self.intercepts],
            "gate": None
            if self.gate is None
            else {
                "rules": list(self.gate.rules),
                "coefficients": array(self.gate.coefficients),
                "intercepts": [round(float(x), 10) for x in self.gate.intercepts],
            },
            "extra": extra or {},
        }
        encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
        head = _MAGIC + struct.pack("<Q", len(encoded)) + encoded
        return head + bytes(-len(head) % 8) + bytes(payload)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Tokenizing makes hundreds of thousands of short-lived objects and no cycles: the
    cycle collector would walk the caller's whole heap (every parsed event) again and again
    for nothing."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _bare_names_to_the_room(odds: np.ndarray, events: Sequence[EventFeatures]) -> np.ndarray:
    """A title that only names who is in the room (`EventFeatures.names_room`) cannot decide:
    its odds go to the room's rules, in the gate's proportions. The gate learned bare names
    from a lexicon and their shape; a customer's name it never saw, it reads as a title."""
    bare = [row for row, features in enumerate(events) if features.names_room]
    if not bare or odds.shape[1] < 2:
        return odds
    rooms = odds[bare, 1:]
    odds = odds.copy()
    odds[bare, 0] = 0.0
    odds[bare, 1:] = rooms / np.maximum(rooms.sum(axis=1, keepdims=True), 1e-12)
    return odds


def _add_rows(sums: np.ndarray, weights: np.ndarray, entries: Entries) -> None:
    """sums[row] += values @ weights[columns], for every row with entries at once.

    `weights` has a row per feature: each entry reads one contiguous row, not a scattered
    column of a level-by-feature matrix. Entries come sorted by row, so each row's run is
    summed in one pass (`reduceat`), a chunk at a time so that the products stay in the
    processor's cache (a row cut in two by a chunk's end gets both halves)."""
    for start in range(0, len(entries.rows), _CHUNK):
        rows = entries.rows[start : start + _CHUNK]
        products = weights[entries.columns[start : start + _CHUNK]]
        products *= entries.values[start : start + _CHUNK, None]
        firsts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        sums[rows[firsts]] += np.add.reduceat(products, firsts, axis=0)


_CHUNK = 8192  # entries: their products, 9 numbers each, fit in a level-2 cache


def mixed(block: Block, entries: Entries, odds: np.ndarray) -> Entries:
    """A block's entries as the classifier reads them (see `Block.mix`). The room's come
    once per room rule (copy k is rule k + 1), each value times the odds of that rule; row
    order is kept, so each event's entries stay together."""
    if block.mix == TITLE_MIX:
        return Entries(entries.rows, entries.columns, entries.values * odds[entries.rows, 0])
    if block.mix != ROOMS_MIX:
        return entries
    copies = block.copies
    width = len(block.vocabulary)
    rows = np.repeat(entries.rows, copies)
    columns = (entries.columns[:, None] + width * np.arange(copies)).ravel()
    values = (entries.values[:, None] * odds[entries.rows][:, 1 : copies + 1]).ravel()
    return Entries(rows, columns, values)


# How close managing and directing may be for the room to choose between them.
TIE = 0.3


def room_breaks_ties(
    probabilities: np.ndarray, events: Sequence[EventFeatures], levels: Sequence[Level]
) -> np.ndarray:
    """Where the scores put managing and directing first and second, within TIE of each
    other, the room chooses between them, as LEVELS.md's first hard case does: someone
    from outside or an executive at the table makes it directing, the owner's own
    colleagues alone managing. The two levels trade probabilities (in a copy: the text's
    are left as they were), so the confidence is the larger of the two, as the text gave
    it. Without attendee lines the room says nothing and the scores stand. Chosen on the
    leader calendars of sets B to H (one event in 200 more right); on the corpus's held-out
    rows, whose titles were labeled to decide alone, it costs 0.001 of neutral macro-F1
    (the model card's "Compared designs")."""
    if Level.UNIFICATION not in levels or Level.COMMUNICATION not in levels:
        return probabilities
    managing, directing = levels.index(Level.UNIFICATION), levels.index(Level.COMMUNICATION)
    top_two = np.argsort(-probabilities, axis=1)[:, :2]
    pair = np.sort(top_two, axis=1)
    close = np.abs(probabilities[:, managing] - probabilities[:, directing]) < TIE
    tied = np.flatnonzero(
        (pair[:, 0] == min(managing, directing)) & (pair[:, 1] == max(managing, directing)) & close
    )

    def room_says(event: EventFeatures) -> int:
        return directing if event.external or event.executive else managing

    swapped = [
        row
        for row in tied.tolist()
        if events[row].attendees and top_two[row, 0] != room_says(events[row])
    ]
    if not swapped:
        return probabilities
    broken = probabilities.copy()
    broken[np.ix_(swapped, [managing, directing])] = probabilities[
        np.ix_(swapped, [directing, managing])
    ]
    return broken


def own_team_is_managing(
    probabilities: np.ndarray, events: Sequence[EventFeatures], levels: Sequence[Level]
) -> np.ndarray:
    """Where the title names one function's own team meeting ("Finance LT", "Staff IT",
    `function_teams`), nobody from outside or above is in the room, and the scores put
    directing first, managing and directing trade probabilities (in a copy), as
    `room_breaks_ties` trades them: LEVELS.md puts team meetings inside one function at
    managing, and the text model cannot draw that line (the model card's "Compared
    designs"). Chosen on the leader calendars of sets B to P."""
    from levelcal.classify.function_teams import names_one_function_team
    from levelcal.classify.titles import clean

    return _trade(
        probabilities,
        levels,
        Level.COMMUNICATION,
        Level.UNIFICATION,
        lambda event: (
            not event.external
            and not event.executive
            and names_one_function_team(clean(event.title))
        ),
        events,
    )


def kept_time_is_doing(
    probabilities: np.ndarray, events: Sequence[EventFeatures], levels: Sequence[Level]
) -> np.ndarray:
    """Where the owner alone keeps time for their own work ("Focus", "DO NOT BOOK - board
    pack", `kept_time`) and the scores put not work first, not work and doing trade
    probabilities (in a copy): LEVELS.md makes focus blocks doing, and only a hold with no
    work topic not work. Chosen on the leader calendars of sets B to P."""
    from levelcal.classify.kept_time import keeps_time_for_work
    from levelcal.classify.titles import clean

    return _trade(
        probabilities,
        levels,
        Level.OTHER,
        Level.IMPLEMENTATION,
        lambda event: not event.attendees and keeps_time_for_work(clean(event.title)),
        events,
    )


def _trade(
    probabilities: np.ndarray,
    levels: Sequence[Level],
    given: Level,
    meant: Level,
    applies: Callable[[EventFeatures], bool],
    events: Sequence[EventFeatures],
) -> np.ndarray:
    """A copy where `given` and `meant` trade probabilities in the rows whose first level is
    `given` and whose event `applies`: the confidence stays what the text gave."""
    if given not in levels or meant not in levels:
        return probabilities
    was, becomes = levels.index(given), levels.index(meant)
    first = probabilities.argmax(axis=1)
    rows = [row for row in np.flatnonzero(first == was).tolist() if applies(events[row])]
    if not rows:
        return probabilities
    moved = probabilities.copy()
    moved[np.ix_(rows, [was, becomes])] = probabilities[np.ix_(rows, [becomes, was])]
    return moved


Settling = Callable[[np.ndarray, Sequence[EventFeatures], Sequence[Level]], np.ndarray]
# What `Model.settled` does to the text's probabilities, in order; each rule returns a copy
# where it moves a label (`explain` says which rule did).
SETTLING: tuple[Settling, ...] = (room_breaks_ties, own_team_is_managing, kept_time_is_doing)


def spread_evenly(probabilities: np.ndarray, share: float) -> np.ndarray:
    """`share` of each row spread evenly over the levels, the rest kept in proportion.

    Real calendars are written unlike the corpus: on the leader calendars, labels given
    with 0.999 were right about 95% of the time, while the corpus's held-out rows bore
    them out. A temperature cannot lower the top without raising the bottom as much; this
    caps every confidence at 1 - share + share / levels and leaves the order of the
    levels, so every label, as it was."""
    if not share:
        return probabilities
    return probabilities * (1.0 - share) + share / probabilities.shape[1]


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exponentials = np.exp(shifted)
    result: np.ndarray = exponentials / exponentials.sum(axis=1, keepdims=True)
    return result


def _lines_of(vocabulary: Mapping[str, int]) -> str:
    """A vocabulary as the file stores it, a token a line in index order. A vocabulary read
    from a file is written back as it was read: sorting its 250,000 tokens again took half a
    second of every personal model's save."""
    if isinstance(vocabulary, Lines):
        return vocabulary.text
    in_order = sorted(vocabulary, key=vocabulary.__getitem__)
    if [vocabulary[t] for t in in_order] != list(range(len(in_order))):
        raise ValueError("a vocabulary's indices are not 0, 1, 2, ...")
    if any("\n" in token for token in in_order):
        raise ValueError("a vocabulary token holds a line break")
    return "\n".join(in_order)


class Lines(Mapping[str, int]):
    """A vocabulary as the model file stores it, a token a line, numbered from 0: its size
    is known at once, the dict of its tokens is made the first time one is looked up."""

    __slots__ = ("_count", "_dict", "_text")

    def __init__(self, text: str, count: int) -> None:
        if (text.count("\n") != count - 1) if count else text:
            raise ValueError("a vocabulary is damaged")
        self._text, self._count = text, count
        self._dict: dict[str, int] | None = None

    @property
    def text(self) -> str:
        """The tokens, a line each, in index order."""
        return self._text

    def as_dict(self) -> dict[str, int]:
        """The tokens as a dict, made once (`dict(lines)` would look each up again)."""
        if self._dict is None:
            in_order = self._text.split("\n") if self._count else []
            self._dict = dict(zip(in_order, range(self._count), strict=True))
        return self._dict

    def __getitem__(self, token: str) -> int:
        return self.as_dict()[token]

    def __iter__(self) -> Iterator[str]:
        return iter(self.as_dict())

    def __len__(self) -> int:
        return self._count


def from_bytes(data: bytes) -> tuple[Model, dict[str, Any]]:
    """A model file of format v4 (`Model.to_bytes`), and the header's `extra`. The arrays
    are read-only views of `data`: a model never changes. ValueError if it is not one."""
    if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + 8:
        raise ValueError(f"not a {FORMAT} file")
    (size,) = struct.unpack_from("<Q", data, len(_MAGIC))
    start = len(_MAGIC) + 8
    header = json.loads(data[start : start + size])
    if header.get("format") != FORMAT:
        raise ValueError(f"unknown model format {header.get('format')!r}")
    base = start + size + (-(start + size) % 8)

    def array(spec: dict[str, Any]) -> np.ndarray:
        shape = tuple(int(n) for n in spec["shape"])
        count = int(np.prod(shape, dtype=np.int64))
        dtype = spec.get("dtype", "<f8")
        return np.frombuffer(data, dtype, count, base + int(spec["at"])).reshape(shape)

    def vocabulary(spec: dict[str, Any], lazy: bool) -> Mapping[str, int]:
        at, count = base + int(spec["at"]), int(spec["count"])
        found = Lines(data[at : at + int(spec["bytes"])].decode("utf-8"), count)
        return found if lazy else found.as_dict()

    def grams(spec: dict[str, Any] | None) -> GramTable | None:
        if spec is None:
            return None
        hashes, columns = array(spec["hashes"]), array(spec["columns"])
        if hashes.shape != columns.shape or len(hashes) & (len(hashes) - 1):
            raise ValueError("a hash table is damaged")
        wide = columns.astype(np.int64)  # stored as int32: half the bytes
        wide.flags.writeable = False  # read-only, as the file's own arrays are
        return GramTable(hashes, wide)

    blocks = [
        {
            **b,
            # With its hash table stored, the title letters' block reads its tokens only to
            # explain a label: they are made a dict then, not at every load.
            "vocabulary": vocabulary(b["vocabulary"], lazy=b.get("grams") is not None),
            "grams": grams(b.get("grams")),
            "idf": b["idf"] and array(b["idf"]),
        }
        for b in header["blocks"]
    ]
    gate = header["gate"]
    read = {
        **header,
        "blocks": blocks,
        "coefficients": array(header["coefficients"]),
        "gate": gate and {**gate, "coefficients": array(gate["coefficients"])},
    }
    return _model(read), dict(header.get("extra") or {})


def _model(document: dict[str, Any]) -> Model:
    """The model a document describes, its arrays already read."""
    return Model(
        levels=tuple(Level(name) for name in document["levels"]),
        blocks=tuple(
            Block(
                analyzer=b["analyzer"],
                vocabulary=b["vocabulary"],
                grams=b["grams"]
                or (table(b["vocabulary"]) if b["analyzer"] in GRAM_ANALYZERS else None),
                start=int(b["start"]),
                idf=b["idf"],
                sublinear_tf=b["sublinear_tf"],
                binary=b["binary"],
                normalize=b["normalize"],
                weight=float(b["weight"]),
                mix=str(b.get("mix", "")),
                gate_only=bool(b.get("gate_only", False)),
                copies=int(b.get("copies", 1)),
            )
            for b in document["blocks"]
        ),
        coefficients=document["coefficients"],
        intercepts=np.asarray(document["intercepts"], dtype=float),
        trained_on=int(document.get("trained_on", 0)),
        temperature=float(document.get("temperature", 1.0)),
        spread=float(document.get("spread", 0.0)),  # files written before it had none
        regularization=float(document.get("regularization", 1.0)),
        gate=None
        if document.get("gate") is None
        else Gate(
            tuple(document["gate"]["rules"]),
            document["gate"]["coefficients"],
            np.asarray(document["gate"]["intercepts"], dtype=float),
        ),
    )


def load(path: Path) -> Model:
    try:
        return from_bytes(path.read_bytes())[0]
    except FileNotFoundError:
        raise LevelcalError(f"{path}: model file not found; run `levelcal train`") from None
    except (ValueError, KeyError, TypeError) as error:
        raise LevelcalError(f"{path}: not a levelcal model ({error})") from None
