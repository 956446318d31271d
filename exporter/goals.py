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
from exporter.i18n import N_, _, ngettext, pgettext
from exporter.summary import GasResult, GoalResult
from exporter.wording import (
    clauses,
    cue_words,
    fmt_decimal1,
    fmt_value,
    item_words,
    measure_words,
    short_date,
)
from progress.models import CUE_LEVELS, Goal, Trial

GAS_RHO = 0.3
MIN_GOALS_FOR_T = 2

#: a goal's state in words (in English; ``_`` gives the report's language)
STATE_WORDS = {
    "met": N_("Met"),
    "not_yet": N_("Not yet met"),
    "met_at_baseline": N_("Met at baseline"),
    "cannot_vary": N_("Not rated (measure did not vary)"),
    "baseline_only": N_("Baseline only"),
    "not_rated": N_("Not rated"),
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


#: words in a GAS level's text that name a cue level (least help first), in the shipped
#: languages: a therapist types the levels in their own language
CUE_MENTIONS = (
    (
        "independent",
        "on his own",
        "on her own",
        "without help",
        "no cues",
        "sin ayuda",
        "autonom",
        "sans aide",
    ),
    ("verbal",),
    ("demonstrat", "model", "demostraci", "démonstration", "modèle"),
    ("physical", "hand over hand", "assist", "física", "physique", "mano sobre mano"),
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
            parts.append(f"{measure_words(_(label) if label else info.key_presented)} {rng}")
    return ", ".join(parts)


def _days(trials: Sequence[Trial]) -> str:
    days = sorted({t.local_date for t in trials})
    if not days:
        return ""
    if len(days) == 1:
        return short_date(days[0])
    return _("%(start)s to %(end)s") % {"start": short_date(days[0]), "end": short_date(days[-1])}


def evaluate_goal(
    goal: Goal,
    trials: Sequence[Trial],
    info: GameInfo | None,
    metric: MetricInfo | None,
    report_end: date | None = None,
) -> GoalResult:
    """Judge one goal against ``trials`` (this child's trials up to the report's end, in
    time order); see the module docstring for which trials count."""
    label = measure_words(_(metric.title) if metric else goal.metric.replace("_", " "))
    unit = goal.unit or (metric.unit if metric else "")
    op = "≥" if goal.comparison == "at_least" else "≤"
    at_least = goal.comparison == "at_least"
    crit = f"{op} {fmt_value(goal.threshold, unit)}"
    values = {"measure": label, "crit": crit, "n": goal.n_required, "m": goal.m_window}
    if goal.evidence == "graded":
        values["cue"] = cue_words(goal.cue_level)
        # TRANSLATORS: a goal's target, e.g. "trace length inside the band ≥ 80 % in 4 of 5
        # trials in graded tasks, independently"
        target = (
            ngettext(
                "%(measure)s %(crit)s in %(n)d of %(m)d trial in graded tasks, %(cue)s",
                "%(measure)s %(crit)s in %(n)d of %(m)d trials in graded tasks, %(cue)s",
                goal.m_window,
            )
            % values
        )
    else:
        target = (
            ngettext(
                "%(measure)s %(crit)s in %(n)d of %(m)d trial in home practice (unobserved: cue "
                "level not recorded)",
                "%(measure)s %(crit)s in %(n)d of %(m)d trials in home practice (unobserved: cue "
                "level not recorded)",
                goal.m_window,
            )
            % values
        )
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
        cond = {"cue": cue_words(goal.cue_level), "day": short_date(start)}
        conditions = (
            _("graded-task trials %(cue)s or with less help, from %(day)s") % cond
            if allowed > 0
            else _("graded-task trials %(cue)s, from %(day)s") % cond
        )
        left_out = []
        if more_help:
            cues = sorted({cue_words(t.cue_level) for t in more_help})
            left_out.append(
                ngettext(
                    "%(n)d graded trial done %(cues)s does not count for a goal set %(cue)s",
                    "%(n)d graded trials done %(cues)s do not count for a goal set %(cue)s",
                    len(more_help),
                )
                % {"n": len(more_help), "cues": _(" or ").join(cues), "cue": cond["cue"]}
            )
        home = sum(not t.graded for t in from_start)
        if home:
            left_out.append(
                ngettext(
                    "%(n)d home-practice trial (cue level not observed) does not count",
                    "%(n)d home-practice trials (cue level not observed) do not count",
                    home,
                )
                % {"n": home}
            )
    else:
        eligible = [t for t in from_start if not t.graded and t.kind != "warmup"]
        conditions = _(
            "home-practice trials (warm-ups left out; unobserved, cue level not recorded), "
            "from %(day)s"
        ) % {"day": short_date(start)}
        left_out = []
    if before:
        left_out.append(
            ngettext(
                "%(n)d trial from before the goal's start does not count",
                "%(n)d trials from before the goal's start do not count",
                before,
            )
            % {"n": before}
        )
    m, n = goal.m_window, goal.n_required
    values = [float(t.metric(goal.metric)) for t in eligible]  # type: ignore[arg-type]
    base, after = eligible[:m], eligible[m:]
    window = after[-m:]
    base_vals, win_vals = values[:m], values[m:][-m:]
    base_met = sum(goal.met_by(v) for v in base_vals)
    n_met = sum(goal.met_by(v) for v in win_vals)
    cond_words = _condition(window or base, info)
    baseline = (
        _("%(met)d of the first %(n)d reached %(crit)s (%(days)s)")
        % {"met": base_met, "n": len(base), "crit": crit, "days": _days(base)}
        if len(base) == m
        else _("not recorded yet")
    )
    extra = f" ({clauses(left_out)})" if left_out else ""
    gas_why = ""
    if len(eligible) < m:
        state = "not_rated"
        result = (
            ngettext(
                "%(have)d of the %(m)d trial needed since %(day)s",
                "%(have)d of the %(m)d trials needed since %(day)s",
                m,
            )
            % {"have": len(eligible), "m": m, "day": short_date(start)}
            + extra
            + "."
        )
        gas_why = _("too few trials in the goal's conditions")
    elif len(set(values)) == 1:
        state = "cannot_vary"
        result = ngettext(
            "%(measure)s was %(value)s in its one counted trial; a measure that does not vary "
            "cannot show progress.",
            "%(measure)s was %(value)s in all %(n)d counted trials; a measure that does not "
            "vary cannot show progress.",
            len(values),
        ) % {
            "measure": label[:1].upper() + label[1:],
            "value": fmt_value(values[0], unit),
            "n": len(values),
        }
        gas_why = _("the measure did not vary")
    elif base_met >= n:
        state = "met_at_baseline"
        result = _(
            "%(met)d of the first %(m)d trials (%(days)s) already reached %(crit)s, so these "
            "trials cannot show a change."
        ) % {"met": base_met, "m": m, "days": _days(base), "crit": crit}
        if len(window) == m:
            result = _(
                "%(met)d of the first %(m)d trials (%(days)s) already reached %(crit)s, so "
                "these trials cannot show a change; latest %(latest)d of %(window)d."
            ) % {
                "met": base_met,
                "m": m,
                "days": _days(base),
                "crit": crit,
                "latest": n_met,
                "window": len(window),
            }
        gas_why = _("met at baseline")
    elif len(after) < m:
        state = "baseline_only"
        result = ngettext(
            "Baseline %(met)d of %(m)d (%(days)s); %(more)d more trial in the goal's "
            "conditions is needed to judge it.",
            "Baseline %(met)d of %(m)d (%(days)s); %(more)d more trials in the goal's "
            "conditions are needed to judge it.",
            m - len(after),
        ) % {"met": base_met, "m": m, "days": _days(base), "more": m - len(after)}
        gas_why = _("only the baseline is recorded")
    else:
        state = "met" if n_met >= n else "not_yet"
        result = _("%(met)d of the last %(m)d reached %(crit)s (%(where)s).") % {
            "met": n_met,
            "m": m,
            "crit": crit,
            "where": clauses([x for x in (cond_words, _days(window)) if x]),
        }
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
                why = _(
                    "the data reach %(level)s, but its words ask for less help than the "
                    "trials had (%(had)s)"
                ) % {"level": f"{level:+d}", "had": had}
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
    short = {
        "not_rated": ngettext(
            "%(have)d of the %(m)d trial needed in its conditions so far.",
            "%(have)d of the %(m)d trials needed in its conditions so far.",
            m,
        )
        % {"have": len(eligible), "m": m},
        "cannot_vary": result,
        "met_at_baseline": result,
        "baseline_only": result,
        "met": result,
        "not_yet": result,
    }[state]
    line_values = {
        "state": _(STATE_WORDS[state]),
        "short": short,
        "baseline": baseline,
        "day": short_date(set_on),
        "who": goal.set_by,
        "due": short_date(goal.target_date) if goal.target_date else "",
        "conditions": conditions,
    }
    if goal.set_by and goal.target_date:
        line = _(
            "%(state)s: %(short)s Baseline: %(baseline)s. Set %(day)s by %(who)s, target "
            "%(due)s; counts %(conditions)s."
        )
    elif goal.set_by:
        line = _(
            "%(state)s: %(short)s Baseline: %(baseline)s. Set %(day)s by %(who)s; counts "
            "%(conditions)s."
        )
    elif goal.target_date:
        line = _(
            "%(state)s: %(short)s Baseline: %(baseline)s. Set %(day)s (set by: not recorded), "
            "target %(due)s; counts %(conditions)s."
        )
    else:
        line = _(
            "%(state)s: %(short)s Baseline: %(baseline)s. Set %(day)s (set by: not recorded); "
            "counts %(conditions)s."
        )
    line = line % line_values
    if left_out and state != "not_rated":
        result += " " + _("Left out: %(what)s.") % {"what": clauses(left_out)}
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
    why = clauses(
        [
            _("goal %(goal)s: %(why)s") % {"goal": g.goal_id, "why": g.gas.why_not}
            for g in unrated
            if g.gas is not None and g.gas.why_not
        ]
    )
    if len(rated) < MIN_GOALS_FOR_T:
        values = {"min": MIN_GOALS_FOR_T, "rated": len(rated), "n": len(with_gas), "why": why}
        text = ngettext(
            "No combined GAS T score: it needs at least %(min)d rated goals, and %(rated)d of "
            "the %(n)d goal with GAS levels could be rated",
            "No combined GAS T score: it needs at least %(min)d rated goals, and %(rated)d of "
            "the %(n)d goals with GAS levels could be rated",
            len(with_gas),
        )
        return (None, len(rated), text % values + (f" ({why})." if why else "."))
    levels = [g.gas.level for g in rated if g.gas is not None and g.gas.level is not None]
    t = gas_t_score(levels)
    assert t is not None
    ids = ", ".join(str(g.goal_id) for g in rated)
    return (
        round(t, 1),
        len(rated),
        _(
            "Combined GAS T score %(t)s over goals %(ids)s (%(rated)d of %(n)d with GAS levels; "
            "equal weights, rho = 0.3, Kiresuk & Sherman 1968; 50 = attained as expected)"
        )
        % {"t": fmt_decimal1(t), "ids": ids, "rated": len(rated), "n": len(with_gas)}
        + (
            pgettext("between clauses", "; ") + _("not rated: %(why)s.") % {"why": why}
            if why
            else "."
        ),
    )
