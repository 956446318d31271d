"""Simulated children on the real home schedule: how the difficulty controller serves them.

The controller (:mod:`engine.difficulty`) is judged where children actually play: the default
home program of a few minutes a day with several games in turn, each round as long as that
game's rounds really are at that difficulty, about 60 % of days played, skill that grows over
weeks, bad days, and a graded task at the clinic now and then. Pure and deterministic per seed;
knows no game (the caller hands over each game's round length by difficulty).

``python -m engine.home_practice`` prints the figures; ``benchmarks/bench_difficulty.py`` prints
them against the issue's thresholds with the games' measured round lengths.
"""

from __future__ import annotations

import bisect
import math
import random
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from engine.difficulty import Bounds, DifficultyController, DifficultyState, StaircaseConfig

DAY0 = datetime(2026, 3, 2, tzinfo=UTC)
PAUSE_S = (9.0, 17.0)  # reward, picture card and the next start between rounds (active time)
ADHERENCE = 0.6  # share of days played (parents adhere ~61 %, Lillo-Navarro 2019)
BAD_DAY_CHANCE = 0.08
BAD_DAY_DROP = 0.25  # how far every curve falls on a bad day (tired, unwell)
CLINIC_EVERY_DAYS = 7
GRADED_TRIALS = 5
SETTLE_BAND = 0.12
SETTLE_TAIL_FROM = 31  # 1-based: the "later mean" is the mean of trials 31..end
AFTER_FIRST = 15  # success is judged on staircase trials after each game's first 15
NEAR = 0.10  # "where the child really is": presented within this of the true 80 % point


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


@dataclass(frozen=True)
class SimulatedChild:
    """A child whose chance of success falls with difficulty along a logistic curve.

    ``p(d) = (1 - lapse) / (1 + exp(slope * (d - d50)))`` with ``d50`` placed so that
    ``p(threshold) = 0.80`` exactly (lapse included). ``slope`` is per unit of difficulty: 5 is a
    child whose success changes slowly over the ladder, 40 a sharp one. ``lapse`` is the chance
    of missing however easy the round is.
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


@dataclass(frozen=True)
class Family:
    """One simulated child at home: a curve per game, learning, adherence, bad days."""

    child: SimulatedChild
    game_offsets: tuple[float, ...]  # the child's 80 % point differs a little per game
    gain: float = 0.0  # how far every 80 % point rises over ``days`` (learning)
    days: int = 28

    def threshold(self, game: int, day: float) -> float:
        return self.child.threshold + self.game_offsets[game] + self.shift(day)

    def shift(self, day: float) -> float:
        return self.gain * min(1.0, max(0.0, day / max(1, self.days - 1)))


@dataclass
class TrialRecord:
    game: int
    day: int
    kind: str  # warmup / staircase / graded
    presented: float
    tracked: float
    p: float  # the child's true chance at the presented value
    truth: float  # the child's true 80 % point that day (bad day included)
    success: bool
    bad_day: bool


@dataclass
class FamilyRun:
    family: Family
    trials: list[TrialRecord] = field(default_factory=list)
    days_played: int = 0
    bad_days: list[int] = field(default_factory=list)

    def of_game(self, game: int) -> list[TrialRecord]:
        return [t for t in self.trials if t.game == game]


def step_table(points: Sequence[tuple[float, float]]) -> Callable[[float], float]:
    """Seconds a round lasts at difficulty ``d``, interpolated linearly between measured points."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]

    def seconds(d: float) -> float:
        i = bisect.bisect_left(xs, d)
        if i <= 0:
            return ys[0]
        if i >= len(xs):
            return ys[-1]
        f = (d - xs[i - 1]) / (xs[i] - xs[i - 1])
        return ys[i - 1] + f * (ys[i] - ys[i - 1])

    return seconds


