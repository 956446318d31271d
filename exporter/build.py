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
from exporter.i18n import N_, _, language, ngettext
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
    clauses,
    cue_words,
    fmt_number,
    fmt_p,
    fmt_value,
    item_words,
    measure_words,
    minutes_words,
    pct,
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
        measured = [_(m.title) for m in metrics if kind in m.devices]
        missing = [_(m.title) for m in metrics if kind not in m.devices]
        out.append(
            InputUse(
                input_kind=kind,
                sessions=len(kinds[kind]),
                minutes=round(sum(s.minutes for s in kinds[kind]), 2),
                measured=sorted(set(measured), key=measured.index),
                not_measured=sorted(set(missing), key=missing.index),
                not_observed=_(INPUT_WORDS[kind])
                if kind in INPUT_WORDS
                else _("%(input)s: position and time only; nothing else was observed.")
                % {"input": kind},
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
        unit, label = (b[-1][1], _(b[-1][2] or fallback) or name.replace("_", " "))
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
                presented_label=_(plabel),
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
    label = _(norm.label if norm else m.title)
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
    # ``basis`` stays in English (a stable description the charts and readers of the JSON
    # match on); ``basis_words`` says the same in the report's language
    basis, basis_words = "as measured", _("as measured")
    direction = "too_few_trials"
    if m.name in info.relative:
        basis, basis_words = "relative to the task presented", _("relative to the task presented")
    elif norm is not None:
        basis, basis_words = {
            "per": ("divided by the task's size", _("divided by the task's size")),
            "of_allowance": ("share of what the task allowed", _("share of what the task allowed")),
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
            klabel_en = fk[0][2] or info.key_presented  # type: ignore[index]
            klabel = measure_words(_(klabel_en))
            if lo > hi:
                direction = "task_changed"
                first, last = [], []
                basis = f"no trials at matched {klabel_en.lower()}"
                # TRANSLATORS: e.g. "no trials at matched road width (tolerance band)"
                basis_words = _("no trials at matched %(task)s") % {"task": klabel}
            else:
                first = [(t, v) for (t, v), x in zip(first, fk, strict=True) if lo <= x[0] <= hi]  # type: ignore[index]
                last = [(t, v) for (t, v), x in zip(last, lk, strict=True) if lo <= x[0] <= hi]  # type: ignore[index]
                rng = (
                    fmt_value(lo, kunit)
                    if abs(hi - lo) < 1e-9
                    else f"{fmt_value(lo, '')}–{fmt_value(hi, kunit)}"
                )
                basis = f"at matched {klabel_en.lower()} {rng}"
                # TRANSLATORS: e.g. "at matched road width (tolerance band) 4.8–6 mm"
                basis_words = _("at matched %(task)s %(range)s") % {"task": klabel, "range": rng}
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
        test = _("Mann-Whitney p = %(p)s, %(first)d vs %(last)d trials") % {
            "p": fmt_p(cmp.p_value),
            "first": cmp.first_n,
            "last": cmp.last_n,
        }
        if direction == "no_clear_change" and cmp.p_value < trends.ALPHA:
            # the test cleared but the medians moved less than the rule names a change for
            test += _("; medians differ by less than %(pct)s") % {
                "pct": f"{trends.MIN_RELATIVE_CHANGE * 100:.0f} %"
            }
    elif direction == "too_few_trials":
        test = ngettext(
            "%(first)d and %(last)d comparable trials; the test needs %(n)d each",
            "%(first)d and %(last)d comparable trials; the test needs %(n)d each",
            trends.MIN_TRIALS,
        ) % {"first": cmp.first_n, "last": cmp.last_n, "n": trends.MIN_TRIALS}
    elif direction == "task_changed":
        test = _("the task changed so much that no first and last trials match")
    else:
        test = ngettext(
            "the same value in its one trial", "the same value in all %(n)d trials", len(values)
        ) % {"n": len(values)}
    ok = first and last
    return MetricTrend(
        name=m.name,
        label=label,
        unit=unit,
        better=m.better,
        basis=basis,
        basis_words=basis_words,
        trials=len(rows),
        first_n=len(first),
        last_n=len(last),
        first_median=round(cmp.first_median, 4) if ok else None,
        last_median=round(cmp.last_median, 4) if ok else None,
        p_value=round(cmp.p_value, 4) if cmp.p_value is not None else None,
        direction=direction,  # type: ignore[arg-type]
        test=test,
        days=days,
        definition=_(m.definition) if m.definition else "",
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
                labels[name] = _(mi.title) if mi else name
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
                key_label=measure_words(_(kv[2]) if kv[2] else (key or "")) if kv else "",
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
            parts.append(f"{measure_words(_(m.title))} {fmt_value(v, m.unit)}")
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
    label = measure_words(c.label)
    same = abs(c.last - c.first) < 0.02 * max(abs(c.first), 1e-9)
    if same:
        # TRANSLATORS: e.g. "road width (tolerance band) stayed at 6 mm"
        return _("%(task)s stayed at %(value)s") % {
            "task": label,
            "value": fmt_value(c.first, c.unit),
        }
    values = {"task": label, "first": fmt_value(c.first, c.unit), "last": fmt_value(c.last, c.unit)}
    if c.harder in ("higher", "lower"):
        if (c.last > c.first) == (c.harder == "higher"):
            # TRANSLATORS: e.g. "road width (tolerance band) 8 mm → 5 mm (harder)"
            return _("%(task)s %(first)s → %(last)s (harder)") % values
        return _("%(task)s %(first)s → %(last)s (easier)") % values
    return _("%(task)s %(first)s → %(last)s") % values


_DIRECTION_WORDS = {
    "improved": N_("improved"),
    "worsened": N_("worsened"),
    "no_clear_change": N_("no clear change"),
    "too_few_trials": N_("too few trials to test"),
}


def _game_sentences(gs: GameSummary, period: Period) -> list[str]:
    out = [
        ngettext(
            "%(game)s: %(trials)d trial on %(played)d of %(days)d days: %(practice)d practice, "
            "%(warmup)d warm-up, %(graded)d in graded tasks.",
            "%(game)s: %(trials)d trials on %(played)d of %(days)d days: %(practice)d practice, "
            "%(warmup)d warm-up, %(graded)d in graded tasks.",
            gs.trials,
        )
        % {
            "game": gs.name,
            "trials": gs.trials,
            "played": gs.days_played,
            "days": period.days,
            "practice": gs.practice_trials,
            "warmup": gs.warmup_trials,
            "graded": gs.graded_trials,
        }
        + " "
        + ngettext(
            "%(ok)d of %(n)d practice trial (%(pct)s) was successful (warm-ups left out).",
            "%(ok)d of %(n)d practice trials (%(pct)s) were successful (warm-ups left out).",
            gs.practice_trials,
        )
        % {
            "ok": gs.practice_successes,
            "n": gs.practice_trials,
            "pct": pct(gs.practice_successes, gs.practice_trials),
        }
    ]
    key = next((c for c in gs.presented if c.key), None)
    if key is not None and gs.first_day and gs.last_day:
        out.append(
            ngettext(
                "Task presented: %(change)s %(span)s (median of the first and the last "
                "practice trial).",
                "Task presented: %(change)s %(span)s (median of the first and the last "
                "%(n)d practice trials).",
                key.trials_each,
            )
            % {
                "change": _change_words(key),
                "span": span_words(gs.first_day, gs.last_day),
                "n": key.trials_each,
            }
        )
    if len(gs.items) > 1:
        out.append(
            _("Practised in this order: %(items)s.")
            % {"items": ", ".join(item_words(i) for i in gs.items)}
        )
    elif gs.items:
        out.append(_("Practised: %(item)s.") % {"item": item_words(gs.items[0])})
    for c in gs.task_counts:
        out.append(
            ngettext(
                "%(measure)s equalled the %(task)s in %(equal)d of %(n)d trial: it counts the "
                "task, not a change in the child.",
                "%(measure)s equalled the %(task)s in %(equal)d of %(n)d trials: it counts the "
                "task, not a change in the child.",
                c.trials,
            )
            % {
                "measure": c.label,
                "task": measure_words(c.presented_label),
                "equal": c.equal,
                "n": c.trials,
            }
        )
    for mt in gs.metrics:
        if mt.direction == "cannot_vary":
            continue
        if mt.first_median is None or mt.last_median is None:
            out.append(
                _("%(measure)s: %(test)s; no trend is claimed.")
                % {"measure": mt.label, "test": mt.test}
            )
            continue
        out.append(
            # TRANSLATORS: e.g. "Trace inside the band (relative to the task presented):
            # 61 → 78 %, improved (Mann-Whitney p = 0.004, 12 vs 12 trials)."
            _("%(measure)s (%(basis)s): %(first)s → %(last)s, %(result)s (%(test)s).")
            % {
                "measure": mt.label,
                "basis": mt.basis_words or mt.basis,
                "first": fmt_number(mt.first_median),
                "last": fmt_value(mt.last_median, mt.unit),
                "result": _(_DIRECTION_WORDS[mt.direction]),
                "test": mt.test,
            }
        )
    if gs.unvarying:
        out.append(
            _(
                "Not charted, the same in every trial: %(measures)s; such a measure cannot "
                "show progress."
            )
            % {"measures": ", ".join(gs.unvarying)}
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
            # TRANSLATORS: e.g. "Graded task at the same grade (road width 6 mm,
            # independently): 3 of 5 on 2 Mar 2026, 5 of 5 on 30 Mar 2026 (4 tasks)."
            ngettext(
                "Graded task at the same grade (%(task)s %(value)s, %(cue)s): %(ok1)d of "
                "%(n1)d on %(day1)s, %(ok2)d of %(n2)d on %(day2)s (%(tasks)d task).",
                "Graded task at the same grade (%(task)s %(value)s, %(cue)s): %(ok1)d of "
                "%(n1)d on %(day1)s, %(ok2)d of %(n2)d on %(day2)s (%(tasks)d tasks).",
                len(tasks),
            )
            % {
                "task": a.key_label,
                "value": fmt_value(kv, a.key_unit),
                "cue": cue_words(cue),
                "ok1": a.successes,
                "n1": a.trials,
                "day1": short_date(a.day),
                "ok2": b.successes,
                "n2": b.trials,
                "day2": short_date(b.day),
                "tasks": len(tasks),
            }
        )
    return out


_NAMED_CHANGE = {
    # TRANSLATORS: a measure and how its values were compared, e.g. "trace length inside
    # the band improved (relative to the task presented)"
    "improved": N_("%(measure)s improved (%(basis)s)"),
    "worsened": N_("%(measure)s worsened (%(basis)s)"),
}


def _key_change(gs: GameSummary) -> str:
    key = next((c for c in gs.presented if c.key), None)
    values = {
        "game": gs.name,
        "ok": gs.practice_successes,
        "n": gs.practice_trials,
        "pct": pct(gs.practice_successes, gs.practice_trials),
    }
    if gs.practice_trials:
        trials = ngettext(
            "%(ok)d of %(n)d practice trial successful (%(pct)s)",
            "%(ok)d of %(n)d practice trials successful (%(pct)s)",
            gs.practice_trials,
        )
    else:
        trials = _("%(ok)d of %(n)d practice trials successful")
    named = [m for m in gs.metrics if m.direction in ("improved", "worsened")]
    if named:
        measures = ", ".join(
            _(_NAMED_CHANGE[m.direction])
            % {"measure": measure_words(m.label), "basis": m.basis_words or m.basis}
            for m in named[:2]
        )
    else:
        measures = _("no clear change in its measures at comparable difficulty")
    text = trials % values
    if key is not None:
        # TRANSLATORS: the key change of one game: its name, how the task changed, its
        # success, and its measures, e.g. "Tracing: band 8 mm → 5 mm (harder); 40 of 50
        # practice trials successful (80 %); no clear change in its measures ..."
        return _("%(game)s: %(task)s; %(trials)s; %(measures)s.") % {
            "game": gs.name,
            "task": _change_words(key),
            "trials": text,
            "measures": measures,
        }
    return _("%(game)s: %(trials)s; %(measures)s.") % {
        "game": gs.name,
        "trials": text,
        "measures": measures,
    }


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
    labels = {m.name: _(m.title) for m in info.metrics}
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
        name=_(info.name),
        skill=_(info.skill),
        trials=len(trials),
        warmup_trials=sum(t.kind == "warmup" and not t.graded for t in trials),
        practice_trials=len(practice),
        practice_successes=successes,
        success_rate=(successes / len(practice)) if practice else None,
        success_rule=info.success_rule_text(),
        success_rule_id=info.success_rule_id
        or next((t.success_rule for t in trials if t.success_rule), ""),
        graded_trials=sum(t.graded for t in trials),
        interrupted_trials=interrupted,
        days_played=len(days),
        first_day=days[0] if days else None,
        last_day=days[-1] if days else None,
        key_param=(
            info.key_param.model_copy(update={"label": _(info.key_param.label)})
            if info.key_param
            else None
        ),
        key_presented=key,
        task=task,
        presented=_presented_changes(practice, info),
        task_counts=_task_counts(trials, info, labels),
        items=items,
        metrics=metrics,
        unvarying=unvarying,
        graded_tasks=_graded_tasks(graded, info.model_copy(update={"key_metrics": key_names})),
        traces=_trace_picks(trials, info),
        score_text=_(info.score_text) if info.score_text else "",
        bound_notices=bound_notices(trials, info),
        not_observed=[_(n) for n in info.not_observed],
        related_tests=[f"{r.name} ({r.citation})" for r in info.related_tests],
        key_change="",
        sentences=[],
        interrupted_rounds=interrupted,
    )
    sentences = _game_sentences(gs, period)
    if interrupted:
        sentences.append(
            ngettext(
                "%(n)d interrupted round (left before the end): counted in the minutes, not in "
                "success rates or trends.",
                "%(n)d interrupted rounds (left before the end): counted in the minutes, not in "
                "success rates or trends.",
                interrupted,
            )
            % {"n": interrupted}
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
                ngettext(
                    "The prescribed %(minutes)s were reached on %(met)d of %(expected)d expected "
                    "day. It may help to review with the family when practice fits their "
                    "routine, or whether a shorter daily program would suit them better.",
                    "The prescribed %(minutes)s were reached on %(met)d of %(expected)d expected "
                    "days. It may help to review with the family when practice fits their "
                    "routine, or whether a shorter daily program would suit them better.",
                    adherence.expected_days,
                )
                % {
                    "minutes": minutes_words(adherence.prescribed_minutes_per_day),
                    "met": adherence.days_meeting_prescription,
                    "expected": adherence.expected_days,
                }
            )
        elif share >= 0.9:
            out.append(
                _(
                    "Home practice was regular; the current program appears to fit the "
                    "family's routine."
                )
            )
    for g in games:
        out.extend(g.bound_notices)
    for goal in goals:
        values = {"goal": goal.goal_id, "conditions": goal.conditions}
        if goal.state == "met":
            out.append(
                _(
                    "Goal %(goal)s was met in the latest trials in its conditions; consider "
                    "grading the task up or setting the next goal, after confirming it in "
                    "session."
                )
                % values
            )
        elif goal.state == "met_at_baseline":
            out.append(
                _(
                    "Goal %(goal)s was already met at its baseline: a harder criterion or "
                    "condition would let it show change."
                )
                % values
            )
        elif goal.state == "cannot_vary":
            out.append(
                _(
                    "The measure of goal %(goal)s did not vary; another measure would show "
                    "progress towards it."
                )
                % values
            )
        elif goal.state in ("not_rated", "baseline_only"):
            if goal.evidence != "home":
                text = _(
                    "Goal %(goal)s needs more graded-task trials in its own conditions "
                    "(%(conditions)s) before it can be judged."
                )
            else:
                text = _(
                    "Goal %(goal)s needs more home trials in its own conditions "
                    "(%(conditions)s) before it can be judged."
                )
            out.append(text % values)
    out.append(
        _(
            "These suggestions come from game data alone; confirm them with your own "
            "observation before changing the program."
        )
    )
    return out


def _notes(games: Sequence[GameSummary], any_gas: bool) -> list[str]:
    notes = [
        _(
            "The measures in this report are game measures recorded by Tiny Hands. They are "
            "not standardised test scores and have no norms; a standardised test is named only "
            "where a published study links a game's measure to it. Read them as practice data."
        ),
        _(
            "Success rates count home-practice trials that moved the difficulty; warm-ups "
            "(easier on purpose) and graded tasks are left out. Each game's rule for success is "
            "stated in its section."
        ),
        _(
            "A count that equals the size of the task (beads threaded = beads asked for) is "
            "completion, not progress. Measures that grow with the task are read per object or "
            "as a share of what the task allowed; other measures are compared only between "
            "trials at matched presented difficulty. A trend compares %(rule)s; otherwise the "
            'report says "no clear change".'
        )
        % {"rule": trends.rule_words()},
        _(
            "Difficulty adapts during practice (it keeps success near 80 %), so a steady "
            "measure at a harder task can still mean progress: the task presented is shown per "
            "game."
        ),
        _(
            "Goals count only trials from the goal's start, in its own conditions: graded-task "
            "trials at the goal's cue level or with less help, or home practice when the goal "
            "says so (unobserved). The first M such trials are the baseline; the goal is judged "
            "on the last M after it."
        ),
        _(
            "Home-practice minutes are active play time; sessions that held graded-task trials "
            "only (the clinic's time) are not counted."
        ),
    ]
    for g in games:
        if g.related_tests:
            notes.append(
                _(
                    "%(game)s: a published study links its measures to %(tests)s; they are "
                    "still not scores of that test."
                )
                % {"game": g.name, "tests": clauses(g.related_tests)}
            )
    if any_gas:
        notes.append(
            _(
                "GAS levels are read from the data only where the evidence fits the goal: the "
                "goal's threshold is the expected level (0), the baseline -2, and one level is "
                "half the distance between them. Not rated when met at baseline or when too few "
                "trials fit. The combined T score (Kiresuk & Sherman 1968, equal weights, rho = "
                "0.3) is given only over two or more rated goals."
            )
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
    size = (
        " "
        + _("The games' area measured %(width)s × %(height)s mm.")
        % {"width": fmt_number(plane[0]), "height": fmt_number(plane[1])}
        if plane
        else ""
    )
    if settings.dpi is not None:
        words = _(
            "Calibrated with a bank card (%(dpi)s dpi): millimetres on screen are real millimetres."
        ) % {"dpi": f"{settings.dpi:.0f}"}
    else:
        words = _(
            "Not calibrated: millimetres assume %(dpi)s dpi (or the density the system "
            "reported) and may not be real millimetres."
        ) % {"dpi": f"{DEFAULT_DPI:.0f}"}
    words += size
    return ScreenPart(
        calibrated=settings.dpi is not None, dpi=settings.dpi, plane_mm=plane, words=words
    )


def _glossary(games: Sequence[GameSummary]) -> list[GlossaryEntry]:
    out: list[GlossaryEntry] = []
    seen: set[str] = set()
    for g in games:
        if g.score_text and g.traces:
            out.append(
                GlossaryEntry(term=_("%(game)s score") % {"game": g.name}, definition=g.score_text)
            )
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
        clock_note = _(
            "This computer's clock read %(now)s when the report was made, earlier than the "
            "latest trial (%(latest)s): the clock may have been set back."
        ) % {
            "now": f"{short_date(generated.date())} {generated:%H:%M}",
            "latest": f"{short_date(shown.date())} {shown:%H:%M}",
        }

    program_games = [
        (_(catalog.get(g).name) if catalog.get(g) else g) for g in (program.games or [])
    ] or [_(g.name) for g in catalog.games]
    observations = []
    if adherence.days_with_practice:
        values = {
            "practised": adherence.days_with_practice,
            "days": adherence.days_in_period,
            "minutes": minutes_words(adherence.prescribed_minutes_per_day),
            "met": adherence.days_meeting_prescription,
            "expected": adherence.expected_days,
            "pct": pct(adherence.days_meeting_prescription, adherence.expected_days),
            "total": fmt_value(adherence.total_minutes, "min"),
            "graded": fmt_value(adherence.graded_minutes, "min"),
        }
        if adherence.graded_minutes:
            text = ngettext(
                "Home practice on %(practised)d of %(days)d days; the prescribed %(minutes)s "
                "were reached on %(met)d of %(expected)d expected day (%(pct)s); %(total)s in "
                "all (and %(graded)s of graded tasks, not counted).",
                "Home practice on %(practised)d of %(days)d days; the prescribed %(minutes)s "
                "were reached on %(met)d of %(expected)d expected days (%(pct)s); %(total)s in "
                "all (and %(graded)s of graded tasks, not counted).",
                adherence.expected_days,
            )
        else:
            text = ngettext(
                "Home practice on %(practised)d of %(days)d days; the prescribed %(minutes)s "
                "were reached on %(met)d of %(expected)d expected day (%(pct)s); %(total)s in "
                "all.",
                "Home practice on %(practised)d of %(days)d days; the prescribed %(minutes)s "
                "were reached on %(met)d of %(expected)d expected days (%(pct)s); %(total)s in "
                "all.",
                adherence.expected_days,
            )
        observations.append(text % values)
    screen = _screen(store, trials)
    limits = [
        _(SCREEN_NEVER_OBSERVES),
        _(
            "Home practice was not observed: who helped and how much is not recorded; only "
            "graded tasks carry a cue level."
        ),
        _(
            "These are game measures without norms: no standardised test score can be read "
            "from them."
        ),
    ]
    pseudo = pseudonym is not None
    rec = child.record
    return Summary(
        language=language(),
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
