"""Build a Summary from the store: one child, one date range, nothing but stored data.

Only trial rows are read (no raw samples: a year of samples takes seconds to load); the
few traces the PDF draws are loaded one by one by the renderer.

The rules every sentence follows (stated in the report's notes):
- Success rates count home-practice trials that moved the difficulty: warm-ups (easier
  on purpose) and graded tasks are left out, and the game's own success rule is stated.
- A count that equals the task's size (beads threaded = beads asked for) is completion,
  never a change. A measure that grows with the task is read per object or as a share
  of the allowance; any other measure is compared at matched presented difficulty.
- A change is named only when ``exporter.trends`` says the stated test cleared;
  otherwise "no clear change".
- Home-practice minutes leave out sessions that held only graded-task trials (the
  clinic's time), and expected days start when the child was added on this device.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from exporter import trends
from exporter.bounds import bound_notices
from exporter.catalog import INPUT_KINDS, GameCatalog, GameInfo, MetricInfo
from exporter.gcpause import collector_paused
from exporter.goals import evaluate_goal, t_score_basis
from exporter.summary import (
    Adherence,
    ChildPart,
    DayValue,
    GameSummary,
    GlossaryEntry,
    GoalResult,
    GradedTask,
    InputUse,
    MetricTrend,
    Period,
    PracticeDay,
    PresentedChange,
    ProgramPart,
    ScreenPart,
    Summary,
    TaskCount,
    TaskPoint,
    TracePick,
)
from exporter.wording import (
    INPUT_WORDS,
    SCREEN_NEVER_OBSERVES,
    cue_words,
    fmt_number,
    fmt_value,
    item_words,
    measure_words,
    minutes_words,
    pct,
    plural,
    short_date,
    span_words,
)
from progress import streaks
from progress.models import HomeProgram, PracticeSession, Trial
from progress.settings import load_settings
from progress.store import Store

KEY_METRICS_DEFAULT = 4
PRESENTED_EACH = 10  # trials at each end for "the task presented, first and last"
ROUTINE_ADVICE_DAYS = 7  # no advice about a family's routine on fewer expected days
DEFAULT_DPI = 96.0  # what the program assumes when nobody calibrated and the system says nothing


def has_template(geometry: dict) -> bool:
    """True when a trial's geometry holds polylines to draw a trace over ("strokes")."""
    strokes = geometry.get("strokes")
    return isinstance(strokes, list) and any(isinstance(s, list) and len(s) >= 2 for s in strokes)


def _median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def _fallback_info(game_id: str, trials: Sequence[Trial]) -> GameInfo:
    """A game the catalog does not know: report what its trials say about themselves."""
    seen: dict[str, MetricInfo] = {}
    for t in trials:
        for m in t.metrics:
            seen.setdefault(m.name, MetricInfo(name=m.name, unit=m.unit))
    metrics = list(seen.values())
    return GameInfo(
        id=game_id,
        name=game_id.replace("_", " ").capitalize(),
        metrics=metrics,
        key_metrics=[m.name for m in metrics[:KEY_METRICS_DEFAULT]],
        success_rule_id=next((t.success_rule for t in trials if t.success_rule), ""),
    )


def presented_number(t: Trial, name: str) -> tuple[float, str, str] | None:
    """(value, unit, label) of a numeric presented value; stored params for old trials."""
    for p in t.presented:
        if p.name == name:
            if isinstance(p.value, int | float) and not isinstance(p.value, bool):
                return float(p.value), p.unit, p.label
            return None
    v = t.params.get(name)
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v), "mm" if name.endswith("_mm") else "", ""
    return None


def is_practice(t: Trial) -> bool:
    """A home-practice trial that moved the difficulty: what success rates count."""
    return not t.graded and t.kind != "warmup" and not t.interrupted


# --------------------------------------------------------------------------- adherence


def home_minutes_by_day(
    sessions: Sequence[PracticeSession], trials: Sequence[Trial]
) -> tuple[dict[date, float], dict[date, float]]:
    """(home minutes per day, graded-task minutes per day): a session that held graded
    trials only is the clinic's time, not home practice."""
    kinds: dict[int, set[bool]] = defaultdict(set)
    for t in trials:
        if t.session_id is not None:
            kinds[t.session_id].add(t.graded)
    home: dict[date, float] = defaultdict(float)
    clinic: dict[date, float] = defaultdict(float)
    for s in sessions:
        if kinds.get(s.id) == {True}:
            clinic[s.local_date] += s.minutes
        else:
            home[s.local_date] += s.minutes
    return dict(home), dict(clinic)


