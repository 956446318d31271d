"""What a game round hands back when it ends: the contract between games and the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from engine.input import PointerEvent


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """A metric a game reports: its name, unit (mm, s, %, count, ...) and which way is better."""

    name: str
    unit: str
    better: Better
    label: str = ""  # words a therapist reads, e.g. "Mean deviation from the path"
    devices: frozenset[str] = frozenset({"mouse", "touch", "pen"})  # inputs that can measure it


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    value: float
    unit: str


@dataclass(slots=True)
class TrialResult:
    """One finished round: pure data, ready for ``progress`` to save in one transaction.

    ``samples`` are every pointer sample of the round (mm, ms). ``geometry`` is the task
    geometry in mm (JSON-ready) so the trial can be re-scored when a metric improves.
    """

    game_id: str
    params: dict[str, Any]
    success: bool
    score: float  # 0..1, graded success used by the difficulty controller
    duration_s: float
    metrics: list[Metric]
    metrics_version: int
    samples: list[PointerEvent]
    geometry: dict[str, Any] = field(default_factory=dict)
    stars: int = 0  # 1..3, the child's reward; never 0 for a finished round

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must be within 0..1, not {self.score}")

    def metric(self, name: str) -> float | None:
        for m in self.metrics:
            if m.name == name:
                return m.value
        return None