def run_family(
    family: Family,
    round_seconds: Sequence[Callable[[float], float]],
    seed: int,
    *,
    minutes: float = 5.0,
    adherence: float = ADHERENCE,
    clinic: bool = True,
    bad_day_chance: float = BAD_DAY_CHANCE,
    bad_days: Sequence[int] | None = None,
    bounds: Bounds = Bounds(),  # noqa: B008 - frozen
    config: StaircaseConfig = StaircaseConfig(),  # noqa: B008 - frozen
) -> FamilyRun:
    """Play ``family.days`` days of the home program (games in turn, ``minutes`` a day).

    Day 0 is always played (the program was just handed over); later days with chance
    ``adherence``. On a bad day every curve is ``BAD_DAY_DROP`` lower. With ``clinic``, every
    ``CLINIC_EVERY_DAYS``-th day starts with a graded task at the clinic in the morning: 5
    trials of one game (in turn) at a fixed grade near the child's level, half of them given
    with verbal cues (no evidence of unaided skill: weight 0). Deterministic per seed.
    """
    rng = random.Random(seed)
    n_games = len(round_seconds)
    states: list[DifficultyState | None] = [None] * n_games
    run = FamilyRun(family)
    chosen_bad = set(bad_days or ())

    def controller(g: int) -> DifficultyController:
        return DifficultyController(states[g], bounds, config)

    def play(g: int, ctl: DifficultyController, t: datetime, day: int, bad: bool, w: float):
        plan = ctl.next_trial()
        truth = family.threshold(g, day) - (BAD_DAY_DROP if bad else 0.0)
        shift = truth - family.child.threshold
        p = family.child.p(plan.difficulty, shift)
        ok = rng.random() < p
        dur = round_seconds[g](plan.difficulty) * rng.uniform(0.8, 1.25)
        t_end = t + timedelta(seconds=dur)
        ctl.record(1.0 if ok else 0.0, ok, now=t_end, weight=w)
        run.trials.append(
            TrialRecord(g, day, plan.kind, plan.difficulty, plan.tracked or 0.0, p, truth, ok, bad)
        )
        return t_end + timedelta(seconds=rng.uniform(*PAUSE_S)), dur + rng.uniform(*PAUSE_S)

    clinic_game = 0
    for day in range(family.days):
        plays = day == 0 or rng.random() < adherence
        bad = (day in chosen_bad) if bad_days is not None else rng.random() < bad_day_chance
        if clinic and day % CLINIC_EVERY_DAYS == CLINIC_EVERY_DAYS - 1:
            g = clinic_game % n_games
            clinic_game += 1
            t = DAY0 + timedelta(days=day, hours=10)
            ctl = controller(g)
            ctl.start_session(t)
            grade = min(1.0, max(0.0, round(family.threshold(g, day) + rng.uniform(-0.1, 0.1), 1)))
            ctl.lock(grade, GRADED_TRIALS)
            cued = rng.random() < 0.5
            for _ in range(GRADED_TRIALS):
                t, _ = play(g, ctl, t, day, bad, 0.0 if cued else 1.0)
            states[g] = ctl.state
        if not plays:
            continue
        run.days_played += 1
        if bad:
            run.bad_days.append(day)
        t = DAY0 + timedelta(days=day, hours=17, minutes=rng.uniform(0, 120))
        ctls = [controller(g) for g in range(n_games)]
        started = [False] * n_games
        active = 0.0
        i = 0
        while active < minutes * 60.0:  # a round is never cut off
            g = i % n_games
            if not started[g]:
                ctls[g].start_session(t)
                started[g] = True
            t, spent = play(g, ctls[g], t, day, bad, 1.0)
            active += spent
            i += 1
        for g in range(n_games):
            states[g] = ctls[g].state
    return run


def families(
    days: int = 28,
    thresholds: Sequence[float] | None = None,
    slopes: Sequence[float] = (7.0, 10.0, 15.0, 25.0, 40.0),
    lapses: Sequence[float] = (0.0, 0.05),
    gains: Sequence[float] = (0.0, 0.3),
    n_games: int = 4,
    seed: int = 0,
) -> list[Family]:
    """Simulated families: 80 % points spread over [0.1, 0.85], several slopes and lapse
    rates, steady children and children whose skill rises 0.3 of the ladder in ``days``.

    The learners start no higher than 0.55 so that their 80 % point stays on the ladder.
    Each child's per-game points differ by up to 0.08 (children are better at some games).
    """
    if thresholds is None:
        thresholds = [round(0.1 + 0.75 * i / 9, 3) for i in range(10)]
    rng = random.Random(seed)
    out = []
    for gain in gains:
        for t in thresholds:
            t0 = t if gain == 0 else 0.1 + (t - 0.1) * (0.45 / 0.75)
            for k in slopes:
                for lp in lapses:
                    offsets = tuple(rng.uniform(-0.08, 0.08) for _ in range(n_games))
                    offsets = tuple(min(0.9, max(0.08, t0 + o)) - t0 for o in offsets)
                    out.append(Family(SimulatedChild(t0, k, lp), offsets, gain, days))
    return out


