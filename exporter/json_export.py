"""JSON: every trial with its raw samples, task geometry and the round's log, so another tool
(or ``tinyhands rescore``) can recompute every measure from the file alone.

The file names its JSON Schema (``$schema``), generated from these models and shipped in the
package (``exporter/schema/``), and a copy is written beside it. It states its coordinate
frame and units (``frame``), defines every measure of every game (``games``, from the games'
metric specs), and carries the stable UUIDs of the child, the sessions and the trials.

Samples are stored column by column (``t_ms``, ``x_mm`` ... one list each): a third of the
size of one object per sample, and what numeric tools load directly. The file is written
a month of trials at a time, so a year of raw samples never sits in memory at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from exporter.catalog import GameCatalog, GameInfo
from exporter.files import write_atomic, write_with
from exporter.i18n import _
from exporter.summary import Summary
from progress.models import (
    Bound,
    CueLevel,
    MetricValue,
    PracticeSession,
    PresentedValue,
    Trial,
    TrialKind,
)
from progress.samples import Sample

EXPORT_FORMAT = "tinyhands.export"
#: 2: uuid, kind, tracked difficulty, presented task, bounds, success rule;
#: 3: $schema, frame, child and session UUIDs, measure definitions, named geometry fields
EXPORT_VERSION = 3
SCHEMA_NAME = f"tinyhands-export-v{EXPORT_VERSION}.schema.json"
SCHEMA_PATH = Path(__file__).parent / "schema" / SCHEMA_NAME


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Frame(_Model):
    """The coordinate frame and units of every position, time and angle in the file."""

    plane: str = Field(
        "the task plane: the game's canvas in millimetres, origin at its top-left corner",
        description="What positions are measured on.",
    )
    x_axis: str = Field("right", description="Direction of increasing x.")
    y_axis: str = Field("down", description="Direction of increasing y (screen convention).")
    length_unit: Literal["mm"] = Field("mm", description="Every position and length.")
    time_unit: Literal["ms"] = Field(
        "ms",
        description="Sample and event times: milliseconds on a monotonic clock, one per trial"
        " (its zero is arbitrary; only differences within a trial mean anything).",
    )
    angle_unit: Literal["deg"] = Field(
        "deg", description="Angles in degrees, clockwise on screen (y points down)."
    )
    point: str = Field(
        "[x_mm, y_mm]", description="How a bare point is written inside a game's geometry."
    )
    rect: str = Field(
        "[x_mm, y_mm, width_mm, height_mm]",
        description="How a rectangle (a key ending in _mm holding four numbers) is written.",
    )
    instants: str = Field(
        "ISO 8601 in UTC (Z); local_date and utc_offset_min say the child's day",
        description="How started_at and other instants are written.",
    )


class MetricDefinition(_Model):
    """One measure of a game, as the game's metric specs define it."""

    name: str
    unit: str = Field(description="The game's unit: mm, s, %, deg, count, 1/min, mm/s; '' = none.")
    better: Literal["higher", "lower"]
    label: str
    definition: str
    formula: str = Field(description="One line, in the names of the trial's raw data.")
    tolerance: float = Field(description="Agreement expected of a re-scored value.")
    devices: list[str] = Field(description="Inputs that can measure it.")


class GameDefinition(_Model):
    id: str
    name: str
    metrics_version: int | None = Field(description="The metric code version of this program.")
    success_rule: str = Field(description="The current rule, game/version.")
    success_rule_text: str
    metrics: list[MetricDefinition]

    @classmethod
    def of(cls, g: GameInfo) -> GameDefinition:
        """The game's definitions; names, labels, rule and definitions in the report's
        language (``summary.language``), ids, units and formulas as they are."""
        return cls(
            id=g.id,
            name=_(g.name),
            metrics_version=g.metrics_version,
            success_rule=g.success_rule_id,
            success_rule_text=g.success_rule_text(),
            metrics=[
                MetricDefinition(
                    name=m.name,
                    unit=m.unit,
                    better=m.better,
                    label=_(m.title),
                    definition=_(m.definition) if m.definition else "",
                    formula=m.formula,
                    tolerance=m.tolerance,
                    devices=list(m.devices),
                )
                for m in g.metrics
            ],
        )


class ChildRecord(_Model):
    uuid: str = Field(
        description="Stable across devices and exports (also when pseudonymised): merges one"
        " child's records from two devices; never derived from the name."
    )
    name: str = Field(description="The name as typed, or the pseudonym.")
    pseudonymised: bool


