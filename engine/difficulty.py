"""Adaptive difficulty: one controller that picks the next round's difficulty for a child in a game.

Every game maps a difficulty value ``d`` in [0, 1] to concrete parameters through its ladder
(``d = 0`` easiest, ``d = 1`` hardest); :func:`log_interp` and :func:`lin_interp` are the helpers
those ladders use. This module moves ``d``; it knows nothing of pygame, the store or any game, so
the app hands it the stored state (``DifficultyState.to_dict`` / ``from_dict``) per (child, game).

The algorithm (see :class:`DifficultyController` for the details):

* A **weighted up/down staircase** (Kaernbach 1991): after a success ``d`` rises by a step
  ``s``, after a miss it falls by ``s * p / (1 - p)``. With ``p = 0.80`` that ratio is 1 : 4, and
  the staircase sits where the expected outcome is exactly ``p`` -- an 80 % success rate, the
  challenge point the field notes recommend (Levitt 1971's transformed 1-up/3-down gives 79.4 %
  but only on a discrete grid; the weighted rule works on a continuous value). A *graded* outcome
  ``o`` in [0, 1] moves ``d`` by ``s * (o - (1 - o) * 4)``, which keeps the same fixed point in
  expectation.
* **Steps shrink after reversals** (Levitt 1971: large steps to find the region quickly, small
  steps to hold it), from a fast start down to a minimum step. The first reversal steps back
  exactly to the last value the child succeeded at instead of overshooting below it.
* **Warm-up**: the first trials of each session are presented slightly easier. Outcomes at an
  easier value are biased evidence, so they do not move the staircase; a warm-up miss instead
  makes the rest of the warm-up easier still (relief), which is how a bad day is met at once.
* **Frustration guard**: after 3 misses in a row the value steps back clearly and the step
  grows again, so a bad day is followed down and recovered from quickly.
* **Rolling rail**: if the recent success rate falls well below target the value steps back.
* **Bounds** from the therapist's home program clamp every value; a **lock** (graded task) fixes
  the value for N trials and does not move the staircase.

``python -m engine.difficulty`` prints a simulation table (simulated children with logistic
psychometric curves) so the behaviour can be seen without a game.
"""

from __future__ import annotations

import math
import random
import statistics
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
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
    "SimulatedChild",
    "SimulationRun",
    "StaircaseConfig",
    "TrialPlan",
    "lin_interp",
    "log_interp",
    "settle_trial",
    "simulate",
]

