"""A label as the report holds it: plain values, so a report from cached labels loads no
model (and no numpy)."""

from __future__ import annotations

from dataclasses import dataclass

from levelcal.levels import Level

LOW_CONFIDENCE = 0.5


@dataclass(frozen=True, slots=True)
class Label:
    level: Level
    confidence: float
    decided_by: str  # "model", "rule", "category" or "correction"

    @property
    def uncertain(self) -> bool:
        return self.confidence < LOW_CONFIDENCE
