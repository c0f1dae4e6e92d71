"""400 held-out title rows labeled again by two blind readers (`models/held_out_relabeled/`):
the rows are held out, and the card's figures for the readers are the file's."""

from __future__ import annotations

import csv
from pathlib import Path

from levelcal.classify import corpus
from levelcal.levels import Level

MODELS = Path(__file__).resolve().parents[2] / "models"
ROWS = MODELS / "held_out_relabeled" / "rows.tsv"


def _rows() -> list[dict[str, str]]:
    with ROWS.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file, delimiter="\t", quoting=csv.QUOTE_MINIMAL))


def test_the_relabeled_rows_are_held_out_title_rows(corpus_examples):
    held_out = {
        (" ".join(e.features.title.split()), e.level.value)
        for e in corpus_examples
        if e.held_out and e.decided_by == corpus.TITLE
    }
    rows = _rows()
    assert len(rows) == 400
    assert all((row["title"], row["corpus_label"]) in held_out for row in rows)
    names = {level.value for level in Level}
    assert all({row["reader_1"], row["reader_2"]} <= names for row in rows)


def test_the_card_gives_the_readers_agreement_as_the_file_has_it():
    rows = _rows()
    first = sum(row["reader_1"] == row["corpus_label"] for row in rows)
    second = sum(row["reader_2"] == row["corpus_label"] for row in rows)
    both = sum(row["reader_1"] == row["reader_2"] for row in rows)
    card = " ".join((MODELS / "MODEL_CARD.md").read_text(encoding="utf-8").split())
    assert f"corpus's label to {first} and {second} of them" in card
    assert f"agreed with each other on {both}" in card
