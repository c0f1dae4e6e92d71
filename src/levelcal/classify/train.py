"""Train the classifier with scikit-learn and export it to the compact form.

The corpus's own rooms are never trained on: a row whose title decides its label
is drawn into several rooms from one label-independent prior, and a row that the
room decides is drawn into each kind of room with the label that kind gives
(`rooms.py`). So the text has to carry every label the room does not.

In the shipped design the room's features are multiplied by a gate, the
probability that the text is generic ("Sync", "Mike <> Dana"), learned from the
corpus's `decided_by`: the room can break a tie the text leaves open, and
cannot overrule a title that settles the level.

Deterministic: the same corpus gives the same model, byte for byte.
"""

from __future__ import annotations

import contextlib
import math
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

import numpy as np

from levelcal.classify.corpus import ROOM, Example, group_keys
from levelcal.classify.corpus import TITLE as TITLE_RULE
from levelcal.classify.features import ANALYZERS, ROOM_ANALYZER, EventFeatures
from levelcal.classify.model import ROOMS_MIX, TITLE_MIX, Block, Gate, Model, softmax
from levelcal.classify.rooms import PRIOR, ROOMS, UNDECIDED, kind_of
from levelcal.levels import Level

TEXT = "text"  # read by the gate and the classifier, times the odds that the title decides
CONTEXT = "context"  # read by both, in full: a description can settle a generic title
GATE = "gate"  # read by the gate only: how a title is written says whether it is generic
ROOM_FEATURES = "room"  # read by the classifier, multiplied by the gate


@dataclass(frozen=True, slots=True)
class BlockSpec:
    analyzer: str
    weight: float
    min_df: int = 1
    idf: bool = True
    sublinear_tf: bool = True
    binary: bool = False
    normalize: bool = True
    role: str = TEXT


def _present(analyzer: str, weight: float, role: str = TEXT) -> BlockSpec:
    """A block of tokens that are there or not: no counts, no IDF, no normalization."""
    return BlockSpec(
        analyzer, weight, idf=False, sublinear_tf=False, binary=True, normalize=False, role=role
    )


BLOCKS = (
    BlockSpec("title_words", weight=1.0),
    BlockSpec("title_head", weight=0.5),
    BlockSpec("title_stems", weight=0.5),
    BlockSpec("title_chars", weight=1.0, min_df=2),
    _present("title_topics", weight=0.2),
    BlockSpec("context_words", weight=1.0, min_df=2, role=CONTEXT),
    _present("context_topics", weight=0.2, role=CONTEXT),
    _present("title_shape", weight=1.0, role=GATE),
    _present(ROOM_ANALYZER, weight=1.0, role=ROOM_FEATURES),
)
ROLES = (TEXT, CONTEXT, GATE, ROOM_FEATURES)
# The model's columns are laid out in the order of ROLES.
assert [spec.role for spec in BLOCKS] == sorted((spec.role for spec in BLOCKS), key=ROLES.index)
C_CANDIDATES = (10.0, 15.0, 30.0)
COPIES = 4  # rooms drawn per title row, and per kind of room for a room row
NEUTRAL_COPIES = 2  # prior rooms per held-out row in the neutral setting
FOLDS = 5
SEED = "levelcal-2026"
REFIT_STEPS = 30  # solver iterations of a personal refit
REFIT_COPIES = 2  # rooms per corpus row in a personal refit: half the rows, the same prior
RELIABILITY_BINS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 0.95), (0.95, 1.01))
SPREADS = tuple(round(0.005 * step, 3) for step in range(41))  # shares `fit_spread` tries


class Design(StrEnum):
    GATED = "gated"  # the room's features count as much as the text is generic
    JOINT = "joint"  # one linear model over text and room, no gate


SHIPPED = Design.GATED
Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    pass


# --- the rows training sees -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Draws:
    """Rows drawn into rooms: where each comes from, its features, label and weight."""

    sources: np.ndarray  # the index of the text (a corpus row or a correction) it is drawn from
    features: tuple[EventFeatures, ...]
    labels: tuple[Level, ...]
    weights: np.ndarray

    def __add__(self, other: Draws) -> Draws:
        return Draws(
            np.concatenate([self.sources, other.sources]),
            self.features + other.features,
            self.labels + other.labels,
            np.concatenate([self.weights, other.weights]),
        )


def _generator(features: EventFeatures) -> random.Random:
    """One generator per row, seeded by its text: adding a row never moves the others' rooms."""
    return random.Random(f"{SEED}\x1f{features.title}\x1f{features.description}")


