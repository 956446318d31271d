"""Build a Summary from the store: one child, one date range, nothing but stored data.

Only trial rows are read (no raw samples: a year of samples takes seconds to load); the
few traces the PDF draws are loaded one by one by the renderer.

How a trend is worded (no claim the data cannot support): the median of the practice
trials on the first K days played is compared with the median on the last K days played
(K = a third of the days played, 1..5). The change is called an improvement or a
worsening only when it is at least 10 % of the larger value *and* more than half the
typical spread (interquartile range) of the trials in those days; otherwise it is "about
the same". Difficulty changes during practice, so the report says so next to the trends.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from exporter.catalog import INPUT_KINDS, GameCatalog, GameInfo, MetricInfo
from exporter.goals import evaluate_goal, gas_t_score
from exporter.summary import (
    Adherence,
    ChildPart,
    DayValue,
    DifficultyDay,
    GameSummary,
    GoalResult,
    GradedTask,
    InputUse,
    MetricTrend,
    Period,
    PracticeDay,
    Summary,
    TracePick,
)
from exporter.wording import (
    cue_words,
    fmt_value,
    item_words,
    pct,
    plural,
    short_date,
    span_words,
)
from progress import streaks
from progress.models import HomeProgram, PracticeSession, Trial
from progress.store import Store

MAX_TREND_DAYS = 5
MIN_RELATIVE_CHANGE = 0.10
KEY_METRICS_DEFAULT = 4
INPUT_NAMES = {"mouse": "Mouse", "touch": "Touch (finger)", "pen": "Pen (stylus)"}


def has_template(geometry: dict) -> bool:
    """True when a trial's geometry holds polylines to draw a trace over ("strokes")."""
    strokes = geometry.get("strokes")
    return isinstance(strokes, list) and any(isinstance(s, list) and len(s) >= 2 for s in strokes)


def _median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def _iqr(values: Sequence[float]) -> float:
    if len(values) < 4:
        return 0.0
    q = statistics.quantiles(values, n=4)
    return float(q[2] - q[0])


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
    )


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
    program: HomeProgram, minutes_all: dict[date, float], start: date, end: date
) -> Adherence:
    upto = {d: m for d, m in minutes_all.items() if d <= end}
    goal = program.minutes_per_day
    days = _day_statuses(upto, start, end, goal)
    streak = streaks.summary(upto, end, goal)
    practised = [d.minutes for d in days if d.minutes > 0]
    n_days = len(days)
    return Adherence(
        prescribed_minutes_per_day=goal,
        prescribed_days_per_week=program.days_per_week,
        days_in_period=n_days,
        expected_days=round(n_days * program.days_per_week / 7),
        days_with_practice=len(practised),
        days_meeting_prescription=sum(d.minutes >= goal for d in days),
        total_minutes=round(sum(d.minutes for d in days), 2),
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
            )
        )
    return out


def _difficulty_days(practice: Sequence[Trial], info: GameInfo) -> list[DifficultyDay]:
    by_day: dict[date, list[Trial]] = defaultdict(list)
    for t in practice:
        by_day[t.local_date].append(t)
    out = []
    for day in sorted(by_day):
        ts = by_day[day]
        key = None
        if info.key_param is not None:
            vals = [
                float(t.params[info.key_param.name]) for t in ts if info.key_param.name in t.params
            ]
            key = round(_median(vals), 3) if vals else None
        item = None
        if info.item_param:
            items = Counter(
                str(t.params[info.item_param]) for t in ts if info.item_param in t.params
            )
            item = items.most_common(1)[0][0] if items else None
        out.append(
            DifficultyDay(
                day=day,
                trials=len(ts),
                difficulty=round(_median([t.difficulty for t in ts]), 4),
                key_value=key,
                item=item,
            )
        )
    return out


