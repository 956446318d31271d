"""Pydantic models at the store's boundary: what goes into and comes out of the data file.

Every time is kept twice on purpose: the UTC instant (for ordering) and the local date
plus UTC offset *as they were when it happened* (for "did the child practise that
day"), because a day must never be re-derived later from a clock or time zone that has
since moved.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from progress.messages import N_, Message
from progress.samples import Sample, as_samples

Handedness = Literal["right", "left", "mixed", "unknown"]
# The cue a therapist gave during a graded task, least to most help.
CueLevel = Literal["independent", "verbal_cue", "demonstration", "physical_help"]
CUE_LEVELS: tuple[str, ...] = ("independent", "verbal_cue", "demonstration", "physical_help")
InputKind = Literal["mouse", "touch", "pen", "mixed"]
GoalStatus = Literal["active", "met", "paused", "discontinued"]
GoalEvidence = Literal["graded", "home"]
# How the difficulty controller chose a trial; "unrecorded" for trials stored before it was.
TrialKind = Literal["warmup", "staircase", "graded", "unrecorded"]
TRIAL_KINDS: tuple[str, ...] = ("warmup", "staircase", "graded", "unrecorded")
Bound = Literal["low", "high"]

NAME_MAX = 200


#: embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they reorder what is
#: shown, so a listed name could read differently from the one stored
BIDI_CONTROLS = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
#: letters that draw nothing (Hangul fillers, the braille blank)
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def is_visible(ch: str) -> bool:
    """Whether ``ch`` draws something: not a space, a format character or a lone mark."""
    return ch not in BLANK_LETTERS and unicodedata.category(ch) not in (
        "Zs",
        "Zl",
        "Zp",
        "Cf",
        "Cc",
        "Mn",
        "Me",
    )


def check_name(value: str, what: str = Message(N_("a child's name"))) -> str:
    """A name must show something: not blank, not only invisible characters."""
    check_text(value, what)
    if not any(is_visible(ch) for ch in value):
        raise ValueError(
            Message(
                N_(
                    "{what} must have at least one letter, digit or symbol that can be seen "
                    "(this one is only spaces or invisible characters)"
                ),
                what=what,
            )
        )
    return value


def _drop_unset(data: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """``data`` without the optional keys that still hold their defaults, so a file
    written now still loads in a version from before those keys existed."""
    return {k: v for k, v in data.items() if k not in defaults or v != defaults[k]}


def check_text(value: str, what: str) -> str:
    """Reject text that cannot be stored and shown faithfully; keep everything else exactly.

    Control characters (newlines, NUL ...) would break listings and file exports, and
    lone surrogates cannot be written as UTF-8; emoji, right-to-left text, quotes, SQL
    and formula characters are all fine and are returned byte for byte.
    """
    for ch in value:
        if ch in BIDI_CONTROLS:
            raise ValueError(
                Message(
                    N_(
                        "{what} must not contain a right-to-left or left-to-right override "
                        "({code}), which can make text show in a misleading order"
                    ),
                    what=what,
                    code=f"U+{ord(ch):04X}",
                )
            )
        cat = unicodedata.category(ch)
        if cat == "Cc":
            raise ValueError(
                Message(
                    N_("{what} must not contain control characters (found {found})"),
                    what=what,
                    found=repr(ch),
                )
            )
        if cat == "Cs":
            raise ValueError(
                Message(N_("{what} must not contain unpaired surrogate characters"), what=what)
            )
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ClinicalRecord(_Model):
    """Optional fields a clinic files a report under; every one may stay empty at home."""

    record_number: str = Field(default="", max_length=100)
    date_of_birth: date | None = None
    therapist: str = Field(default="", max_length=NAME_MAX)
    practice: str = Field(default="", max_length=NAME_MAX)
    referral_reason: str = Field(default="", max_length=2000)

    @field_validator("record_number", "therapist", "practice")
    @classmethod
    def _line(cls, v: str) -> str:
        return check_text(v, Message(N_("a record field")))

    @field_validator("referral_reason")
    @classmethod
    def _text(cls, v: str) -> str:
        return check_text(
            v.replace("\n", " ").replace("\r", " "), Message(N_("the reason for referral"))
        )


class ChildIn(_Model):
    """Validated input for a new child; names are kept exactly as typed."""

    display_name: str = Field(min_length=1, max_length=NAME_MAX)
    avatar: str = Field(default="", max_length=200)
    handedness: Handedness = "right"
    birth_year: int | None = Field(default=None, ge=1900, le=2200)
    # a factory, not an instance: an instance here would build the model at import
    record: ClinicalRecord = Field(default_factory=ClinicalRecord)

    @field_validator("display_name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not v.strip():
            raise ValueError(Message(N_("a child's name must not be blank")))
        return check_name(v, Message(N_("a child's name")))

    @field_validator("avatar")
    @classmethod
    def _avatar(cls, v: str) -> str:
        return check_text(v, Message(N_("an avatar")))


class Child(ChildIn):
    id: int
    created: AwareDatetime
    uuid: str = ""  # stable across devices and exports


class PracticeSession(_Model):
    """One sitting of practice. ``minutes`` is active play time from a monotonic clock."""

    id: int
    child_id: int
    device: str
    input_kind: str
    started_at: AwareDatetime  # UTC
    local_date: date  # the child's calendar day when the session started
    utc_offset_min: int
    ended_at: AwareDatetime | None = None
    minutes: float = Field(default=0.0, ge=0.0)
    uuid: str = ""


class MetricValue(_Model):
    name: str
    value: float
    unit: str


class PresentedValue(_Model):
    """One thing the child was shown, in the game's own units ("band_mm", 4.8, "mm")."""

    name: str = Field(min_length=1, max_length=100)
    value: float | str
    unit: str = ""
    label: str = ""  # a therapist's words: "Road width"


