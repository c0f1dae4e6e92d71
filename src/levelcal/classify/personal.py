"""The user's corrections and the personal model retrained from them.

Corrections live in the user's data directory, apart from the package, so an
upgrade of levelcal (and of its bundled model) never touches them: the
personal model records which bundled model and which corrections it was
trained from, and is retrained whenever either changes.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from levelcal import __version__, resources
from levelcal.errors import ConfigError, InputError
from levelcal.levels import Level, UnknownLevel
from levelcal.paths import data_dir
from levelcal.storage import StorageError, locked, read_user_file, write_atomically

if TYPE_CHECKING:
    # The model (and numpy) loads only when an event needs scoring, the corpus and the
    # features (their lexicons and patterns) only when a correction is read or made: a
    # report from cached labels needs neither.
    from levelcal.classify.features import EventFeatures
    from levelcal.classify.model import Model

CORRECTION_WEIGHT = 20.0  # one correction outweighs twenty corpus rows
# Corpus rows a refit anchors the weights on, spread evenly: their curvature keeps what
# many events share (a room token, a common word) where the bundled model put it, and a
# correction takes seconds however large the corpus grows (`train.refit`).
REFIT_ROWS = 5_000


@dataclass(frozen=True, slots=True)
class Correction:
    """One event the user labeled: its features, the level, and its UID when known."""

    features: EventFeatures
    level: Level
    uid: str | None = None
    created: str = ""

    def to_row(self) -> dict[str, object]:
        row: dict[str, object] = {**asdict(self.features), "label": self.level.value}
        row.update(uid=self.uid, created=self.created)
        return row

    @property
    def title_key(self) -> str:
        from levelcal.classify import corpus

        return corpus.normalized_title(self.features.title)


def corrections_path() -> Path:
    return data_dir() / "corrections.jsonl"


def personal_model_path() -> Path:
    return data_dir() / "personal-model.bin"


# Where a release before model format v4 kept the personal model (a JSON document): only a
# cache of the corrections, it is removed once the model is retrained in the new format.
_OLD_PERSONAL_MODEL = "personal-model.json"


def stored_corrections() -> tuple[Correction, ...]:
    path = corrections_path()
    text = read_user_file(path, "your corrections")
    if text is None:
        return ()
    import json  # only with corrections: a report without them loads no JSON

    from levelcal.classify.features import rows_to_features

    found = []
    # One correction per "\n": splitlines() would also break at U+2028 or U+0085, which a
    # title may hold and json.dumps(ensure_ascii=False) writes as they are.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            (features,) = rows_to_features([row])
            found.append(
                Correction(features, Level(row["label"]), row.get("uid"), row.get("created", ""))
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ConfigError(
                f"{path}:{number}: not a correction ({error}); fix or delete that line"
            ) from None
    return tuple(found)


def add(new: Sequence[Correction]) -> tuple[Correction, ...]:
    """Store corrections; a later one for the same event (UID or room) replaces the earlier."""
    import json

    from levelcal.classify import corpus

    now = datetime.now(UTC).isoformat(timespec="seconds")

    def key(correction: Correction) -> tuple[object, ...]:
        return (correction.uid,) if correction.uid else corpus.identity(correction.features)

    with locked(corrections_path()):
        merged = {key(c): c for c in stored_corrections()}
        for correction in new:
            merged.pop(key(correction), None)
            merged[key(correction)] = Correction(
                correction.features, correction.level, correction.uid, correction.created or now
            )
        kept = tuple(merged.values())
        lines = "".join(json.dumps(c.to_row(), ensure_ascii=False) + "\n" for c in kept)
        write_atomically(corrections_path(), lines)
    return kept


def remove(what: str) -> tuple[tuple[Correction, ...], tuple[Correction, ...]]:
    """Take out the corrections whose UID is `what`, or whose title it is (as a correction
    matches a title: case and spacing aside): those removed, and those kept. Retraining the
    personal model is the caller's."""
    import json

    from levelcal.classify import corpus

    wanted = corpus.normalized_title(what)

    def matches(correction: Correction) -> bool:
        return correction.uid == what.strip() or correction.title_key == wanted

    with locked(corrections_path()):
        stored = stored_corrections()
        removed = tuple(c for c in stored if matches(c))
        kept = tuple(c for c in stored if not matches(c))
        if removed:
            lines = "".join(json.dumps(c.to_row(), ensure_ascii=False) + "\n" for c in kept)
            write_atomically(corrections_path(), lines)
    return removed, kept


CSV_COLUMNS = ("title", "level")  # required; the EventFeatures fields and uid are optional


def read_csv(path: Path) -> list[Correction]:
    """Corrections from a CSV file with a header: title, level, and optionally uid,
    description, location, attendees, external, i_organize, recurring, minutes."""
    import csv
    import io

    from levelcal.classify.features import rows_to_features
    from levelcal.csv_cells import as_written  # --csv's quote before a formula, taken off

    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read ({error})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))  # a quoted cell may hold a break
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{path}: needs a header with columns {', '.join(CSV_COLUMNS)}")
    found = []
    for number, row in enumerate(reader, start=2):
        try:
            level = Level.parse(row.get("level") or "")
        except UnknownLevel as error:
            raise InputError(f"{path}:{number}: level {error}") from None
        title = as_written(row.get("title") or "").strip()
        if not title:
            raise InputError(f"{path}:{number}: the title is empty")
        fields = {k: v for k, v in row.items() if k in _FEATURE_FIELDS and v not in (None, "")}
        try:
            (features,) = rows_to_features([{**fields, "title": title, **_flags(fields)}])
        except ValueError as error:
            raise InputError(f"{path}:{number}: {error}") from None
        found.append(Correction(features, level, as_written(row.get("uid") or "").strip() or None))
    return found


