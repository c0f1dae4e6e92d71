"""The model file: weights packed as float64 (format v3), and a personal model saved in the
format before it (v2, weights as JSON numbers) still read the same."""

import json
from pathlib import Path

import numpy as np
import pytest

from levelcal.classify import model
from levelcal.classify.features import EventFeatures
from levelcal.errors import LevelcalError

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "models" / "levelcal-model.json"
EVENTS = [
    EventFeatures(title="Q3 board deck review", attendees=4, external=True, minutes=60),
    EventFeatures(title="Mike <> Dana", attendees=1, minutes=30),
    EventFeatures(title="Zahnarzt", minutes=45),
]


def _as_v2(document: dict) -> dict:
    """The document as a release before v3 wrote it: every packed array as JSON numbers."""

    def unpack(value):
        if isinstance(value, dict) and "float64" in value:
            return model._unpacked(value).tolist()
        if isinstance(value, dict):
            return {key: unpack(inner) for key, inner in value.items()}
        if isinstance(value, list):
            return [unpack(inner) for inner in value]
        return value

    return {**unpack(document), "format": "levelcal-linear-v2"}


def test_the_shipped_file_is_v3_and_a_v2_document_scores_the_same():
    document = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert document["format"] == model.FORMAT == "levelcal-linear-v3"
    assert set(document["coefficients"]) == {"shape", "float64"}
    shipped = model.from_json(document)
    older = model.from_json(json.loads(json.dumps(_as_v2(document))))
    np.testing.assert_array_equal(shipped.probabilities(EVENTS), older.probabilities(EVENTS))


def test_packing_keeps_every_bit():
    values = np.array([[0.1, -2.5e-300, 1e300], [np.pi, -0.0, 7.0]])
    unpacked = model._unpacked(json.loads(json.dumps(model._packed(values))))
    assert unpacked.tobytes() == values.tobytes()


def test_a_damaged_file_is_one_clear_error(tmp_path):
    document = json.loads(SHIPPED.read_text(encoding="utf-8"))
    document["coefficients"]["float64"] = document["coefficients"]["float64"][:-8] + "!!!!!!!!"
    broken = tmp_path / "levelcal-model.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(LevelcalError, match=r"levelcal-model\.json: not a levelcal model"):
        model.load(broken)


def test_the_fast_scores_are_the_sum_explain_shows():
    """`explain` lists each feature's weight times its value (`Model.features`); labels come
    from `Model.scores`, which sums the same products another way (weights side by side,
    the title's part scaled once by the gate's odds). Both must give the same scores."""
    shipped = model.load(SHIPPED)
    events = [
        *EVENTS,
        EventFeatures(title="Sync", attendees=3, external=True, minutes=60),
        EventFeatures(title="Nordfracht", attendees=2, external=True, names_room=True),
        EventFeatures(title="Budget", description="Renewal with our biggest customer"),
    ]
    summed = np.tile(shipped.intercepts, (len(events), 1))
    for block, entries in zip(shipped.blocks, shipped.features(events), strict=True):
        if not block.gate_only:
            products = (shipped.coefficients[:, entries.columns] * entries.values).T
            np.add.at(summed, entries.rows, products)
    np.testing.assert_allclose(shipped.scores(events), summed, atol=1e-9)
