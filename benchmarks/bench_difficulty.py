"""Adaptive difficulty by simulation: how well the staircase serves simulated children.

Not timed: these figures come from ``engine.difficulty``'s simulated children (logistic
success curves, 80 % points 0.1..0.9, slopes 7..40, lapse 0 or 5 %). See the tests in
``tests/test_difficulty.py`` for the definitions (expected success over trials 16-60,
``settle_trial``, ``recovery_trials``, ``improvement_run``).
"""

from __future__ import annotations

import statistics

from benchmarks import Figure
from engine.difficulty import (
    BAD_DAY_DROP,
    SESSION_TRIALS,
    bad_day_run,
    improvement_run,
    population,
    recovery_trials,
    settle_trial,
    simulate,
)

SEEDS = 100


def figures() -> list[Figure]:
    kids = population()
    within = 0
    settles: list[float] = []
    child_rates: list[float] = []
    for child in kids:
        rates, child_settles = [], []
        for seed in range(SEEDS):
            run = simulate(child, 60, seed)
            rates.append(statistics.fmean(run.p[15:60]))
            child_settles.append(settle_trial(run.presented))
        child_rates.append(statistics.fmean(rates))
        within += abs(child_rates[-1] - 0.80) <= 0.07
        settles.append(statistics.median(child_settles))
    recovery = [
        recovery_trials(bad_day_run(child, seed))
        for child in kids
        if child.threshold - BAD_DAY_DROP >= 0.05
        for seed in range(SEEDS // 2)
    ]
    followed, late = _improvement(kids)
    return [
        Figure(
            "mean success 16-60, all children",
            statistics.fmean(child_rates),
            "",
            note="expected success p(d), mean over seeds and children; target 0.80 +/- 0.02",
        ),
        Figure(
            "children within 0.80 +/- 0.07 success",
            100.0 * within / len(kids),
            "%",
            budget=90.0,
            higher_is_better=True,
            note="expected success p(d) over trials 16-60, mean over seeds, per child",
        ),
        Figure(
            "median trials to settle",
            statistics.median(settles),
            "trials",
            budget=15.0,
            note="per child the median settle trial over seeds; median over children",
        ),
        Figure(
            "bad-day recovery trials (mean)",
            statistics.fmean(recovery),
            "trials",
            budget=3.0,
            note=f"curve {BAD_DAY_DROP} lower: trials until p(success) >= 0.5 again",
        ),
        Figure(
            "improving child: rise followed (worst child)",
            min(followed),
            "",
            budget=0.3,
            higher_is_better=True,
            note="80 % point rises 0.4 over 20 sessions; presented rise by the last session",
        ),
        Figure(
            "improving child: late success (mean)",
            statistics.fmean(late),
            "",
            note=f"sessions 16-20, non-warm-up; children {min(late):.3f}-{max(late):.3f}",
        ),
    ]


def _improvement(kids: list) -> tuple[list[float], list[float]]:
    """Per improving child (80 % point <= 0.5): rise followed, late-session success."""
    followed, late = [], []
    for child in (c for c in kids if c.threshold <= 0.5):
        finals, rates = [], []
        for seed in range(SEEDS // 5):
            run = improvement_run(child, seed)
            n = len(run.p)
            tail = [i for i in range(15 * SESSION_TRIALS, n) if not run.warmup[i]]
            last = [i for i in range(19 * SESSION_TRIALS, n) if not run.warmup[i]]
            rates.append(statistics.fmean(run.p[i] for i in tail))
            finals.append(statistics.fmean(run.presented[i] for i in last))
        followed.append(statistics.fmean(finals) - child.threshold)
        late.append(statistics.fmean(rates))
    return followed, late
