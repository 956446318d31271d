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
    definition: str = ""


@dataclass(frozen=True, slots=True)
class Presented:
    """One thing the child was shown, in the game's own units: what a trial is judged against
    (requested and presented often differ: a small screen holds fewer beads than asked for)."""

    name: str  # "band_mm"
    value: float | str
    unit: str = ""  # "mm", "deg", "count", ""
    label: str = ""  # "Road width"


@dataclass(frozen=True, slots=True)
class SuccessRule:
    """How a game decides that a round succeeded, versioned: a report states it where it
    shows a success rate, and a changed rule is a new version, never a silent edit."""

    game_id: str
    version: int
    text: str  # "coverage >= 90 % of the path and >= 80 % of the trace inside the road"

    @property
    def id(self) -> str:
        return f"{self.game_id}/{self.version}"


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


def round_result(
    *,
    game_id: str,
    params: dict[str, Any],
    samples: list[PointerEvent],
    geometry: dict[str, Any],
    metrics: list[Metric],
    metrics_version: int,
    score: float,
    success: bool,
    stars: int,
    finished: bool,
    clock_s: float,
) -> TrialResult:
    """The TrialResult every game builds the same way.

    The score is clamped to 0..1, an unfinished round is never a success, and the duration
    is the longer of the samples' time span and the round's own logic time (a child who
    watched the demo before touching still spent that time).
    """
    times = [e.t_ms for e in samples]
    span = (max(times) - min(times)) / 1000.0 if times else 0.0
    return TrialResult(
        game_id=game_id,
        params=params,
        success=success and finished,
        score=min(1.0, max(0.0, score)),
        duration_s=max(span, clock_s),
        metrics=metrics,
        metrics_version=metrics_version,
        samples=list(samples),
        geometry=geometry,
        stars=stars,
    )
