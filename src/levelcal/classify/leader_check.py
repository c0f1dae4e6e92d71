"""An independent check: leaders' calendars, labeled by hand by someone who never saw the corpus.

`models/leader_calendars/` holds calendars as Google, Outlook and Apple export
them, one label file per calendar (a row per UID: the level, and whether the
title, the room, or nothing settles it), and `MANIFEST.tsv` (file, owner, zone,
window). The check reads every calendar through the same pipeline as `analyze`
and compares the label of each counted event with the hand label.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from levelcal.classify.label import LOW_CONFIDENCE
from levelcal.classify.model import Model
from levelcal.errors import InputError
from levelcal.levels import Level

MANIFEST = "MANIFEST.tsv"
# The sets whose labels the spread of confidence is chosen on (`train.fit_spread`), beside
# the corpus. The first set chose designs; the sets after these are scored, never chosen on.
CALIBRATION_SETS = tuple(f"leader_calendars_{letter}" for letter in "bcdefgh")
UNSURE = "unsure"  # a careful human could not tell the level either


@dataclass(frozen=True, slots=True)
class Case:
    """One counted event of a leader's calendar: the hand label and the model's."""

    calendar: str
    uid: str
    title: str
    expected: Level
    decided_by: str  # title, room or unsure
    predicted: Level
    confidence: float
    hours: float
    labeled_by: str = "model"  # what gave the label: the model, a rule, a correction

    @property
    def right(self) -> bool:
        return self.predicted is self.expected


@dataclass(frozen=True, slots=True)
class LeaderCheck:
    cases: tuple[Case, ...]

    @property
    def decided(self) -> tuple[Case, ...]:
        """The events whose title or room settles the level."""
        return tuple(c for c in self.cases if c.decided_by != UNSURE)

    @property
    def accuracy(self) -> float:
        return _share([c.right for c in self.decided])

    @property
    def hours_right(self) -> float:
        """The share of the decided events' hours that got the right level."""
        total = sum(c.hours for c in self.decided)
        return sum(c.hours for c in self.decided if c.right) / total if total else 0.0

    @property
    def macro_f1(self) -> float:
        from sklearn.metrics import f1_score

        decided = self.decided
        return float(
            f1_score(
                [c.expected.value for c in decided],
                [c.predicted.value for c in decided],
                labels=[level.value for level in Level],
                average="macro",
                zero_division=0,
            )
        )

    def by(self, decided_by: str) -> tuple[int, float]:
        """How many events `decided_by` settles, and the share labeled right."""
        chosen = [c.right for c in self.cases if c.decided_by == decided_by]
        return len(chosen), _share(chosen)

    @property
    def unsure_flagged(self) -> tuple[int, float]:
        """Events nobody could settle, and the share the model flags as uncertain."""
        chosen = [c.confidence < LOW_CONFIDENCE for c in self.cases if c.decided_by == UNSURE]
        return len(chosen), _share(chosen)

    def per_calendar(self) -> list[tuple[str, int, float, float]]:
        """(calendar, decided events, accuracy, share of hours right), in file order."""
        grouped: dict[str, list[Case]] = defaultdict(list)
        for case in self.decided:
            grouped[case.calendar].append(case)
        return [
            (
                name,
                len(cases),
                LeaderCheck(tuple(cases)).accuracy,
                LeaderCheck(tuple(cases)).hours_right,
            )
            for name, cases in grouped.items()
        ]

    @property
    def mistakes(self) -> list[Case]:
        """Wrong labels on decided events, most hours first, one per UID."""
        seen: set[tuple[str, str]] = set()
        found = []
        for case in sorted(self.decided, key=lambda c: -c.hours):
            if not case.right and (case.calendar, case.uid) not in seen:
                seen.add((case.calendar, case.uid))
                found.append(case)
        return found


def _share(values: list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as file:
            return list(csv.DictReader(file, delimiter="\t"))
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None


def check(directory: Path, model: Model, *, with_executives: bool = True) -> LeaderCheck:
    """Label every calendar of `directory` with `model` and compare with the hand labels.

    The manifest names each owner's executives (their manager, executive peers), as the
    owner would configure them (`executives`); `with_executives=False` reads the calendars
    as an owner who configured nothing."""
    from levelcal.analysis import analyze
    from levelcal.ingest.documents import Document
    from levelcal.window import between, parse_zone

    cases: list[Case] = []
    for entry in _rows(directory / MANIFEST):
        path = directory / entry["file"]
        expected = {row["uid"]: row for row in _rows(path.with_suffix(".labels.tsv"))}
        window = between(
            date.fromisoformat(entry["from"]),
            date.fromisoformat(entry["to"]),
            parse_zone(entry["tz"]),
        )
        document = Document(name=path.name, data=path.read_bytes())  # no cache: read afresh
        summary = analyze(
            [document],
            window,
            owner_emails=[entry["owner"]],
            executives=(entry.get("executives") or "").split() if with_executives else (),
            load_model=lambda: model,
        )
        for item in summary.events:
            row = expected.get(item.event.uid)
            if row is None or row["label"] == "-":
                continue  # an event the hand labels exclude (declined, cancelled)
            cases.append(
                Case(
                    calendar=path.stem,
                    uid=item.event.uid,
                    title=item.event.title,
                    expected=Level(row["label"]),
                    decided_by=row["decided_by"],
                    predicted=item.label.level,
                    confidence=item.label.confidence,
                    hours=item.hours,
                    labeled_by=item.label.decided_by,
                )
            )
    return LeaderCheck(tuple(cases))