def draw(examples: Sequence[Example], copies: int = COPIES) -> Draws:
    """Each row in `copies` rooms: from the prior for title rows; inside each kind of room,
    with the level that kind gives, for room rows (spread over UNDECIDED where it gives none).
    Every row weighs 1 in all."""
    sources: list[int] = []
    features: list[EventFeatures] = []
    labels: list[Level] = []
    weights: list[float] = []

    def add(index: int, drawn: EventFeatures, level: Level, weight: float) -> None:
        sources.append(index)
        features.append(drawn)
        labels.append(level)
        weights.append(weight)

    for index, example in enumerate(examples):
        generator = _generator(example.features)
        if example.decided_by != ROOM:
            for _ in range(copies):
                add(index, PRIOR.draw(example.features, generator), example.level, 1 / copies)
            continue
        weight = 1 / (copies * len(example.rooms))
        for kind, level in example.rooms:
            for _ in range(copies):
                drawn = PRIOR.draw_kind(example.features, kind, generator)
                if level is not None:
                    add(index, drawn, level, weight)
                else:  # the same room, once per level it could be: the model learns to doubt
                    for spread in UNDECIDED:
                        add(index, drawn, spread, weight / len(UNDECIDED))
    return Draws(
        np.asarray(sources, dtype=np.int64),
        tuple(features),
        tuple(labels),
        np.asarray(weights, dtype=float),
    )


def fixed(
    features: Sequence[EventFeatures],
    labels: Sequence[Level],
    weight: float,
    first_source: int,
) -> Draws:
    """Rows kept in their own room (the user's corrections: their room is real)."""
    return Draws(
        np.arange(first_source, first_source + len(features), dtype=np.int64),
        tuple(features),
        tuple(labels),
        np.full(len(features), weight),
    )


# --- fitting ----------------------------------------------------------------------------


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


def _matrix(
    vectorizers: Sequence[Any], events: Sequence[EventFeatures], roles: tuple[str, ...]
) -> Any:
    """The blocks of `roles`, side by side, each times its weight."""
    from scipy.sparse import hstack

    return hstack(
        [
            v.transform(events) * spec.weight
            for v, spec in zip(vectorizers, BLOCKS, strict=True)
            if spec.role in roles
        ]
    ).tocsr()


GATE_ROLES = (TEXT, CONTEXT, GATE)


MIN_RULE_ROWS = 20  # a way of deciding that fewer rows follow is learned as its nearest


@dataclass(frozen=True, slots=True)
class Rules:
    """What can decide a row, the gate's classes: the title (first), or one of the ways
    the corpus's room rows are decided (`Example.rule`), commonest first."""

    names: tuple[str, ...]

    @classmethod
    def of(cls, examples: Sequence[Example]) -> Rules:
        counts = Counter(e.rule for e in examples if e.decided_by == ROOM)
        frequent = sorted(
            (rule for rule, n in counts.items() if n >= MIN_RULE_ROWS),
            key=lambda rule: (-counts[rule], rule),
        )
        return cls((TITLE_RULE, *frequent))

    def index(self, example: Example) -> int:
        """The row's rule; a rare one counts as the frequent rule it agrees with most."""
        if example.rule in self.names:
            return self.names.index(example.rule)
        if len(self.names) == 1:
            return 0
        mine = example.rule.split()

        def agreement(rule: int) -> tuple[int, int]:
            theirs = self.names[rule].split()
            return sum(a == b for a, b in zip(mine, theirs, strict=True)), -rule

        return max(range(1, len(self.names)), key=agreement)


@dataclass(frozen=True, slots=True)
class Fitted:
    """The scikit-learn objects, before export; tests compare them with the export."""

    design: Design
    vectorizers: tuple[Any, ...]
    classifier: Any
    gate: Any | None  # logistic regression on the text: which rule decides it (`Rules`)
    rules: Rules
    rows: int

    def probabilities(self, events: Sequence[EventFeatures]) -> np.ndarray:
        deciding = None
        if self.gate is not None:
            gate_matrix = _matrix(self.vectorizers, events, GATE_ROLES)
            deciding = _probabilities(self.gate, gate_matrix, len(self.rules.names))
        result: np.ndarray = self.classifier.predict_proba(
            _classifier_matrix(self.vectorizers, events, range(len(events)), events, deciding)
        )
        return result


def _classifier_matrix(
    vectorizers: Sequence[Any],
    texts: Sequence[EventFeatures],
    sources: Sequence[int] | np.ndarray,
    rooms: Sequence[EventFeatures],
    deciding: np.ndarray | None,
) -> Any:
    """Each case's text (from `texts[sources]`) beside its room, mixed by the gate: the
    title times the probability that it decides, the description and location in full,
    the room once per way rooms decide, each copy times the probability of that rule. An
    expert for each way of deciding."""
    from scipy.sparse import diags, hstack

    chosen = np.asarray(sources)
    text = _matrix(vectorizers, texts, (TEXT,))[chosen]
    context = _matrix(vectorizers, texts, (CONTEXT,))[chosen]
    room = _matrix(vectorizers, rooms, (ROOM_FEATURES,))
    if deciding is None:
        return hstack([text, context, room]).tocsr()
    copies = [diags(deciding[chosen, rule]) @ room for rule in range(1, deciding.shape[1])]
    return hstack([diags(deciding[chosen, 0]) @ text, context, *copies]).tocsr()


def _classifier(regularization: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=regularization, max_iter=3000, class_weight="balanced")