def _metric_trend(practice: Sequence[Trial], m: MetricInfo) -> MetricTrend | None:
    by_day: dict[date, list[float]] = defaultdict(list)
    for t in practice:
        v = t.metric(m.name)
        if v is not None:
            by_day[t.local_date].append(float(v))
    if not by_day:
        return None
    days = sorted(by_day)
    k = min(MAX_TREND_DAYS, max(1, len(days) // 3))
    first_days, last_days = days[:k], days[-k:]
    first_vals = [v for d in first_days for v in by_day[d]]
    last_vals = [v for d in last_days for v in by_day[d]]
    first, last = _median(first_vals), _median(last_vals)
    if len(days) < 2 * k or len(days) < 2:
        direction = "too_few_trials"
    else:
        delta = last - first
        spread = 0.5 * (_iqr(first_vals) + _iqr(last_vals)) / 2.0
        big = abs(delta) >= MIN_RELATIVE_CHANGE * max(abs(first), abs(last)) and abs(delta) > spread
        if not big or delta == 0:
            direction = "about_the_same"
        elif (delta > 0) == (m.better == "higher"):
            direction = "improved"
        else:
            direction = "worsened"
    return MetricTrend(
        name=m.name,
        label=m.title,
        unit=m.unit,
        better=m.better,
        trials=sum(len(v) for v in by_day.values()),
        first_median=round(first, 4),
        last_median=round(last, 4),
        first_days=first_days,
        last_days=last_days,
        direction=direction,  # type: ignore[arg-type]
        days=[
            DayValue(day=d, median=round(_median(by_day[d]), 4), trials=len(by_day[d]))
            for d in days
        ],
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
    out = []
    for g in groups:
        first = g[0]
        key = None
        if info.key_param is not None and info.key_param.name in first.params:
            key = float(first.params[info.key_param.name])
        item = (
            str(first.params[info.item_param])
            if info.item_param and info.item_param in first.params
            else None
        )
        med: dict[str, float] = {}
        for name in info.key_metrics:
            vals = [v for t in g if (v := t.metric(name)) is not None]
            if vals:
                med[name] = round(_median(vals), 4)
        out.append(
            GradedTask(
                day=first.local_date,
                trials=len(g),
                successes=sum(t.success for t in g),
                difficulty=first.difficulty,
                key_value=key,
                item=item,
                cue_level=first.cue_level,
                trial_ids=[t.id for t in g],
                metrics=med,
            )
        )
    return out


def _trace_picks(trials: Sequence[Trial], info: GameInfo) -> list[TracePick]:
    drawable = [t for t in trials if has_template(t.geometry) and t.sample_count > 0]
    if not drawable:
        return []
    best = max(drawable, key=lambda t: (t.score, t.difficulty, t.started_at))
    picks: list[TracePick] = []
    for role, t in (("first", drawable[0]), ("best", best), ("latest", drawable[-1])):
        if any(p.trial_id == t.id for p in picks):
            continue
        key = None
        if info.key_param is not None and info.key_param.name in t.params:
            key = float(t.params[info.key_param.name])
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
                key_value=key,
                score=t.score,
                graded=t.graded,
            )
        )
    return picks


def _game_sentences(gs: GameSummary, period: Period) -> list[str]:
    out = [
        f"{gs.name}: {plural(gs.trials, 'trial')} on {gs.days_played} of {period.days} days "
        f"({gs.practice_trials} in practice, {gs.graded_trials} in graded tasks); "
        f"{pct(gs.practice_successes, gs.practice_trials)} of practice trials were successful."
    ]
    dd = [d for d in gs.difficulty_days if d.key_value is not None]
    kp = gs.key_param
    if kp is not None and len(dd) >= 2:
        a, b = dd[0], dd[-1]
        span = span_words(a.day, b.day)
        if abs(b.key_value - a.key_value) < 0.02 * max(abs(a.key_value), 1e-9):  # type: ignore[operator]
            out.append(f"The {kp.label} stayed at {fmt_value(a.key_value, kp.unit)} {span}.")  # type: ignore[arg-type]
        else:
            verb = kp.rise_verb if b.key_value > a.key_value else kp.fall_verb  # type: ignore[operator]
            harder = (b.key_value > a.key_value) == (kp.harder == "higher")  # type: ignore[operator]
            out.append(
                f"The {kp.label} {verb} from {fmt_value(a.key_value, kp.unit)} to "  # type: ignore[arg-type]
                f"{fmt_value(b.key_value, kp.unit)} {span} "  # type: ignore[arg-type]
                f"({'harder' if harder else 'easier'}; medians of the first and the last day "
                "practised)."
            )
    if len(gs.items) > 1:
        out.append(f"Practised in this order: {', '.join(item_words(i) for i in gs.items)}.")
    elif gs.items:
        out.append(f"Practised: {item_words(gs.items[0])}.")
    for mt in gs.metrics:
        if mt.first_median is None or mt.last_median is None:
            continue
        if mt.direction == "too_few_trials":
            out.append(
                f"{mt.label}: median {fmt_value(mt.last_median, mt.unit)} "
                "(too few days to speak of a trend)."
            )
            continue
        words = {
            "improved": "improved",
            "worsened": "worsened",
            "about_the_same": "about the same",
        }[mt.direction]
        k = len(mt.first_days)
        out.append(
            f"{mt.label}: {fmt_value(mt.first_median, mt.unit)} → "
            f"{fmt_value(mt.last_median, mt.unit)} ({words}; {mt.better} is better; median of "
            f"the first and last {plural(k, 'day')} practised)."
        )
    for task in gs.graded_tasks:
        cond = ", ".join(
            p
            for p in (
                item_words(task.item) if task.item else "",
                fmt_value(task.key_value, kp.unit) + f" {kp.label}"
                if kp is not None and task.key_value is not None
                else "",
            )
            if p
        )
        out.append(
            f"Graded task on {short_date(task.day)}: {task.successes} of {task.trials} trials "
            f"successful ({cond + ', ' if cond else ''}{cue_words(task.cue_level)})."
        )
    return out


def build_game(
    game_id: str, trials: Sequence[Trial], info: GameInfo | None, period: Period
) -> GameSummary:
    info = info or _fallback_info(game_id, trials)
    # a round left early is time played, not a result: no success rate, trend or goal uses it
    interrupted = sum(1 for t in trials if t.interrupted)
    trials = [t for t in trials if not t.interrupted]
    practice = [t for t in trials if not t.graded]
    graded = [t for t in trials if t.graded]
    key_names = info.key_metrics or [m.name for m in info.metrics[:KEY_METRICS_DEFAULT]]
    metrics = []
    for name in key_names:
        m = info.metric(name) or MetricInfo(name=name)
        trend = _metric_trend(practice, m)
        if trend is not None:
            metrics.append(trend)
    items: list[str] = []
    if info.item_param:
        for t in trials:
            v = t.params.get(info.item_param)
            if v is not None and str(v) not in items:
                items.append(str(v))
    days = sorted({t.local_date for t in trials})
    gs = GameSummary(
        game_id=game_id,
        name=info.name,
        skill=info.skill,
        related_tests=list(info.related_tests),
        trials=len(trials),
        practice_trials=len(practice),
        practice_successes=sum(t.success for t in practice),
        success_rate=(sum(t.success for t in practice) / len(practice)) if practice else None,
        graded_trials=len(graded),
        days_played=len(days),
        first_day=days[0] if days else None,
        last_day=days[-1] if days else None,
        key_param=info.key_param,
        difficulty_days=_difficulty_days(practice, info),
        items=items,
        metrics=metrics,
        graded_tasks=_graded_tasks(graded, info.model_copy(update={"key_metrics": key_names})),
        traces=_trace_picks(trials, info),
        sentences=[],
        interrupted_rounds=interrupted,
    )
    sentences = _game_sentences(gs, period)
    if interrupted:
        sentences.append(
            f"{interrupted} interrupted round{'s' if interrupted != 1 else ''} (left before the "
            "end): counted in the minutes, not in success rates or trends."
        )
    return gs.model_copy(update={"sentences": sentences})


def _suggestions(
    adherence: Adherence,
    games: Sequence[GameSummary],
    goals: Sequence[GoalResult],
    program: HomeProgram,
) -> list[str]:
    out = []
    if adherence.expected_days:
        share = adherence.days_meeting_prescription / adherence.expected_days
        if adherence.days_with_practice == 0:
            pass
        elif share < 0.75:
            out.append(
                f"The prescribed {fmt_value(adherence.prescribed_minutes_per_day, 'minutes')} were "
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
        tail = g.difficulty_days[-MAX_TREND_DAYS:]
        if not tail:
            continue
        low, high = program.bounds_for(g.game_id)
        recent = [t for t in tail]
        ok_rate = g.success_rate or 0.0
        if recent[-1].difficulty >= high - 0.03 and ok_rate >= 0.8:
            out.append(
                f"{g.name}: practice reached the top of the difficulty range set in the home "
                "program with most trials successful; raising the upper bound could be considered."
            )
        elif recent[-1].difficulty <= low + 0.03 and ok_rate < 0.6:
            out.append(
                f"{g.name}: practice stayed at the easiest grade allowed with fewer than 60 % of "
                "trials successful; an easier grade or more cueing could be considered."
            )
    for goal in goals:
        if goal.state == "met":
            out.append(
                f"Goal {goal.goal_id} was met in the latest trials; consider grading the task up "
                "or setting the next goal, after confirming it in session."
            )
        elif goal.state == "not_yet":
            out.append(
                f"Goal {goal.goal_id} is not met yet ({goal.n_met} of the last "
                f"{goal.trials_considered} trials); continuing the current program and "
                "re-checking at the next graded task seems reasonable."
            )
    out.append(
        "These suggestions come from game data alone; confirm them with your own observation "
        "before changing the program."
    )
    return out


def _notes(games: Sequence[GameSummary], any_gas: bool) -> list[str]:
    notes = [
        "The measures in this report are game measures recorded by Tiny Hands. They are not "
        "standardised test scores and have no norms; read them as practice data.",
    ]
    for g in games:
        if g.related_tests:
            notes.append(
                f"{g.name} is related to {', '.join(g.related_tests)}; its measures are not "
                "equivalent to the scores of those tests."
            )
    notes.append(
        "Trends compare the median of the first and the last days practised; a change is "
        "named only when it is at least 10 % and larger than the usual day-to-day spread. "
        "Difficulty moves during practice (it adapts to keep success near 80 %), so a steady "
        "value at a harder grade can still mean progress."
    )
    notes.append(
        "Goals are judged on the latest graded-task trials at the goal's cue level or less "
        "help when there are enough of them, otherwise on the latest home-practice trials."
    )
    if any_gas:
        notes.append(
            "GAS levels are read from the data: the goal's threshold is the expected level (0); "
            "the baseline (the first trials after the goal was set) is -2; one level is half the "
            "distance from baseline to threshold. Combined T score: Kiresuk & Sherman, equal "
            "weights, rho = 0.3."
        )
    return notes


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
    upto = store.trials(child_id, until=end, geometry_keys=("strokes",))  # enough to pick traces
    trials = [t for t in upto if t.local_date >= start]
    sessions = store.sessions(child_id, since=start, until=end)
    adherence = build_adherence(program, store.minutes_by_day(child_id, until=end), start, end)

    by_game: dict[str, list[Trial]] = defaultdict(list)
    for t in trials:
        by_game[t.game_id].append(t)
    order = {g.id: i for i, g in enumerate(catalog.games)}
    games = [
        build_game(gid, by_game[gid], catalog.get(gid), period)
        for gid in sorted(by_game, key=lambda g: (order.get(g, len(order)), g))
    ]
    infos = [catalog.get(g.game_id) or _fallback_info(g.game_id, by_game[g.game_id]) for g in games]

    first_instant = min((t.started_at for t in trials), default=None)
    period_start_utc = first_instant or datetime.combine(end + timedelta(days=1), time(), UTC)
    goals = []
    for goal in store.list_goals(child_id):
        if goal.status == "discontinued":
            continue
        info = catalog.get(goal.game_id)
        metric = info.metric(goal.metric) if info else None
        done = [t for t in upto if not t.interrupted]
        goals.append(evaluate_goal(goal, done, info, metric, period_start_utc))
    rated = [g.gas.level for g in goals if g.gas is not None and g.gas.level is not None]

    observations = []
    if adherence.days_with_practice:
        observations.append(
            f"Practice on {adherence.days_with_practice} of {adherence.days_in_period} days; the "
            f"prescribed {fmt_value(adherence.prescribed_minutes_per_day, 'minutes')} were reached "
            f"on {adherence.days_meeting_prescription} days; "
            f"{fmt_value(adherence.total_minutes, 'minutes')} in all."
        )
    for g in games:
        observations.extend(g.sentences[:2])

    return Summary(
        generated_at=(now or (lambda: datetime.now().astimezone()))(),
        app_version=app_version,
        child=ChildPart(
            id=None if pseudonym else child.id,
            name=pseudonym or child.display_name,
            pseudonymised=pseudonym is not None,
            handedness=child.handedness,
            birth_year=None if pseudonym else child.birth_year,
        ),
        period=period,
        devices=sorted({s.device for s in sessions}),
        inputs=_inputs(sessions, infos),
        adherence=adherence,
        games=games,
        goals=goals,
        gas_t_score=round(gas_t_score(rated), 1) if rated else None,
        gas_goals=len(rated),
        observations=observations,
        suggestions=_suggestions(adherence, games, goals, program) if trials else [],
        notes=_notes(games, any(g.gas is not None for g in goals)),
    )