STATE_VERSION = 1

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

    The defaults were chosen by the simulation in this module (see ``python -m engine.difficulty``
    and ``benchmarks/bench_difficulty.py``): they settle within 15 trials from ``start`` for
    children anywhere on the ladder and hold them within 0.80 +/- 0.07 success.
    """

    target: float = 0.80
    """Success rate aimed at. Kaernbach 1991: step_easier / step_harder = target / (1 - target)."""
    initial_step: float = 0.12
    """Harder step at the start: large, so a child far from ``start`` is found quickly."""
    shrink: float = 0.5
    """Factor the step is multiplied by at each reversal (Levitt 1971: halve the step)."""
    min_step: float = 0.006
    """Smallest harder step; the easier step is then 4x this (0.024). Small, because the wander
    of a staircase at equilibrium grows with its step (variance ~ step / slope): a child whose
    success changes slowly with difficulty would otherwise be walked up and down the ladder."""
    session_step: float = 0.04
    """At each new session the step grows back to at least this, so a child who improved (or
    slipped) since last time is followed within a session, not over weeks."""
    start: float = 0.2
    """Value for a child who has never played the game: on the easy side, never a failure first."""
    warmup_trials: int = 3
    """Trials at the start of each session that are presented easier."""
    warmup_offset: float = 0.08
    """How much easier warm-up trials are presented than the tracked value. A warm-up miss adds
    the size of a normal miss move (``ratio * step``) to this for the rest of the warm-up."""
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
    pass_score: float = 0.5
    """When ``record`` gets no success flag, a score at or above this counts as a success."""

    def __post_init__(self) -> None:
        checks: list[tuple[bool, str]] = [
            (0.5 <= self.target < 1.0, "target must be in [0.5, 1)"),
            (0.0 < self.min_step <= self.initial_step <= 0.5, "need 0 < min_step <= initial_step"),
            (0.0 < self.shrink <= 1.0, "shrink must be in (0, 1]"),
            (0.0 <= self.start <= 1.0, "start must be in [0, 1]"),
            (self.warmup_trials >= 0, "warmup_trials must be >= 0"),
            (0.0 <= self.warmup_offset <= 1.0, "warmup_offset must be in [0, 1]"),
            (self.guard_misses >= 1, "guard_misses must be >= 1"),
            (0.0 <= self.guard_step <= 1.0, "guard_step must be in [0, 1]"),
            (self.min_step <= self.guard_reset_step <= 0.5, "guard_reset_step out of range"),
            (self.min_step <= self.session_step <= 0.5, "session_step out of range"),
            (self.rail_window >= 1, "rail_window must be >= 1"),
            (0.0 <= self.rail_floor <= 1.0, "rail_floor must be in [0, 1]"),
            (self.rail_steps >= 0.0, "rail_steps must be >= 0"),
            (0.0 < self.pass_score <= 1.0, "pass_score must be in (0, 1]"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"StaircaseConfig: {message}")

    @property
    def ratio(self) -> float:
        """step_easier / step_harder = p / (1 - p) (Kaernbach 1991): 4 for p = 0.80."""
        return self.target / (1.0 - self.target)


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
    guard_fired: int = 0
    rail_fired: int = 0
    recent: list[float] = field(default_factory=list)  # outcomes for the rolling rail
    lock_value: float | None = None
    lock_remaining: int = 0
    graded_trials: int = 0
    warmup_relief: float = 0.0  # extra easing of the remaining warm-up trials after a warm-up miss

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
        by field, so one bad value does not throw away the rest of the child's history.
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
    guard_fired: int = Field(default=0, ge=0)
    rail_fired: int = Field(default=0, ge=0)
    recent: list[_Unit] = Field(default_factory=list, max_length=1000)
    lock_value: _Unit | None = None
    lock_remaining: int = Field(default=0, ge=0)
    graded_trials: int = Field(default=0, ge=0)
    warmup_relief: float = Field(default=0.0, ge=0.0, le=1.0)

    @field_validator("*", mode="wrap")
    @classmethod
    def _or_default(cls, value: Any, handler: ValidatorFunctionWrapHandler, info: Any) -> Any:
        """Any field that fails validation takes its default instead of failing the whole state."""
        try:
            return handler(value)
        except (ValidationError, TypeError, ValueError):
            return cls.model_fields[info.field_name].get_default(call_default_factory=True)


# --------------------------------------------------------------------------------------------
# The controller
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrialPlan:
    """What to present next and how to mark the trial when it is saved."""

    difficulty: float
    graded: bool  # part of a therapist's graded task (locked): store the trial as graded
    warmup: bool  # a warm-up trial of this session (presented easier)
    tracked: float | None = None  # the staircase's own value (a warm-up is presented below it)
    at_bound: str | None = None  # "low" / "high": the presented value sits at a program bound

    @property
    def kind(self) -> str:
        """How the controller chose it: "graded", "warmup" or "staircase"."""
        return "graded" if self.graded else "warmup" if self.warmup else "staircase"


class DifficultyController:
    """Picks the difficulty of a child's next round in one game; deterministic, no randomness.

    Per recorded trial (not locked) with outcome ``o`` in [0, 1] and harder step ``s``:

    * ``o - (1 - o) * r`` with ``r = target / (1 - target)`` (= 4) says which way and how far:
      ``d += s * (o - (1 - o) * r)``. Binary outcomes give ``+s`` / ``-4s`` (Kaernbach 1991);
      its fixed point is E[o] = target. Over any stretch of trials with a constant step the
      identity ``mean(o) = target + (d_end - d_start) / (n * s * (1 + r))`` holds, which is why
      the success rate is held at the target once ``d`` stops drifting.
    * A change of direction is a reversal: the step is first multiplied by ``shrink`` (not below
      ``min_step``), then applied (Levitt 1971's step halving, done at every reversal so the
      search phase is short enough for children who play ~15 rounds a session). A *first*
      reversal that is a miss instead divides the step by ``ratio``: a miss ending the opening
      climb says the 80 % point lies between the last success and this miss, so the easier
      move (``ratio`` times the new step) goes back exactly to the last value succeeded at.
      With plain halving it went twice as far, below that value, and the staircase was still
      climbing back with small steps after trial 15 -- by the identity above, a rising ``d``
      is a success rate above target (measured: +0.01 over trials 16-60 across the
      population, the more the further a child starts above ``start``).
    * Warm-up trials (the first ``warmup_trials`` of a session, presented ``warmup_offset``
      easier) do not move the staircase, except while it is still in its first ascent (no
      reversal yet), where they count as normal trials (a success is evidence the child is
      above the value, a miss the first reversal). Outcomes at an easier value are biased
      evidence: earlier versions moved on warm-up misses (with the larger session step) but
      not on warm-up successes, which dragged ``d`` down a little every session and left a
      child whose skill grows over weeks behind (measured: 84 % success in late sessions,
      81 % without that rule). A warm-up miss still matters -- on a bad day it is the
      first sign -- so it makes the rest of the warm-up easier by the size of a normal miss
      move (``warmup_relief``; presentation only, gone when the warm-up ends), and it counts
      towards the frustration guard.
    * Frustration guard: after ``guard_misses`` misses in a row the value drops a further
      ``guard_step``, the step grows back to ``guard_reset_step`` and the direction memory is
      cleared, so the staircase re-finds the child from the easier side. (Misses in a row no
      longer escalate the easier step: two misses in a row happen on 4 % of trials at 80 %
      success, and the extra step back, never balanced by an extra step up, moved the fixed
      point of the staircase to ~82 % -- measured as the largest part of a +0.036 bias.)
    * Rolling rail (field notes): if the last ``rail_window`` non-warm-up outcomes average below
      ``rail_floor``, step back ``rail_steps`` easier steps (catches slow drifts the guard,
      which needs misses *in a row*, does not).
    * Every value is clamped to ``bounds``; a lock (graded task) presents its value exactly and
      leaves the staircase alone, then ends by itself after its trials.

    When ``success`` is given, the flag fixes the direction and the score grades the size: a
    success never makes the next round easier (``o = max(score, target)``) and a miss never makes
    it harder (``o = min(score, target)``). Without the flag, ``o = score`` and a score of at
    least ``pass_score`` counts as a success for the guard.
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
        state.value = bounds.clamp(state.value)
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
        return self._state.warmup_left > 0

    def next_difficulty(self) -> float:
        """The value to present next: a lock's value exactly, else within bounds, warm-up aware."""
        s = self._state
        if self.locked:
            assert s.lock_value is not None
            return s.lock_value
        d = s.value - (self._config.warmup_offset + s.warmup_relief if s.warmup_left > 0 else 0.0)
        return self._bounds.clamp(d)

    def next_trial(self) -> TrialPlan:
        """``next_difficulty()`` plus how to mark the trial (graded, warm-up) in the store."""
        d = self.next_difficulty()
        return TrialPlan(
            d,
            graded=self.locked,
            warmup=self.in_warmup and not self.locked,
            tracked=self._state.value,
            at_bound=None if self.locked else self._bounds.at(d),
        )

    # --- changing ------------------------------------------------------------------------

    def start_session(self) -> None:
        """A new session begins: warm-up trials first, yesterday's run of misses forgotten."""
        s = self._state
        s.sessions += 1
        s.session_trials = 0
        s.warmup_left = self._config.warmup_trials
        s.warmup_relief = 0.0
        s.misses_in_row = 0
        if s.trials > 0:  # a returning child: probe with a larger step again
            s.step = max(s.step, self._config.session_step)

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

    def record(self, score: float, success: bool | None = None) -> float:
        """Update after a trial (``score`` 0..1, optional success flag); returns the next value.

        The return value is what ``next_difficulty()`` now gives, i.e. what to present next.
        """
        if not (isinstance(score, int | float) and 0.0 <= score <= 1.0):
            raise ValueError(f"score must be within [0, 1], not {score!r}")
        cfg, s = self._config, self._state
        s.trials += 1
        s.session_trials += 1
        warmup = s.warmup_left > 0
        if warmup:
            s.warmup_left -= 1
            if s.warmup_left == 0:
                s.warmup_relief = 0.0

        if self.locked:  # graded task: counted, never moves the staircase
            s.graded_trials += 1
            s.lock_remaining -= 1
            if s.lock_remaining <= 0:
                self.unlock()
            return self.next_difficulty()

        passed = (score >= cfg.pass_score) if success is None else bool(success)
        o = float(score)
        if success is not None:
            o = max(o, cfg.target) if passed else min(o, cfg.target)
        s.misses_in_row = 0 if passed else s.misses_in_row + 1

        drive = o - (1.0 - o) * cfg.ratio  # +1 for a full success, -ratio for a full miss
        direction = (drive > 1e-12) - (drive < -1e-12)
        if warmup and s.reversals > 0:
            # Not evidence for the staircase (presented easier); a miss eases the rest of the
            # warm-up by what a normal miss would have moved, so a bad day is met at once.
            if direction < 0 and s.warmup_left > 0:
                s.warmup_relief = min(1.0, s.warmup_relief - s.step * drive)
        elif direction != 0:
            if s.last_direction != 0 and direction != s.last_direction:
                s.reversals += 1
                # First reversal on a miss: back to the last success (see the class docstring).
                first_miss = s.reversals == 1 and direction < 0
                shrink = 1.0 / cfg.ratio if first_miss else cfg.shrink
                s.step = max(cfg.min_step, s.step * shrink)
            s.value += s.step * drive
            s.last_direction = direction

        if s.misses_in_row >= cfg.guard_misses:
            s.value -= cfg.guard_step
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

        s.value = self._bounds.clamp(s.value)
        return self.next_difficulty()


