"""The Summary: one child over a date range, as a versioned pydantic model.

Every renderer (PDF, CSV, JSON) starts from this one model, built from the store only,
so the numbers in the PDF are the numbers in the JSON. Bump ``SUMMARY_VERSION`` when a
field changes meaning; readers check ``schema_id`` and ``version``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from exporter.catalog import Better, ParamInfo

SUMMARY_VERSION = 1
SUMMARY_SCHEMA = "tinyhands.summary"

DayStatus = Literal["practised", "short", "rest", "missed"]
GoalState = Literal["met", "not_yet", "not_enough_trials"]
Direction = Literal["improved", "worsened", "about_the_same", "too_few_trials"]
Evidence = Literal["graded", "practice", "none"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChildPart(_Model):
    #: the store's id; None in a pseudonymised export
    id: int | None
    #: the name as typed, or the pseudonym; never trusted by a renderer
    name: str
    pseudonymised: bool = False
    handedness: str | None = None
    birth_year: int | None = None


class Period(_Model):
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class InputUse(_Model):
    """One kind of input used in the period, and what it can and cannot measure."""

    input_kind: str
    sessions: int
    minutes: float
    measured: list[str]  # metric labels this input gives
    not_measured: list[str]  # metric labels it cannot give (e.g. pressure from a finger)


class PracticeDay(_Model):
    day: date
    minutes: float
    #: practised = at least the prescribed minutes; short = some, but fewer; rest = a
    #: forgiven missed day inside a streak; missed = none
    status: DayStatus


class Adherence(_Model):
    prescribed_minutes_per_day: float
    prescribed_days_per_week: int
    days_in_period: int
    expected_days: int  # days_in_period * days_per_week / 7, rounded
    days_with_practice: int  # any practice at all
    days_meeting_prescription: int  # at least the prescribed minutes
    total_minutes: float
    median_minutes_on_practice_days: float | None
    streak_at_end: int  # the forgiving streak alive on the last day of the period
    longest_streak: int  # the longest streak up to the end of the period
    rest_days: int  # forgiven days inside the period
    days: list[PracticeDay]


class DifficultyDay(_Model):
    """Practice difficulty on one day: the median of that day's practice trials."""

    day: date
    trials: int
    difficulty: float  # 0..1 on the game's ladder
    key_value: float | None = None  # the ladder's key parameter (e.g. band width in mm)
    item: str | None = None  # what was practised most that day


class DayValue(_Model):
    day: date
    median: float
    trials: int


class MetricTrend(_Model):
    """A key measure's daily medians and how its start compares with its end."""

    name: str
    label: str
    unit: str
    better: Better
    trials: int
    first_median: float | None
    last_median: float | None
    first_days: list[date] = Field(default_factory=list)
    last_days: list[date] = Field(default_factory=list)
    direction: Direction
    days: list[DayValue]


class GradedTask(_Model):
    """The trials of one graded task (one game, a locked grade), shown apart from practice."""

    day: date
    trials: int
    successes: int
    difficulty: float
    key_value: float | None
    item: str | None
    cue_level: str | None
    trial_ids: list[int]
    metrics: dict[str, float]  # medians of the key metrics


class TracePick(_Model):
    """A trial whose trace is drawn over its template (first, best, latest)."""

    role: Literal["first", "best", "latest"]
    trial_id: int
    day: date
    item: str | None
    key_value: float | None
    score: float
    graded: bool


class GameSummary(_Model):
    game_id: str
    name: str
    skill: str
    related_tests: list[str]
    trials: int
    practice_trials: int
    practice_successes: int
    success_rate: float | None  # practice trials only, 0..1
    graded_trials: int
    days_played: int
    first_day: date | None
    last_day: date | None
    key_param: ParamInfo | None
    difficulty_days: list[DifficultyDay]
    items: list[str]  # what was practised, in the order first met
    metrics: list[MetricTrend]
    graded_tasks: list[GradedTask]
    traces: list[TracePick]
    sentences: list[str]  # plain sentences saying what changed
    interrupted_rounds: int = 0  # left before the end: not in trials, rates or trends


class GasResult(_Model):
    """The Goal Attainment Scaling level read from the data (see ``exporter.goals``)."""

    level: int | None  # -2..+2, None when there are too few trials to rate
    words: str  # the therapist's words for that level
    statistic: float | None  # the value at least N of the last M trials reached
    baseline: float | None  # the same statistic over the first M trials
    step: float | None  # one GAS level in the metric's unit


class GoalResult(_Model):
    goal_id: int
    game_id: str
    description: str  # the therapist's words, as typed
    target: str  # the goal in OT form: condition + behaviour + criterion + cue level
    result: str  # what the data shows, in the same form
    state: GoalState
    stored_status: str
    metric: str
    threshold: float
    unit: str
    n_required: int
    m_window: int
    n_met: int
    trials_considered: int
    evidence: Evidence
    evidence_trial_ids: list[int]
    gas: GasResult | None = None


class Summary(_Model):
    schema_id: Literal["tinyhands.summary"] = SUMMARY_SCHEMA
    version: int = SUMMARY_VERSION
    generated_at: datetime
    app_version: str = ""
    child: ChildPart
    period: Period
    devices: list[str]
    inputs: list[InputUse]
    adherence: Adherence
    games: list[GameSummary]
    goals: list[GoalResult]
    gas_t_score: float | None
    gas_goals: int
    observations: list[str]  # what changed, across the report
    suggestions: list[str]  # what the data suggests next, carefully worded
    notes: list[str]  # what these measures are and are not

    @property
    def empty(self) -> bool:
        return not any(g.trials for g in self.games) and self.adherence.total_minutes == 0
