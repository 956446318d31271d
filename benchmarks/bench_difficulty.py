"""Adaptive difficulty by simulation: how well the staircase serves simulated children.

Not timed: these figures come from ``engine.difficulty``'s simulated children (logistic
success curves, 80 % points 0.1..0.9, slopes 7..40, lapse 0 or 5 %). See the tests in
``tests/test_difficulty.py`` for the definitions (expected success over trials 16-60,
``settle_trial``, ``recovery_trials``).
"""

from __future__ import annotations

import statistics

from benchmarks import Figure
from engine.difficulty import (
    BAD_DAY_DROP,
    bad_day_run,
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
    for child in kids:
        rates, child_settles = [], []
        for seed in range(SEEDS):
            run = simulate(child, 60, seed)
            rates.append(statistics.fmean(run.p[15:60]))
            child_settles.append(settle_trial(run.presented))
        within += abs(statistics.fmean(rates) - 0.80) <= 0.07
        settles.append(statistics.median(child_settles))
    recovery = [
        recovery_trials(bad_day_run(child, seed))
        for child in kids
        if child.threshold - BAD_DAY_DROP >= 0.05
        for seed in range(SEEDS // 2)
    ]
    return [
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
    ]