# --------------------------------------------------------------------------------------------
# Simulation: simulated children, used by the tests, the benchmark and ``python -m``
# --------------------------------------------------------------------------------------------


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


@dataclass(frozen=True)
class SimulatedChild:
    """A child whose chance of success falls with difficulty along a logistic curve.

    ``p(d) = (1 - lapse) / (1 + exp(slope * (d - d50)))`` with ``d50`` placed so that
    ``p(threshold) = 0.80`` exactly (lapse included). ``slope`` is per unit of difficulty: 5 is a
    child whose success changes slowly over the ladder (80 % -> 20 % over 0.55), 40 a sharp one
    (over 0.07). ``lapse`` is the chance of missing however easy the round is.
    """

    threshold: float
    slope: float
    lapse: float = 0.0

    def p(self, d: float, shift: float = 0.0) -> float:
        """Chance of success at difficulty ``d``; ``shift`` moves the whole curve (skill change)."""
        d50 = self.threshold + shift + _logit(0.8 / (1.0 - self.lapse)) / self.slope
        return (1.0 - self.lapse) / (
            1.0 + math.exp(max(-700.0, min(700.0, self.slope * (d - d50))))
        )


def population(
    thresholds: Sequence[float] | None = None,
    slopes: Sequence[float] = (7.0, 10.0, 15.0, 25.0, 40.0),
    lapses: Sequence[float] = (0.0, 0.05),
) -> list[SimulatedChild]:
    """Simulated children: 80 % points spread over [0.1, 0.9], several slopes and lapse rates.

    Thresholds stop at 0.1 and 0.9 because an 80 % point outside [0, 1] cannot be reached at
    all, and one at the very edge can only be held with the staircase pressed against a bound.
    """
    if thresholds is None:
        thresholds = [round(0.1 + 0.8 * i / 8, 3) for i in range(9)]
    return [SimulatedChild(t, k, lp) for t in thresholds for k in slopes for lp in lapses]