def settle_trial(
    presented: Sequence[float], band: float = SETTLE_BAND, tail_from: int = SETTLE_TAIL_FROM
) -> int:
    """The trial (1-based) from which the difficulty stays settled; ``len + 1`` if never.

    Settled from trial k: every presented value from trial k to the end lies within ``band``
    of the later mean (trials ``tail_from``..end). The band, 0.12 of the ladder, holds the
    normal swing at equilibrium but not a search still under way.
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


@dataclass
class Figures:
    """What the simulation shows, per the issue's criteria."""

    pairs: int  # (child, game) pairs judged
    within: float  # share of pairs whose expected success lies within 0.80 +/- 0.07
    single_run_within: float  # the same for single runs (binomial luck included)
    mean_success: float  # mean over pairs of the expected success on staircase trials
    worst_pair: float  # the pair's expected success furthest from 0.80
    mean_steady: float  # mean expected success, children whose skill does not change
    mean_learners: float  # ... children who improve
    settle_median: float  # median over steady pairs: the staircase trial it settles at
    settle_per_game: list[float]
    followed: float  # learners: mean share of the true rise followed by the end (see evaluate)
    followed_p10: float  # ... 10th percentile
    bad_day_next: float  # next day after a bad day: mean trials until near the true point
    bad_day_next_share: float  # ... share of such (day, game) starts within 2 trials
    bad_day_events: int
    warmup_share: float  # warm-up trials among home trials
    trials_per_game_day: float  # home trials of each game on a day played
    graded_trials: int


def evaluate(runs: Sequence[FamilyRun], n_games: int = 4) -> Figures:
    """Judge simulated runs by the issue's criteria (see :class:`Figures`).

    A (child, game) pair's expected success is the mean, over that family's runs (seeds), of
    the mean true chance ``p(d)`` over its staircase trials after the game's first 15. One run
    alone carries binomial luck that no controller can remove: the staircase holds the
    *outcomes* near 80 %, and the chance behind ~40 outcomes differs from their mean by
    sd ~ 0.06; averaging over seeds leaves what the controller does (``single_run_within``
    shows the one-run figure too).
    """
    by_pair: dict[tuple[int, int], list[float]] = {}
    learner: dict[tuple[int, int], bool] = {}
    settles: dict[int, list[int]] = {g: [] for g in range(n_games)}
    followed: list[float] = []
    next_day: list[int] = []
    home = warm = graded = 0
    per_day: list[int] = []
    for run in runs:
        fam = run.family
        for g in range(n_games):
            trials = run.of_game(g)
            home_trials = [t for t in trials if t.kind != "graded"]
            graded += len(trials) - len(home_trials)
            home += len(home_trials)
            warm += sum(t.kind == "warmup" for t in home_trials)
            judged = [t.p for t in home_trials[AFTER_FIRST:] if t.kind == "staircase"]
            if judged:
                by_pair.setdefault((id(fam), g), []).append(statistics.fmean(judged))
                learner[(id(fam), g)] = fam.gain > 0
            # settling is judged on the staircase itself: not warm-ups (presented easier on
            # purpose) and not a bad day's trials (followed down on purpose)
            staircase = [
                t.presented for t in home_trials if t.kind == "staircase" and not t.bad_day
            ]
            if fam.gain == 0 and len(staircase) > SETTLE_TAIL_FROM:
                settles[g].append(settle_trial(staircase))
            late = [t for t in home_trials if t.kind == "staircase" and not t.bad_day][-8:]
            if fam.gain > 0 and len(late) == 8:
                # How much of the rise since day 0 the tracked value has made by the end:
                # 1 - (lag behind the true 80 % point at the end) / (the true rise).
                rise = fam.threshold(g, late[-1].day) - fam.threshold(g, 0)
                if rise > 0.05:
                    lag = statistics.fmean(fam.threshold(g, t.day) - t.tracked for t in late)
                    followed.append(1.0 - lag / rise)
            days = sorted({t.day for t in home_trials})
            for day in days:
                per_day.append(sum(t.day == day for t in home_trials))
            for bad in run.bad_days:
                later = [d for d in days if d > bad]
                if not later or later[0] in run.bad_days:
                    continue
                first = [t for t in home_trials if t.day == later[0]]
                if first and first[0].truth <= 0.95:
                    k = next(
                        (i for i, t in enumerate(first) if abs(t.presented - t.truth) <= NEAR),
                        len(first),
                    )
                    next_day.append(k)
    rates = [statistics.fmean(v) for v in by_pair.values()]
    steady_rates = [statistics.fmean(v) for k, v in by_pair.items() if not learner[k]]
    learner_rates = [statistics.fmean(v) for k, v in by_pair.items() if learner[k]]
    singles = [x for v in by_pair.values() for x in v]
    steady = [s for g in settles for s in settles[g]]
    return Figures(
        pairs=len(rates),
        within=sum(abs(r - 0.8) <= 0.07 for r in rates) / max(1, len(rates)),
        single_run_within=sum(abs(r - 0.8) <= 0.07 for r in singles) / max(1, len(singles)),
        mean_success=statistics.fmean(rates) if rates else float("nan"),
        worst_pair=min(rates, key=lambda r: -abs(r - 0.8)) if rates else float("nan"),
        mean_steady=statistics.fmean(steady_rates) if steady_rates else float("nan"),
        mean_learners=statistics.fmean(learner_rates) if learner_rates else float("nan"),
        settle_median=statistics.median(steady) if steady else float("nan"),
        settle_per_game=[
            statistics.median(settles[g]) if settles[g] else math.nan for g in settles
        ],
        followed=statistics.fmean(followed) if followed else float("nan"),
        followed_p10=_quantile(followed, 0.1),
        bad_day_next=statistics.fmean(next_day) if next_day else float("nan"),
        bad_day_next_share=sum(k <= 2 for k in next_day) / max(1, len(next_day)),
        bad_day_events=len(next_day),
        warmup_share=warm / max(1, home),
        trials_per_game_day=statistics.fmean(per_day) if per_day else 0.0,
        graded_trials=graded,
    )


