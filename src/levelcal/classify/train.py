"""Train the classifier with scikit-learn and export it to the compact form.

Deterministic: the same corpus gives the same model, byte for byte.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from levelcal.classify.corpus import Example
from levelcal.classify.features import ANALYZERS, EventFeatures
from levelcal.classify.model import Block, Model, softmax
from levelcal.levels import Level


@dataclass(frozen=True, slots=True)
class BlockSpec:
    analyzer: str
    weight: float
    min_df: int = 1
    idf: bool = True
    sublinear_tf: bool = True
    binary: bool = False
    normalize: bool = True


BLOCKS = (
    BlockSpec("title_words", weight=1.0),
    BlockSpec("title_chars", weight=1.0, min_df=2),
    BlockSpec("context_words", weight=0.5, min_df=2),
    BlockSpec("meta", weight=1.0, idf=False, sublinear_tf=False, binary=True, normalize=False),
)
C_CANDIDATES = (1.0, 3.0, 10.0, 30.0)
RELIABILITY_BINS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 0.95), (0.95, 1.01))


@dataclass(frozen=True, slots=True)
class Evaluation:
    """How the model did on rows it never saw."""

    levels: tuple[Level, ...]
    size: int
    accuracy: float
    macro_f1: float
    per_level: dict[Level, tuple[float, float, float, int]]  # precision, recall, f1, support
    confusion: list[list[int]]  # rows: true level, columns: predicted
    reliability: list[tuple[float, float, float, float, int]]  # low, high, confidence, accuracy, n
    calibration_error: float  # expected calibration error over those bins
    mistakes: list[tuple[str, Level, Level, float]]  # title, true, predicted, confidence


@dataclass(frozen=True, slots=True)
class Training:
    model: Model
    regularization: float
    uncalibrated: Evaluation  # the same model before temperature scaling
    train_counts: dict[Level, int]
    held_out_counts: dict[Level, int]
    evaluation: Evaluation


def _vectorizer(spec: BlockSpec) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer=ANALYZERS[spec.analyzer],
        min_df=spec.min_df,
        use_idf=spec.idf,
        smooth_idf=True,
        sublinear_tf=spec.sublinear_tf,
        binary=spec.binary,
        norm="l2" if spec.normalize else None,
        lowercase=False,
        dtype=np.float64,
    )


def _matrix(vectorizers: Sequence[Any], events: Sequence[EventFeatures]) -> Any:
    from scipy.sparse import hstack

    return hstack(
        [v.transform(events) * spec.weight for v, spec in zip(vectorizers, BLOCKS, strict=True)]
    ).tocsr()


def _classifier(regularization: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=regularization, max_iter=5000, class_weight="balanced")


@dataclass(frozen=True, slots=True)
class Fitted:
    """The scikit-learn objects, before export; tests compare them with the export."""

    vectorizers: tuple[Any, ...]
    classifier: Any
    rows: int

    def probabilities(self, events: Sequence[EventFeatures]) -> np.ndarray:
        result: np.ndarray = self.classifier.predict_proba(_matrix(self.vectorizers, events))
        return result


def fit_sklearn(
    events: Sequence[EventFeatures],
    labels: Sequence[Level],
    regularization: float,
    weights: Sequence[float] | None = None,
    start_from: Model | None = None,
) -> Fitted:
    vectorizers = tuple(_vectorizer(spec).fit(events) for spec in BLOCKS)
    classifier = _classifier(regularization)
    values = [label.value for label in labels]
    if start_from is not None and tuple(sorted(set(values))) == tuple(
        level.value for level in start_from.levels
    ):
        classifier.set_params(warm_start=True)
        classifier.coef_ = _coefficients_for(vectorizers, start_from)
        classifier.intercept_ = start_from.intercepts.copy()
    classifier.fit(_matrix(vectorizers, events), values, sample_weight=weights)
    return Fitted(vectorizers, classifier, len(events))


def _coefficients_for(vectorizers: Sequence[Any], model: Model) -> np.ndarray:
    """`model`'s weights laid out on the new vocabularies; a token new to it starts at 0."""
    columns = [len(vectorizer.vocabulary_) for vectorizer in vectorizers]
    coefficients = np.zeros((len(model.levels), sum(columns)))
    start = 0
    for vectorizer, block, width in zip(vectorizers, model.blocks, columns, strict=True):
        pairs = [
            (start + int(new), block.start + block.vocabulary[token])
            for token, new in vectorizer.vocabulary_.items()
            if token in block.vocabulary
        ]
        if pairs:
            new_columns, old_columns = map(list, zip(*pairs, strict=True))
            coefficients[:, new_columns] = model.coefficients[:, old_columns]
        start += width
    return coefficients


def export(fitted: Fitted) -> Model:
    """The fitted vectorizers and classifier as the numpy-only Model."""
    blocks = []
    start = 0
    for vectorizer, spec in zip(fitted.vectorizers, BLOCKS, strict=True):
        vocabulary = {token: int(i) for token, i in sorted(vectorizer.vocabulary_.items())}
        blocks.append(
            Block(
                analyzer=spec.analyzer,
                vocabulary=vocabulary,
                start=start,
                idf=np.asarray(vectorizer.idf_) if spec.idf else None,
                sublinear_tf=spec.sublinear_tf,
                binary=spec.binary,
                normalize=spec.normalize,
                weight=spec.weight,
            )
        )
        start += len(vocabulary)
    classifier = fitted.classifier
    return Model(
        levels=tuple(Level(name) for name in classifier.classes_),
        blocks=tuple(blocks),
        coefficients=np.asarray(classifier.coef_, dtype=float),
        intercepts=np.asarray(classifier.intercept_, dtype=float),
        trained_on=fitted.rows,
    )