_FEATURE_FIELDS = {
    "description",
    "location",
    "attendees",
    "external",
    "i_organize",
    "recurring",
    "minutes",
}


def _flags(fields: dict[str, str]) -> dict[str, bool]:
    """CSV booleans: true/yes/1 are true, anything else false."""
    return {
        key: fields[key].strip().casefold() in ("true", "yes", "1", "y")
        for key in ("external", "i_organize", "recurring")
        if key in fields
    }


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# How a personal model is refitted; a model refitted another way is retrained once.
REFIT = "2026-12-01: only the corrections' features move, anchored by the corpus's curvature"


def _fingerprint(corrections: Sequence[Correction]) -> dict[str, str]:
    import json

    rows = json.dumps([c.to_row() for c in corrections], sort_keys=True).encode("utf-8")
    return {
        "base": _digest(resources.model_path().read_bytes()),
        "corrections": _digest(rows),
        "refit": REFIT,
    }


# Bumped when the same model file labels differently (a scoring rule in model.py, features
# read from an event): the label cache must not keep what the earlier code said.
SCORING = (
    "2026-12-01: own team meetings managing (15 more functions), kept time doing; a meal "
    "and names of the room, Japanese organizations' too; a compound's short head only "
    "before a word"
)


def model_identity(corrections: Sequence[Correction]) -> str:
    """Which model `active_model` gives, told without loading it (for the label cache): the
    bundled model's file and this release, and with corrections, them and the personal
    model's file (retrained, it is another model)."""
    parts = [__version__, SCORING]
    paths = [resources.model_path()] + ([personal_model_path()] if corrections else [])
    for path in paths:
        try:
            status = path.stat()
            parts += [str(path), str(status.st_size), str(status.st_mtime_ns)]
        except OSError:
            parts += [str(path), "missing"]
    if corrections:
        parts.append(_fingerprint(corrections)["corrections"])
    return "\0".join(parts)


def active_model(note: Callable[[str], None]) -> Model:
    """The bundled model, or the personal one when the user has corrections."""
    from levelcal.classify import model

    corrections = stored_corrections()
    if not corrections:
        # The file itself, not a pickled copy in the cache: v4 loads in about 70 ms, a
        # copy took 130 ms to read and verify and 200 ms to write on a cold report.
        return model.load(resources.model_path())
    fingerprint = _fingerprint(corrections)
    try:
        found, extra = model.from_bytes(personal_model_path().read_bytes())
        if extra.get("trained_from") == fingerprint:
            return found
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing, stale or damaged: it is only a cache of the corrections
    import json

    key = json.dumps(fingerprint, sort_keys=True)
    if key in _UNSAVED:  # retrained earlier in this run, and not saved: once is enough
        return _UNSAVED[key]
    note(f"retraining your personal model with {len(corrections)} corrections")
    personal = _fit(corrections)
    try:
        _save(personal, corrections)
    except StorageError as error:  # a full disk or a read-only data directory: keep going
        note(f"warning: {error}; the retrained model is used for this run only")
        _UNSAVED[key] = personal
    return personal


_UNSAVED: dict[str, Model] = {}  # personal models this process retrained but could not save


def retrain(corrections: Sequence[Correction]) -> tuple[Model, float]:
    """Fit the bundled corpus plus the corrections; save it; return it and the seconds taken.

    Corpus rows are drawn into rooms as for the bundled model; a correction keeps its
    own room, which is real, and weighs CORRECTION_WEIGHT rows. The bundled model's
    features and gate are kept, and its weights are where the solver starts.
    """
    started = time.perf_counter()
    personal = _fit(corrections)
    _save(personal, corrections)
    return personal, time.perf_counter() - started


def _fit(corrections: Sequence[Correction]) -> Model:
    from levelcal.classify import corpus, model
    from levelcal.classify.train import fixed, refit

    base = model.load(resources.model_path())
    corrected = {corpus.identity(c.features) for c in corrections}
    rows = corpus.sample_rows(resources.corpus_dir(), REFIT_ROWS)
    kept = [r for r in rows if corpus.identity(r.features) not in corrected]
    texts = [c.features for c in corrections]
    levels = [c.level for c in corrections]
    return refit(base, kept, fixed(texts, levels, CORRECTION_WEIGHT, len(kept)), texts)


def _save(personal: Model, corrections: Sequence[Correction]) -> None:
    """Keep the model beside the corrections it was trained from; StorageError if it cannot."""
    trained_from = _fingerprint(corrections)
    write_atomically(personal_model_path(), personal.to_bytes({"trained_from": trained_from}))
    with contextlib.suppress(OSError):  # left behind, it is only a stale file
        (data_dir() / _OLD_PERSONAL_MODEL).unlink(missing_ok=True)
