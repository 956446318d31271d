"""Goals against the data: "N of M trials", its baseline, and the GAS level.

Which trials count (the *evidence*) follows the goal's own conditions, nothing looser:
- only trials from the goal's start (its start date, else the day it was set) to the
  report's end, of the goal's game, not interrupted;
- a goal judged on graded tasks (the default) counts only graded-task trials whose cue
  level gave no more help than the goal allows: an "independent" goal is never judged on
  trials done with verbal cues;
- a goal judged at home counts home-practice trials that moved the difficulty (no
  warm-ups); their cue level was not observed, and the report says so.

The *baseline* is the first M such trials; the result is the last M trials after the
baseline. When the baseline already met the goal, the report says "met at baseline"
plainly (it shows no change). A measure that took one value in every counted trial
("coverage 100 % in all trials") cannot show progress and is not rated.

GAS (FIELD-NOTES, "OT documentation") only where the evidence fits (the goal's own
conditions, a baseline below the criterion, M trials after it): the threshold is the
expected level (0), the baseline's statistic -2, equal steps of half the distance
between them. The *statistic* of M trials is the value at least N of them reached (the
N-th best), so "statistic meets the threshold" is exactly "met in N of M".

Combined T score (Kiresuk & Sherman 1968), equal weights, rho = 0.3, only over two or
more rated goals: T = 50 + 10 * sum(w x) / sqrt((1 - rho) sum(w^2) + rho (sum w)^2).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from exporter.catalog import GameInfo, MetricInfo
from exporter.summary import GasResult, GoalResult
from exporter.wording import cue_words, fmt_value, item_words, measure_words, short_date
from progress.models import CUE_LEVELS, Goal, Trial

GAS_RHO = 0.3
MIN_GOALS_FOR_T = 2

STATE_WORDS = {
    "met": "Met",
    "not_yet": "Not yet met",
    "met_at_baseline": "Met at baseline",
    "cannot_vary": "Not rated (measure did not vary)",
    "baseline_only": "Baseline only",
    "not_rated": "Not rated",
}


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
    statistic: float, baseline: float, threshold: float, at_least: bool
) -> tuple[int, float]:
    """(level -2..+2, step) for a window statistic against a baseline below the threshold."""
    sign = 1.0 if at_least else -1.0
    s, t, b = sign * statistic, sign * threshold, sign * baseline
    if b >= t:
        raise ValueError("a GAS level needs a baseline that did not meet the threshold")
    step = (t - b) / 2.0
    eps = 1e-9 * max(1.0, abs(t))
    if s >= t - eps:
        return min(2, int((s - t + eps) // step)), step
    if s >= t - step - eps:
        return -1, step
    return -2, step


#: words in a GAS level's text that name a cue level (least help first)
CUE_MENTIONS = (
    ("independent", "independently", "on his own", "on her own", "without help", "no cues"),
    ("verbal",),
    ("demonstrat", "model"),
    ("physical", "hand over hand", "assist"),
)


def _demands_less_help(words: str, most_help: int) -> bool:
    """True when a level's words name a cue level with less help than the trials had: a
    level "independently" cannot be reached on trials done with verbal cues."""
    text = words.lower()
    for rank, stems in enumerate(CUE_MENTIONS):
        if rank < most_help and any(s in text for s in stems):
            return True
    return False


def cue_rank(cue: str | None) -> int:
    return CUE_LEVELS.index(cue) if cue in CUE_LEVELS else len(CUE_LEVELS)


def _condition(trials: Sequence[Trial], info: GameInfo | None) -> str:
    """What the trials were, e.g. "circle, 6 mm band" (from what was presented)."""
    parts: list[str] = []
    if info is not None and info.item_param:
        items = sorted(
            {str(t.params.get(info.item_param)) for t in trials if info.item_param in t.params}
        )
        if items:
            parts.append(
                ", ".join(item_words(i) for i in items[:3]) + (" ..." if len(items) > 3 else "")
            )
    if info is not None and info.key_presented:
        vals, unit, label = [], "", ""
        for t in trials:
            for p in t.presented:
                if p.name == info.key_presented and isinstance(p.value, int | float):
                    vals.append(float(p.value))
                    unit, label = p.unit, p.label
        if vals:
            lo, hi = min(vals), max(vals)
            rng = (
                fmt_value(lo, unit)
                if math.isclose(lo, hi, rel_tol=0.02)
                else f"{fmt_value(lo, '')}–{fmt_value(hi, unit)}"
            )
            parts.append(f"{(label or info.key_presented).lower()} {rng}")
    return ", ".join(parts)


def _days(trials: Sequence[Trial]) -> str:
    days = sorted({t.local_date for t in trials})
    if not days:
        return ""
    if len(days) == 1:
        return short_date(days[0])
    return f"{short_date(days[0])} to {short_date(days[-1])}"


def evaluate_goal(
    goal: Goal,
    trials: Sequence[Trial],
    info: GameInfo | None,
    metric: MetricInfo | None,
    report_end: date | None = None,
) -> GoalResult:
    """Judge one goal against ``trials`` (this child's trials up to the report's end, in
    time order); see the module docstring for which trials count."""
    label = measure_words(metric.title if metric else goal.metric.replace("_", " "))
    unit = goal.unit or (metric.unit if metric else "")
    op = "≥" if goal.comparison == "at_least" else "≤"
    at_least = goal.comparison == "at_least"
    crit = f"{op} {fmt_value(goal.threshold, unit)}"
    where = (
        f"in graded tasks, {cue_words(goal.cue_level)}"
        if goal.evidence == "graded"
        else "in home practice (unobserved: cue level not recorded)"
    )
    target = f"{label} {crit} in {goal.n_required} of {goal.m_window} trials {where}"
    start = goal.starts
    set_on = goal.created.astimezone().date()
    game = [
        t
        for t in trials
        if t.game_id == goal.game_id
        and t.metric(goal.metric) is not None
        and not t.interrupted
        and (report_end is None or t.local_date <= report_end)
    ]
    before = sum(t.local_date < start for t in game)
    from_start = [t for t in game if t.local_date >= start]
    allowed = cue_rank(goal.cue_level)
    if goal.evidence == "graded":
        eligible = [t for t in from_start if t.graded and cue_rank(t.cue_level) <= allowed]
        more_help = [t for t in from_start if t.graded and cue_rank(t.cue_level) > allowed]
        conditions = (
            f"graded-task trials {cue_words(goal.cue_level)}"
            + (" or with less help" if allowed > 0 else "")
            + f", from {short_date(start)}"
        )
        left_out = []
        if more_help:
            cues = sorted({cue_words(t.cue_level) for t in more_help})
            left_out.append(
                f"{len(more_help)} graded trials done {' or '.join(cues)} do not count for a "
                f"goal set {cue_words(goal.cue_level)}"
            )
        home = sum(not t.graded for t in from_start)
        if home:
            left_out.append(f"{home} home-practice trials (cue level not observed) do not count")
    else:
        eligible = [t for t in from_start if not t.graded and t.kind != "warmup"]
        conditions = (
            f"home-practice trials (warm-ups left out; unobserved, cue level not recorded), "
            f"from {short_date(start)}"
        )
        left_out = []
    if before:
        left_out.append(f"{before} trials from before the goal's start do not count")
    m, n = goal.m_window, goal.n_required
    values = [float(t.metric(goal.metric)) for t in eligible]  # type: ignore[arg-type]
    base, after = eligible[:m], eligible[m:]
    window = after[-m:]
    base_vals, win_vals = values[:m], values[m:][-m:]
    base_met = sum(goal.met_by(v) for v in base_vals)
    n_met = sum(goal.met_by(v) for v in win_vals)
    cond_words = _condition(window or base, info)
    baseline = (
        f"{base_met} of the first {len(base)} reached {crit} ({_days(base)})"
        if len(base) == m
        else "not recorded yet"
    )
    extra = f" ({'; '.join(left_out)})" if left_out else ""
    gas_why = ""
    if len(eligible) < m:
        state = "not_rated"
        result = f"{len(eligible)} of the {m} trials needed since {short_date(start)}{extra}."
        gas_why = "too few trials in the goal's conditions"
    elif len(set(values)) == 1:
        state = "cannot_vary"
        result = (
            f"{label[0].upper()}{label[1:]} was {fmt_value(values[0], unit)} in all "
            f"{len(values)} counted trials; a measure that does not vary cannot show progress."
        )
        gas_why = "the measure did not vary"
    elif base_met >= n:
        state = "met_at_baseline"
        latest = f"; latest {n_met} of {len(window)}" if len(window) == m else ""
        result = (
            f"{base_met} of the first {m} trials ({_days(base)}) already reached {crit}, so "
            f"these trials cannot show a change{latest}."
        )
        gas_why = "met at baseline"
    elif len(after) < m:
        state = "baseline_only"
        result = (
            f"Baseline {base_met} of {m} ({_days(base)}); {m - len(after)} more trials in the "
            "goal's conditions are needed to judge it."
        )
        gas_why = "only the baseline is recorded"
    else:
        state = "met" if n_met >= n else "not_yet"
        result = (
            f"{n_met} of the last {m} reached {crit} "
            f"({cond_words + '; ' if cond_words else ''}{_days(window)})."
        )
    gas: GasResult | None = None
    if goal.gas is not None:
        if state in ("met", "not_yet"):
            stat = nth_best(win_vals, n, at_least)
            base_stat = nth_best(base_vals, n, at_least)
            level, step = gas_level(stat, base_stat, goal.threshold, at_least)
            most_help = max((cue_rank(t.cue_level) for t in window), default=len(CUE_LEVELS))
            capped = level
            while capped > -2 and _demands_less_help(goal.gas.words(capped), most_help):
                capped -= 1
            why = ""
            if capped != level:
                had = cue_words(CUE_LEVELS[most_help] if most_help < len(CUE_LEVELS) else None)
                why = (
                    f"the data reach {level:+d}, but its words ask for less help than the "
                    f"trials had ({had})"
                )
            gas = GasResult(
                level=capped,
                words=goal.gas.words(capped),
                statistic=stat,
                baseline=base_stat,
                step=step,
                why_not=why,
            )
        else:
            gas = GasResult(
                level=None, words="", statistic=None, baseline=None, step=None, why_not=gas_why
            )
    by = f" by {goal.set_by}" if goal.set_by else " (set by: not recorded)"
    due = f", target {short_date(goal.target_date)}" if goal.target_date else ""
    short = {
        "not_rated": f"{len(eligible)} of the {m} trials needed in its conditions so far.",
        "cannot_vary": result,
        "met_at_baseline": result,
        "baseline_only": result,
        "met": result,
        "not_yet": result,
    }[state]
    line = (
        f"{STATE_WORDS[state]}: {short} Baseline: {baseline}. Set {short_date(set_on)}"
        f"{by}{due}; counts {conditions}."
    )
    if left_out:
        result += f" Left out: {'; '.join(left_out)}." if state != "not_rated" else ""
    return GoalResult(
        goal_id=goal.id,
        game_id=goal.game_id,
        description=goal.description,
        target=target,
        set_on=set_on,
        set_by=goal.set_by,
        start=start,
        target_date=goal.target_date,
        evidence=goal.evidence if eligible else "none",  # type: ignore[arg-type]
        conditions=conditions,
        baseline=baseline,
        baseline_trial_ids=[t.id for t in base] if len(base) == m else [],
        result=result,
        line=line,
        state=state,  # type: ignore[arg-type]
        stored_status=goal.status,
        metric=goal.metric,
        threshold=goal.threshold,
        unit=unit,
        n_required=n,
        m_window=m,
        n_met=n_met,
        trials_considered=len(window),
        evidence_trial_ids=[t.id for t in window],
        gas=gas,
    )


def t_score_basis(goals: Sequence[GoalResult]) -> tuple[float | None, int, str]:
    """(T score or None, goals rated, the basis in words)."""
    with_gas = [g for g in goals if g.gas is not None]
    rated = [g for g in with_gas if g.gas is not None and g.gas.level is not None]
    if not with_gas:
        return None, 0, ""
    unrated = [g for g in with_gas if g not in rated]
    why = "; ".join(
        f"goal {g.goal_id}: {g.gas.why_not}" for g in unrated if g.gas is not None and g.gas.why_not
    )
    if len(rated) < MIN_GOALS_FOR_T:
        return (
            None,
            len(rated),
            f"No combined GAS T score: it needs at least {MIN_GOALS_FOR_T} rated goals, and "
            f"{len(rated)} of the {len(with_gas)} goals with GAS levels could be rated"
            + (f" ({why})." if why else "."),
        )
    levels = [g.gas.level for g in rated if g.gas is not None and g.gas.level is not None]
    t = gas_t_score(levels)
    assert t is not None
    ids = ", ".join(str(g.goal_id) for g in rated)
    return (
        round(t, 1),
        len(rated),
        f"Combined GAS T score {t:.1f} over goals {ids} ({len(rated)} of {len(with_gas)} with "
        "GAS levels; equal weights, rho = 0.3, Kiresuk & Sherman 1968; 50 = attained as "
        "expected)" + (f"; not rated: {why}." if why else "."),
    )