@dataclass
class SimulationRun:
    """One simulated history: per trial the value presented, the child's chance, the outcome."""

    presented: list[float] = field(default_factory=list)
    p: list[float] = field(default_factory=list)
    success: list[bool] = field(default_factory=list)
    warmup: list[bool] = field(default_factory=list)
    final: float = 0.0


def simulate(
    child: SimulatedChild,
    trials: int = 60,
    seed: int = 0,
    *,
    config: StaircaseConfig = StaircaseConfig(),  # noqa: B008 - frozen
    bounds: Bounds = Bounds(),  # noqa: B008 - frozen
    session_length: int | None = None,
    shift: Sequence[float] | None = None,
    state: DifficultyState | None = None,
) -> SimulationRun:
    """Play ``trials`` binary trials with a fresh (or given) controller; deterministic per seed.

    A session starts at trial 1 and then every ``session_length`` trials (``None``: one session).
    ``shift[i]`` moves the child's curve at trial ``i`` (skill growing over weeks, a bad day).
    """
    rng = random.Random(seed)
    ctl = DifficultyController(state, bounds, config)
    run = SimulationRun()
    for i in range(trials):
        if i == 0 or (session_length and i % session_length == 0):
            ctl.start_session()
        plan = ctl.next_trial()
        p = child.p(plan.difficulty, shift[i] if shift is not None else 0.0)
        ok = rng.random() < p
        run.presented.append(plan.difficulty)
        run.p.append(p)
        run.success.append(ok)
        run.warmup.append(plan.warmup)
        ctl.record(1.0 if ok else 0.0, ok)
    run.final = ctl.state.value
    return run


