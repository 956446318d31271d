"""Goals against the data: "N of M trials" and the Goal Attainment Scaling level.

Which trials count (the *evidence*): a goal names a game, a measure and a cue level.
The latest M graded-task trials of that game whose cue level gave no more help than the
goal allows are used when there are at least M of them, because a graded task is where a
therapist observes the cue level. Otherwise the latest M home-practice trials are used,
and the report says so (their cue level was not recorded). Fewer than M trials: not rated.

How the GAS level is read from the data (FIELD-NOTES, "OT documentation"): the goal's
threshold is the expected level (0). The *statistic* of a window of M trials is the value
that at least N of them reached (the N-th best), so "statistic meets the threshold" is
exactly "goal met in N of M". The baseline is the same statistic over the first M trials
of the same kind (at or after the goal was set, else the first M recorded) and stands at
-2. Levels are equal intervals, as GAS asks: one step is half the distance from the
baseline to the threshold, so the midpoint is -1, the threshold 0, one step beyond it +1
and two steps +2. When the baseline already met the threshold, a step is 10 % of the
threshold (or 1 unit for a threshold of 0).

Combined T score (Kiresuk & Sherman 1968), equal weights, rho = 0.3:
T = 50 + 10 * sum(w x) / sqrt((1 - rho) sum(w^2) + rho (sum w)^2).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from exporter.catalog import GameInfo, MetricInfo
from exporter.summary import GasResult, GoalResult
from exporter.wording import cue_words, fmt_value, item_words, short_date
from progress.models import CUE_LEVELS, Goal, Trial

GAS_RHO = 0.3
FALLBACK_STEP_FRACTION = 0.10


def gas_t_score(levels: Sequence[int], weights: Sequence[float] | None = None) -> float | None:
    """Kiresuk & Sherman's combined T score; None for no goals."""
    if not levels:
        return None
    w = list(weights) if weights is not None else [1.0] * len(levels)
    if len(w) != len(levels):
        raise ValueError("one weight per goal")
    sw = sum(w)
    sw2 = sum(x * x for x in w)
    denom = math.sqrt((1 - GAS_RHO) * sw2 + GAS_RHO * sw * sw)
    return 50.0 + 10.0 * sum(wi * xi for wi, xi in zip(w, levels, strict=True)) / denom


def nth_best(values: Sequence[float], n: int, at_least: bool) -> float:
    """The value at least ``n`` of ``values`` reached (the n-th best)."""
    ordered = sorted(values, reverse=at_least)
    return ordered[n - 1]


