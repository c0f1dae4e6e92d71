"""Title letters found in bulk (`grams`) are the n-grams the one-by-one lookup finds."""

import dataclasses
import random
from pathlib import Path

import numpy as np
import pytest

from levelcal.classify import grams, model
from levelcal.classify.features import EventFeatures, padded_words, title_chars
from levelcal.classify.model import _counted

ROOT = Path(__file__).resolve().parents[2]

# What whitespace, case and scripts do to words: a no-break space and a tab split words
# as str.split() does, "İ" lowercases to two code points, emoji lie outside the BMP, a
# one-letter word is a single padded 3-gram, and prefixes are cleaned away first.
AWKWARD = [
    "",
    "   ",
    "x",
    "a b c",
    "🎉 Team party 🎉",
    "İstanbul offsite",
    "Board\u00a0review\tprep",
    "FW: Board  review",
    "経営会議",
    "1:1 Dana <> Mike",
    "Q3-OKR/P&L review (w/ CFO)",
    "Überprüfung der Quartalszahlen",
]


@pytest.fixture(scope="module")
def letters() -> model.Block:
    shipped = model.load(ROOT / "models" / "levelcal-model.bin")
    (block,) = [b for b in shipped.blocks if b.analyzer == "title_chars"]
    assert block.grams is not None
    return block


def _real_titles() -> list[str]:
    """Every title of the leader calendars (written as leaders write them)."""
    titles = []
    for path in sorted((ROOT / "models" / "leader_calendars").glob("*.labels.tsv")):
        rows = path.read_text(encoding="utf-8").splitlines()[1:]
        titles += [row.split("\t")[1] for row in rows]
    return titles


def test_bulk_lookup_finds_what_the_one_by_one_lookup_finds(letters):
    titles = _real_titles()
    assert len(titles) >= 300
    # repeated titles take the copying path, a batch of distinct ones the direct path
    for batch in (titles + AWKWARD + titles[:50], sorted(set(titles + AWKWARD))):
        events = [EventFeatures(title=title) for title in batch]
        bulk = letters.entries(events)
        one_by_one = dataclasses.replace(letters, grams=None).entries(events)
        np.testing.assert_array_equal(bulk.rows, one_by_one.rows)
        np.testing.assert_array_equal(bulk.columns, one_by_one.columns)
        np.testing.assert_allclose(bulk.values, one_by_one.values, rtol=1e-12)


def test_each_awkward_title_gets_exactly_its_known_n_grams(letters):
    for title in AWKWARD:
        rows, columns = letters.grams.find([padded_words(title)])
        vocabulary = letters.vocabulary
        expected = [vocabulary[g] for g in title_chars(EventFeatures(title)) if g in vocabulary]
        assert sorted(columns.tolist()) == sorted(expected), title
        assert set(rows.tolist()) <= {0}


def test_a_vocabulary_no_window_can_produce_keeps_the_one_by_one_lookup():
    assert grams.table({" ab ": 0, " a ": 1}) is not None
    assert grams.table({"ab": 0}) is None  # two letters: no 3- to 5-letter window
    assert grams.table({" abcdef": 0}) is None


def test_counting_pairs_is_numpys_unique():
    keys = np.random.default_rng(7).integers(0, 50, 2_000)
    distinct, counts = _counted(keys)
    expected, expected_counts = np.unique(keys, return_counts=True)
    np.testing.assert_array_equal(distinct, expected)
    np.testing.assert_array_equal(counts, expected_counts)


def test_every_n_gram_of_a_crowded_table_is_found_at_its_column():
    # A round of probing can leave every n-gram still waiting on a taken slot (two share
    # a home slot and a third's home is the next one): 9 of these 300 tables once failed.
    for seed in range(300):
        chooser = random.Random(seed)
        vocabulary: dict[str, int] = {}
        while len(vocabulary) < 60:
            gram = "".join(chooser.choice("abcdefghij") for _ in range(chooser.choice((3, 4, 5))))
            vocabulary.setdefault(gram, len(vocabulary))
        found = grams.table(vocabulary)
        assert found is not None, seed
        titles, columns = found.find([f" {gram} " for gram in vocabulary])  # a title a gram
        for title, (gram, column) in enumerate(vocabulary.items()):
            assert column in columns[titles == title].tolist(), (seed, gram)