class SessionRecord(_Model):
    """One practice session (a sitting)."""

    uuid: str
    id: int
    started_at: datetime
    local_date: date
    utc_offset_min: int
    ended_at: datetime | None
    minutes: float = Field(description="Active play time, minutes.")
    device: str
    input_kind: str

    @classmethod
    def of(cls, s: PracticeSession) -> SessionRecord:
        return cls(
            uuid=s.uuid,
            id=s.id,
            started_at=s.started_at,
            local_date=s.local_date,
            utc_offset_min=s.utc_offset_min,
            ended_at=s.ended_at,
            minutes=s.minutes,
            device=s.device,
            input_kind=s.input_kind,
        )


class SampleColumns(_Model):
    """Every pointer sample of a trial: mm on the task plane, ms on a monotonic clock."""

    t_ms: list[float]
    pointer_id: list[int]
    x_mm: list[float]
    y_mm: list[float]
    phase: list[Literal["down", "move", "up", "cancel"]]
    device: list[Literal["mouse", "touch", "pen"]]
    pressure: list[float | None] = Field(description="Only where the device measured it.")

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
    session_uuid: str | None
    game_id: str
    session_id: int | None
    local_date: date
    started_at: datetime
    utc_offset_min: int
    duration_s: float
    difficulty: float = Field(description="Requested difficulty 0..1 on the game's ladder.")
    params: dict[str, Any] = Field(description="The round's parameters as the ladder set them.")
    graded: bool
    kind: TrialKind = Field(
        description="warmup / staircase (home practice) / graded; unrecorded before v2."
    )
    tracked_difficulty: float | None = Field(description="The staircase's value (0..1).")
    presented: list[PresentedValue] = Field(description="What the child was shown.")
    bound_low: float | None
    bound_high: float | None
    at_bound: Bound | None
    interrupted: bool
    cue_level: CueLevel | None
    success: bool
    success_rule: str = Field(description="The game's versioned rule, game/version.")
    score: float
    metrics: list[MetricValue] = Field(description="The measures as stored (see games).")
    metrics_version: int
    app_version: str
    geometry: dict[str, Any] = Field(
        description="The task geometry and the round's event log (pick-ups, drops, the poses"
        " of physics-moved objects and their tracks while held), as the game recorded it:"
        " with the samples, what the game's metric code needs to recompute every measure."
    )
    samples: SampleColumns

    @classmethod
    def of(cls, t: Trial, session_uuid: str | None = None) -> TrialRecord:
        return cls(
            id=t.id,
            uuid=t.uuid,
            session_uuid=session_uuid,
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

    schema_ref: str = Field(SCHEMA_NAME, alias="$schema", description="This file's schema.")
    format: Literal["tinyhands.export"] = EXPORT_FORMAT
    version: Literal[3] = EXPORT_VERSION
    frame: Frame = Frame()
    child: ChildRecord
    games: list[GameDefinition] = Field(description="Every game's measures, defined.")
    sessions: list[SessionRecord]
    summary: Summary
    trials: list[TrialRecord]


def _dump(model: BaseModel) -> str:
    return model.model_dump_json(by_alias=True)


def write_json(
    path: Path,
    summary: Summary,
    trial_batches: Iterable[Iterable[Trial]],
    *,
    child: ChildRecord,
    catalog: GameCatalog,
    sessions: list[PracticeSession],
) -> list[Path]:
    """Write the bundle, taking trials (with samples) one batch at a time, and a copy of
    its schema beside it; return both paths."""
    uuids: Mapping[int, str] = {s.id: s.uuid for s in sessions}

    def fill(f: IO[str]) -> None:
        f.write("{" + json.dumps("$schema") + ":" + json.dumps(SCHEMA_NAME))
        f.write(f',"format":"{EXPORT_FORMAT}","version":{EXPORT_VERSION}')
        f.write(',"frame":' + _dump(Frame()))
        f.write(',"child":' + _dump(child))
        f.write(',"games":[' + ",".join(_dump(GameDefinition.of(g)) for g in catalog.games))
        f.write('],"sessions":[' + ",".join(_dump(SessionRecord.of(s)) for s in sessions))
        f.write('],"summary":' + summary.model_dump_json())
        f.write(',"trials":[')
        first = True
        for batch in trial_batches:
            for t in batch:
                if not first:
                    f.write(",")
                sid = uuids.get(t.session_id) if t.session_id is not None else None
                f.write(_dump(TrialRecord.of(t, sid)))
                first = False
        f.write("]}\n")

    written = [write_with(path, fill, "w", encoding="utf-8")]
    written.append(write_atomic(path.with_name(SCHEMA_NAME), SCHEMA_PATH.read_bytes()))
    return written