SETTLE_BAND = 0.12
SETTLE_TAIL_FROM = 31  # 1-based: the "later mean" is the mean of trials 31..end


def settle_trial(
    presented: Sequence[float], band: float = SETTLE_BAND, tail_from: int = SETTLE_TAIL_FROM
) -> int:
    """The trial (1-based) from which the difficulty stays settled; ``len + 1`` if never.

    Settled from trial k means: every presented value from trial k to the end lies within
    ``band`` of the later mean (the mean of trials ``tail_from``..end). The band, 0.12 of the
    ladder, holds the normal swing of the staircase at equilibrium (steps 0.006 up, 0.024
    down, a 3-miss guard drop of 0.12) but not a search still under way (first steps 0.12).
    """
    tail = presented[tail_from - 1 :]
    if not tail:
        raise ValueError("need trials beyond tail_from to settle")
    m = statistics.fmean(tail)
    k = len(presented) + 1
    for i in range(len(presented) - 1, -1, -1):
        if abs(presented[i] - m) > band:
            break
        k = i + 1
    return k


SESSION_TRIALS = 15  # a five-minute home session of short rounds


def improvement_run(
    child: SimulatedChild, seed: int, sessions: int = 20, gain: float = 0.4
) -> SimulationRun:
    """A child whose 80 % point rises by ``gain`` evenly over ``sessions`` sessions (weeks of
    daily practice), one session of ``SESSION_TRIALS`` trials a day."""
    n = sessions * SESSION_TRIALS
    shift = [gain * i / (n - 1) for i in range(n)]
    return simulate(child, n, seed, session_length=SESSION_TRIALS, shift=shift)


BAD_DAY_DROP = 0.25  # how far the 80 % point falls on the bad day (a quarter of the ladder)
BAD_DAY_AFTER = 4  # normal sessions before the bad day


def bad_day_run(child: SimulatedChild, seed: int, drop: float = BAD_DAY_DROP) -> SimulationRun:
    """``BAD_DAY_AFTER`` normal sessions, then one session where the child's curve is ``drop``
    lower (tired, unwell), then a normal session again."""
    before = BAD_DAY_AFTER * SESSION_TRIALS
    shift = [0.0] * before + [-drop] * SESSION_TRIALS + [0.0] * SESSION_TRIALS
    return simulate(child, len(shift), seed, session_length=SESSION_TRIALS, shift=shift)


def recovery_trials(run: SimulationRun, p_ok: float = 0.5) -> int:
    """Bad-day trials played before the presented value is one the bad-day child succeeds at
    with chance >= ``p_ok`` (0: the very first bad-day trial already was)."""
    start = BAD_DAY_AFTER * SESSION_TRIALS
    for k, p in enumerate(run.p[start : start + SESSION_TRIALS]):
        if p >= p_ok:
            return k
    return SESSION_TRIALS


def _table(seeds: int = 200) -> str:
    rows = [("threshold", "slope", "lapse", "success 16-60", "settled at", "final d")]
    for child in population():
        rates, settles, finals = [], [], []
        for seed in range(seeds):
            run = simulate(child, 60, seed)
            rates.append(statistics.fmean(run.p[15:60]))
            settles.append(settle_trial(run.presented))
            finals.append(run.final)
        rows.append(
            (
                f"{child.threshold:.2f}",
                f"{child.slope:g}",
                f"{child.lapse:g}",
                f"{statistics.fmean(rates):.3f}",
                f"{statistics.median(settles):g}",
                f"{statistics.fmean(finals):.3f}",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the simulation table: per simulated child, expected success rate over trials 16-60
    (mean of p(d) at the presented values, over seeds), median settled-at trial, final value."""
    print(f"Simulated children, 60 trials from d={StaircaseConfig.start}, 200 seeds each")
    print(_table())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
