"""Where events overlap: the sweep that the hours (accounting.py) and the hours outside
the working day (workday.py) share.

Times are whole microseconds since 1970 (`ticks`), so sums are exact. A stretch covered
by k events gives each 1/k of it; in units of 1/`units` microsecond (the least common
multiple of every k that occurs) each share is an integer, and a fraction is made once
per total, not once per stretch.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

Span = tuple[int, int]  # [begin, end) in ticks; an empty one covers nothing


def ticks(moment: datetime) -> int:
    """Microseconds since 1970."""
    return (moment - _EPOCH) // _MICROSECOND


def stretches(
    spans: Sequence[Span], cuts: Iterable[int] = ()
) -> Iterator[tuple[int, int, set[int]]]:
    """Each stretch between two consecutive boundaries (the spans' ends and `cuts`), as
    (begin, length, the places in `spans` of those covering it). The set is the sweep's
    own: read it before the next stretch."""
    starts: dict[int, list[int]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    for place, (begin, end) in enumerate(spans):
        if end > begin:
            starts[begin].append(place)
            ends[end].append(place)
    active: set[int] = set()
    for here, following in itertools.pairwise(sorted(starts.keys() | ends.keys() | set(cuts))):
        active.difference_update(ends.get(here, ()))
        active.update(starts.get(here, ()))
        yield here, following - here, active


def units(spans: Sequence[Span]) -> int:
    """The least common multiple of 1 to the most spans that cover one instant."""
    change: dict[int, int] = defaultdict(int)
    for begin, end in spans:
        if end > begin:
            change[begin] += 1
            change[end] -= 1
    covering = most = 0
    for point in sorted(change):
        covering += change[point]
        most = max(most, covering)
    return math.lcm(*range(1, most + 1))
