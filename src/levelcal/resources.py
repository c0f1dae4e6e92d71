"""Files that ship inside the package: the trained model and the sample calendars."""

from __future__ import annotations

from pathlib import Path

from levelcal.errors import LevelcalError

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent  # src/levelcal -> the repository, when run from source


def bundled(relative: str) -> Path:
    """A wheel holds the files under levelcal/bundled/; a source checkout at its root."""
    for base in (_PACKAGE / "bundled", _CHECKOUT):
        candidate = base / relative
        if candidate.exists():
            return candidate
    raise LevelcalError(f"levelcal is missing its bundled {relative}; reinstall levelcal")


def model_path() -> Path:
    return bundled("models/levelcal-model.bin")


def corpus_dir() -> Path:
    """The labeled corpus the bundled model was trained on; personal models retrain on it."""
    return bundled("models/corpus")


def sample_calendar(name: str = "vp-engineering.ics") -> Path:
    return bundled(f"sample_calendars/{name}")


def checkout_models_dir() -> Path | None:
    """models/ of a source checkout, where `levelcal train` reads and writes."""
    candidate = _CHECKOUT / "models"
    return candidate if (candidate / "corpus").is_dir() else None
