"""What a game round hands back when it ends: the contract between games and the store."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from engine.input import PointerEvent


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """A metric a game reports: its name, unit (mm, s, %, count, ...) and which way is better.

    The one place a measure is defined: the PDF glossary, the CSV data dictionary, the JSON
    Schema descriptions and the FHIR codes all read ``definition`` and ``formula`` from here.
    """

    name: str
    unit: str
    better: Better
    label: str = ""  # words a therapist reads, e.g. "Mean deviation from the path"
    devices: frozenset[str] = frozenset({"mouse", "touch", "pen"})  # inputs that can measure it
    definition: str = ""  # one or two plain sentences: what is measured, over which events
    formula: str = ""  # one line, in the names of the trial's raw data (the JSON's fields)
    #: how far a re-scored value may stray from the stored one (samples are stored to 1 um
    #: and 1 us, geometry to 0.1 um); None: ``default_tolerance(unit)``
    tolerance: float | None = None

    @property
    def rescore_tolerance(self) -> float:
        return default_tolerance(self.unit) if self.tolerance is None else self.tolerance


#: per unit, the agreement expected of a re-scored value: far below what a therapist reads
#: (0.01 mm, 1 ms, 0.01 %), and exact for counts
_TOLERANCE_BY_UNIT = {"mm": 0.01, "deg": 0.01, "s": 0.001, "%": 0.01, "count": 0.0}


def default_tolerance(unit: str) -> float:
    return _TOLERANCE_BY_UNIT.get(unit, 1e-3)


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


TRACK_PERIOD_MS = 50.0  # 20 Hz: enough to see a held object lag or swing, small in the file


@dataclass(slots=True)
class ObjectTrack:
    """Where a physics-moved object was over time (a held bead or pom-pom), logged by the
    round into the trial's geometry so the file alone shows what the physics did.

    At most one point per ``TRACK_PERIOD_MS`` of the samples' clock (plus the last), in
    columns (``t_ms``, ``x_mm``, ``y_mm``, optionally ``angle_deg``), rounded to 0.01 mm.
    """

    t_ms: list[float] = field(default_factory=list)
    x_mm: list[float] = field(default_factory=list)
    y_mm: list[float] = field(default_factory=list)
    angle_deg: list[float] | None = None

    def add(self, t_ms: float, x: float, y: float, angle_deg: float | None = None) -> None:
        if self.t_ms and t_ms - self.t_ms[-1] < TRACK_PERIOD_MS:
            return
        self.t_ms.append(round(t_ms, 3))
        self.x_mm.append(round(x, 2))
        self.y_mm.append(round(y, 2))
        if angle_deg is not None:
            if self.angle_deg is None:
                self.angle_deg = []
            self.angle_deg.append(round(angle_deg, 2))

    def as_dict(self) -> dict[str, list[float]]:
        out = {"t_ms": list(self.t_ms), "x_mm": list(self.x_mm), "y_mm": list(self.y_mm)}
        if self.angle_deg is not None:
            out["angle_deg"] = list(self.angle_deg)
        return out


def on_grid(value: float) -> float:
    """``value`` (mm or ms) on the grid samples are stored on: 1 um and 1 us (the store's
    codec rounds the same way), so a measure computed at the end of a round is the measure
    a re-scoring of the stored trial gets, to the bit."""
    return round(value * 1000) / 1000


def as_stored(samples: list[PointerEvent]) -> list[PointerEvent]:
    """The samples as the store will give them back: times and positions on the grid."""
    return [
        replace(e, t_ms=on_grid(e.t_ms), x_mm=on_grid(e.x_mm), y_mm=on_grid(e.y_mm))
        for e in samples
    ]