def _quantile(xs: Sequence[float], q: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * len(s)))]


# Round lengths in seconds by difficulty, measured from each game's scripted player on an
# 11.6" laptop's task plane (benchmarks/bench_difficulty.py measures them again): tracing,
# tweezers, beads, puzzle -- the default program's order.
MEASURED_ROUND_SECONDS: tuple[tuple[tuple[float, float], ...], ...] = (
    ((0.0, 0.9), (0.2, 3.4), (0.4, 1.2), (0.6, 4.0), (0.8, 6.5), (1.0, 4.4)),
    ((0.0, 7.4), (0.2, 10.3), (0.4, 16.8), (0.6, 20.8), (0.8, 25.3), (1.0, 29.7)),
    ((0.0, 6.6), (0.2, 4.1), (0.4, 6.4), (0.6, 9.6), (0.8, 14.9), (1.0, 35.7)),
    ((0.0, 5.5), (0.2, 12.9), (0.4, 11.7), (0.6, 37.6), (0.8, 68.2), (1.0, 90.7)),
)


def simulate_population(
    seeds: int = 2,
    days: int = 28,
    round_seconds: Sequence[Sequence[tuple[float, float]]] = MEASURED_ROUND_SECONDS,
    config: StaircaseConfig = StaircaseConfig(),  # noqa: B008 - frozen
    held_out: bool = False,
    **kwargs: object,
) -> tuple[Figures, list[FamilyRun]]:
    """Every family of :func:`families` played ``seeds`` times. ``held_out`` draws another
    population (other per-game offsets) with other seeds: the controller's constants were
    chosen on the default one, so this shows how much of its figures is tuning luck."""
    tables = [step_table(t) for t in round_seconds]
    fams = families(days, n_games=len(tables), seed=7 if held_out else 0)
    first, offset = (seeds, 555) if held_out else (0, 0)
    runs = [
        run_family(f, tables, seed * 100_003 + i + offset, config=config, **kwargs)  # type: ignore[arg-type]
        for seed in range(first, first + seeds)
        for i, f in enumerate(fams)
    ]
    return evaluate(runs, len(tables)), runs


def main(argv: Sequence[str] | None = None) -> int:
    figs, runs = simulate_population()
    print(f"{len(runs)} simulated families, 28 days, ~60 % of days, 5 minutes, 4 games")
    for name, value in vars(figs).items():
        print(f"{name:>22}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