def fit(
    events: Sequence[EventFeatures],
    labels: Sequence[Level],
    regularization: float,
    weights: Sequence[float] | None = None,
    start_from: Model | None = None,
) -> Model:
    """Fit and export; `start_from` (a model trained on nearly the same rows) is where the
    solver starts, so a personal retrain converges in a few iterations, not hundreds."""
    return export(fit_sklearn(events, labels, regularization, weights, start_from))


def _cross_validate(
    events: Sequence[EventFeatures], labels: Sequence[Level]
) -> tuple[float, np.ndarray, list[Level]]:
    """Pick C by 5-fold cross-validation on the training rows (fixed folds).

    Returns C, the out-of-fold scores it gave every training row (what the
    temperature is fitted on), and the level of each score column.
    """
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=20261125)
    names = np.asarray([label.value for label in labels])
    columns = sorted(set(labels))
    best: tuple[float, float, np.ndarray] | None = None
    for candidate in C_CANDIDATES:
        out_of_fold = np.zeros((len(events), len(columns)))
        for train_index, test_index in folds.split(np.zeros(len(names)), names):
            model = fit(
                [events[i] for i in train_index], [labels[i] for i in train_index], candidate
            )
            assert list(model.levels) == columns
            out_of_fold[test_index] = model.scores([events[i] for i in test_index])
        predicted = np.asarray([columns[i].value for i in out_of_fold.argmax(axis=1)])
        score = float(f1_score(names, predicted, average="macro"))
        if best is None or score > best[1] + 1e-9:
            best = (candidate, score, out_of_fold)
    assert best is not None
    return best[0], best[2], columns


def fit_temperature(scores: np.ndarray, truth: np.ndarray) -> float:
    """The T that makes softmax(scores / T) fit the true labels best (lowest log loss)."""
    from scipy.optimize import minimize_scalar

    def log_loss(log_t: float) -> float:
        probabilities = softmax(scores / math.exp(log_t))
        return float(-np.mean(np.log(probabilities[np.arange(len(truth)), truth] + 1e-12)))

    result = minimize_scalar(log_loss, bounds=(-3.0, 3.0), method="bounded")
    return round(math.exp(float(result.x)), 6)


def model_predictions(model: Model, events: Sequence[EventFeatures]) -> np.ndarray:
    probabilities = model.probabilities(events)
    return np.asarray([model.levels[i].value for i in probabilities.argmax(axis=1)])


def evaluate(model: Model, examples: Sequence[Example]) -> Evaluation:
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    events = [e.features for e in examples]
    truth = [e.level.value for e in examples]
    probabilities = model.probabilities(events)
    predicted = [model.levels[i].value for i in probabilities.argmax(axis=1)]
    confidence = probabilities.max(axis=1)
    names = [level.value for level in Level]
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=names, zero_division=0
    )
    reliability = []
    calibration_error = 0.0
    for low, high in RELIABILITY_BINS:
        chosen = [i for i, c in enumerate(confidence) if low <= c < high]
        if chosen:
            right = sum(truth[i] == predicted[i] for i in chosen) / len(chosen)
            mean_confidence = float(np.mean(confidence[chosen]))
            reliability.append((low, min(high, 1.0), mean_confidence, right, len(chosen)))
            calibration_error += len(chosen) / len(events) * abs(mean_confidence - right)
    mistakes = sorted(
        (
            (events[i].title, Level(truth[i]), Level(predicted[i]), float(confidence[i]))
            for i in range(len(events))
            if truth[i] != predicted[i]
        ),
        key=lambda m: -m[3],
    )
    return Evaluation(
        levels=tuple(Level),
        size=len(examples),
        accuracy=float(accuracy_score(truth, predicted)),
        macro_f1=float(np.mean(f1)),
        per_level={
            Level(name): (float(p), float(r), float(f), int(s))
            for name, p, r, f, s in zip(names, precision, recall, f1, support, strict=True)
        },
        confusion=confusion_matrix(truth, predicted, labels=names).tolist(),
        reliability=reliability,
        calibration_error=calibration_error,
        mistakes=mistakes,
    )


def train(examples: Sequence[Example]) -> Training:
    """Fit on the training rows only; the held-out rows measure the shipped model."""
    training = [e for e in examples if not e.held_out]
    held_out = [e for e in examples if e.held_out]
    events = [e.features for e in training]
    labels = [e.level for e in training]
    regularization, out_of_fold, columns = _cross_validate(events, labels)
    truth = np.asarray([columns.index(label) for label in labels])
    uncalibrated = replace(fit(events, labels, regularization), regularization=regularization)
    model = replace(uncalibrated, temperature=fit_temperature(out_of_fold, truth))
    return Training(
        model=model,
        regularization=regularization,
        uncalibrated=evaluate(uncalibrated, held_out),
        train_counts=dict(Counter(labels)),
        held_out_counts=dict(Counter(e.level for e in held_out)),
        evaluation=evaluate(model, held_out),
    )
