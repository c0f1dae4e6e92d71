"""Labels given before, kept in the cache directory: a repeated report need not score.

An event's label depends on the event, on whose calendar it is (the owners), on
the user's rules and corrections, and on the model (the bundled one, or the
personal one refitted from the corrections). An entry is named after all of
those but the events, and maps a digest of each event labeled to its level,
confidence and what decided it: plain values, so reading the entry loads no
classifier. The model scores each event on its own row, so a label does not
depend on which events are labeled with it (a test holds the model to that),
and a report from cached labels is the cold report. Events never labeled
before are labeled together, as a cold run labels them; only they load the
model, its lexicons and the feature extraction.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from levelcal.events import Event
from levelcal.pickle_store import CacheDir, key

if TYPE_CHECKING:
    from levelcal.classify.label import Label

KEPT = 100_000  # labels per entry: beyond that, only the last run's are kept

Computed = Callable[[Sequence[int]], "list[Label]"]  # labels of the events at these places


# The fields a label is worked out from: the features (`features.from_event`), the uid
# (corrections), the categories (the config's [categories]), and the text a private event
# hides. Not where the event was read from (its file, its calendar's name): the same
# meetings in a re-exported or renamed file keep their labels. A test holds every other
# field to changing nothing a label reads.
LABEL_FIELDS = (
    "uid",
    "recurrence_id",
    "title",
    "start",
    "end",
    "description",
    "location",
    "organizer",
    "attendees",
    "event_type",
    "categories",
    "hidden",
)
_label_fields = operator.attrgetter(*LABEL_FIELDS)


def digest(event: Event) -> bytes:
    """What identifies an event to the classifier: the fields its label is worked out from."""
    return hashlib.blake2b(repr(_label_fields(event)).encode("utf-8"), digest_size=16).digest()


@dataclass(frozen=True, slots=True)
class LabelCache:
    entries: CacheDir
    model: str  # what identifies the model that labels (its file, its version, the corrections)

    def labels(
        self,
        events: Sequence[Event],
        owners: frozenset[str],
        context: Sequence[object],
        compute: Computed,
        problems: list[str],
    ) -> list[Label]:
        """Each event's label: kept ones from the cache, the rest from `compute`.

        `context` is what else decides a label (the rules and the corrections); a
        damaged entry is named in `problems` and rebuilt.
        """
        from levelcal.classify.label import Label
        from levelcal.levels import Level

        name = "labels-" + key(self.model, repr(sorted(owners)), repr(list(context)))
        kept = self.entries.get(name, dict, problems) or {}
        digests = [digest(event) for event in events]
        missing = [n for n, found in enumerate(digests) if found not in kept]
        fresh = dict(zip(missing, compute(missing), strict=True)) if missing else {}
        labels = []
        for number, found in enumerate(digests):
            if number in fresh:
                labels.append(fresh[number])
            else:
                level, confidence, decided_by = kept[found]
                labels.append(Label(Level(level), confidence, decided_by))
        if fresh:
            newest = {
                digests[n]: (label.level.value, label.confidence, label.decided_by)
                for n, label in fresh.items()
            }
            self.entries.put(name, {**kept, **newest} if len(kept) < KEPT else newest)
        return labels
