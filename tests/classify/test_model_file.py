"""The model file (format v4): a JSON header, then the weights and vocabularies as raw
bytes. It must keep every bit, load the same model it was written from, and a damaged
file must be one clear error."""

import json
from pathlib import Path

import numpy as np
import pytest

from levelcal.classify import model
from levelcal.classify.features import EventFeatures
from levelcal.errors import LevelcalError

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "models" / "levelcal-model.bin"
EVENTS = [
    EventFeatures(title="Q3 board deck review", attendees=4, external=True, minutes=60),
    EventFeatures(title="Mike <> Dana", attendees=1, minutes=30),
    EventFeatures(title="Zahnarzt", minutes=45),
    EventFeatures(title="経営会議", description="来期の予算について", attendees=6),
]


@pytest.fixture(scope="module")
def shipped():
    return model.load(SHIPPED)


def test_the_shipped_file_is_v4_and_written_again_byte_for_byte(shipped):
    data = SHIPPED.read_bytes()
    assert data.startswith(b"levelcal-linear-v4\n") and model.FORMAT == "levelcal-linear-v4"
    assert shipped.to_bytes() == data


def test_a_written_model_reads_back_the_same(shipped):
    again, extra = model.from_bytes(shipped.to_bytes({"trained_from": {"base": "abc"}}))
    assert extra == {"trained_from": {"base": "abc"}}
    for mine, theirs in zip(shipped.blocks, again.blocks, strict=True):
        assert mine.vocabulary == theirs.vocabulary and mine.analyzer == theirs.analyzer
    assert again.coefficients.tobytes() == shipped.coefficients.tobytes()
    np.testing.assert_array_equal(again.probabilities(EVENTS), shipped.probabilities(EVENTS))


def test_weights_keep_every_bit(shipped):
    odd = np.array([0.1, -2.5e-300, 1e300, np.pi, -0.0, 7.0, np.nextafter(1.0, 2.0)])
    weights = np.resize(odd, shipped.coefficients.shape)
    changed = model.Model(
        shipped.levels, shipped.blocks, weights, shipped.intercepts, shipped.trained_on
    )
    again = model.from_bytes(changed.to_bytes())[0]
    assert again.coefficients.tobytes() == weights.tobytes()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:27] + b"!" + data[28:],  # the header's JSON broken
        lambda data: data.replace(b'"format":"levelcal-linear-v4"', b'"format":"v5"', 1),
        lambda data: b"{" + data[1:],  # not this format at all
        lambda data: data.replace(b'"shape":[', b'"shape":[9999999,', 1),  # more than is there
    ],
)
def test_a_damaged_file_is_one_clear_error(tmp_path, damage):
    broken = tmp_path / "levelcal-model.bin"
    broken.write_bytes(damage(SHIPPED.read_bytes()))
    with pytest.raises(LevelcalError, match=r"levelcal-model\.bin: not a levelcal model"):
        model.load(broken)


def test_the_fast_scores_are_the_sum_explain_shows(shipped):
    """`explain` lists each feature's weight times its value (`Model.features`); labels come
    from `Model.scores`, which sums the same products another way (weights side by side,
    the title's part scaled once by the gate's odds). Both must give the same scores."""
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


def test_the_header_says_what_the_file_holds():
    data = SHIPPED.read_bytes()
    size = int.from_bytes(data[19:27], "little")
    header = json.loads(data[27 : 27 + size])
    assert header["format"] == "levelcal-linear-v4"
    assert [b["analyzer"] for b in header["blocks"]][:1] and header["extra"] == {}
