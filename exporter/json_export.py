"""JSON: the Summary plus every trial with its raw samples and task geometry in mm, so
another tool can re-score the trials (metrics are pure functions of samples + geometry).

Samples are stored column by column (``t_ms``, ``x_mm`` ... one list each): a third of the
size of one object per sample, and what numeric tools load directly. The file is written
a month of trials at a time, so a year of raw samples never sits in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import BaseModel, ConfigDict

from exporter.files import write_with
from exporter.summary import Summary
from progress.models import Bound, CueLevel, MetricValue, PresentedValue, Trial, TrialKind
from progress.samples import Sample

EXPORT_FORMAT = "tinyhands.export"
EXPORT_VERSION = 2  # 2: uuid, kind, tracked difficulty, presented task, bounds, success rule


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SampleColumns(_Model):
    """Every pointer sample of a trial: mm on the task plane, ms on a monotonic clock."""

    t_ms: list[float]
    pointer_id: list[int]
    x_mm: list[float]
    y_mm: list[float]
    phase: list[str]  # down / move / up / cancel
    device: list[str]  # mouse / touch / pen
    pressure: list[float | None]  # only where the device measured it

    @classmethod
    def of(cls, samples: Iterable[Sample]) -> SampleColumns:
        cols: list[list[Any]] = [[], [], [], [], [], [], []]
        for s in samples:
            for col, v in zip(cols, s, strict=True):
                col.append(v)
        return cls(
            t_ms=cols[0],
            pointer_id=cols[1],
            x_mm=cols[2],
            y_mm=cols[3],
            phase=cols[4],
            device=cols[5],
            pressure=cols[6],
        )

    def rows(self) -> list[Sample]:
        return [
            Sample(*r)
            for r in zip(
                self.t_ms,
                self.pointer_id,
                self.x_mm,
                self.y_mm,
                self.phase,
                self.device,
                self.pressure,
                strict=True,
            )
        ]


class TrialRecord(_Model):
    id: int
    uuid: str
    game_id: str
    session_id: int | None
    local_date: date
    started_at: datetime
    utc_offset_min: int
    duration_s: float
    difficulty: float
    params: dict[str, Any]
    graded: bool
    kind: TrialKind  # warmup / staircase / graded; "unrecorded" for trials stored before v2
    tracked_difficulty: float | None  # the staircase's value (a warm-up is presented below it)
    presented: list[PresentedValue]  # what the child was shown, in the game's units
    bound_low: float | None  # the home program's difficulty bounds in force
    bound_high: float | None
    at_bound: Bound | None
    interrupted: bool
    cue_level: CueLevel | None
    success: bool
    success_rule: str  # "tracing/1": the game's versioned rule
    score: float
    metrics: list[MetricValue]
    metrics_version: int
    app_version: str
    geometry: dict[str, Any]  # the task geometry in mm, as the game recorded it
    samples: SampleColumns

    @classmethod
    def of(cls, t: Trial) -> TrialRecord:
        return cls(
            id=t.id,
            uuid=t.uuid,
            game_id=t.game_id,
            session_id=t.session_id,
            local_date=t.local_date,
            started_at=t.started_at,
            utc_offset_min=t.utc_offset_min,
            duration_s=t.duration_s,
            difficulty=t.difficulty,
            params=t.params,
            graded=t.graded,
            kind=t.kind,
            tracked_difficulty=t.tracked_difficulty,
            presented=list(t.presented),
            bound_low=t.bound_low,
            bound_high=t.bound_high,
            at_bound=t.at_bound,
            interrupted=t.interrupted,
            cue_level=t.cue_level,
            success=t.success,
            success_rule=t.success_rule,
            score=t.score,
            metrics=list(t.metrics),
            metrics_version=t.metrics_version,
            app_version=t.app_version,
            geometry=t.geometry,
            samples=SampleColumns.of(t.samples or []),
        )


class ExportBundle(_Model):
    """What the JSON file holds; ``ExportBundle.model_validate_json`` reads it back."""

    format: Literal["tinyhands.export"] = EXPORT_FORMAT
    version: int = EXPORT_VERSION
    summary: Summary
    trials: list[TrialRecord]


def write_json(path: Path, summary: Summary, trial_batches: Iterable[Iterable[Trial]]) -> Path:
    """Write the bundle, taking trials (with samples) one batch at a time."""

    def fill(f: IO[str]) -> None:
        f.write(f'{{"format":"{EXPORT_FORMAT}","version":{EXPORT_VERSION},"summary":')
        f.write(summary.model_dump_json())
        f.write(',"trials":[')
        first = True
        for batch in trial_batches:
            for t in batch:
                if not first:
                    f.write(",")
                f.write(TrialRecord.of(t).model_dump_json())
                first = False
        f.write("]}\n")

    return write_with(path, fill, "w", encoding="utf-8")
