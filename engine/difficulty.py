"""Adaptive difficulty: one controller that picks the next round's difficulty for a child in a game.

Every game maps a difficulty value ``d`` in [0, 1] to concrete parameters through its ladder
(``d = 0`` easiest, ``d = 1`` hardest); :func:`log_interp` and :func:`lin_interp` are the helpers
those ladders use. This module moves ``d``; it knows nothing of pygame, the store or any game, so
the app hands it the stored state (``DifficultyState.to_dict`` / ``from_dict``) per (child, game)
and the time of each trial.

It is built for how children really practise at home: a few minutes a day, several games in
turn (about four rounds of each game a day), days missed, bad days, skill that grows over
weeks, and a graded task at the clinic now and then (see :mod:`engine.home_practice`, which
simulates exactly that schedule). The algorithm (details in :class:`DifficultyController`):

* A **weighted up/down staircase** (Kaernbach 1991) on the tracked value ``value``: a success
  presented at ``value`` moves it up by a step ``s``, a miss down by ``s * p / (1 - p)`` (1 : 4
  for ``p = 0.80``), so it sits where success is 80 %, the challenge point the field notes
  recommend. Steps shrink at reversals (Levitt 1971) down to a floor.
* **Every outcome is evidence about the value actually presented.** A trial presented away from
  ``value`` (a warm-up below it, the program's bound, a graded task's fixed grade) moves
  ``value`` by ``s (1 + r) (o - P(d))``, where ``P(d)`` is the success the staircase expects at
  ``d`` (a logistic curve through 80 % at ``value``). At ``d = value`` that is exactly the
  staircase move; below it a success says little and a miss says a lot, which is the honest
  weighting of an easier trial. (This is the Elo-style update of Klinkenberg 2011 / the field
  notes' "cross-session Elo", with the staircase's step as its K.)
* **Warm-up only when the child needs it**: by the time since this game was last played. None
  later the same day or the next day; one easier trial after a gap of two days or more, two
  after a week.
* **Memory across days**: one practice day moves the tracked value at most ``day_margin``
  (a bad day is followed within the day and left behind the next). The value at the end of
  each of the last eight practice days is kept; when it rises (or falls) steadily over them
  -- a least-squares slope 3.5 standard errors from zero, which a steady child's wander
  seldom gives -- each new day starts that trend times the days since the last one further
  on. So the staircase's own steps can stay small (a steady child is held steadily) while a
  child who improves over weeks is followed (a Kalman-style drift term, estimated from the
  days' evidence rather than from large steps).
* **Frustration guard** (3 misses in a row step back clearly) and a **rolling rail** (recent
  success well below target steps back).
* **Bounds** from the therapist's home program clamp what is presented (the tracked value may
  pass a bound by a small margin, so "sat at the bound and succeeded" stays visible and raising
  the bound is not a leap); a **lock** (graded task) presents its grade exactly for N trials.

``python -m engine.home_practice`` prints how this serves simulated children on the real
schedule.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
)

__all__ = [
    "Bounds",
    "DifficultyController",
    "DifficultyState",
    "StaircaseConfig",
    "TrialPlan",
    "lin_interp",
    "log_interp",
]

STATE_VERSION = 2

_Unit = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


# --------------------------------------------------------------------------------------------
# Ladder helpers
# --------------------------------------------------------------------------------------------


def _clamp01(d: float) -> float:
    if math.isnan(d):
        raise ValueError("difficulty must be a number, not NaN")
    return min(1.0, max(0.0, d))


def lin_interp(d: float, easy: float, hard: float) -> float:
    """Linear interpolation from ``easy`` at d=0 to ``hard`` at d=1 (``d`` is clamped to [0, 1]).

    For parameters whose effect on difficulty is additive (counts, angles, fractions).
    """
    d = _clamp01(d)
    return easy + (hard - easy) * d


def log_interp(d: float, easy: float, hard: float) -> float:
    """Geometric interpolation from ``easy`` at d=0 to ``hard`` at d=1 (``d`` clamped to [0, 1]).

    Sizes and times act on a ratio scale (Fitts' index of difficulty is log2(A/W + 1); a 7 mm
    target is as much harder than 14 mm as 14 mm is than 28 mm), and the field notes recommend
    running the staircase "on a log-scaled parameter": equal steps in ``d`` are then equal
    *ratios* of the parameter, so one step means the same at both ends of a ladder.
    Both values must be positive.
    """
    if not (easy > 0.0 and hard > 0.0) or math.isinf(easy) or math.isinf(hard):
        raise ValueError(f"log_interp needs finite positive values, not {easy!r}, {hard!r}")
    d = _clamp01(d)
    if d == 0.0:
        return easy
    if d == 1.0:
        return hard
    return math.exp(math.log(easy) + (math.log(hard) - math.log(easy)) * d)


# --------------------------------------------------------------------------------------------
# Configuration, bounds, state
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaircaseConfig:
    """The controller's constants. All steps are in difficulty units (the whole ladder is 1.0).

    The defaults were chosen with :mod:`engine.home_practice` (simulated children on the
    default home program: 5 minutes a day, four games in turn, about 60 % of days played,
    learning, bad days, graded tasks); ``python -m benchmarks --only difficulty`` prints them.
    """

    target: float = 0.80
    """Success rate aimed at. Kaernbach 1991: step_easier / step_harder = target / (1 - target)."""
    initial_step: float = 0.12
    """Harder step at the start: large, so a child far from ``start`` is found quickly."""
    shrink: float = 0.5
    """Factor the step is multiplied by at each reversal (Levitt 1971: halve the step)."""
    min_step: float = 0.0075
    """Smallest harder step (the easier step is 4x this). Small steps hold a settled child
    steadily (a steady child's value wanders less); a child who improves over weeks is
    followed by the trend below rather than by large steps."""
    day_step: float = 0.0075
    """At the first trial of a new day the step grows back to at least this: a child may have
    changed since yesterday (Glicko's growing uncertainty with time, in one number)."""
    start: float = 0.2
    """Value for a child who has never played the game: on the easy side, never a failure first."""
    new_day_hours: float = 6.0
    """A gap of at least this long since the game was last played starts a new practice day."""
    warmup_after_days: float = 1.75
    """One warm-up trial when the game was last played at least this many days ago ..."""
    long_gap_days: float = 7.0
    """... two after this long a break."""
    warmup_offset: float = 0.06
    """How much easier a warm-up trial is presented than the tracked value ..."""
    warmup_offset_long: float = 0.10
    """... and after a long break."""
    model_slope: float = 8.0
    """Slope (per unit of difficulty) of the logistic curve the controller assumes when it
    weighs an outcome presented away from the tracked value; only off-value trials use it."""
    bound_margin: float = 0.1
    """How far the tracked value may pass a program bound (what is presented never does)."""
    day_margin: float = 0.08
    """One practice day moves the tracked value at most this far, either way: a bad (or
    lucky) day is followed within the day, and the next day starts near where the child
    was. Symmetric, so a steady child is pushed neither way."""
    guard_misses: int = 3
    """Frustration guard: this many misses in a row ..."""
    guard_step: float = 0.12
    """... step back this much (on top of the normal step) ..."""
    guard_reset_step: float = 0.04
    """... and let the step grow back to at least this, so the child is re-found quickly."""
    rail_window: int = 15
    """Rolling rail (field notes): over the last ``rail_window`` staircase trials ..."""
    rail_floor: float = 0.60
    """... a success rate below this steps back ``rail_steps`` easier steps."""
    rail_steps: float = 2.0
    ceiling_window: int = 6
    """Upper rail: when all of the last ``ceiling_window`` staircase trials succeeded ...
    (at 80 % success that happens by chance about a quarter of the time, and the rail then
    clears; a child who got better since the staircase last caught up does it far more
    often) ..."""
    ceiling_steps: float = 2.0
    """... step forward this many harder steps."""
    trend_days: int = 8
    """Trend (a child learning over weeks, or losing it): the tracked value at the end of each
    of the last this many practice days is kept ..."""
    trend_t: float = 3.5
    """... and when it rises or falls steadily over them (a least-squares slope at least this
    many standard errors from zero; a steady child's day-to-day wander seldom is), each new
    day starts that slope times the days since the last day played further on ..."""
    trend_after: int = 4
    """... once the opening search is over (this many reversals: the climb to a child's level
    is a rise too, but not learning) ..."""
    drift_max: float = 0.03
    """... with the slope held within this per day (about three times a fast learner's rise
    of 0.3 of the ladder in four weeks) ..."""
    drift_cap_days: float = 3.0
    """... and predicted forward over at most this many days of a gap (after a longer break
    the warm-up and the staircase find the child; a long extrapolation would only guess)."""
    pass_score: float = 0.5
    """When ``record`` gets no success flag, a score at or above this counts as a success."""

    def __post_init__(self) -> None:
        checks: list[tuple[bool, str]] = [
            (0.5 <= self.target < 1.0, "target must be in [0.5, 1)"),
            (0.0 < self.min_step <= self.initial_step <= 0.5, "need 0 < min_step <= initial_step"),
            (0.0 < self.shrink <= 1.0, "shrink must be in (0, 1]"),
            (0.0 <= self.start <= 1.0, "start must be in [0, 1]"),
            (self.min_step <= self.day_step <= 0.5, "day_step out of range"),
            (self.new_day_hours > 0.0, "new_day_hours must be positive"),
            (0.0 <= self.warmup_after_days <= self.long_gap_days, "warm-up gaps out of order"),
            (0.0 <= self.warmup_offset <= self.warmup_offset_long <= 1.0, "warm-up offsets"),
            (self.model_slope > 0.0, "model_slope must be positive"),
            (0.0 <= self.bound_margin <= 1.0, "bound_margin must be in [0, 1]"),
            (0.0 < self.day_margin <= 1.0, "day_margin must be in (0, 1]"),
            (self.guard_misses >= 1, "guard_misses must be >= 1"),
            (0.0 <= self.guard_step <= 1.0, "guard_step must be in [0, 1]"),
            (self.min_step <= self.guard_reset_step <= 0.5, "guard_reset_step out of range"),
            (self.rail_window >= 1, "rail_window must be >= 1"),
            (0.0 <= self.rail_floor <= 1.0, "rail_floor must be in [0, 1]"),
            (self.rail_steps >= 0.0, "rail_steps must be >= 0"),
            (0.0 < self.pass_score <= 1.0, "pass_score must be in (0, 1]"),
            (self.trend_days == 0 or self.trend_days >= 4, "trend_days: 0 (off) or >= 4"),
            (self.trend_t > 0.0 and self.trend_after >= 0, "trend_t > 0, trend_after >= 0"),
            (0.0 <= self.drift_max <= 0.2 and self.drift_cap_days >= 0.0, "drift limits"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"StaircaseConfig: {message}")

    @property
    def ratio(self) -> float:
        """step_easier / step_harder = p / (1 - p) (Kaernbach 1991): 4 for p = 0.80."""
        return self.target / (1.0 - self.target)

    def expected(self, value: float, d: float) -> float:
        """The success the controller expects at ``d`` when its tracked value is ``value``:
        a logistic curve through ``target`` at ``value`` with ``model_slope``."""
        z = self.model_slope * (value - d) + math.log(self.target / (1.0 - self.target))
        return 1.0 / (1.0 + math.exp(-max(-700.0, min(700.0, z))))


@dataclass(frozen=True)
class Bounds:
    """A therapist's difficulty bounds for a game in a home program (0 <= low <= high <= 1)."""

    low: float = 0.0
    high: float = 1.0

    def __post_init__(self) -> None:
        # NaN fails every comparison, so it is rejected here too.
        if not (0.0 <= self.low <= self.high <= 1.0):
            raise ValueError(
                f"Bounds need 0 <= low <= high <= 1, not low={self.low}, high={self.high}"
            )

    def clamp(self, d: float) -> float:
        return min(self.high, max(self.low, d))

    def at(self, d: float, eps: float = 1e-9) -> str | None:
        """ "high" / "low" when ``d`` sits at a bound the therapist narrowed (a bound at the
        ladder's own end, 0 or 1, is no limit of the program's), else None."""
        if self.high < 1.0 and d >= self.high - eps:
            return "high"
        if self.low > 0.0 and d <= self.low + eps:
            return "low"
        return None


@dataclass
class DifficultyState:
    """Everything the controller remembers for one (child, game); stored as JSON by ``progress``.

    ``value`` is the tracked staircase value; what is presented may differ (warm-up, lock, bounds).
    ``step`` is the current *harder* step; the easier step is ``step * config.ratio``.
    Times are seconds since the epoch (UTC), as the app hands them over.
    """

    value: float = StaircaseConfig.start
    step: float = StaircaseConfig.initial_step
    reversals: int = 0
    last_direction: int = 0  # +1 last move was harder, -1 easier, 0 none yet
    trials: int = 0  # every recorded trial, warm-up and graded included
    misses_in_row: int = 0
    sessions: int = 0
    session_trials: int = 0
    warmup_left: int = 0
    warmup_offset: float = 0.0  # how much easier this session's warm-up trials are presented
    guard_fired: int = 0
    rail_fired: int = 0
    ceiling_fired: int = 0
    recent: list[float] = field(default_factory=list)  # outcomes for the rolling rail
    lock_value: float | None = None
    lock_remaining: int = 0
    graded_trials: int = 0
    last_played: float | None = None  # when the last trial of this game was recorded
    day_capped: int = 0  # practice days whose change was held to ``day_margin``
    today: float = 0.0  # the frustration guard's offset for this day (0 at each new day)
    day_value: float | None = None  # ``value`` when the current practice day began
    day_ends: list[list[float]] = field(default_factory=list)  # [day, value] of recent day ends
    drift: float = 0.0  # the trend: change of the child's level per day (learning, or losing it)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (plain floats, ints, lists, None) with a ``version`` key."""
        d = asdict(self)
        d["recent"] = [float(x) for x in self.recent]
        d["version"] = STATE_VERSION
        return d

    @classmethod
    def from_dict(cls, d: object) -> DifficultyState:
        """Rebuild a state; never raises.

        A corrupt stored state must never stop a child playing: unknown keys are ignored, and a
        missing or invalid field (wrong type, NaN, out of range) falls back to its default, field
        by field, so one bad value does not throw away the rest of the child's history. A
        version-1 state (before days were remembered) loads with no day memory.
        """
        if not isinstance(d, dict):
            return cls()
        try:
            stored = _StoredState.model_validate(d)
        except (ValidationError, TypeError, ValueError):  # pragma: no cover - wrap catches these
            return cls()
        data = stored.model_dump()
        if data["lock_value"] is None or data["lock_remaining"] == 0:
            data["lock_value"], data["lock_remaining"] = None, 0
        return cls(**data)


_Time = Annotated[float, Field(ge=0.0, le=1e11, allow_inf_nan=False)]


class _StoredState(BaseModel):
    """The store boundary for :class:`DifficultyState`: validation with per-field fallback."""

    model_config = ConfigDict(extra="ignore", allow_inf_nan=False, strict=True, defer_build=True)

    value: float = Field(default=StaircaseConfig.start, ge=0.0, le=1.0)
    step: float = Field(default=StaircaseConfig.initial_step, gt=0.0, le=0.5)
    reversals: int = Field(default=0, ge=0)
    last_direction: int = Field(default=0, ge=-1, le=1)
    trials: int = Field(default=0, ge=0)
    misses_in_row: int = Field(default=0, ge=0, le=1_000_000)
    sessions: int = Field(default=0, ge=0)
    session_trials: int = Field(default=0, ge=0)
    warmup_left: int = Field(default=0, ge=0, le=1000)
    warmup_offset: float = Field(default=0.0, ge=0.0, le=1.0)
    guard_fired: int = Field(default=0, ge=0)
    rail_fired: int = Field(default=0, ge=0)
    ceiling_fired: int = Field(default=0, ge=0)
    recent: list[_Unit] = Field(default_factory=list, max_length=1000)
    lock_value: _Unit | None = None
    lock_remaining: int = Field(default=0, ge=0)
    graded_trials: int = Field(default=0, ge=0)
    last_played: _Time | None = None
    day_capped: int = Field(default=0, ge=0)
    today: float = Field(default=0.0, ge=-1.0, le=0.0)
    day_value: _Unit | None = None
    day_ends: list[Annotated[list[float], Field(min_length=2, max_length=2)]] = Field(
        default_factory=list, max_length=100
    )
    drift: float = Field(default=0.0, ge=-1.0, le=1.0)

    @field_validator("*", mode="wrap")
    @classmethod
    def _or_default(cls, value: Any, handler: ValidatorFunctionWrapHandler, info: Any) -> Any:
        """Any field that fails validation takes its default instead of failing the whole state."""
        try:
            return handler(value)
        except (ValidationError, TypeError, ValueError):
            return cls.model_fields[info.field_name].get_default(call_default_factory=True)


def _steady_slope(points: list[list[float]], t_min: float) -> float:
    """The least-squares slope of ``points`` ([x, y] pairs) when it is at least ``t_min``
    standard errors from zero, else 0: a trend only when the points show one."""
    n = len(points)
    if n < 4:
        return 0.0
    mx = statistics.fmean(p[0] for p in points)
    my = statistics.fmean(p[1] for p in points)
    sxx = sum((p[0] - mx) ** 2 for p in points)
    if sxx <= 1e-12:
        return 0.0
    b = sum((p[0] - mx) * (p[1] - my) for p in points) / sxx
    resid = sum((p[1] - my - b * (p[0] - mx)) ** 2 for p in points)
    se = math.sqrt(resid / (n - 2) / sxx)
    return b if abs(b) >= t_min * max(se, 1e-9) else 0.0


def _seconds(now: datetime | float | None) -> float | None:
    """A moment as seconds since the epoch; None stays None (time unknown)."""
    if now is None:
        return None
    t = now.timestamp() if isinstance(now, datetime) else float(now)
    return t if math.isfinite(t) else None


# --------------------------------------------------------------------------------------------
# The controller
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrialPlan:
    """What to present next and how to mark the trial when it is saved."""

    difficulty: float
    graded: bool  # part of a therapist's graded task (locked): store the trial as graded
    warmup: bool  # a warm-up trial (presented easier after a gap)
    tracked: float | None = None  # the staircase's own value (a warm-up is presented below it)
    at_bound: str | None = None  # "low" / "high": the presented value sits at a program bound

    @property
    def kind(self) -> str:
        """How the controller chose it: "graded", "warmup" or "staircase"."""
        return "graded" if self.graded else "warmup" if self.warmup else "staircase"


class DifficultyController:
    """Picks the difficulty of a child's next round in one game; deterministic, no randomness.

    Per recorded trial with outcome ``o`` in [0, 1], presented at ``d``, tracked value ``v``,
    harder step ``s`` and ``r = target / (1 - target)`` (= 4):

    * **At the tracked value** (``d == v``): ``v += s * (o - (1 - o) * r)`` -- ``+s`` for a
      success, ``-r s`` for a miss (Kaernbach 1991); its fixed point is E[o] = target. Over a
      stretch with a constant step, ``mean(o) = target + (v_end - v_start) / (n s (1 + r))``,
      which is why success is held at the target once ``v`` stops drifting. A change of
      direction is a reversal: the step is multiplied by ``shrink`` (not below ``min_step``)
      before it is applied; a *first* reversal that is a miss divides it by ``r`` instead, so
      the easier move lands exactly on the last value succeeded at.
    * **Away from it** (warm-up, a bound, a graded grade): ``v += w s (1 + r) (o - P(d))`` with
      ``P`` from :meth:`StaircaseConfig.expected` -- the same move at ``d == v``, smaller for a
      success and larger for a miss below ``v``. ``w`` is the caller's weight (a graded trial
      given with a therapist's cues is no evidence of what the child does alone: weight 0).
      These never count as reversals.
    * ``start_session(now)``: a new practice day when the game was last played at least
      ``new_day_hours`` ago: the day's end value is remembered, a bad day is recovered from
      (the day starts again from the median of the days before), the step grows to at least
      ``day_step``, and a warm-up is given after a gap of ``warmup_after_days``.
    * Frustration guard, rolling rail and bounds as described in the module docstring; the
      tracked value stays within ``bound_margin`` of the bounds.

    When ``success`` is given, the outcome is that flag (1 or 0): the success rate is what is
    held at the target. Without the flag, ``o = score`` (a graded outcome, held at a mean score
    of ``target``) and a score of at least ``pass_score`` counts as a success for the guard.
    """

    def __init__(
        self,
        state: DifficultyState | None = None,
        bounds: Bounds = Bounds(),  # noqa: B008 - frozen, immutable default
        config: StaircaseConfig = StaircaseConfig(),  # noqa: B008 - frozen, immutable default
    ) -> None:
        self._config = config
        self._bounds = bounds
        if state is None:
            state = DifficultyState(value=config.start, step=config.initial_step)
        else:
            # Copy (the caller's object stays theirs) and bring a state stored under other
            # bounds or another config back inside this controller's limits.
            state = DifficultyState.from_dict(state.to_dict())
        state.step = min(max(state.step, config.min_step), max(config.initial_step, 0.5))
        state.value = self._limit(state.value)
        del state.recent[: max(0, len(state.recent) - config.rail_window)]
        self._state = state

    # --- reading -------------------------------------------------------------------------

    @property
    def state(self) -> DifficultyState:
        """A copy of the state, to store with ``to_dict()``."""
        return DifficultyState.from_dict(self._state.to_dict())

    @property
    def bounds(self) -> Bounds:
        return self._bounds

    @property
    def config(self) -> StaircaseConfig:
        return self._config

    @property
    def locked(self) -> bool:
        return self._state.lock_value is not None and self._state.lock_remaining > 0

    @property
    def graded_remaining(self) -> int:
        """Graded trials still to play under the current lock (0 when not locked)."""
        return self._state.lock_remaining if self.locked else 0

    @property
    def in_warmup(self) -> bool:
        return self._state.warmup_left > 0 and not self.locked

    def next_difficulty(self) -> float:
        """The value to present next: a lock's value exactly, else within bounds, warm-up aware."""
        s = self._state
        if self.locked:
            assert s.lock_value is not None
            return s.lock_value
        d = s.value + s.today - (s.warmup_offset if s.warmup_left > 0 else 0.0)
        return self._bounds.clamp(min(1.0, max(0.0, d)))

    def next_trial(self) -> TrialPlan:
        """``next_difficulty()`` plus how to mark the trial (graded, warm-up) in the store."""
        d = self.next_difficulty()
        return TrialPlan(
            d,
            graded=self.locked,
            warmup=self.in_warmup,
            tracked=self._state.value,
            at_bound=None if self.locked else self._bounds.at(d),
        )

    # --- changing ------------------------------------------------------------------------

    def start_session(self, now: datetime | float | None = None) -> None:
        """The child starts playing (the app opens this game for them) at ``now``.

        Later the same day nothing changes: no second warm-up, the day goes on. A new day
        (``new_day_hours`` since the game was last played, or an unknown time) remembers how
        the last day ended, starts again from the recent days after a bad day, grows the step
        back to ``day_step`` and gives a warm-up after a gap. A child who has never played
        starts at ``start`` (already easy) without one.
        """
        cfg, s = self._config, self._state
        t = _seconds(now)
        s.sessions += 1
        s.session_trials = 0
        s.misses_in_row = 0
        if s.trials == 0:
            s.day_value = s.value
            return
        gap_h = None if t is None or s.last_played is None else (t - s.last_played) / 3600.0
        if gap_h is not None and abs(gap_h) < cfg.new_day_hours:
            return  # the same practice day (a clock set back a little changes nothing)
        # A new practice day. A clock that jumped far back or an unknown time count as one,
        # with the warm-up a real gap of unknown length deserves.
        s.today = 0.0
        if s.day_value is not None and s.reversals >= 2:
            # A day moves the tracked value at most ``day_margin`` (see the config).
            change = s.value - s.day_value
            if abs(change) > cfg.day_margin:
                change = math.copysign(cfg.day_margin, change)
                s.value = self._limit(s.day_value + change)
                s.day_capped += 1
        if cfg.trend_days > 0 and s.last_played is not None and s.reversals >= cfg.trend_after:
            # The last day's end goes into the trend; a steady slope moves today's start on.
            s.day_ends.append([s.last_played / 86400.0, s.value])
            del s.day_ends[: max(0, len(s.day_ends) - cfg.trend_days)]
            slope = _steady_slope(s.day_ends, cfg.trend_t)
            s.drift = max(-cfg.drift_max, min(cfg.drift_max, slope))
            if t is not None and s.drift:
                ahead = min(cfg.drift_cap_days, max(0.0, t / 86400.0 - s.day_ends[-1][0]))
                s.value = self._limit(s.value + s.drift * ahead)
        s.day_value = s.value
        s.step = max(s.step, cfg.day_step)
        gap_days = gap_h / 24.0 if gap_h is not None and gap_h >= 0.0 else cfg.warmup_after_days
        if gap_days >= cfg.long_gap_days:
            s.warmup_left, s.warmup_offset = 2, cfg.warmup_offset_long
        elif gap_days >= cfg.warmup_after_days:
            s.warmup_left, s.warmup_offset = 1, cfg.warmup_offset
        else:
            s.warmup_left, s.warmup_offset = 0, 0.0

    def lock(self, value: float, trials: int) -> None:
        """Fix the difficulty at ``value`` for the next ``trials`` trials (a graded task).

        The therapist's explicit grade wins over the home-program bounds (those limit what the
        staircase does on its own at home); it must still be a difficulty in [0, 1].
        """
        if not (isinstance(value, int | float) and 0.0 <= value <= 1.0):
            raise ValueError(f"lock value must be within [0, 1], not {value!r}")
        if isinstance(trials, bool) or not isinstance(trials, int) or trials < 1:
            raise ValueError(f"lock needs at least 1 trial, not {trials!r}")
        self._state.lock_value = float(value)
        self._state.lock_remaining = trials

    def unlock(self) -> None:
        """End a graded task early; the staircase continues where it was."""
        self._state.lock_value = None
        self._state.lock_remaining = 0

    def record(
        self,
        score: float,
        success: bool | None = None,
        *,
        now: datetime | float | None = None,
        weight: float = 1.0,
    ) -> float:
        """Update after a trial (``score`` 0..1, optional success flag, when it ended, how much
        it counts as evidence 0..1); returns what ``next_difficulty()`` now gives."""
        if not (isinstance(score, int | float) and 0.0 <= score <= 1.0):
            raise ValueError(f"score must be within [0, 1], not {score!r}")
        if not (isinstance(weight, int | float) and 0.0 <= weight <= 1.0):
            raise ValueError(f"weight must be within [0, 1], not {weight!r}")
        cfg, s = self._config, self._state
        d = self.next_difficulty()
        t = _seconds(now)
        if t is not None:
            s.last_played = t
        s.trials += 1
        s.session_trials += 1

        passed = (score >= cfg.pass_score) if success is None else bool(success)
        # With a success flag the outcome is the flag itself. (Earlier versions graded it by
        # the score -- a miss never below ``target`` -- and a tracing miss with a score of
        # 0.85 then did not move the staircase at all: it only climbed, and success drifted
        # far from 80 %.) Without one, the score is a graded outcome.
        o = float(score) if success is None else (1.0 if passed else 0.0)

        if self.locked:  # graded task: the grade stays; the outcome is evidence at that grade
            s.graded_trials += 1
            s.lock_remaining -= 1
            if s.lock_remaining <= 0:
                self.unlock()
            self._off_value_move(o, d, weight)
            return self.next_difficulty()

        warmup = s.warmup_left > 0
        if warmup:
            s.warmup_left -= 1
            if s.warmup_left == 0:
                s.warmup_offset = 0.0
        s.misses_in_row = 0 if passed else s.misses_in_row + 1

        if warmup or abs(d - (s.value + s.today)) > 1e-9:
            self._off_value_move(o, d, weight)
        else:
            drive = o - (1.0 - o) * cfg.ratio  # +1 for a full success, -ratio for a full miss
            direction = (drive > 1e-12) - (drive < -1e-12)
            if direction != 0:
                reversal = s.last_direction != 0 and direction != s.last_direction
                if reversal and s.reversals == 0 and direction < 0:
                    # The first reversal, a miss ending the opening climb: the step shrinks
                    # first, so the easier move lands back on the last value succeeded at.
                    s.step = max(cfg.min_step, s.step / cfg.ratio)
                    self._move(weight * s.step * drive)
                else:
                    # The step is chosen before the outcome is seen and shrinks only for the
                    # next trial: a step that depended on this outcome would bias the fixed
                    # point (a success at a day's grown step, misses at the shrunk one, sits
                    # below the target).
                    self._move(weight * s.step * drive)
                    if reversal:
                        s.step = max(cfg.min_step, s.step * cfg.shrink)
                s.reversals += reversal
                s.last_direction = direction

        if s.misses_in_row >= cfg.guard_misses:
            s.today = max(-1.0, s.today - cfg.guard_step)
            s.step = max(s.step, cfg.guard_reset_step)
            s.last_direction = 0
            s.misses_in_row = 0
            s.guard_fired += 1
            s.recent.clear()
        elif not warmup:
            s.recent.append(o)
            del s.recent[: max(0, len(s.recent) - cfg.rail_window)]
            if len(s.recent) == cfg.rail_window and statistics.fmean(s.recent) < cfg.rail_floor:
                s.value -= cfg.rail_steps * s.step * cfg.ratio
                s.rail_fired += 1
                s.recent.clear()
            elif (
                cfg.ceiling_window > 0
                and len(s.recent) >= cfg.ceiling_window
                and min(s.recent[-cfg.ceiling_window :]) >= cfg.target
                and all(x > cfg.target for x in s.recent[-cfg.ceiling_window :])
            ):
                s.value += cfg.ceiling_steps * max(s.step, cfg.day_step)
                s.ceiling_fired += 1
                s.recent.clear()

        s.value = self._limit(s.value)
        return self.next_difficulty()

    # --- helpers ---------------------------------------------------------------------------

    def _off_value_move(self, o: float, d: float, weight: float) -> None:
        """Evidence from a trial presented at ``d`` away from the tracked value."""
        cfg, s = self._config, self._state
        expected = cfg.expected(s.value + s.today, d)
        self._move(weight * s.step * (1.0 + cfg.ratio) * (o - expected))

    def _move(self, delta: float) -> None:
        self._state.value = self._limit(self._state.value + delta)

    def _limit(self, v: float) -> float:
        """The tracked value stays in [0, 1] and within ``bound_margin`` of the bounds."""
        m = self._config.bound_margin
        lo = max(0.0, self._bounds.low - m)
        hi = min(1.0, self._bounds.high + m)
        return min(hi, max(lo, v))
