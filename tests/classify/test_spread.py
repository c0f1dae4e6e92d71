"""Confidence that holds on real calendars: a share of every probability spread evenly over
the levels (`model.spread_evenly`), chosen on the corpus's out-of-fold labels and on
hand-labeled real calendars together (`train.fit_spread`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from levelcal.classify import model
from levelcal.classify.explain import explain
from levelcal.classify.features import EventFeatures
from levelcal.classify.train import Confidences, fit_spread

MODELS = Path(__file__).resolve().parents[2] / "models"
CARD = MODELS / "MODEL_CARD.md"


@pytest.fixture(scope="module")
def shipped() -> model.Model:
    return model.load(MODELS / "levelcal-model.bin")


def test_spreading_caps_the_top_and_keeps_every_label():
    rows = np.array([[0.96, 0.01, 0.01, 0.01, 0.01], [0.2, 0.3, 0.1, 0.15, 0.25]])
    spread = model.spread_evenly(rows, 0.05)
    # 0.96 * 0.95 + 0.05 / 5 = 0.922; 0.1 * 0.95 + 0.01 = 0.105
    assert spread[0, 0] == pytest.approx(0.922)
    assert spread[1, 2] == pytest.approx(0.105)
    assert np.allclose(spread.sum(axis=1), 1.0)
    assert (spread.argmax(axis=1) == rows.argmax(axis=1)).all()
    assert model.spread_evenly(rows, 0.0) is rows


def test_the_calibration_error_is_that_of_the_spread_confidences():
    # Ten labels said 0.99, nine right: ECE |0.99 - 0.9| = 0.09. Spread 0.1:
    # 0.99 * 0.9 + 0.1 / 5 = 0.911, so |0.911 - 0.9| = 0.011.
    labels = Confidences.of([(0.99, True)] * 9 + [(0.99, False)])
    assert labels.error() == pytest.approx(0.09)
    assert labels.error(0.1) == pytest.approx(0.011)


def test_the_share_makes_the_worse_of_the_two_errors_least():
    # The corpus's labels say 0.99 and are right 99 times in 100; the calendars' say
    # 0.99 and are right 90 times in 100. With a share s the confidence is
    # 0.99 - 0.79 s, so the corpus's error is 0.79 s and the calendars' |0.09 - 0.79 s|:
    # equal at s = 0.057. On the grid of 0.005: at 0.055 the worse is 0.0466, at 0.06
    # it is 0.0474.
    corpus = Confidences.of([(0.99, True)] * 99 + [(0.99, False)])
    calendars = Confidences.of([(0.99, True)] * 90 + [(0.99, False)] * 10)
    assert fit_spread(corpus, calendars) == 0.055
    # Calendars as well calibrated as the corpus need no share.
    assert fit_spread(corpus, corpus) == 0.0


def test_the_spread_is_kept_in_the_model_file(shipped):
    loaded = replace(shipped, spread=0.0)
    spread = replace(loaded, spread=0.04)
    again, _ = model.from_bytes(spread.to_bytes())
    assert again.spread == 0.04
    rows = [EventFeatures(title="Board prep", minutes=60), EventFeatures(title="Sync", attendees=1)]
    expected = model.spread_evenly(loaded.probabilities(rows), 0.04)
    assert np.allclose(again.probabilities(rows), expected)


def test_explain_gives_the_confidence_labels_are_given(shipped):
    loaded = replace(shipped, spread=0.05)
    features = EventFeatures(title="Service review", attendees=2, external=True, minutes=45)
    explanation = explain(loaded, features)
    (row,) = loaded.probabilities([features])
    assert explanation.confidence == pytest.approx(float(row.max()))
    assert explanation.confidence <= 1 - 0.05 + 0.05 / 5


def test_the_shipped_model_spreads_as_its_card_says(shipped):
    card = CARD.read_text(encoding="utf-8")
    assert shipped.spread > 0
    assert f"Then {shipped.spread:.3f} of every probability is spread evenly" in card
    # The card's known weaknesses give the cap that follows from it.
    cap = 1 - shipped.spread + shipped.spread / len(shipped.levels)
    assert f"no label claims more than {cap:.2f}" in " ".join(card.split())


def test_a_training_gets_the_share_and_is_measured_again_with_it(shipped, corpus_examples):
    from levelcal.classify.train import Design, Training, evaluate, with_spread

    held_out = [e for e in corpus_examples if e.held_out][::40]  # about 230 rows
    model_without = replace(shipped, spread=0.0)
    measured = evaluate(model_without, held_out)
    training = Training(
        model=model_without,
        regularization=15.0,
        design=Design.GATED,
        uncalibrated=measured,
        robustness=measured,
        train_counts={},
        held_out_counts={},
        room_rows=0,
        comparison=((Design.GATED, 15.0, measured),),
        out_of_fold=Confidences.of([(0.99, True)] * 99 + [(0.99, False)]),
    )
    calendars = Confidences.of([(0.99, True)] * 90 + [(0.99, False)] * 10)
    spread = with_spread(training, held_out, calendars, ["leader_calendars_b"])
    assert spread.model.spread == 0.055  # as in the test above
    assert spread.spread_choice is not None and spread.spread_choice.calendars is calendars
    again = evaluate(replace(shipped, spread=0.055), held_out)
    assert spread.robustness.calibration_error == again.calibration_error
    assert spread.comparison[0][2] is spread.robustness
    # The labels are the same: only the confidences move.
    assert spread.robustness.neutral.accuracy == measured.neutral.accuracy