class _TrialPlanFields(_Model):
    """What the controller did and what the child saw (schema V2), shared by TrialIn and Trial."""

    kind: TrialKind = "staircase"
    tracked_difficulty: float | None = Field(default=None, allow_inf_nan=False)
    presented: list[PresentedValue] = Field(default_factory=list)
    bound_low: float | None = Field(default=None, allow_inf_nan=False)
    bound_high: float | None = Field(default=None, allow_inf_nan=False)
    at_bound: Bound | None = None
    success_rule: str = Field(default="", max_length=100)  # "tracing/1"
    interrupted: bool = False

    def presented_value(self, name: str) -> float | str | None:
        for p in self.presented:
            if p.name == name:
                return p.value
        return None


class TrialIn(_TrialPlanFields):
    """A finished trial as the app hands it over; ``started_at`` defaults to the store's clock.

    ``kind`` follows ``graded``: a graded trial is kind "graded" (set for you), and kind
    "graded" means graded. An interrupted trial is never a success.
    """

    child_id: int
    session_id: int | None = None
    game_id: str = Field(min_length=1, max_length=100)
    difficulty: float = Field(allow_inf_nan=False)
    params: dict[str, Any] = Field(default_factory=dict)
    started_at: AwareDatetime | None = None
    duration_s: float = Field(ge=0.0)
    success: bool
    score: float = Field(ge=0.0, le=1.0)
    metrics: list[MetricValue] = Field(default_factory=list)
    metrics_version: int = Field(default=1, ge=0)
    samples: list[Sample] = Field(default_factory=list)
    geometry: dict[str, Any] = Field(default_factory=dict)
    graded: bool = False
    cue_level: CueLevel | None = None
    app_version: str = ""
    # The child's reward for this trial, saved in the same transaction so stars are
    # never lost or counted twice.
    stars: int = Field(default=0, ge=0)
    sticker: str | None = None
    uuid: str | None = Field(default=None, min_length=32, max_length=36)  # the store makes one

    @model_validator(mode="before")
    @classmethod
    def _kind_follows_graded(cls, data: Any) -> Any:
        if isinstance(data, dict):
            if data.get("graded") and data.get("kind") in (None, "staircase"):
                data = {**data, "kind": "graded"}
            elif data.get("kind") == "graded" and "graded" not in data:
                data = {**data, "graded": True}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> TrialIn:
        if (self.kind == "graded") != self.graded:
            raise ValueError("a graded trial is of kind 'graded', and only a graded trial")
        if self.interrupted and self.success:
            raise ValueError("an interrupted round is never a success")
        return self

    @field_validator("samples", mode="plain")
    @classmethod
    def _samples(cls, v: Any) -> list[Sample]:
        # Thousands per trial: a per-field pydantic check would eat the 5 ms save budget.
        # The codec checks every value (finite, known phase/device) when it encodes.
        return as_samples(v)

    @model_validator(mode="after")
    def _cue_only_when_graded(self) -> TrialIn:
        if self.cue_level is not None and not self.graded:
            raise ValueError("a cue level is recorded only for graded-task trials")
        return self

    @classmethod
    def from_result(
        cls,
        result: Any,
        *,
        child_id: int,
        session_id: int | None,
        difficulty: float,
        app_version: str,
        started_at: datetime | None = None,
        graded: bool = False,
        cue_level: str | None = None,
    ) -> TrialIn:
        """Build from an ``engine.trial.TrialResult`` (duck-typed: progress never imports
        the engine)."""
        return cls(
            child_id=child_id,
            session_id=session_id,
            game_id=result.game_id,
            difficulty=difficulty,
            params=dict(result.params),
            started_at=started_at,
            duration_s=result.duration_s,
            success=result.success,
            score=result.score,
            metrics=[MetricValue(name=m.name, value=m.value, unit=m.unit) for m in result.metrics],
            metrics_version=result.metrics_version,
            samples=as_samples(result.samples),
            geometry=dict(result.geometry),
            graded=graded,
            cue_level=cue_level,  # type: ignore[arg-type]
            app_version=app_version,
            stars=getattr(result, "stars", 0),
        )