def _gate_classifier() -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced")


def _probabilities(gate: Any, matrix: Any, rules: int) -> np.ndarray:
    """The gate's probability of every rule, also of rules its training rows lacked."""
    found = np.zeros((matrix.shape[0], rules))
    found[:, gate.classes_] = gate.predict_proba(matrix)
    return found


def fit_sklearn(
    examples: Sequence[Example],
    regularization: float,
    design: Design = SHIPPED,
    corrections: Draws | None = None,
    correction_texts: Sequence[EventFeatures] = (),
    gate_values: np.ndarray | None = None,
) -> Fitted:
    """Fit on `examples` drawn into rooms, plus the user's corrections in their own rooms.

    `gate_values` (the rules' probabilities, a row per example, then per correction text)
    replaces the gate's own predictions on the training rows: training uses out-of-fold
    values, so the room weights are learned with the gate as it is on titles it never saw.
    """
    texts = [e.features for e in examples] + list(correction_texts)
    draws = draw(examples)
    if corrections is not None:
        draws = draws + corrections
    vectorizers = tuple(
        _vectorizer(spec).fit(draws.features if spec.role == ROOM_FEATURES else texts)
        for spec in BLOCKS
    )
    rules = Rules.of(examples)
    gate = None
    if design is Design.GATED:
        gate_matrix = _matrix(vectorizers, texts, GATE_ROLES)
        gate = _gate_classifier().fit(
            gate_matrix[: len(examples)], [rules.index(e) for e in examples]
        )
        if gate_values is None:
            gate_values = _probabilities(gate, gate_matrix, len(rules.names))
    matrix = _classifier_matrix(
        vectorizers, texts, draws.sources, draws.features, gate_values if gate else None
    )
    classifier = _classifier(regularization)
    values = [label.value for label in draws.labels]
    classifier.fit(matrix, values, sample_weight=draws.weights)
    return Fitted(design, vectorizers, classifier, gate, rules, len(texts))


def out_of_fold_gate(examples: Sequence[Example], folds: Sequence[np.ndarray]) -> np.ndarray:
    """Each row's rule probabilities from a gate that never saw it (or its near-duplicates)."""
    texts = [e.features for e in examples]
    vectorizers = tuple(_vectorizer(spec).fit(texts) for spec in BLOCKS)
    matrix = _matrix(vectorizers, texts, GATE_ROLES)
    rules = Rules.of(examples)
    target = np.asarray([rules.index(e) for e in examples])
    values = np.zeros((len(examples), len(rules.names)))
    for held in folds:
        training = np.setdiff1d(np.arange(len(examples)), held)
        if len(set(target[training].tolist())) < 2:
            values[held, target[training][0]] = 1.0
            continue
        gate = _gate_classifier().fit(matrix[training], target[training])
        values[held] = _probabilities(gate, matrix[held], len(rules.names))
    return values


def _width(vectorizers: Sequence[Any], role: str) -> int:
    return sum(
        len(v.vocabulary_) for v, spec in zip(vectorizers, BLOCKS, strict=True) if spec.role == role
    )


def export(fitted: Fitted) -> Model:
    """The fitted vectorizers, gate and classifier as the numpy-only Model.

    The columns are the text blocks (the title's, then the description's and location's),
    the gate's own blocks, then the room block once per way rooms decide (once, without a
    gate): the classifier has no weight on the gate's blocks, the gate none on the room's.
    """
    copies = len(fitted.rules.names) - 1 if fitted.gate is not None else 1
    blocks = []
    start = 0
    for vectorizer, spec in zip(fitted.vectorizers, BLOCKS, strict=True):
        vocabulary = {token: int(i) for token, i in sorted(vectorizer.vocabulary_.items())}
        room = spec.role == ROOM_FEATURES
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
                mix=(ROOMS_MIX if room else TITLE_MIX if spec.role == TEXT else "")
                if fitted.gate is not None
                else "",
                gate_only=spec.role == GATE,
                copies=copies if room else 1,
            )
        )
        start += len(vocabulary) * (copies if room else 1)
    text = _width(fitted.vectorizers, TEXT) + _width(fitted.vectorizers, CONTEXT)
    gate_only = _width(fitted.vectorizers, GATE)
    classifier = fitted.classifier
    weights = np.asarray(classifier.coef_, dtype=float)
    coefficients = np.zeros((weights.shape[0], start))
    coefficients[:, :text] = weights[:, :text]
    coefficients[:, text + gate_only :] = weights[:, text:]
    return Model(
        levels=tuple(Level(name) for name in classifier.classes_),
        blocks=tuple(blocks),
        coefficients=coefficients,
        intercepts=np.asarray(classifier.intercept_, dtype=float),
        trained_on=fitted.rows,
        gate=None
        if fitted.gate is None
        else _export_gate(fitted.gate, fitted.rules, text + gate_only, start),
    )


