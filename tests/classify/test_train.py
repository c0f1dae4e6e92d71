"""The classifier: the numpy export equals scikit-learn, training is deterministic,
and the shipped model does what its card says on rows it never saw."""

import json
from pathlib import Path

import numpy as np
import pytest

from levelcal.classify import corpus, model
from levelcal.classify.features import EventFeatures
from levelcal.classify.train import evaluate, export, fit, fit_sklearn
from levelcal.levels import Level

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "models" / "corpus"
SHIPPED = ROOT / "models" / "levelcal-model.json"


@pytest.fixture(scope="module")
def examples() -> list[corpus.Example]:
    return corpus.load(CORPUS)


def test_numpy_scorer_gives_scikit_learns_probabilities(examples):
    training = [e for e in examples if not e.held_out]
    held_out = [e.features for e in examples if e.held_out]
    fitted = fit_sklearn([e.features for e in training], [e.level for e in training], 10.0)
    exported = model.from_json(json.loads(json.dumps(export(fitted).to_json())))
    expected = fitted.probabilities(held_out)
    # The JSON keeps 10 decimals of every weight; the probabilities agree far closer
    # than any decision could notice, and every predicted label is the same.
    np.testing.assert_allclose(exported.probabilities(held_out), expected, atol=1e-7)
    assert (exported.probabilities(held_out).argmax(1) == expected.argmax(1)).all()


def test_training_is_deterministic(examples):
    subset = examples[::4]
    first = fit([e.features for e in subset], [e.level for e in subset], 3.0)
    second = fit([e.features for e in subset], [e.level for e in subset], 3.0)
    assert json.dumps(first.to_json()) == json.dumps(second.to_json())


def test_shipped_model_on_the_held_out_rows(examples):
    shipped = model.load(SHIPPED)
    held_out = [e for e in examples if e.held_out]
    evaluation = evaluate(shipped, held_out)
    assert evaluation.size >= 250
    assert evaluation.macro_f1 >= 0.80, evaluation.per_level
    card = (ROOT / "models" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert f"{evaluation.macro_f1:.3f}" in card  # the card is the model's, not a stale one


def test_a_generic_title_is_decided_by_who_is_in_the_room():
    # LEVELS.md hard case 4: one colleague -> managing; customers -> directing; alone -> doing.
    shipped = model.load(SHIPPED)
    sync = dict(title="Sync", minutes=30)
    rows = [
        EventFeatures(**sync, attendees=1, i_organize=True),
        EventFeatures(**sync, attendees=3, external=True),
    ]
    levels = [shipped.levels[i] for i in shipped.probabilities(rows).argmax(1)]
    assert levels == [Level.UNIFICATION, Level.COMMUNICATION]


def test_corpus_is_large_varied_and_has_every_label(examples):
    assert len(examples) >= 5000
    counts = {level: sum(e.level is level for e in examples) for level in Level}
    assert min(counts.values()) >= 500, counts
    rows = [
        json.loads(line)
        for path in sorted(CORPUS.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert {row["lang"] for row in rows} >= {"en", "de", "fr", "es", "pt", "ja"}
    assert len({row["function"] for row in rows}) >= 17
    assert {row["seniority"] for row in rows} >= {"ic", "manager", "director", "vp", "c-level"}


def test_held_out_split_is_fixed_by_title():
    assert corpus.is_held_out("Board meeting") == corpus.is_held_out("  board   MEETING ")
    assert corpus.is_held_out("Q3 board meeting") == corpus.is_held_out("Meeting: board (Q4)")


def test_no_near_duplicate_sits_on_both_sides_of_the_split(examples):
    assert corpus.leaks(examples) == []


def test_the_leak_check_finds_near_duplicates():
    def row(title: str, level: Level, held_out: bool) -> corpus.Example:
        return corpus.Example(EventFeatures(title=title), level, held_out)

    rows = [
        row("Weekly pipeline review - EMEA", Level.UNIFICATION, True),
        row("Weekly pipeline review - EMEA 2", Level.UNIFICATION, False),
        row("Dentist", Level.OTHER, False),
    ]
    assert len(corpus.leaks(rows)) == 1
    assert corpus.leaks(corpus.split(rows)) == []  # the split itself keeps them together


def test_shipped_confidences_are_calibrated(examples):
    shipped = model.load(SHIPPED)
    evaluation = evaluate(shipped, [e for e in examples if e.held_out])
    assert evaluation.calibration_error <= 0.05
    card = (ROOT / "models" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert f"T = {shipped.temperature:.3f}" in card
    assert f"{evaluation.calibration_error:.3f}" in card


def test_a_warm_started_fit_reaches_the_same_decisions_in_fewer_iterations(examples):
    """A personal retrain starts from a model fitted on most of the same rows.

    The problem is convex, so the starting point changes how long the solver
    runs, not where it ends up: on a small training set both fits decide every
    held-out row the same way, and the warm one stops sooner.
    """
    training = [e for e in examples if not e.held_out][::3]
    held_out = [e.features for e in examples if e.held_out]
    events, labels = [e.features for e in training], [e.level for e in training]
    base = fit(events[:-50], labels[:-50], 10.0)  # "the bundled model"
    cold = fit_sklearn(events, labels, 10.0)
    warm = fit_sklearn(events, labels, 10.0, start_from=base)
    assert warm.classifier.n_iter_[0] < cold.classifier.n_iter_[0]
    agree = warm.probabilities(held_out).argmax(1) == cold.probabilities(held_out).argmax(1)
    assert agree.mean() >= 0.99