def _day_statuses(
    minutes_upto_end: dict[date, float], start: date, end: date, goal_minutes: float
) -> list[PracticeDay]:
    by_day: dict[date, streaks.DayStatus] = {}
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        for cd in streaks.month_calendar(
            minutes_upto_end, y, m, today=end, goal_minutes=goal_minutes
        ):
            by_day[cd.day] = cd.status
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    out = []
    day = start
    while day <= end:
        minutes = float(minutes_upto_end.get(day, 0.0))
        st = by_day.get(day, streaks.DayStatus.MISSED)
        if st is streaks.DayStatus.PRACTISED:
            status = "practised"
        elif st is streaks.DayStatus.REST and minutes == 0:
            status = "rest"
        else:
            status = "short" if minutes > 0 else "missed"
        out.append(PracticeDay(day=day, minutes=round(minutes, 2), status=status))  # type: ignore[arg-type]
        day += timedelta(days=1)
    return out


def build_adherence(
    program: HomeProgram,
    minutes_all: dict[date, float],
    start: date,
    end: date,
    *,
    expected_from: date | None = None,
    graded_minutes: float = 0.0,
) -> Adherence:
    upto = {d: m for d, m in minutes_all.items() if d <= end}
    goal = program.minutes_per_day
    days = _day_statuses(upto, start, end, goal)
    streak = streaks.summary(upto, end, goal)
    practised = [d.minutes for d in days if d.minutes > 0]
    frm = min(max(start, expected_from or start), end)
    counted = [d for d in days if d.day >= frm]
    return Adherence(
        prescribed_minutes_per_day=goal,
        prescribed_days_per_week=program.days_per_week,
        days_in_period=len(days),
        expected_from=frm,
        expected_days=max(1, round(len(counted) * program.days_per_week / 7)),
        days_with_practice=len(practised),
        days_meeting_prescription=sum(d.minutes >= goal for d in days),
        total_minutes=round(sum(d.minutes for d in days), 2),
        graded_minutes=round(graded_minutes, 2),
        median_minutes_on_practice_days=round(_median(practised), 2) if practised else None,
        streak_at_end=streak.current,
        longest_streak=streak.longest,
        rest_days=sum(d.status == "rest" for d in days),
        days=days,
    )


def _inputs(sessions: Sequence[PracticeSession], infos: Sequence[GameInfo]) -> list[InputUse]:
    kinds: dict[str, list[PracticeSession]] = defaultdict(list)
    for s in sessions:
        kinds[s.input_kind].append(s)
    metrics = [m for info in infos for m in info.metrics]
    out = []
    for kind in sorted(kinds, key=lambda k: (k not in INPUT_KINDS, k)):
        measured = [m.title for m in metrics if kind in m.devices]
        missing = [m.title for m in metrics if kind not in m.devices]
        out.append(
            InputUse(
                input_kind=kind,
                sessions=len(kinds[kind]),
                minutes=round(sum(s.minutes for s in kinds[kind]), 2),
                measured=sorted(set(measured), key=measured.index),
                not_measured=sorted(set(missing), key=missing.index),
                not_observed=INPUT_WORDS.get(
                    kind, f"{kind}: position and time only; nothing else was observed."
                ),
            )
        )
    return out


# --------------------------------------------------------------------------- one game