def _export_gate(gate: Any, rules: Rules, width: int, columns: int) -> Gate:
    """The gate's weights on every column (zero past its own `width`), a row per rule."""
    weights, intercepts = gate.coef_, gate.intercept_
    if len(gate.classes_) == 2:  # scikit-learn keeps one row z: softmax([0, z])
        weights = np.vstack([np.zeros_like(weights), weights])
        intercepts = np.concatenate([[0.0], intercepts])
    coefficients = np.zeros((len(rules.names), columns))
    coefficients[np.ix_(gate.classes_, np.arange(width))] = weights
    # A rule no training row followed can never win.
    full_intercepts = np.full(len(rules.names), -50.0)
    full_intercepts[gate.classes_] = intercepts
    return Gate(rules.names, coefficients, full_intercepts)


def refit(
    base: Model,
    examples: Sequence[Example],
    corrections: Draws,
    correction_texts: Sequence[EventFeatures],
) -> Model:
    """`base` refitted with the user's corrections: the same features, vocabulary and gate;
    the classifier's weights moved only as far as the corrections ask.

    The corpus rows anchor the weights by their curvature, not their gradient: a weight
    that many of them share (a room token, a common word) is costly to move, one that
    only the corrections hold is cheap. Their gradient at `base`'s weights is taken out
    of the objective, so without corrections the refit returns `base` itself: a sample of
    the corpus never pulls the model somewhere else (with it left in, one correction
    changed 6 to 9% of the labels of leader calendars it had nothing to do with).

    Only the weights of the features the corrections hold move, and the intercepts: the
    rest is the bundled model's. Letting every weight the sample holds move took two and
    a half times as long (7.1 s against 2.9 s for one correction on the 2-core machine)
    and did no better: five corrections taken from the leader calendars of sets B to P,
    refitted one at a time, changed 23 of their labels that way and 21 this way, with 13
    more events right either way.

    A word only the corrections hold is not learned (the labeler's title similarity
    carries corrections to titles like theirs instead).
    """
    from scipy.sparse import csr_matrix

    from levelcal.classify.model import Entries, mixed

    texts = [e.features for e in examples] + list(correction_texts)
    draws = draw(examples, REFIT_COPIES) + corrections
    # Each text's features once, then a row of them per draw; each draw's own room.
    rooms = [block for block in base.blocks if block.analyzer == ROOM_ANALYZER]
    text_blocks = [(b, b.entries(texts)) for b in base.blocks if b.analyzer != ROOM_ANALYZER]
    odds = base.gate.odds(text_blocks, len(texts)) if base.gate else np.ones((len(texts), 1))
    width = base.coefficients.shape[1]

    def matrix(found: list[Entries], rows: int) -> csr_matrix:
        if not found:
            return csr_matrix((rows, width))
        return csr_matrix(
            (
                np.concatenate([e.values for e in found]),
                (
                    np.concatenate([e.rows for e in found]),
                    np.concatenate([e.columns for e in found]),
                ),
            ),
            shape=(rows, width),
        )

    text = matrix([mixed(b, e, odds) for b, e in text_blocks if not b.gate_only], len(texts))
    room_odds = odds[draws.sources]
    room = matrix(
        [mixed(b, b.entries(draws.features), room_odds) for b in rooms], len(draws.labels)
    )
    full = (text[draws.sources] + room).tocsr()
    anchors = len(draws.labels) - len(corrections.labels)
    # The columns the corrections hold move; every other weight stays, and with it each
    # row's score from the columns that stay (`fixed_scores`).
    used = np.unique(full[anchors:].indices)
    design = full[:, used]
    kept = np.array(base.coefficients, dtype=float)
    kept[:, used] = 0.0
    fixed_scores = np.asarray(full @ kept.T)
    labels = np.array([base.levels.index(level) for level in draws.labels])
    if len(set(labels)) < len(base.levels):
        raise ValueError("the corrections and the corpus must hold every level")
    # As scikit-learn's class_weight="balanced" weighed them when `base` was fitted.
    counts = np.bincount(labels, minlength=len(base.levels))
    weights = draws.weights * (len(labels) / (len(base.levels) * counts))[labels]
    coefficients, intercepts = _anchored(
        design,
        fixed_scores,
        labels,
        weights,
        anchors,
        base.coefficients[:, used],
        np.asarray(base.intercepts, dtype=float),
        base.regularization,
    )
    moved = np.array(base.coefficients, dtype=float)
    moved[:, used] = coefficients
    return replace(
        base,
        coefficients=moved,
        intercepts=intercepts,
        trained_on=len(examples) + len(correction_texts),
    )