class Trial(_TrialPlanFields):
    """A stored trial. ``samples`` is None unless asked for (they are the bulk of the file)."""

    id: int
    child_id: int
    session_id: int | None
    game_id: str
    difficulty: float
    params: dict[str, Any]
    started_at: AwareDatetime  # UTC
    local_date: date
    utc_offset_min: int
    duration_s: float
    success: bool
    score: float = Field(ge=0.0, le=1.0)
    metrics: list[MetricValue]
    metrics_version: int
    geometry: dict[str, Any]
    graded: bool
    cue_level: CueLevel | None
    app_version: str
    sample_count: int
    samples: list[Sample] | None = None
    uuid: str = ""

    @field_validator("samples", mode="plain")
    @classmethod
    def _samples(cls, v: Any) -> list[Sample] | None:
        return None if v is None else as_samples(v)

    def metric(self, name: str) -> float | None:
        for m in self.metrics:
            if m.name == name:
                return m.value
        return None


class DifficultyBounds(_Model):
    low: float = Field(default=0.0, ge=0.0, le=1.0)
    high: float = Field(default=1.0, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _ordered(self) -> DifficultyBounds:
        if self.low > self.high:
            raise ValueError("the lowest difficulty must not be above the highest")
        return self


class DifficultyState(_Model):
    """The difficulty controller's state for one (child, game); its format is the controller's."""

    child_id: int
    game_id: str
    state: dict[str, Any]
    updated: AwareDatetime


class HomeProgram(_Model):
    """What the therapist prescribes for home: ``games`` None means every game."""

    games: list[str] | None = None
    minutes_per_day: float = Field(default=5.0, gt=0.0, le=240.0)
    days_per_week: int = Field(default=7, ge=1, le=7)
    bounds: DifficultyBounds = Field(default_factory=DifficultyBounds)
    per_game_bounds: dict[str, DifficultyBounds] = Field(default_factory=dict)
    #: per game id, the therapist's choices by option name (tracing: {"content": "uppercase"}).
    #: Stored as plain words: the games check them when a round is built and ignore what
    #: they do not know, so a program written by another version still loads and plays.
    game_options: dict[str, dict[str, str]] = Field(default_factory=dict)
    #: the minutes a day in force from each date on ("2025-03-10": 5.0), so a streak judges
    #: each day by the program of that day and lowering the minutes never re-rates the past.
    #: Empty in programs written before it existed: then minutes_per_day held all along.
    minutes_since: dict[str, float] = Field(default_factory=dict)

    def minutes_on(self, day: date) -> float:
        """The minutes a day the program asked for on ``day``."""
        key = day.isoformat()
        earlier = [k for k in self.minutes_since if k <= key]
        return self.minutes_since[max(earlier)] if earlier else self.minutes_per_day

    def with_minutes(self, minutes: float, today: date) -> HomeProgram:
        """This program asking ``minutes`` from ``today`` on, keeping what earlier days asked."""
        history = dict(self.minutes_since)
        if minutes != self.minutes_per_day or history:
            if not history:
                history["1900-01-01"] = self.minutes_per_day  # what held before this change
            history = {k: v for k, v in history.items() if k < today.isoformat()}
            history[today.isoformat()] = minutes
        return self.model_copy(update={"minutes_per_day": minutes, "minutes_since": history})

    #: who prescribed the program and on which day (a filed report says so); empty when
    #: nobody recorded it, so programs stored before these fields load unchanged
    set_by: str = Field(default="", max_length=NAME_MAX)
    set_on: date | None = None

    @field_validator("set_by")
    @classmethod
    def _set_by(cls, v: str) -> str:
        return check_text(v, Message(N_("who set the home program")))

    @model_serializer(mode="wrap")
    def _without_unset(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _drop_unset(handler(self), {"set_by": "", "set_on": None, "minutes_since": {}})

    def options_for(self, game_id: str) -> dict[str, str]:
        """The choices stored for one game ({} when the therapist chose none)."""
        return dict(self.game_options.get(game_id, {}))

    def bounds_for(self, game_id: str) -> tuple[float, float]:
        """(low, high) difficulty for one game: its own bounds, else the program's."""
        b = self.per_game_bounds.get(game_id, self.bounds)
        return b.low, b.high

    def includes(self, game_id: str) -> bool:
        return self.games is None or game_id in self.games


class GasLevels(_Model):
    """Goal Attainment Scaling: the therapist's words for each level, -2..+2 (0 = expected)."""

    minus_2: str
    minus_1: str
    expected: str
    plus_1: str
    plus_2: str

    def words(self, level: int) -> str:
        names = {-2: "minus_2", -1: "minus_1", 0: "expected", 1: "plus_1", 2: "plus_2"}
        if level not in names:
            raise ValueError(f"a GAS level is -2..+2, not {level}")
        return str(getattr(self, names[level]))


class GoalIn(_Model):
    """An OT goal: "<metric> <comparison> <threshold> <unit> in N of M trials, <cue level>"."""

    game_id: str = Field(min_length=1)
    metric: str = Field(min_length=1)
    comparison: Literal["at_least", "at_most"] = "at_least"
    threshold: float
    unit: str = ""
    n_required: int = Field(ge=1)
    m_window: int = Field(ge=1)
    cue_level: CueLevel = "independent"
    gas: GasLevels | None = None
    description: str = ""
    status: GoalStatus = "active"
    #: who set the goal; the day it starts counting (None: the day it was stored); the day
    #: it should be met by. Optional, so goals stored before these fields load unchanged.
    set_by: str = Field(default="", max_length=NAME_MAX)
    start_date: date | None = None
    target_date: date | None = None
    #: which trials can show the goal: "graded" (a therapist watched and recorded the cue
    #: level) or "home" (home practice, unobserved: the cue level is not known)
    evidence: GoalEvidence = "graded"

    @field_validator("set_by")
    @classmethod
    def _set_by(cls, v: str) -> str:
        return check_text(v, Message(N_("who set the goal")))

    @model_serializer(mode="wrap")
    def _without_unset(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _drop_unset(
            handler(self),
            {"set_by": "", "start_date": None, "target_date": None, "evidence": "graded"},
        )

    @model_validator(mode="after")
    def _n_of_m(self) -> GoalIn:
        if self.n_required > self.m_window:
            raise ValueError(f"{self.n_required} of {self.m_window} trials is not possible")
        return self

    def met_by(self, value: float) -> bool:
        if self.comparison == "at_least":
            return value >= self.threshold
        return value <= self.threshold


class Goal(GoalIn):
    id: int
    child_id: int
    created: AwareDatetime

    @property
    def starts(self) -> date:
        """The first day whose trials can show this goal: its start date, else the day it
        was stored (the store's local day at that moment)."""
        return self.start_date or self.created.astimezone().date()


class Reward(_Model):
    id: int
    child_id: int
    stars: int = Field(ge=0)
    sticker: str | None
    trial_id: int | None
    earned: AwareDatetime


class Backup(_Model):
    path: str
    size_bytes: int
    taken: AwareDatetime
