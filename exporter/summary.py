"""The Summary: one child over a date range, as a versioned pydantic model.

Every renderer (PDF, CSV, JSON) starts from this one model, built from the store only,
so the numbers in the PDF are the numbers in the JSON. Bump ``SUMMARY_VERSION`` when a
field changes meaning; readers check ``schema_id`` and ``version``.

Version 2: success rates exclude warm-ups and state the game's rule; measures that grow
with the task are normalised or compared at matched difficulty, with the test that
decided a change; the task presented in the game's units; goals with their start,
baseline and evidence conditions; the record a clinic files (identifiers, therapist,
practice), the screen's calibration and an honest clock.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from exporter.catalog import Better, ParamInfo

SUMMARY_VERSION = 2
SUMMARY_SCHEMA = "tinyhands.summary"

DayStatus = Literal["practised", "short", "rest", "missed"]
#: met_at_baseline: the first trials after the goal was set already met it (no change
#: shown); cannot_vary: the measure took one value in every trial; baseline_only: the
#: baseline is recorded, too few trials after it to judge
GoalState = Literal[
    "met", "not_yet", "met_at_baseline", "cannot_vary", "baseline_only", "not_rated"
]
#: no_clear_change: the stated test did not clear; task_changed: the task moved so far
#: that no trials at matched difficulty remain to compare
Direction = Literal[
    "improved", "worsened", "no_clear_change", "too_few_trials", "task_changed", "cannot_vary"
]
Evidence = Literal["graded", "home", "none"]
TrialRole = Literal["warmup", "staircase", "graded", "unrecorded"]


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
    #: a second identifier (left out of a pseudonymised export)
    record_number: str = ""
    date_of_birth: date | None = None
    therapist: str = ""
    practice: str = ""
    referral_reason: str = ""
    #: the day the child was added on this device (expected practice counts from it)
    added_on: date | None = None


class Period(_Model):
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class ProgramPart(_Model):
    """What was prescribed for home, and by whom."""

    minutes_per_day: float
    days_per_week: int
    games: list[str]  # names, in the program's order
    set_by: str = ""
    set_on: date | None = None


class ScreenPart(_Model):
    """Whether the millimetres are true millimetres."""

    calibrated: bool
    dpi: float | None
    #: the games' area in mm as the program measured it (from the trials), width x height
    plane_mm: tuple[float, float] | None
    words: str


class InputUse(_Model):
    """One kind of input used in the period, and what it can and cannot measure."""

    input_kind: str
    sessions: int
    minutes: float
    measured: list[str]  # metric labels this input gives
    not_measured: list[str]  # metric labels it cannot give (e.g. pressure from a finger)
    not_observed: str  # in plain words: what this input never shows


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
    #: days from the later of the period's start and the child's first day on this device
    expected_from: date
    expected_days: int  # those days * days_per_week / 7, rounded, at least 1
    days_with_practice: int  # any home practice at all
    days_meeting_prescription: int  # at least the prescribed minutes
    total_minutes: float  # home practice only: a clinic's graded tasks are not counted
    graded_minutes: float  # time in sessions that held graded-task trials only
    median_minutes_on_practice_days: float | None
    streak_at_end: int  # the forgiving streak alive on the last day of the period
    longest_streak: int  # the longest streak up to the end of the period
    rest_days: int  # forgiven days inside the period
    days: list[PracticeDay]


class TaskPoint(_Model):
    """One trial's key presented value (what the child faced), for the task chart."""

    at: datetime
    value: float
    role: TrialRole
    success: bool


class PresentedChange(_Model):
    """One presented value in the game's units: the median of the first and of the last
    practice trials (warm-ups and graded tasks left out)."""

    name: str
    label: str
    unit: str
    first: float
    last: float
    trials_each: int
    key: bool = False
    harder: Literal["higher", "lower", "unknown"] = "unknown"


class TaskCount(_Model):
    """A count that equals the task's own size (beads threaded = beads asked for)."""

    metric: str
    label: str
    presented_label: str
    equal: int
    trials: int


class DayValue(_Model):
    day: date
    median: float
    trials: int


class MetricTrend(_Model):
    """A key measure: how its first trials compare with its last, by a stated test."""

    name: str
    label: str
    unit: str
    better: Better
    #: how the values were made comparable: "per thing", "share of the tolerance",
    #: "at matched band 5.5-6.5 mm" or "as measured"; always in English (stable to match on)
    basis: str
    #: the same in the report's language
    basis_words: str = ""
    trials: int
    first_n: int
    last_n: int
    first_median: float | None
    last_median: float | None
    p_value: float | None
    direction: Direction
    test: str  # the test and its numbers, in words
    days: list[DayValue]
    definition: str = ""