def _anchored(
    design: Any,
    fixed_scores: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray,
    anchors: int,
    start: np.ndarray,
    start_intercepts: np.ndarray,
    regularization: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression from (start, start_intercepts), minimizing

        C · Σ weight · log loss  +  ½ ‖W − start‖²  −  C · ⟨anchor gradient at start, W⟩

    where a row's scores are `fixed_scores` (what the weights outside `design` give it)
    plus design · Wᵀ plus the intercepts, and the anchor gradient is that of the first
    `anchors` rows' loss: those rows hold the weights where they are and pull them nowhere.
    Capped at REFIT_STEPS iterations of L-BFGS: a label must not take minutes.
    """
    from scipy.optimize import minimize

    classes, columns = start.shape
    rows = np.arange(len(labels))
    truth = np.zeros((len(labels), classes))
    truth[rows, labels] = 1.0

    def loss_and_gradients(
        coefficients: np.ndarray, intercepts: np.ndarray, upto: int | None = None
    ) -> tuple[float, np.ndarray, np.ndarray]:
        matrix, weight = design[:upto], weights[:upto]
        scores = matrix @ coefficients.T + intercepts + fixed_scores[:upto]
        scores -= scores.max(axis=1, keepdims=True)
        log_probabilities = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
        picked = log_probabilities[rows[: matrix.shape[0]], labels[:upto]]
        residuals = (np.exp(log_probabilities) - truth[:upto]) * weight[:, None]
        return (
            -float(weight @ picked),
            np.asarray(matrix.T @ residuals).T,
            residuals.sum(axis=0),
        )

    _, anchor_gradient, anchor_intercepts = loss_and_gradients(start, start_intercepts, anchors)

    def objective(flat: np.ndarray) -> tuple[float, np.ndarray]:
        coefficients = flat[: classes * columns].reshape(classes, columns)
        intercepts = flat[classes * columns :]
        loss, gradient, intercept_gradient = loss_and_gradients(coefficients, intercepts)
        step = coefficients - start
        value = regularization * (
            loss
            - float(np.sum(anchor_gradient * coefficients))
            - float(anchor_intercepts @ intercepts)
        ) + 0.5 * float(np.sum(step * step))
        gradient = regularization * (gradient - anchor_gradient) + step
        intercept_gradient = regularization * (intercept_gradient - anchor_intercepts)
        return value, np.concatenate([gradient.ravel(), intercept_gradient])

    found = minimize(
        objective,
        np.concatenate([start.ravel(), start_intercepts]),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": REFIT_STEPS},
    )
    return found.x[: classes * columns].reshape(classes, columns), found.x[classes * columns :]


def fit(
    examples: Sequence[Example],
    regularization: float,
    design: Design = SHIPPED,
    **options: Any,
) -> Model:
    """Fit and export (see `fit_sklearn` for the options)."""
    return export(fit_sklearn(examples, regularization, design, **options))


# --- evaluation -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Setting:
    """Held-out rows in one kind of room, with the label each should get there."""

    name: str
    examples: tuple[int, ...]  # which row each case comes from
    features: tuple[EventFeatures, ...]
    truth: tuple[Level, ...]


def settings(examples: Sequence[Example]) -> list[Setting]:
    """The neutral setting (rooms drawn as in training) and the four fixed rooms of ROOMS.

    In a fixed room a room row's label is what its kind of room gives; where it gives
    none (nobody can tell), the row is left out of that room's score.
    """
    neutral = draw(examples, NEUTRAL_COPIES)
    decided = [
        i
        for i in range(len(neutral.labels))
        if examples[int(neutral.sources[i])].level_in(kind_of(neutral.features[i])) is not None
    ]
    found = [
        Setting(
            "neutral",
            tuple(int(neutral.sources[i]) for i in decided),
            tuple(neutral.features[i] for i in decided),
            tuple(neutral.labels[i] for i in decided),
        )
    ]
    for room in ROOMS:
        cases = [
            (index, room.apply(example.features, index), example.level_in(room.kind))
            for index, example in enumerate(examples)
        ]
        kept = [(index, features, level) for index, features, level in cases if level is not None]
        found.append(
            Setting(
                room.name,
                tuple(index for index, _, _ in kept),
                tuple(features for _, features, _ in kept),
                tuple(level for _, _, level in kept if level is not None),
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class Evaluation:
    """How the model did on rows it never saw, in the neutral setting."""

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
class Robustness:
    """The same held-out rows in the neutral setting and in every room of ROOMS."""

    neutral: Evaluation
    rooms: tuple[tuple[str, float, float, int], ...]  # room, macro-F1, accuracy, cases
    title_rows_right_everywhere: float  # share of title rows right in every room of ROOMS
    title_rows: int
    calibration_error: float  # ECE over the neutral setting and every room together
    reliability: list[tuple[float, float, float, float, int]]
    undecided_flagged: float  # cases no room can settle that come out uncertain (< 0.5)
    undecided: int
    worst_mistakes: list[tuple[str, str, Level, Level, float]] = field(default_factory=list)

    @property
    def worst_room(self) -> tuple[str, float]:
        name, f1, _, _ = min(self.rooms, key=lambda room: room[1])
        return name, f1


def _reliability(
    confidence: np.ndarray, right: np.ndarray
) -> tuple[list[tuple[float, float, float, float, int]], float]:
    table = []
    error = 0.0
    for low, high in RELIABILITY_BINS:
        chosen = (confidence >= low) & (confidence < high)
        if chosen.any():
            accuracy = float(right[chosen].mean())
            mean_confidence = float(confidence[chosen].mean())
            table.append((low, min(high, 1.0), mean_confidence, accuracy, int(chosen.sum())))
            error += chosen.sum() / len(confidence) * abs(mean_confidence - accuracy)
    return table, float(error)


def _evaluation(
    model: Model,
    features: Sequence[EventFeatures],
    truth: Sequence[Level],
    probabilities: np.ndarray,
) -> Evaluation:
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    names = [level.value for level in Level]
    true_names = [level.value for level in truth]
    predicted = [model.levels[i].value for i in probabilities.argmax(axis=1)]
    confidence = probabilities.max(axis=1)
    precision, recall, f1, support = precision_recall_fscore_support(
        true_names, predicted, labels=names, zero_division=0
    )
    right = np.asarray([t == p for t, p in zip(true_names, predicted, strict=True)])
    reliability, calibration_error = _reliability(confidence, right)
    mistakes = sorted(
        (
            (features[i].title, truth[i], Level(predicted[i]), float(confidence[i]))
            for i in range(len(features))
            if not right[i]
        ),
        key=lambda m: -m[3],
    )
    return Evaluation(
        levels=tuple(Level),
        size=len(features),
        accuracy=float(accuracy_score(true_names, predicted)),
        macro_f1=float(np.mean(f1)),
        per_level={
            Level(name): (float(p), float(r), float(f), int(s))
            for name, p, r, f, s in zip(names, precision, recall, f1, support, strict=True)
        },
        confusion=confusion_matrix(true_names, predicted, labels=names).tolist(),
        reliability=reliability,
        calibration_error=calibration_error,
        mistakes=mistakes,
    )


def evaluate(model: Model, examples: Sequence[Example]) -> Robustness:
    """Score `model` on `examples` (rows it never saw) in every setting."""
    found = settings(examples)
    neutral: Evaluation | None = None
    rooms = []
    confidences, rights = [], []
    right_in: dict[int, bool] = {}
    worst: list[tuple[str, str, Level, Level, float]] = []
    for setting in found:
        probabilities = model.probabilities(setting.features)
        evaluation = _evaluation(model, setting.features, setting.truth, probabilities)
        predicted = [model.levels[i] for i in probabilities.argmax(axis=1)]
        right = np.asarray([p is t for p, t in zip(predicted, setting.truth, strict=True)])
        confidences.append(probabilities.max(axis=1))
        rights.append(right)
        if neutral is None:  # the first setting
            neutral = evaluation
            continue
        rooms.append((setting.name, evaluation.macro_f1, evaluation.accuracy, evaluation.size))
        for index, ok, guess, truth, confidence in zip(
            setting.examples,
            right,
            predicted,
            setting.truth,
            probabilities.max(axis=1),
            strict=True,
        ):
            if examples[index].decided_by != ROOM:
                right_in[index] = right_in.get(index, True) and bool(ok)
            if not ok:
                worst.append(
                    (examples[index].features.title, setting.name, truth, guess, confidence)
                )
    reliability, calibration_error = _reliability(
        np.concatenate(confidences), np.concatenate(rights)
    )
    undecided = [
        room.apply(example.features, index)
        for index, example in enumerate(examples)
        for room in ROOMS
        if example.decided_by == ROOM and example.level_in(room.kind) is None
    ]
    flagged = float((model.probabilities(undecided).max(axis=1) < 0.5).mean()) if undecided else 1.0
    assert neutral is not None
    return Robustness(
        neutral=neutral,
        rooms=tuple(rooms),
        title_rows_right_everywhere=(sum(right_in.values()) / len(right_in) if right_in else 0.0),
        title_rows=len(right_in),
        calibration_error=calibration_error,
        reliability=reliability,
        undecided_flagged=flagged,
        undecided=len(undecided),
        worst_mistakes=sorted(worst, key=lambda m: -m[4]),
    )


# --- training end to end ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Confidences:
    """Labels' confidences and whether each label was right: what calibration is judged on."""

    confidence: np.ndarray
    right: np.ndarray

    @classmethod
    def of(cls, labels: Sequence[tuple[float, bool]]) -> Confidences:
        """From (confidence, right) pairs."""
        return cls(
            np.array([confidence for confidence, _ in labels], dtype=float),
            np.array([right for _, right in labels], dtype=bool),
        )

    def error(self, spread: float = 0.0) -> float:
        """The expected calibration error once `spread` is spread evenly over the levels
        (`model.spread_evenly`: the top probability becomes this)."""
        spread_out = self.confidence * (1.0 - spread) + spread / len(Level)
        return _reliability(spread_out, self.right)[1]


@dataclass(frozen=True, slots=True)
class SpreadChoice:
    """How `Model.spread` was chosen: the calibration errors it was chosen on, before and
    after, on the corpus's out-of-fold rows and on real calendars labeled by hand."""

    spread: float
    corpus: Confidences
    calendars: Confidences
    calendar_sets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Training:
    model: Model
    regularization: float
    design: Design
    uncalibrated: Robustness  # the same model before temperature scaling
    robustness: Robustness
    train_counts: dict[Level, int]
    held_out_counts: dict[Level, int]
    room_rows: int  # training rows the room decides
    comparison: tuple[tuple[Design, float, Robustness], ...]  # every design, same rows
    # The shipped design's out-of-fold labels at its temperature, in every setting.
    out_of_fold: Confidences | None = None
    spread_choice: SpreadChoice | None = None

    @property
    def evaluation(self) -> Evaluation:
        return self.robustness.neutral


def _folds(examples: Sequence[Example]) -> list[np.ndarray]:
    """Fixed folds that keep groups of near-duplicate titles whole, balanced by label."""
    from sklearn.model_selection import StratifiedGroupKFold

    folds = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=20261129)
    labels = [e.level.value for e in examples]
    return [held for _, held in folds.split(np.zeros(len(examples)), labels, group_keys(examples))]


