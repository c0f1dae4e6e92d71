"""Character n-grams of title words, looked up for a whole batch of titles at once.

The title-letters block (`features.title_chars`) gives a title about fifty n-grams;
looking each up in the vocabulary one by one in Python was a quarter of the time it
took to score a calendar. Here every title's padded words are laid end to end as one
array of code points, every window of 3, 4 and 5 letters that stays inside one word is
hashed with numpy, and the hashes are looked up in a hash table of the vocabulary's.

The hash is a polynomial in the code points modulo 2**64. Two vocabulary n-grams sharing
a hash would make the lookup ambiguous: `table` checks for that and returns None, and the
caller keeps the one-by-one lookup. A window outside the vocabulary that shares a hash
with an n-gram in it is as likely as two random 64-bit numbers being equal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from levelcal.classify.features import GRAM_LENGTHS

_BASE = np.uint64(0x9E3779B97F4A7C15)  # odd, so every power of it is invertible mod 2**64
_PAD = 32  # the space `features._word_grams` puts around each word


@dataclass(frozen=True, slots=True)
class GramTable:
    """An open-addressing hash table (linear probing) of the vocabulary's n-grams: a slot
    holds an n-gram's hash and its column, or the column -1 when empty."""

    hashes: np.ndarray  # uint64, a power of two long
    columns: np.ndarray  # int64, -1 where the slot is empty

    def find(self, padded_titles: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Every vocabulary n-gram in the titles: (title index, column) pairs.

        A title comes as its words, each with a space before and after, laid end to end
        (" board  review "). No word holds a space, so a window stays inside one padded
        word exactly when none of its inner letters is a space; a window that spans two
        words meets their two pads, at least one of them inside it."""
        text = "".join(padded_titles)
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        lengths = np.fromiter(map(len, padded_titles), dtype=np.int64, count=len(padded_titles))
        title_of = np.repeat(np.arange(len(padded_titles), dtype=np.int64), lengths)
        spaces = np.concatenate(([0], np.cumsum(codes == _PAD)))
        rows, columns = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        for n in GRAM_LENGTHS:
            starts = len(codes) - n + 1
            if starts <= 0:
                continue
            inside = np.flatnonzero(spaces[n - 1 : n - 1 + starts] - spaces[1 : 1 + starts] == 0)
            found = self._columns(_window_hashes(codes, n, starts)[inside])
            known = found >= 0
            rows.append(title_of[inside[known]])
            columns.append(found[known])
        return np.concatenate(rows), np.concatenate(columns)

    def _columns(self, hashes: np.ndarray) -> np.ndarray:
        """The column of each hash, -1 for those the vocabulary lacks."""
        mask = len(self.hashes) - 1
        slots = _slots(hashes, mask)
        found = np.full(len(hashes), -1, dtype=np.int64)
        pending = np.arange(len(hashes))
        while len(pending):
            at = slots[pending]
            columns = self.columns[at]
            hit = (columns >= 0) & (self.hashes[at] == hashes[pending])
            found[pending[hit]] = columns[hit]
            # an empty slot ends the search; a slot held by another n-gram sends it on
            pending = pending[(columns >= 0) & ~hit]
            slots[pending] = (slots[pending] + 1) & mask
        return found


def _window_hashes(codes: np.ndarray, n: int, starts: int) -> np.ndarray:
    """The hash of each of the first `starts` windows of `n` code points; a window's length
    is part of its hash, so one table holds every length."""
    value = np.full(starts, n, dtype=np.uint64)
    with np.errstate(over="ignore"):  # the hash wraps around 2**64 on purpose
        for offset in range(n):
            value = value * _BASE + codes[offset : offset + starts]
    return value


def _slots(hashes: np.ndarray, mask: int) -> np.ndarray:
    """Home slots: the hash's bits mixed (the last letter only moves its low bits), then
    its top bits."""
    with np.errstate(over="ignore"):
        mixed = (hashes ^ (hashes >> np.uint64(31))) * _MIX
        mixed ^= mixed >> np.uint64(29)
    return (mixed >> np.uint64(64 - mask.bit_length())).astype(np.int64)


def _first_of_each(values: np.ndarray) -> np.ndarray:
    """The index of the first occurrence of each distinct value (none of none: a round of
    `table` where every n-gram left meets a taken slot)."""
    if not len(values):
        return np.zeros(0, dtype=np.intp)
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    return order[np.r_[True, ordered[1:] != ordered[:-1]]]


_MIX = np.uint64(0xBF58476D1CE4E5B9)


def table(vocabulary: Mapping[str, int]) -> GramTable | None:
    """The hash table of a title-letters vocabulary, or None if two of its n-grams share
    a hash or it holds a token no window of 3 to 5 letters can be."""
    every_gram = list(vocabulary)
    lengths = np.fromiter(map(len, every_gram), dtype=np.int64, count=len(every_gram))
    if len(lengths) and not np.isin(lengths, GRAM_LENGTHS).all():
        return None
    text = "".join(every_gram)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    offsets = np.cumsum(lengths) - lengths
    every_hash = lengths.astype(np.uint64)  # as `_window_hashes` starts: with the length
    with np.errstate(over="ignore"):
        for position in range(max(GRAM_LENGTHS)):
            longer = np.flatnonzero(lengths > position)
            every_hash[longer] = every_hash[longer] * _BASE + codes[offsets[longer] + position]
    every_column = np.fromiter(vocabulary.values(), dtype=np.int64, count=len(every_gram))
    ordered = np.sort(every_hash)
    if bool((ordered[1:] == ordered[:-1]).any()):
        return None
    size = 1 << max(10, (4 * len(every_hash)).bit_length())  # at most a quarter full
    slots_hash = np.zeros(size, dtype=np.uint64)
    slots_column = np.full(size, -1, dtype=np.int64)
    slots = _slots(every_hash, size - 1)
    pending = np.arange(len(every_hash))
    while len(pending):
        free = pending[slots_column[slots[pending]] < 0]
        # of the n-grams after one free slot, the first takes it; the rest probe on
        first = _first_of_each(slots[free])
        taken = slots[free[first]]
        slots_hash[taken] = every_hash[free[first]]
        slots_column[taken] = every_column[free[first]]
        placed = np.zeros(len(every_hash), dtype=bool)
        placed[free[first]] = True
        pending = pending[~placed[pending]]
        slots[pending] = (slots[pending] + 1) & (size - 1)
    return GramTable(slots_hash, slots_column)