def gas_level(
    statistic: float, baseline: float | None, threshold: float, at_least: bool
) -> tuple[int, float]:
    """(level -2..+2, step) for a window statistic; see the module docstring."""
    sign = 1.0 if at_least else -1.0
    s, t = sign * statistic, sign * threshold
    b = None if baseline is None else sign * baseline
    if b is not None and b < t:
        step = (t - b) / 2.0
    else:
        step = abs(threshold) * FALLBACK_STEP_FRACTION or 1.0
    eps = 1e-9 * max(1.0, abs(t))
    if s >= t - eps:
        return min(2, int((s - t + eps) // step)), step
    if s >= t - step - eps:
        return -1, step
    return -2, step


def _cue_rank(cue: str | None) -> int:
    return CUE_LEVELS.index(cue) if cue in CUE_LEVELS else len(CUE_LEVELS)


def _condition(trials: Sequence[Trial], info: GameInfo | None) -> str:
    """What the trials were, e.g. "circle, 6 mm band" (from their stored parameters)."""
    parts: list[str] = []
    if info is not None and info.item_param:
        items = sorted(
            {str(t.params.get(info.item_param)) for t in trials if info.item_param in t.params}
        )
        if items:
            parts.append(
                ", ".join(item_words(i) for i in items[:3]) + (" ..." if len(items) > 3 else "")
            )
    if info is not None and info.key_param is not None:
        vals = [
            float(t.params[info.key_param.name]) for t in trials if info.key_param.name in t.params
        ]
        if vals:
            lo, hi = min(vals), max(vals)
            unit = info.key_param.unit
            rng = (
                fmt_value(lo, unit)
                if math.isclose(lo, hi, rel_tol=0.02)
                else (f"{fmt_value(lo, '')}–{fmt_value(hi, unit)}")
            )
            parts.append(f"{rng} {info.key_param.label}")
    return ", ".join(parts)


def evaluate_goal(
    goal: Goal,
    trials: Sequence[Trial],
    info: GameInfo | None,
    metric: MetricInfo | None,
    period_start_utc: datetime | None = None,
) -> GoalResult:
    """Judge one goal against ``trials`` (this child's trials up to the report's end, in
    time order); see the module docstring for which trials count."""
    label = (metric.title if metric else goal.metric.replace("_", " ")).lower()
    unit = goal.unit or (metric.unit if metric else "")
    op = "≥" if goal.comparison == "at_least" else "≤"
    at_least = goal.comparison == "at_least"
    crit = f"{label} {op} {fmt_value(goal.threshold, unit)}"
    target = f"{crit} in {goal.n_required} of {goal.m_window} trials, {cue_words(goal.cue_level)}"

    game_trials = [
        t for t in trials if t.game_id == goal.game_id and t.metric(goal.metric) is not None
    ]
    in_period = [
        t for t in game_trials if period_start_utc is None or t.started_at >= period_start_utc
    ]
    allowed = _cue_rank(goal.cue_level)
    graded = [t for t in in_period if t.graded and _cue_rank(t.cue_level) <= allowed]
    practice = [t for t in in_period if not t.graded]
    if len(graded) >= goal.m_window:
        evidence, pool = "graded", graded
        all_of_kind = [t for t in game_trials if t.graded and _cue_rank(t.cue_level) <= allowed]
    else:
        evidence, pool = "practice", practice
        all_of_kind = [t for t in game_trials if not t.graded]
    window = pool[-goal.m_window :]
    values = [float(t.metric(goal.metric)) for t in window]  # type: ignore[arg-type]
    n_met = sum(goal.met_by(v) for v in values)

    if len(window) < goal.m_window:
        state = "not_enough_trials"
        where = "graded or practice " if not window else ""
        result = (
            f"Not rated yet: {len(window)} {where}trial{'s' if len(window) != 1 else ''} "
            f"recorded, {goal.m_window} needed."
        )
        if not window:
            evidence = "none"
    else:
        state = "met" if n_met >= goal.n_required else "not_yet"
        kind = "graded-task trials" if evidence == "graded" else "home-practice trials"
        cond = _condition(window, info)
        days = sorted({t.local_date for t in window})
        when = (
            short_date(days[0])
            if len(days) == 1
            else f"{short_date(days[0])}–{short_date(days[-1])}"
        )
        cue = (
            cue_words(max((t.cue_level for t in window), key=_cue_rank))
            if evidence == "graded"
            else "cue level not recorded at home"
        )
        result = (
            f"{n_met} of the last {len(window)} {kind} reached {op} "
            f"{fmt_value(goal.threshold, unit)} ({cond + '; ' if cond else ''}{when}; {cue})."
        )

    gas: GasResult | None = None
    if goal.gas is not None:
        if state == "not_enough_trials":
            gas = GasResult(level=None, words="", statistic=None, baseline=None, step=None)
        else:
            stat = nth_best(values, goal.n_required, at_least)
            after = [t for t in all_of_kind if t.started_at >= goal.created]
            base_pool = after if len(after) >= goal.m_window else all_of_kind
            base_vals = [float(t.metric(goal.metric)) for t in base_pool[: goal.m_window]]  # type: ignore[arg-type]
            baseline = (
                nth_best(base_vals, goal.n_required, at_least)
                if len(base_vals) >= goal.n_required
                else None
            )
            level, step = gas_level(stat, baseline, goal.threshold, at_least)
            gas = GasResult(
                level=level,
                words=goal.gas.words(level),
                statistic=stat,
                baseline=baseline,
                step=step,
            )
    return GoalResult(
        goal_id=goal.id,
        game_id=goal.game_id,
        description=goal.description,
        target=target,
        result=result,
        state=state,  # type: ignore[arg-type]
        stored_status=goal.status,
        metric=goal.metric,
        threshold=goal.threshold,
        unit=unit,
        n_required=goal.n_required,
        m_window=goal.m_window,
        n_met=n_met,
        trials_considered=len(window),
        evidence=evidence,  # type: ignore[arg-type]
        evidence_trial_ids=[t.id for t in window],
        gas=gas,
    )