def _cross_validate(
    examples: Sequence[Example],
    design: Design,
    folds: Sequence[np.ndarray],
    gate: np.ndarray | None,
    progress: Progress,
) -> tuple[float, np.ndarray, np.ndarray]:
    """Pick C by cross-validation on the training rows, judged in every setting.

    Returns C and the out-of-fold scores and true levels it gave in every setting (what
    the calibration temperature is fitted on).
    """
    tasks = [(candidate, held) for candidate in C_CANDIDATES for held in folds]
    results = iter(_fold_results(examples, design, gate, tasks, progress))
    best: tuple[float, float, np.ndarray, np.ndarray] | None = None
    for candidate in C_CANDIDATES:
        scores, truths = [], []
        for _ in folds:
            fold_scores, fold_truths = next(results)
            scores.extend(fold_scores)
            truths.extend(fold_truths)
        score = _cross_validated_objective(scores, truths)
        progress(f"{design} model, C={candidate:g}: cross-validated score {score:.3f}")
        if best is None or score > best[1] + 1e-9:
            best = (candidate, score, np.concatenate(scores), np.concatenate(truths))
    assert best is not None
    return best[0], best[2], best[3]


FoldResult = tuple[list[np.ndarray], list[list[int]]]
# What each worker of the cross-validation reads: set before the workers fork.
_FOLD_DATA: dict[str, Any] = {}