def _presented_changes(practice: Sequence[Trial], info: GameInfo) -> list[PresentedChange]:
    if len(practice) < 2:
        return []
    k = max(1, min(PRESENTED_EACH, len(practice) // 3))
    head, tail = practice[:k], practice[-k:]
    names: list[str] = []
    for t in practice[:1] + practice[-1:]:
        for p in t.presented:
            if p.name not in names and isinstance(p.value, int | float):
                names.append(p.name)
    if not names and info.key_param is not None:
        names = [info.key_param.name]
    key = info.key_presented or (info.key_param.name if info.key_param else None)
    out = []
    for name in names:
        a = [v for t in head if (v := presented_number(t, name)) is not None]
        b = [v for t in tail if (v := presented_number(t, name)) is not None]
        if not a or not b:
            continue
        fallback = info.key_param.label if info.key_param and info.key_param.name == name else ""
        unit, label = (b[-1][1], b[-1][2] or fallback or name.replace("_", " "))
        out.append(
            PresentedChange(
                name=name,
                label=label,
                unit=unit,
                first=round(_median([v[0] for v in a]), 3),
                last=round(_median([v[0] for v in b]), 3),
                trials_each=min(len(a), len(b)),
                key=name == key,
                harder=info.key_harder if name == key else "unknown",
            )
        )
    out.sort(key=lambda c: not c.key)
    return out


def _task_counts(
    trials: Sequence[Trial], info: GameInfo, labels: dict[str, str]
) -> list[TaskCount]:
    out = []
    for metric, presented in info.task_counts.items():
        pairs = [
            (v, p[0])
            for t in trials
            if not t.interrupted
            and (v := t.metric(metric)) is not None
            and (p := presented_number(t, presented)) is not None
        ]
        if not pairs:
            continue
        plabel = next(
            (p.label for t in trials for p in t.presented if p.name == presented and p.label),
            presented,
        )
        out.append(
            TaskCount(
                metric=metric,
                label=labels.get(metric, metric),
                presented_label=plabel,
                equal=sum(abs(v - p) < 1e-9 for v, p in pairs),
                trials=len(pairs),
            )
        )
    return out


def _value(t: Trial, m: MetricInfo, info: GameInfo) -> float | None:
    """The measure as the report compares it: normalised by the task where it grows with it."""
    v = t.metric(m.name)
    if v is None:
        return None
    norm = info.normalise.get(m.name)
    if norm is None:
        return float(v)
    p = presented_number(t, norm.presented)
    if p is None or p[0] <= 0:
        return None
    return float(v) / p[0] * (100.0 if norm.how == "of_allowance" else 1.0)


def _metric_trend(practice: Sequence[Trial], m: MetricInfo, info: GameInfo) -> MetricTrend | None:
    norm = info.normalise.get(m.name)
    rows = [(t, v) for t in practice if (v := _value(t, m, info)) is not None]
    if not rows:
        return None
    label = norm.label if norm else m.title
    unit = norm.unit if norm else m.unit
    by_day: dict[date, list[float]] = defaultdict(list)
    for t, v in rows:
        by_day[t.local_date].append(v)
    days = [
        DayValue(day=d, median=round(_median(vs), 4), trials=len(vs))
        for d, vs in sorted(by_day.items())
    ]
    values = [v for _, v in rows]
    k = trends.thirds(len(rows))
    first, last = rows[:k], rows[len(rows) - k :] if k else []
    basis = "as measured"
    direction = "too_few_trials"
    if m.name in info.relative:
        basis = "relative to the task presented"
    elif norm is not None:
        basis = {
            "per": "divided by the task's size",
            "of_allowance": "share of what the task allowed",
        }[norm.how]
    if m.name in info.relative or norm is not None:
        pass
    elif info.key_presented and first and last:
        fk = [presented_number(t, info.key_presented) for t, _ in first]
        lk = [presented_number(t, info.key_presented) for t, _ in last]
        if all(x is not None for x in fk + lk):
            lo = max(min(x[0] for x in fk), min(x[0] for x in lk))  # type: ignore[index]
            hi = min(max(x[0] for x in fk), max(x[0] for x in lk))  # type: ignore[index]
            kunit = fk[0][1]  # type: ignore[index]
            klabel = (fk[0][2] or info.key_presented).lower()  # type: ignore[index]
            if lo > hi:
                direction = "task_changed"
                first, last = [], []
                basis = f"no trials at matched {klabel}"
            else:
                first = [(t, v) for (t, v), x in zip(first, fk, strict=True) if lo <= x[0] <= hi]  # type: ignore[index]
                last = [(t, v) for (t, v), x in zip(last, lk, strict=True) if lo <= x[0] <= hi]  # type: ignore[index]
                rng = (
                    fmt_value(lo, kunit)
                    if abs(hi - lo) < 1e-9
                    else f"{fmt_value(lo, '')}–{fmt_value(hi, kunit)}"
                )
                basis = f"at matched {klabel} {rng}"
    cmp = trends.compare([v for _, v in first], [v for _, v in last])
    if len(set(values)) == 1:
        direction = "cannot_vary"
    elif direction != "task_changed":
        if cmp.p_value is None:
            direction = "too_few_trials"
        elif not cmp.changed:
            direction = "no_clear_change"
        elif (cmp.last_median > cmp.first_median) == (m.better == "higher"):
            direction = "improved"
        else:
            direction = "worsened"
    if direction in ("improved", "worsened", "no_clear_change"):
        test = f"Mann-Whitney p = {cmp.p_value:.3f}, {cmp.first_n} vs {cmp.last_n} trials"
        if direction == "no_clear_change" and cmp.p_value < trends.ALPHA:
            # the test cleared but the medians moved less than the rule names a change for
            test += f"; medians differ by less than {trends.MIN_RELATIVE_CHANGE:.0%}"
    elif direction == "too_few_trials":
        test = (
            f"{cmp.first_n} and {cmp.last_n} comparable trials; the test needs "
            f"{trends.MIN_TRIALS} each"
        )
    elif direction == "task_changed":
        test = "the task changed so much that no first and last trials match"
    else:
        test = f"the same value in all {len(values)} trials"
    ok = first and last
    return MetricTrend(
        name=m.name,
        label=label,
        unit=unit,
        better=m.better,
        basis=basis,
        trials=len(rows),
        first_n=len(first),
        last_n=len(last),
        first_median=round(cmp.first_median, 4) if ok else None,
        last_median=round(cmp.last_median, 4) if ok else None,
        p_value=round(cmp.p_value, 4) if cmp.p_value is not None else None,
        direction=direction,  # type: ignore[arg-type]
        test=test,
        days=days,
        definition=m.definition,
    )


def _graded_tasks(graded: Sequence[Trial], info: GameInfo) -> list[GradedTask]:
    """Consecutive graded trials on one day at one grade and cue level form one task."""
    groups: list[list[Trial]] = []
    for t in graded:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and last.local_date == t.local_date
            and abs(last.difficulty - t.difficulty) < 1e-9
            and last.cue_level == t.cue_level
        ):
            groups[-1].append(t)
        else:
            groups.append([t])
    key = info.key_presented or (info.key_param.name if info.key_param else None)
    out = []
    for g in groups:
        first = g[0]
        kv = presented_number(first, key) if key else None
        item = (
            str(first.params[info.item_param])
            if info.item_param and info.item_param in first.params
            else None
        )
        med: dict[str, float] = {}
        labels: dict[str, str] = {}
        units: dict[str, str] = {}
        for name in info.key_metrics:
            if name in info.task_counts:
                continue
            vals = [v for t in g if (v := t.metric(name)) is not None]
            if vals:
                med[name] = round(_median(vals), 4)
                mi = info.metric(name)
                labels[name] = mi.title if mi else name
                units[name] = (
                    mi.unit if mi else next((m.unit for m in first.metrics if m.name == name), "")
                )
        out.append(
            GradedTask(
                day=first.local_date,
                trials=len(g),
                successes=sum(t.success for t in g),
                difficulty=first.difficulty,
                key_value=kv[0] if kv else None,
                key_label=(kv[2] or (key or "")).lower() if kv else "",
                key_unit=kv[1] if kv else "",
                item=item,
                cue_level=first.cue_level,
                trial_ids=[t.id for t in g],
                metrics=med,
                labels=labels,
                units=units,
            )
        )
    return out


def _measure_words(t: Trial, info: GameInfo) -> str:
    parts = []
    for name in info.key_metrics[:2]:
        m = info.metric(name)
        v = t.metric(name)
        if m is not None and v is not None:
            parts.append(f"{measure_words(m.title)} {fmt_value(v, m.unit)}")
    return ", ".join(parts)


def _trace_picks(trials: Sequence[Trial], info: GameInfo) -> list[TracePick]:
    drawable = [t for t in trials if has_template(t.geometry) and t.sample_count > 0]
    practice = [t for t in drawable if is_practice(t)] or drawable
    if not practice:
        return []
    by_score = sorted(practice, key=lambda t: (t.score, t.started_at))
    typical = by_score[(len(by_score) - 1) // 2]
    key = info.key_presented or (info.key_param.name if info.key_param else None)
    picks: list[TracePick] = []
    for role, t in (("first", practice[0]), ("typical", typical), ("last", practice[-1])):
        if any(p.trial_id == t.id for p in picks):
            continue
        kv = presented_number(t, key) if key else None
        item = (
            str(t.params[info.item_param])
            if info.item_param and info.item_param in t.params
            else None
        )
        picks.append(
            TracePick(
                role=role,  # type: ignore[arg-type]
                trial_id=t.id,
                day=t.local_date,
                item=item,
                key_value=kv[0] if kv else None,
                score=t.score,
                graded=t.graded,
                measures=_measure_words(t, info),
            )
        )
    return picks


def _change_words(c: PresentedChange) -> str:
    same = abs(c.last - c.first) < 0.02 * max(abs(c.first), 1e-9)
    if same:
        return f"{measure_words(c.label)} stayed at {fmt_value(c.first, c.unit)}"
    text = f"{measure_words(c.label)} {fmt_value(c.first, c.unit)} → {fmt_value(c.last, c.unit)}"
    if c.harder in ("higher", "lower"):
        harder = (c.last > c.first) == (c.harder == "higher")
        text += " (harder)" if harder else " (easier)"
    return text


def _game_sentences(gs: GameSummary, period: Period) -> list[str]:
    out = [
        f"{gs.name}: {plural(gs.trials, 'trial')} on {gs.days_played} of {period.days} days: "
        f"{gs.practice_trials} practice, {gs.warmup_trials} warm-up, {gs.graded_trials} in "
        f"graded tasks. {gs.practice_successes} of {gs.practice_trials} practice trials "
        f"({pct(gs.practice_successes, gs.practice_trials)}) were successful (warm-ups left out)."
    ]
    key = next((c for c in gs.presented if c.key), None)
    if key is not None and gs.first_day and gs.last_day:
        out.append(
            f"Task presented: {_change_words(key)} {span_words(gs.first_day, gs.last_day)} "
            f"(median of the first and the last {plural(key.trials_each, 'practice trial')})."
        )
    if len(gs.items) > 1:
        out.append(f"Practised in this order: {', '.join(item_words(i) for i in gs.items)}.")
    elif gs.items:
        out.append(f"Practised: {item_words(gs.items[0])}.")
    for c in gs.task_counts:
        out.append(
            f"{c.label} equalled the {c.presented_label.lower()} in {c.equal} of {c.trials} "
            "trials: it counts the task, not a change in the child."
        )
    for mt in gs.metrics:
        if mt.direction == "cannot_vary":
            continue
        if mt.first_median is None or mt.last_median is None:
            out.append(f"{mt.label}: {mt.test}; no trend is claimed.")
            continue
        words = {
            "improved": "improved",
            "worsened": "worsened",
            "no_clear_change": "no clear change",
            "too_few_trials": "too few trials to test",
        }[mt.direction]
        out.append(
            f"{mt.label} ({mt.basis}): {fmt_number(mt.first_median)} → "
            f"{fmt_value(mt.last_median, mt.unit)}, {words} ({mt.test})."
        )
    if gs.unvarying:
        out.append(
            f"Not charted, the same in every trial: {', '.join(gs.unvarying)}; such a measure "
            "cannot show progress."
        )
    by_grade: dict[tuple[float | None, str | None, str | None], list[GradedTask]] = defaultdict(
        list
    )
    for task in gs.graded_tasks:
        by_grade[(task.key_value, task.item, task.cue_level)].append(task)
    for (kv, _item, cue), tasks in by_grade.items():
        if len(tasks) < 2 or kv is None:
            continue
        a, b = tasks[0], tasks[-1]
        out.append(
            f"Graded task at the same grade ({a.key_label} {fmt_value(kv, a.key_unit)}, "
            f"{cue_words(cue)}): {a.successes} of {a.trials} on {short_date(a.day)}, "
            f"{b.successes} of {b.trials} on {short_date(b.day)} ({len(tasks)} tasks)."
        )
    return out


def _key_change(gs: GameSummary) -> str:
    key = next((c for c in gs.presented if c.key), None)
    parts = [f"{gs.name}:"]
    if key is not None:
        parts.append(_change_words(key) + ";")
    parts.append(
        f"{gs.practice_successes} of {gs.practice_trials} practice trials successful"
        + (f" ({pct(gs.practice_successes, gs.practice_trials)})" if gs.practice_trials else "")
    )
    named = [m for m in gs.metrics if m.direction in ("improved", "worsened")]
    if named:
        parts[-1] += ";"
        parts.append(
            ", ".join(f"{measure_words(m.label)} {m.direction} ({m.basis})" for m in named[:2])
        )
    else:
        parts[-1] += "; no clear change in its measures at comparable difficulty"
    return " ".join(parts) + "."


def build_game(
    game_id: str, trials: Sequence[Trial], info: GameInfo | None, period: Period
) -> GameSummary:
    info = info or _fallback_info(game_id, trials)
    # a round left early is time played, not a result: no success rate, trend or goal uses it
    interrupted = sum(1 for t in trials if t.interrupted)
    trials = [t for t in trials if not t.interrupted]
    practice = [t for t in trials if is_practice(t)]
    graded = [t for t in trials if t.graded]
    key_names = info.key_metrics or [m.name for m in info.metrics[:KEY_METRICS_DEFAULT]]
    labels = {m.name: m.title for m in info.metrics}
    metrics, unvarying = [], []
    for name in key_names:
        if name in info.task_counts:
            continue
        m = info.metric(name) or MetricInfo(name=name)
        trend = _metric_trend(practice, m, info)
        if trend is None:
            continue
        if trend.direction == "cannot_vary":
            unvarying.append(
                f"{measure_words(trend.label)} ({fmt_value(trend.days[0].median, trend.unit)})"
            )
        metrics.append(trend)
    items: list[str] = []
    if info.item_param:
        for t in trials:
            v = t.params.get(info.item_param)
            if v is not None and str(v) not in items:
                items.append(str(v))
    key = info.key_presented or (info.key_param.name if info.key_param else None)
    task = []
    if key:
        for t in trials:
            kv = presented_number(t, key)
            if kv is not None:
                role = "graded" if t.graded else t.kind
                task.append(TaskPoint(at=t.started_at, value=kv[0], role=role, success=t.success))  # type: ignore[arg-type]
    days = sorted({t.local_date for t in trials})
    successes = sum(t.success for t in practice)
    gs = GameSummary(
        game_id=game_id,
        name=info.name,
        skill=info.skill,
        trials=len(trials),
        warmup_trials=sum(t.kind == "warmup" and not t.graded for t in trials),
        practice_trials=len(practice),
        practice_successes=successes,
        success_rate=(successes / len(practice)) if practice else None,
        success_rule=info.success_rule,
        success_rule_id=info.success_rule_id
        or next((t.success_rule for t in trials if t.success_rule), ""),
        graded_trials=sum(t.graded for t in trials),
        interrupted_trials=interrupted,
        days_played=len(days),
        first_day=days[0] if days else None,
        last_day=days[-1] if days else None,
        key_param=info.key_param,
        key_presented=key,
        task=task,
        presented=_presented_changes(practice, info),
        task_counts=_task_counts(trials, info, labels),
        items=items,
        metrics=metrics,
        unvarying=unvarying,
        graded_tasks=_graded_tasks(graded, info.model_copy(update={"key_metrics": key_names})),
        traces=_trace_picks(trials, info),
        score_text=info.score_text,
        bound_notices=bound_notices(trials, info),
        not_observed=list(info.not_observed),
        related_tests=[f"{r.name} ({r.citation})" for r in info.related_tests],
        key_change="",
        sentences=[],
        interrupted_rounds=interrupted,
    )
    sentences = _game_sentences(gs, period)
    if interrupted:
        sentences.append(
            f"{interrupted} interrupted round{'s' if interrupted != 1 else ''} (left before the "
            "end): counted in the minutes, not in success rates or trends."
        )
    return gs.model_copy(update={"sentences": sentences, "key_change": _key_change(gs)})


# --------------------------------------------------------------------------- the report


def _suggestions(
    adherence: Adherence, games: Sequence[GameSummary], goals: Sequence[GoalResult]
) -> list[str]:
    out = []
    share = adherence.days_meeting_prescription / adherence.expected_days
    if adherence.days_with_practice and adherence.expected_days >= ROUTINE_ADVICE_DAYS:
        if share < 0.75:
            out.append(
                f"The prescribed {minutes_words(adherence.prescribed_minutes_per_day)} were "
                f"reached on {adherence.days_meeting_prescription} of {adherence.expected_days} "
                "expected days. It may help to review with the family when practice fits their "
                "routine, or whether a shorter daily program would suit them better."
            )
        elif share >= 0.9:
            out.append(
                "Home practice was regular; the current program appears to fit the family's "
                "routine."
            )
    for g in games:
        out.extend(g.bound_notices)
    for goal in goals:
        if goal.state == "met":
            out.append(
                f"Goal {goal.goal_id} was met in the latest trials in its conditions; consider "
                "grading the task up or setting the next goal, after confirming it in session."
            )
        elif goal.state == "met_at_baseline":
            out.append(
                f"Goal {goal.goal_id} was already met at its baseline: a harder criterion or "
                "condition would let it show change."
            )
        elif goal.state == "cannot_vary":
            out.append(
                f"Goal {goal.goal_id}'s measure did not vary; another measure would show "
                "progress towards it."
            )
        elif goal.state in ("not_rated", "baseline_only"):
            what = "graded-task trials" if goal.evidence != "home" else "home trials"
            out.append(
                f"Goal {goal.goal_id} needs more {what} in its own conditions "
                f"({goal.conditions}) before it can be judged."
            )
    out.append(
        "These suggestions come from game data alone; confirm them with your own observation "
        "before changing the program."
    )
    return out


def _notes(games: Sequence[GameSummary], any_gas: bool) -> list[str]:
    notes = [
        "The measures in this report are game measures recorded by Tiny Hands. They are not "
        "standardised test scores and have no norms; a standardised test is named only where "
        "a published study links a game's measure to it. Read them as practice data.",
        "Success rates count home-practice trials that moved the difficulty; warm-ups (easier "
        "on purpose) and graded tasks are left out. Each game's rule for success is stated in "
        "its section.",
        "A count that equals the size of the task (beads threaded = beads asked for) is "
        "completion, not progress. Measures that grow with the task are read per object or "
        "as a share of what the task allowed; other measures are compared only between trials "
        f"at matched presented difficulty. A trend compares {trends.RULE_WORDS}; otherwise "
        'the report says "no clear change".',
        "Difficulty adapts during practice (it keeps success near 80 %), so a steady measure "
        "at a harder task can still mean progress: the task presented is shown per game.",
        "Goals count only trials from the goal's start, in its own conditions: graded-task "
        "trials at the goal's cue level or with less help, or home practice when the goal says "
        "so (unobserved). The first M such trials are the baseline; the goal is judged on the "
        "last M after it.",
        "Home-practice minutes are active play time; sessions that held graded-task trials "
        "only (the clinic's time) are not counted.",
    ]
    for g in games:
        if g.related_tests:
            notes.append(
                f"{g.name}: a published study links its measures to "
                f"{'; '.join(g.related_tests)}; they are still not scores of that test."
            )
    if any_gas:
        notes.append(
            "GAS levels are read from the data only where the evidence fits the goal: the "
            "goal's threshold is the expected level (0), the baseline -2, and one level is "
            "half the distance between them. Not rated when met at baseline or when too few "
            "trials fit. The combined T score (Kiresuk & Sherman 1968, equal weights, rho = "
            "0.3) is given only over two or more rated goals."
        )
    return notes


def _screen(store: Store, trials: Sequence[Trial]) -> ScreenPart:
    settings = load_settings(store.data_dir)
    plane = None
    for t in reversed(trials):
        p = t.geometry.get("plane_mm")
        if isinstance(p, list) and len(p) == 2:
            try:
                plane = (round(float(p[0]), 1), round(float(p[1]), 1))
            except (TypeError, ValueError):
                continue
            break
    size = f" The games' area measured {plane[0]:g} × {plane[1]:g} mm." if plane else ""
    if settings.dpi is not None:
        words = (
            f"Calibrated with a bank card ({settings.dpi:.0f} dpi): millimetres on screen are "
            f"real millimetres.{size}"
        )
    else:
        words = (
            f"Not calibrated: millimetres assume {DEFAULT_DPI:.0f} dpi (or the density the "
            f"system reported) and may not be real millimetres.{size}"
        )
    return ScreenPart(
        calibrated=settings.dpi is not None, dpi=settings.dpi, plane_mm=plane, words=words
    )


def _glossary(games: Sequence[GameSummary]) -> list[GlossaryEntry]:
    out: list[GlossaryEntry] = []
    seen: set[str] = set()
    for g in games:
        if g.score_text and g.traces:
            out.append(GlossaryEntry(term=f"{g.name} score", definition=g.score_text))
        for m in g.metrics:
            term = f"{m.label}"
            if m.definition and term not in seen:
                seen.add(term)
                out.append(GlossaryEntry(term=term, definition=m.definition))
    return out


@collector_paused()
def build_summary(
    store: Store,
    child_id: int,
    start: date,
    end: date,
    catalog: GameCatalog,
    *,
    pseudonym: str | None = None,
    now: Callable[[], datetime] | None = None,
    app_version: str = "",
) -> Summary:
    """The Summary for one child from ``start`` to ``end`` (local days, inclusive)."""
    if start > end:
        raise ValueError(f"the report cannot start ({start}) after it ends ({end})")
    child = store.get_child(child_id)
    program = store.get_home_program(child_id)
    period = Period(start=start, end=end)
    upto = store.trials(child_id, until=end, geometry_keys=("strokes", "plane_mm"))
    trials = [t for t in upto if t.local_date >= start]
    all_sessions = store.sessions(child_id, until=end)
    sessions = [s for s in all_sessions if s.local_date >= start]
    home, clinic = home_minutes_by_day(all_sessions, upto)
    added = child.created.astimezone().date()
    first_seen = min([added, *(s.local_date for s in all_sessions[:1])])
    adherence = build_adherence(
        program,
        home,
        start,
        end,
        expected_from=first_seen,
        graded_minutes=sum(m for d, m in clinic.items() if start <= d <= end),
    )

    by_game: dict[str, list[Trial]] = defaultdict(list)
    for t in trials:
        by_game[t.game_id].append(t)
    order = {g.id: i for i, g in enumerate(catalog.games)}
    games = [
        build_game(gid, by_game[gid], catalog.get(gid), period)
        for gid in sorted(by_game, key=lambda g: (order.get(g, len(order)), g))
    ]
    infos = [catalog.get(g.game_id) or _fallback_info(g.game_id, by_game[g.game_id]) for g in games]

    goals = []
    for goal in store.list_goals(child_id):
        if goal.status == "discontinued":
            continue
        info = catalog.get(goal.game_id)
        metric = info.metric(goal.metric) if info else None
        goals.append(evaluate_goal(goal, upto, info, metric, end))
    t_score, rated, basis = t_score_basis(goals)

    generated = (now or (lambda: datetime.now().astimezone()))()
    latest = max((t.started_at for t in trials), default=None)
    clock_note = ""
    if latest is not None and generated < latest:
        shown = latest.astimezone(generated.tzinfo)
        clock_note = (
            f"This computer's clock read {short_date(generated.date())} {generated:%H:%M} "
            f"when the report was made, earlier than the latest trial "
            f"({short_date(shown.date())} {shown:%H:%M}): the clock may have been set back."
        )

    program_games = [
        (catalog.get(g).name if catalog.get(g) else g) for g in (program.games or [])
    ] or [g.name for g in catalog.games]
    observations = []
    if adherence.days_with_practice:
        observations.append(
            f"Home practice on {adherence.days_with_practice} of {adherence.days_in_period} days; "
            f"the prescribed {minutes_words(adherence.prescribed_minutes_per_day)} were reached "
            f"on {adherence.days_meeting_prescription} of {adherence.expected_days} expected days "
            f"({pct(adherence.days_meeting_prescription, adherence.expected_days)}); "
            f"{fmt_value(adherence.total_minutes, 'min')} in all"
            + (
                f" (and {fmt_value(adherence.graded_minutes, 'min')} of graded tasks, not counted)"
                if adherence.graded_minutes
                else ""
            )
            + "."
        )
    screen = _screen(store, trials)
    limits = [
        SCREEN_NEVER_OBSERVES,
        "Home practice was not observed: who helped and how much is not recorded; only graded "
        "tasks carry a cue level.",
        "These are game measures without norms: no standardised test score can be read from them.",
    ]
    pseudo = pseudonym is not None
    rec = child.record
    return Summary(
        generated_at=generated,
        latest_trial_at=latest,
        clock_note=clock_note,
        app_version=app_version,
        child=ChildPart(
            id=None if pseudo else child.id,
            name=pseudonym or child.display_name,
            pseudonymised=pseudo,
            handedness=child.handedness,
            birth_year=None if pseudo else child.birth_year,
            record_number="" if pseudo else rec.record_number,
            date_of_birth=None if pseudo else rec.date_of_birth,
            therapist=rec.therapist,
            practice=rec.practice,
            referral_reason="" if pseudo else rec.referral_reason,
            added_on=added,
        ),
        period=period,
        program=ProgramPart(
            minutes_per_day=program.minutes_per_day,
            days_per_week=program.days_per_week,
            games=program_games,
            set_by=program.set_by,
            set_on=program.set_on,
        ),
        screen=screen,
        devices=sorted({s.device for s in sessions}),
        inputs=_inputs(sessions, infos),
        adherence=adherence,
        games=games,
        goals=goals,
        gas_t_score=t_score,
        gas_goals=rated,
        gas_basis=basis,
        observations=observations,
        limits=limits,
        suggestions=_suggestions(adherence, games, goals) if trials else [],
        notes=_notes(games, any(g.gas is not None for g in goals)),
        glossary=_glossary(games),
    )
