"""The model file (format v4): a JSON header, then the weights and vocabularies as raw
bytes. It must keep every bit, load the same model it was written from, and a damaged
file must be one clear error."""

import json
import struct
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


def _with_header(data: bytes, change) -> bytes:
    """The same file with its JSON header changed by `change` (the arrays stay put)."""
    start = len(model.FORMAT) + 1 + 8
    (size,) = struct.unpack_from("<Q", data, len(model.FORMAT) + 1)
    header = json.loads(data[start : start + size])
    payload = data[start + size + (-(start + size) % 8) :]
    change(header)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head = data[: len(model.FORMAT) + 1] + struct.pack("<Q", len(encoded)) + encoded
    return head + bytes(-len(head) % 8) + payload


def _letters(found: model.Model) -> model.Block:
    (block,) = [b for b in found.blocks if b.analyzer in model.GRAM_ANALYZERS]
    return block


def test_the_title_letters_table_is_stored_and_is_the_one_the_vocabulary_makes(shipped):
    from levelcal.classify.grams import table

    block = _letters(shipped)
    assert block.grams is not None
    computed = table(dict(block.vocabulary))
    assert computed is not None
    np.testing.assert_array_equal(block.grams.hashes, computed.hashes)
    np.testing.assert_array_equal(block.grams.columns, computed.columns)
    # Its tokens are made a dict only when one is looked up (to explain a label).
    assert isinstance(block.vocabulary, model.Lines) and len(block.vocabulary) == len(
        computed.columns[computed.columns >= 0]
    )


def test_a_file_written_before_the_table_was_stored_reads_the_same(shipped):
    def drop_tables(header: dict) -> None:
        for block in header["blocks"]:
            block.pop("grams", None)

    older, _ = model.from_bytes(_with_header(SHIPPED.read_bytes(), drop_tables))
    assert isinstance(_letters(older).vocabulary, dict)
    np.testing.assert_array_equal(_letters(older).grams.hashes, _letters(shipped).grams.hashes)
    np.testing.assert_array_equal(older.probabilities(EVENTS), shipped.probabilities(EVENTS))
    assert older.to_bytes() == SHIPPED.read_bytes()  # written again, it stores the table


@pytest.mark.parametrize(
    "damage",
    [
        lambda block: block["grams"]["columns"].update(shape=[3]),
        lambda block: block["vocabulary"].update(count=block["vocabulary"]["count"] + 1),
    ],
    ids=["table", "vocabulary"],
)
def test_a_damaged_table_or_vocabulary_is_one_clear_error(tmp_path, damage):
    def change(header: dict) -> None:
        (block,) = [b for b in header["blocks"] if b["analyzer"] in model.GRAM_ANALYZERS]
        damage(block)

    broken = tmp_path / "levelcal-model.bin"
    broken.write_bytes(_with_header(SHIPPED.read_bytes(), change))
    with pytest.raises(
        LevelcalError, match=r"not a levelcal model \(a (hash table|vocabulary) is damaged\)"
    ):
        model.load(broken)