def _fold_results(
    examples: Sequence[Example],
    design: Design,
    gate: np.ndarray | None,
    tasks: Sequence[tuple[float, np.ndarray]],
    progress: Progress,
    workers: int | None = None,
) -> list[FoldResult]:
    """`_fold_scores` of every (C, held-out fold), in order: one fit each, on `workers`
    cores (all of them by default; forked, so the corpus is shared, not copied). The fits
    are independent and each is deterministic, so the cores never change the result."""
    import multiprocessing

    from levelcal.ingest.parallel import cores

    _FOLD_DATA.update(examples=examples, gate=gate, design=design)
    try:
        workers = min(workers or cores(), len(tasks))
        # Only Linux forks safely here: macOS's system libraries (numpy's Accelerate) may not
        # survive a fork, and Windows has none. Elsewhere the fits run one after the other.
        forks = sys.platform.startswith("linux")
        done: list[FoldResult] = []
        results: Iterator[FoldResult]
        with contextlib.ExitStack() as stack:
            if workers > 1 and forks:
                # The pool forks its workers before it starts any thread of its own.
                pool = stack.enter_context(multiprocessing.get_context("fork").Pool(workers))
                results = pool.imap(_fold_scores, tasks)
            else:
                workers, results = 1, map(_fold_scores, tasks)
            for (candidate, _), result in zip(tasks, results, strict=True):
                done.append(result)
                progress(
                    f"{design} model: {len(done)} of {len(tasks)} fits (C={candidate:g}, "
                    f"{workers} at a time)"
                )
        return done
    finally:
        _FOLD_DATA.clear()


def _fold_scores(task: tuple[float, np.ndarray]) -> FoldResult:
    """For `task` = (C, held-out rows): fit at that C without those rows; their scores and
    true levels in every setting (neutral, then ROOMS)."""
    candidate, held = task
    examples, gate, design = _FOLD_DATA["examples"], _FOLD_DATA["gate"], _FOLD_DATA["design"]
    training = np.setdiff1d(np.arange(len(examples)), held)
    model = fit(
        [examples[i] for i in training],
        candidate,
        design,
        gate_values=None if gate is None else gate[training],
    )
    scores, truths = [], []
    for setting in settings([examples[i] for i in held]):
        scores.append(model.scores(setting.features))
        truths.append([model.levels.index(level) for level in setting.truth])
    return scores, truths