class GradedTask(_Model):
    """The trials of one graded task (one game, a locked grade), shown apart from practice."""

    day: date
    trials: int
    successes: int
    difficulty: float
    key_value: float | None
    key_label: str = ""
    key_unit: str = ""
    item: str | None
    cue_level: str | None
    trial_ids: list[int]
    metrics: dict[str, float]  # medians of the key metrics (as stored, not normalised)
    labels: dict[str, str] = Field(default_factory=dict)  # metric -> title
    units: dict[str, str] = Field(default_factory=dict)  # metric -> unit as stored


class TracePick(_Model):
    """A trial whose trace is drawn over its template: the first, a typical (median score)
    and the last practice trial."""

    role: Literal["first", "typical", "last"]
    trial_id: int
    day: date
    item: str | None
    key_value: float | None
    score: float
    graded: bool
    measures: str = ""  # "inside the band 93 %, mean deviation 1.1 mm"


class GameSummary(_Model):
    game_id: str
    name: str
    skill: str
    trials: int
    warmup_trials: int
    practice_trials: int  # home practice that moved the difficulty (no warm-ups)
    practice_successes: int
    success_rate: float | None  # of practice_trials, 0..1
    success_rule: str
    success_rule_id: str
    graded_trials: int
    interrupted_trials: int
    days_played: int
    first_day: date | None
    last_day: date | None
    key_param: ParamInfo | None
    key_presented: str | None
    task: list[TaskPoint]
    presented: list[PresentedChange]
    task_counts: list[TaskCount]
    items: list[str]  # what was practised, in the order first met
    metrics: list[MetricTrend]
    unvarying: list[str]  # measures with one value in every trial (not charted)
    graded_tasks: list[GradedTask]
    traces: list[TracePick]
    score_text: str
    bound_notices: list[str]
    not_observed: list[str]
    #: "NAME (CITATION)": a standardised test named only with the study linking it
    related_tests: list[str] = Field(default_factory=list)
    key_change: str  # one line for the first page
    sentences: list[str]  # plain sentences saying what changed
    interrupted_rounds: int = 0  # left before the end: not in trials, rates or trends


class GasResult(_Model):
    """The Goal Attainment Scaling level read from the data (see ``exporter.goals``)."""

    level: int | None  # -2..+2, None when the evidence does not allow a rating
    words: str  # the therapist's words for that level
    statistic: float | None  # the value at least N of the last M trials reached
    baseline: float | None  # the same statistic over the baseline trials
    step: float | None  # one GAS level in the metric's unit
    why_not: str = ""  # why there is no level


class GoalResult(_Model):
    goal_id: int
    game_id: str
    description: str  # the therapist's words, as typed
    target: str  # the goal in OT form: condition + behaviour + criterion + cue level
    set_on: date
    set_by: str
    start: date
    target_date: date | None
    evidence: Evidence
    conditions: str  # which trials count, in words
    baseline: str  # the baseline in words ("2 of 5 reached ≥ 80 % on 7 Oct")
    baseline_trial_ids: list[int]
    result: str  # what the data shows, in the same form
    line: str  # status and evidence in one line, for the first page
    state: GoalState
    stored_status: str
    metric: str
    threshold: float
    unit: str
    n_required: int
    m_window: int
    n_met: int
    trials_considered: int
    evidence_trial_ids: list[int]
    gas: GasResult | None = None


class GlossaryEntry(_Model):
    term: str
    definition: str


class Summary(_Model):
    schema_id: Literal["tinyhands.summary"] = SUMMARY_SCHEMA
    version: int = SUMMARY_VERSION
    #: the language of every sentence and label below ("en", "es", "fr"); keys, codes and
    #: units stay the same in every language
    language: str = "en"
    generated_at: datetime
    #: the latest trial in the period: a report made "before" it means the clock is wrong
    latest_trial_at: datetime | None = None
    clock_note: str = ""
    app_version: str = ""
    child: ChildPart
    period: Period
    program: ProgramPart
    screen: ScreenPart
    devices: list[str]
    inputs: list[InputUse]
    adherence: Adherence
    games: list[GameSummary]
    goals: list[GoalResult]
    gas_t_score: float | None
    gas_goals: int
    gas_basis: str
    observations: list[str]  # what changed, across the report
    limits: list[str]  # what the data cannot tell
    suggestions: list[str]  # what the data suggests next, carefully worded
    notes: list[str]  # what these measures are and are not
    glossary: list[GlossaryEntry] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(g.trials for g in self.games) and self.adherence.total_minutes == 0