def _cross_validated_objective(scores: list[np.ndarray], truths: list[list[int]]) -> float:
    """What C is chosen for: the mean of the neutral and the worst room's macro-F1 over
    the folds (each fold gives its settings in order: neutral, then ROOMS)."""
    from sklearn.metrics import f1_score

    per_setting: dict[int, tuple[list[int], list[int]]] = {}
    settings_per_fold = 1 + len(ROOMS)
    for position, (score, truth) in enumerate(zip(scores, truths, strict=True)):
        predicted, expected = per_setting.setdefault(position % settings_per_fold, ([], []))
        predicted.extend(score.argmax(axis=1).tolist())
        expected.extend(truth)
    f1 = {
        setting: float(f1_score(expected, predicted, average="macro"))
        for setting, (predicted, expected) in per_setting.items()
    }
    return (f1[0] + min(value for setting, value in f1.items() if setting)) / 2


def fit_temperature(scores: np.ndarray, truth: np.ndarray) -> float:
    """The T that makes softmax(scores / T) fit the true labels best (lowest log loss)."""
    from scipy.optimize import minimize_scalar

    def log_loss(log_t: float) -> float:
        probabilities = softmax(scores / math.exp(log_t))
        return float(-np.mean(np.log(probabilities[np.arange(len(truth)), truth] + 1e-12)))

    result = minimize_scalar(log_loss, bounds=(-3.0, 3.0), method="bounded")
    return round(math.exp(float(result.x)), 6)


def train_design(
    examples: Sequence[Example], design: Design, progress: Progress = _quiet
) -> tuple[Model, Model, float, Confidences]:
    """Fit one design on the training rows: (calibrated, uncalibrated, C, the out-of-fold
    labels' confidences at the calibrated temperature)."""
    training = [e for e in examples if not e.held_out]
    folds = _folds(training)
    gate = out_of_fold_gate(training, folds) if design is Design.GATED else None
    regularization, scores, truth = _cross_validate(training, design, folds, gate, progress)
    progress(f"{design} model: fitting on every training row with C={regularization:g}")
    uncalibrated = replace(
        fit(training, regularization, design, gate_values=gate), regularization=regularization
    )
    temperature = fit_temperature(scores, truth)
    probabilities = softmax(scores / temperature)
    out_of_fold = Confidences(probabilities.max(axis=1), probabilities.argmax(axis=1) == truth)
    return replace(uncalibrated, temperature=temperature), uncalibrated, regularization, out_of_fold


def fit_spread(corpus: Confidences, calendars: Confidences) -> float:
    """The share of probability to spread evenly over the levels (`Model.spread`): the one
    of SPREADS whose worse calibration error, the corpus's or the real calendars', is
    least (the smaller share on a tie).

    The corpus's out-of-fold labels are calibrated by the temperature alone; real
    calendars are written unlike the corpus, and there the model's surest labels are
    wrong more often than their confidence says. The share trades one for the other.
    """
    return min(SPREADS, key=lambda share: (max(corpus.error(share), calendars.error(share)), share))


def with_spread(
    training: Training,
    examples: Sequence[Example],
    calendars: Confidences,
    calendar_sets: Sequence[str],
) -> Training:
    """`training` with its model's spread chosen by `fit_spread` on its out-of-fold labels
    and `calendars` (the model's labels of real calendars, before any spread), and the
    shipped model measured again on the held-out rows."""
    if training.out_of_fold is None:
        raise ValueError("the training kept no out-of-fold labels to choose a spread on")
    share = fit_spread(training.out_of_fold, calendars)
    model = replace(training.model, spread=share)
    robustness = evaluate(model, [e for e in examples if e.held_out])
    shipped, *others = training.comparison
    return replace(
        training,
        model=model,
        robustness=robustness,
        comparison=((shipped[0], shipped[1], robustness), *others),
        spread_choice=SpreadChoice(share, training.out_of_fold, calendars, tuple(calendar_sets)),
    )


def train(
    examples: Sequence[Example],
    designs: Sequence[Design] = (SHIPPED, Design.JOINT),
    progress: Progress = _quiet,
) -> Training:
    """Fit every design on the training rows; the held-out rows measure each. The first
    design is the one shipped; the others are there to be compared with it."""
    training = [e for e in examples if not e.held_out]
    held_out = [e for e in examples if e.held_out]
    fitted = []
    for design in designs:
        calibrated, uncalibrated, regularization, out_of_fold = train_design(
            examples, design, progress
        )
        progress(f"{design} model: measuring on {len(held_out)} held-out rows in every room")
        fitted.append(
            (
                design,
                calibrated,
                uncalibrated,
                regularization,
                evaluate(calibrated, held_out),
                out_of_fold,
            )
        )
    design, model, uncalibrated, regularization, robustness, out_of_fold = fitted[0]
    return Training(
        model=model,
        regularization=regularization,
        design=design,
        uncalibrated=evaluate(uncalibrated, held_out),
        robustness=robustness,
        train_counts=dict(Counter(e.level for e in training)),
        held_out_counts=dict(Counter(e.level for e in held_out)),
        room_rows=sum(e.decided_by == ROOM for e in training),
        comparison=tuple((d, c, r) for d, _, _, c, r, _ in fitted),
        out_of_fold=out_of_fold,
    )
