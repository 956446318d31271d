"""The filed report read back from the PDF (pypdf) and checked against the store.

A purpose-built store: a tracing game with warm-ups, practice and graded tasks (some with
verbal cues), a bead game whose "beads threaded" always equals the beads asked for, and
goals set at the start, mid-way, met at baseline, on a measure that cannot vary, and one
set "independently" while every graded trial had verbal cues.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import statistics
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from exporter.bounds import bound_notices
from exporter.build import build_summary
from exporter.catalog import GameCatalog, GameInfo, MetricInfo, Normalisation
from exporter.export import export_child
from exporter.period import default_period
from exporter.trends import compare, mann_whitney_p
from exporter.wording import fmt_value
from progress.models import (
    ClinicalRecord,
    GasLevels,
    GoalIn,
    HomeProgram,
    MetricValue,
    PresentedValue,
    TrialIn,
)
from progress.store import Store

TZ = timezone(timedelta(hours=1))
START = date(2025, 5, 5)
DAYS = 21
MID = 10  # the day goal 2 is set
RULE = "the trace covers at least 90 % of the path and 80 % of it lies inside the band"
CATALOG = GameCatalog(
    games=[
        GameInfo(
            id="tracing",
            name="Tracing",
            skill="Visual-motor control on screen",
            metrics=[
                MetricInfo(name="inside_band", unit="%", label="Trace length inside the band"),
                MetricInfo(name="coverage", unit="%", label="Template covered by the trace"),
                MetricInfo(
                    name="niv",
                    unit="count",
                    better="lower",
                    label="Velocity inversions per stroke (NIV)",
                ),
            ],
            key_metrics=["inside_band", "niv"],
            success_rule_id="tracing/1",
            success_rule=RULE,
            key_presented="band_mm",
            key_harder="lower",
            bound_words={"high": "the narrowest band", "low": "the widest band"},
            relative=["inside_band"],
            not_observed=["pencil grasp and pressure on paper"],
        ),
        GameInfo(
            id="beads",
            name="Bead stringing",
            metrics=[
                MetricInfo(name="beads_threaded", unit="count", label="Beads threaded"),
                MetricInfo(
                    name="approaches", unit="count", better="lower", label="Approaches to the tip"
                ),
            ],
            key_metrics=["beads_threaded", "approaches"],
            success_rule_id="beads/1",
            success_rule="every bead is threaded",
            key_presented="hole_mm",
            key_harder="lower",
            task_counts={"beads_threaded": "beads"},
            normalise={
                "approaches": Normalisation(
                    presented="beads", how="per", label="Approaches per bead", unit="per bead"
                )
            },
        ),
    ]
)


class Clock:
    def __init__(self, t: datetime) -> None:
        self.t = t

    def __call__(self) -> datetime:
        return self.t


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(START + timedelta(days=day), datetime.min.time(), TZ).replace(
        hour=hour, minute=minute
    )


def band(day: int) -> float:
    return round(10.0 - day * 0.25, 2)


def tracing_trial(child_id, session_id, when, *, kind, inside, success, b, cue=None):
    return TrialIn(
        child_id=child_id,
        session_id=session_id,
        game_id="tracing",
        difficulty=0.5,
        params={"band_mm": b, "shape": "circle"},
        started_at=when,
        duration_s=5.0,
        success=success,
        score=inside / 100.0,
        metrics=[
            MetricValue(name="inside_band", value=inside, unit="%"),
            MetricValue(name="coverage", value=100.0, unit="%"),
            MetricValue(name="niv", value=3.0, unit="count"),
        ],
        kind=kind,
        graded=kind == "graded",
        cue_level=cue,
        presented=[PresentedValue(name="band_mm", value=b, unit="mm", label="Road width")],
        success_rule="tracing/1",
    )


def make_store(path: Path) -> tuple[Store, int]:
    clock = Clock(at(0, 8))
    store = Store.open(path, clock=clock, exclusive=False, auto_backup=False)
    child = store.add_child(
        "Ada",
        birth_year=2019,
        record=ClinicalRecord(
            record_number="MRN-4471",
            date_of_birth=date(2019, 4, 2),
            therapist="J. Okafor, OT",
            practice="Riverside Paediatric OT",
            referral_reason="Pre-writing skills",
        ),
    )
    store.set_home_program(
        child.id,
        HomeProgram(minutes_per_day=5.0, set_by="J. Okafor", set_on=START),
    )
    gas = GasLevels(
        minus_2="much less", minus_1="less", expected="as set", plus_1="more", plus_2="much more"
    )
    # 1: set at the start, judged on graded tasks with verbal cues or less help.
    store.add_goal(
        child.id,
        GoalIn(
            game_id="tracing",
            metric="inside_band",
            threshold=80.0,
            unit="%",
            n_required=4,
            m_window=5,
            cue_level="verbal_cue",
            description="Stays inside the road",
            gas=gas,
            set_by="J. Okafor",
            target_date=START + timedelta(days=60),
        ),
    )
    # 3: "independently", while every graded trial has verbal cues.
    store.add_goal(
        child.id,
        GoalIn(
            game_id="tracing",
            metric="inside_band",
            threshold=50.0,
            unit="%",
            n_required=4,
            m_window=5,
            cue_level="independent",
            description="Stays inside on their own",
        ),
    )
    # 4: a measure that cannot vary (coverage is 100 % in every trial).
    store.add_goal(
        child.id,
        GoalIn(
            game_id="tracing",
            metric="coverage",
            threshold=95.0,
            unit="%",
            n_required=4,
            m_window=5,
            cue_level="verbal_cue",
            description="Completes the shape",
        ),
    )
    # 5: met at baseline: home practice, inside >= 40 % from the first trials on.
    store.add_goal(
        child.id,
        GoalIn(
            game_id="tracing",
            metric="inside_band",
            threshold=40.0,
            unit="%",
            n_required=3,
            m_window=5,
            evidence="home",
            description="Stays roughly on the path at home",
            gas=gas,
        ),
    )
    for d in range(DAYS):
        if d == MID:
            # Goal 2, set mid-way: the graded trials before it all met 80 %, after it none.
            clock.t = at(d, 7)
            store.add_goal(
                child.id,
                GoalIn(
                    game_id="tracing",
                    metric="inside_band",
                    threshold=85.0,
                    unit="%",
                    n_required=4,
                    m_window=5,
                    cue_level="verbal_cue",
                    description="Stays well inside the road",
                ),
            )
        if d % 3 == 2:
            # A clinic session: a graded task of 5 trials at a fixed 8 mm band, verbal cues.
            clock.t = at(d, 10)
            s = store.start_session(child.id, "Linux", "touch")
            for k in range(5):
                inside = 90.0 if d < MID else 70.0 + k
                store.save_trial(
                    tracing_trial(
                        child.id,
                        s.id,
                        at(d, 10, k),
                        kind="graded",
                        inside=inside,
                        success=inside >= 80,
                        b=8.0,
                        cue="verbal_cue",
                    )
                )
            store.end_session(s.id, 10.0)
        clock.t = at(d, 17)
        s = store.start_session(child.id, "Linux", "touch")
        # Two warm-ups (easy, always successful), then practice trials.
        for k in range(2):
            store.save_trial(
                tracing_trial(
                    child.id,
                    s.id,
                    at(d, 17, k),
                    kind="warmup",
                    inside=99.0,
                    success=True,
                    b=band(d) + 4,
                )
            )
        for k in range(4):
            inside = 60.0 + (d * 7 + k * 13) % 35
            store.save_trial(
                tracing_trial(
                    child.id,
                    s.id,
                    at(d, 17, 2 + k),
                    kind="staircase",
                    inside=inside,
                    success=inside >= 80,
                    b=band(d),
                )
            )
        beads = 1 + d // 6
        for k in range(2):
            store.save_trial(
                TrialIn(
                    child_id=child.id,
                    session_id=s.id,
                    game_id="beads",
                    difficulty=0.3,
                    params={"beads": beads},
                    started_at=at(d, 17, 20 + k),
                    duration_s=20.0,
                    success=True,
                    score=1.0,
                    metrics=[
                        MetricValue(name="beads_threaded", value=beads, unit="count"),
                        MetricValue(name="approaches", value=beads * 1.2, unit="count"),
                    ],
                    presented=[
                        PresentedValue(name="hole_mm", value=8.0, unit="mm", label="Hole size"),
                        PresentedValue(
                            name="beads", value=beads, unit="count", label="Beads to thread"
                        ),
                    ],
                    success_rule="beads/1",
                )
            )
        store.end_session(s.id, 6.0 if d % 4 else 3.0)
    clock.t = at(DAYS, 9)
    return store, child.id


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    store, child_id = make_store(tmp / "data")
    end = START + timedelta(days=DAYS - 1)
    (pdf,) = export_child(store, child_id, START, end, CATALOG, ["pdf"], tmp / "out")
    summary = build_summary(store, child_id, START, end, CATALOG)
    yield store, child_id, pdf, summary
    store.close()


def _pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]


def _text(path: Path) -> str:
    return " ".join(_pages(path))


def _goal_line(text: str, n: int) -> str:
    """The first page's line of goal ``n`` (up to the next goal or section)."""
    m = re.search(rf"Goal {n} (.*?)(?= Goal \d | Change )", text)
    assert m, f"goal {n} is not on the first page"
    return m.group(1)


# --------------------------------------------------------------------------- page 1


def test_first_page_is_a_note_a_clinic_can_file(report):
    store, child_id, pdf, _ = report
    first = _pages(pdf)[0]
    for words in (
        "Ada",
        "MRN-4471",
        "2 Apr 2019",
        "J. Okafor, OT",
        "Riverside Paediatric OT",
        "Pre-writing skills",
        "5 May 2025 to 25 May 2025",
        "set by J. Okafor",
        "For the clinician",
        "Subjective",
        "Assessment",
        "Plan",
        "Therapist's signature",
        "Date",
        "Cannot tell",
        "No grasp, grip force",
    ):
        assert words in first, words
    # each game's key change in physical units is on page 1 (medians of the first and
    # the last 10 practice trials)
    practice = [t for t in store.trials(child_id, game="tracing") if t.kind == "staircase"]
    a = statistics.median(t.presented_value("band_mm") for t in practice[:10])
    b = statistics.median(t.presented_value("band_mm") for t in practice[-10:])
    assert f"Tracing: road width {fmt_value(a, 'mm')} → {fmt_value(b, 'mm')} (harder)" in first


def test_every_goal_line_shows_baseline_date_set_conditions_and_trials(report):
    store, child_id, pdf, summary = report
    first = _pages(pdf)[0]
    for g in store.list_goals(child_id):
        line = _goal_line(first, g.id)
        assert "Baseline:" in line, line
        assert f"Set {g.created.astimezone().day} " in line, line
        assert "counts " in line and ("graded-task trials" in line or "home-practice" in line)
        assert "trials" in line


def test_a_goal_set_mid_way_counts_only_trials_from_its_start(report):
    store, child_id, pdf, summary = report
    goal = next(g for g in store.list_goals(child_id) if g.description.startswith("Stays well"))
    result = next(r for r in summary.goals if r.goal_id == goal.id)
    trials = {t.id: t for t in store.trials(child_id)}
    counted = result.evidence_trial_ids + result.baseline_trial_ids
    assert counted and all(trials[i].local_date >= START + timedelta(days=MID) for i in counted)
    # before the goal every graded trial reached 90 %: counting them would have met it
    assert result.state != "met" and result.n_met == 0
    assert "Not yet met" in _goal_line(_pages(pdf)[0], goal.id)


def test_a_goal_met_at_baseline_says_so_and_gets_no_gas_level(report):
    store, child_id, pdf, summary = report
    goal = next(g for g in store.list_goals(child_id) if g.evidence == "home")
    result = next(r for r in summary.goals if r.goal_id == goal.id)
    trials = {t.id: t for t in store.trials(child_id)}
    base = [trials[i] for i in result.baseline_trial_ids]
    assert len(base) == 5 and all(t.kind == "staircase" for t in base)  # no warm-ups
    assert sum(t.metric("inside_band") >= 40.0 for t in base) >= 3
    assert result.state == "met_at_baseline"
    assert result.gas is not None and result.gas.level is None
    assert "Met at baseline" in _goal_line(_pages(pdf)[0], goal.id)


def test_an_independent_goal_is_not_judged_on_trials_with_verbal_cues(report):
    store, child_id, pdf, summary = report
    goal = next(g for g in store.list_goals(child_id) if g.cue_level == "independent")
    result = next(r for r in summary.goals if r.goal_id == goal.id)
    graded = [t for t in store.trials(child_id) if t.graded]
    assert graded and all(t.cue_level == "verbal_cue" for t in graded)
    # every graded trial reached 50 %: judged on them the goal would read "met"
    assert all(t.metric("inside_band") >= 50 for t in graded)
    assert result.state == "not_rated" and result.evidence_trial_ids == []
    line = _goal_line(_pages(pdf)[0], goal.id)
    assert line.count("Not rated") >= 1 and "Met" not in line.replace("Met at", "")
    assert "do not count for a goal set independently" in _text(pdf)


def test_a_measure_that_cannot_vary_is_never_called_met(report):
    store, child_id, pdf, summary = report
    goal = next(g for g in store.list_goals(child_id) if g.metric == "coverage")
    values = {t.metric("coverage") for t in store.trials(child_id, game="tracing")}
    assert values == {100.0}
    result = next(r for r in summary.goals if r.goal_id == goal.id)
    assert result.state == "cannot_vary"
    assert "did not vary" in _goal_line(_pages(pdf)[0], goal.id)


def test_t_score_only_over_two_rated_goals_and_says_its_basis(report):
    _, _, pdf, summary = report
    rated = [g for g in summary.goals if g.gas is not None and g.gas.level is not None]
    text = _text(pdf)
    if len(rated) < 2:
        assert summary.gas_t_score is None
        assert "No combined GAS T score" in text
    else:
        assert f"over goals {', '.join(str(g.goal_id) for g in rated)}" in text


# --------------------------------------------------------------------------- per game


def test_success_is_defined_and_warmups_are_left_out(report):
    store, child_id, pdf, _ = report
    text = _text(pdf)
    assert f"Success (tracing/1): {RULE}" in text
    assert "Success (beads/1): every bead is threaded" in text
    tracing = [t for t in store.trials(child_id, game="tracing")]
    practice = [t for t in tracing if t.kind == "staircase"]
    ok = sum(t.success for t in practice)
    rate = f"{100 * ok / len(practice):.0f} %"
    assert f"{ok} of {len(practice)} practice trials successful ({rate})" in text
    assert f"{ok} of {len(practice)} ({rate})" in text  # the game's table
    with_warmups = [t for t in tracing if not t.graded]
    wrong = sum(t.success for t in with_warmups)
    assert f"{wrong} of {len(with_warmups)}" not in text


def test_a_count_that_equals_the_task_is_never_called_a_change(report):
    store, child_id, pdf, _ = report
    text = _text(pdf)
    beads = store.trials(child_id, game="beads")
    equal = [t for t in beads if t.metric("beads_threaded") == t.presented_value("beads")]
    assert len(equal) == len(beads)
    assert f"Beads threaded equalled the beads to thread in {len(equal)} of {len(beads)}" in text
    assert not re.search(r"Beads threaded[^.]*?(improved|worsened|→)", text)
    # the raw approaches grow with the beads asked for; per bead they stay the same
    assert "Approaches per bead" in text
    assert not re.search(r"Approaches to the tip[^.]*(improved|worsened)", text)


def test_each_game_shows_the_task_presented_in_physical_units(report):
    store, child_id, pdf, summary = report
    text = _text(pdf)
    practice = [t for t in store.trials(child_id, game="tracing") if t.kind == "staircase"]
    first = statistics.median(t.presented_value("band_mm") for t in practice[:10])
    last = statistics.median(t.presented_value("band_mm") for t in practice[-10:])
    assert f"Road width (key) {fmt_value(first, 'mm')} {fmt_value(last, 'mm')}" in text
    beads = store.trials(child_id, game="beads")
    k = min(10, len(beads) // 3)
    a = statistics.median(t.presented_value("beads") for t in beads[:k])
    b = statistics.median(t.presented_value("beads") for t in beads[-k:])
    assert a < b and f"Beads to thread {a:g} {b:g}" in text
    assert "Hole size (key) 8 mm 8 mm" in text
    assert "The task presented (each trial; what the child was shown)" in text


def test_trends_claim_a_change_only_when_the_test_clears(report):
    _, _, pdf, summary = report
    text = _text(pdf)
    for g in summary.games:
        for m in g.metrics:
            if m.direction in ("improved", "worsened"):
                assert m.p_value is not None and m.p_value < 0.05
                assert min(m.first_n, m.last_n) >= 8
            else:
                assert m.direction != "improved"
    niv = next(m for m in summary.games[0].metrics if m.name == "niv")
    assert niv.direction == "cannot_vary"
    assert "Mann-Whitney" in text


def test_what_was_not_measured_is_said_in_plain_words(report):
    _, _, pdf, _ = report
    text = _text(pdf)
    assert "Not observed in this game: pencil grasp and pressure on paper" in text
    assert "Touch (finger)" in text and "grip force" in text
    assert "Not calibrated: millimetres assume 96 dpi" in text
    assert "Beery" not in text and "BOT-2" not in text


def test_a_standardised_test_is_named_only_with_its_citation(report, tmp_path):
    from exporter.catalog import RelatedTest

    store, child_id, _, _ = report
    tracing = CATALOG.get("tracing")
    cited = RelatedTest(name="the Example Test", citation="Author et al. 2020, doi 10.0/x")
    catalog = GameCatalog(games=[tracing.model_copy(update={"related_tests": [cited]})])
    end = START + timedelta(days=DAYS - 1)
    (pdf,) = export_child(store, child_id, START, end, catalog, ["pdf"], tmp_path)
    assert "links its measures to the Example Test (Author et al. 2020, doi 10.0/x)" in _text(pdf)
    with pytest.raises(ValueError):
        RelatedTest(name="the Beery VMI", citation="")


def test_home_minutes_leave_out_the_clinics_graded_task(report):
    store, child_id, pdf, summary = report
    sessions = store.sessions(child_id)
    graded_sessions = {t.session_id for t in store.trials(child_id) if t.graded}
    home = sum(s.minutes for s in sessions if s.id not in graded_sessions)
    clinic = sum(s.minutes for s in sessions if s.id in graded_sessions)
    assert clinic > 0
    assert summary.adherence.total_minutes == pytest.approx(home)
    assert (
        f"{home:.0f} min in all (and {clinic:.0f} min of graded tasks, not counted)"
        in (_pages(pdf)[0])
    )


# --------------------------------------------------------------------------- rules from one place


def test_a_child_created_today_expects_one_day_and_gets_no_routine_advice(tmp_path):
    clock = Clock(datetime(2025, 9, 1, 16, 0, tzinfo=TZ))
    with Store.open(tmp_path / "d", clock=clock, exclusive=False, auto_backup=False) as store:
        child = store.add_child("Noor")
        s = store.start_session(child.id, "Linux", "touch")
        store.save_trial(
            tracing_trial(child.id, s.id, clock.t, kind="staircase", inside=90, success=True, b=9)
        )
        store.end_session(s.id, 2.0)
        # the grown-ups' area asks for the last 3 months; the CLI for everything
        for days in (91, None):
            start, end = default_period(store, child, days)
            assert start == end == date(2025, 9, 1)
            (pdf,) = export_child(store, child.id, start, end, CATALOG, ["pdf"], tmp_path / "o")
            text = _text(pdf)
            assert "0 of 1 expected day" in text
            assert "routine" not in text
        # a period asked to start a month earlier still expects practice only from today
        summary = build_summary(store, child.id, date(2025, 8, 2), date(2025, 9, 1), CATALOG)
        a = summary.adherence
        assert (a.days_in_period, a.expected_from, a.expected_days) == (31, date(2025, 9, 1), 1)
        assert not any("routine" in x for x in summary.suggestions)


def test_with_the_clock_set_back_the_latest_trials_are_still_reported(tmp_path):
    clock = Clock(datetime(2025, 9, 3, 18, 28, tzinfo=TZ))
    with Store.open(tmp_path / "d", clock=clock, exclusive=False, auto_backup=False) as store:
        child = store.add_child("Ivo")
        for day in (1, 2, 3):
            clock.t = datetime(2025, 9, day, 18, 28, tzinfo=TZ)
            s = store.start_session(child.id, "Linux", "touch")
            store.save_trial(
                tracing_trial(
                    child.id, s.id, clock.t, kind="staircase", inside=90, success=True, b=6
                )
            )
            store.end_session(s.id, 5.0)
        clock.t = datetime(2025, 9, 1, 7, 7, tzinfo=TZ)  # the computer's clock set back
        start, end = default_period(store, child)
        assert end == date(2025, 9, 3)
        summary = build_summary(store, child.id, start, end, CATALOG, now=clock)
        assert summary.games[0].trials == 3
        (pdf,) = export_child(store, child.id, start, end, CATALOG, ["pdf"], tmp_path / "o")
        first = _pages(pdf)[0]
        assert "earlier than the latest trial (3 Sep 2025 18:28)" in first
        assert "the clock may have been set back" in first


# --------------------------------------------------------------------------- pure rules


def _bound_trials(days: list[int], side: str | None, success: list[bool]):
    from progress.models import Trial

    out = []
    for i, (d, ok) in enumerate(zip(days, success, strict=True)):
        out.append(
            Trial(
                id=i + 1,
                child_id=1,
                session_id=None,
                game_id="tracing",
                difficulty=0.9,
                params={},
                started_at=at(d, 17, i % 50),
                local_date=START + timedelta(days=d),
                utc_offset_min=60,
                duration_s=4,
                success=ok,
                score=1.0 if ok else 0.5,
                metrics=[],
                metrics_version=1,
                geometry={},
                graded=False,
                cue_level=None,
                app_version="",
                sample_count=0,
                kind="staircase",
                at_bound=side,
                presented=[PresentedValue(name="band_mm", value=4.8, unit="mm", label="Road")],
            )
        )
    return out


def test_bound_notice_after_a_week_at_the_upper_bound_with_high_success():
    info = CATALOG.get("tracing")
    trials = _bound_trials([0, 1, 2, 3, 4, 5, 6, 7, 7], "high", [True] * 9)
    assert bound_notices(trials, info) == [
        "Tracing reached the narrowest band the home program allows (4.8 mm) and succeeded in "
        "9 of 9 trials since 5 May 2025: consider raising the limit."
    ]
    assert bound_notices(trials[:5], info) == []  # under a week
    assert bound_notices(_bound_trials(list(range(9)), "high", [False] * 9), info) == []
    broken = trials[:-1] + _bound_trials([8], None, [True])
    assert bound_notices(broken, info) == []  # left the bound last
    low = bound_notices(_bound_trials(list(range(9)), "low", [False] * 9), info)
    assert low and low[0].startswith("Tracing stayed at the widest band")


def test_the_trend_test():
    assert mann_whitney_p(list(range(10)), list(range(10, 20))) < 0.001
    assert mann_whitney_p([1.0] * 10, [1.0] * 10) == 1.0
    assert 0.3 < mann_whitney_p([1, 3, 5, 7, 9, 11, 13, 15], [2, 4, 6, 8, 10, 12, 14, 16]) <= 1
    assert not compare([1.0] * 7, [2.0] * 7).changed  # too few trials
    assert compare([1.0, 1.1] * 5, [2.0, 2.1] * 5).changed
    # medians 5 and 10 (a large difference) but the groups overlap: the test does not clear
    assert not compare([0.0] * 4 + [10.0] * 4, [0.0] * 3 + [10.0] * 5).changed
    # the test clears (p < 0.05) but the medians move by under 10 %: no change is named, and
    # the report's Test column says why (exporter.build: "medians differ by less than 10 %")
    small = compare([30.0 + 0.01 * i for i in range(20)], [28.0 + 0.01 * i for i in range(20)])
    assert small.p_value is not None and small.p_value < 0.05 and not small.changed


def test_children_edit_sets_the_clinical_record(tmp_path, monkeypatch, capsys):
    from progress import cli

    def run(argv):
        parser = argparse.ArgumentParser(prog="tinyhands")
        parser.add_argument("--data-dir", default=None)
        cli.add_commands(parser.add_subparsers(dest="command"))
        args = parser.parse_args(argv)
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        return args.func(args)

    d = str(tmp_path / "data")
    assert run(["--data-dir", d, "children", "add", "Mia"]) == 0
    argv = ["--data-dir", d, "children", "edit", "Mia", "--record-number", "R-9"]
    argv += ["--dob", "2019-02-03", "--therapist", "A. Lee", "--practice", "Town OT"]
    assert run([*argv, "--referral", "handwriting"]) == 0
    assert run(["--data-dir", d, "children", "edit", "Mia", "--dob", "03/02/2019"]) == 1
    assert "is not a date" in capsys.readouterr().err
    with Store.open(Path(d), exclusive=False, auto_backup=False) as store:
        (child,) = store.find_children("Mia")
    r = child.record
    assert (r.record_number, r.date_of_birth, r.therapist, r.practice, r.referral_reason) == (
        "R-9",
        date(2019, 2, 3),
        "A. Lee",
        "Town OT",
        "handwriting",
    )
    assert child.birth_year == 2019


def test_the_grown_ups_area_uses_the_same_period_rule(tmp_path):
    """The export screen, driven by a posted tap: a child added today, three months asked
    for, gets "of 1 expected days" and no advice about the family's routine."""
    import random

    import games
    from engine.harness import Harness
    from progress.safe import SafeStore
    from tinyhands.screens.grownup_export import ExportScene
    from tinyhands.services import Services

    games.load_all()
    clock = Clock(datetime(2025, 9, 1, 16, 0).astimezone())
    safe = SafeStore.open_dir(tmp_path / "data", clock=clock)
    try:
        child = safe.store.add_child("Noor")
        s = safe.store.start_session(child.id, "Linux", "touch")
        safe.store.save_trial(
            tracing_trial(child.id, s.id, clock.t, kind="staircase", inside=90, success=True, b=9)
        )
        safe.store.end_session(s.id, 2.0)
        scene = ExportScene(child, out_dir=tmp_path / "out")
        assert scene.period == "3m"
        h = Harness(scene, services=Services(store=safe, rng=random.Random(1)), dpi=96.0)
        h.tap_rect(h.top.buttons.find("write").rect)
        import time

        deadline = time.monotonic() + 120  # the export runs in its own process (issue 18)
        while h.top.state == "writing" and time.monotonic() < deadline:
            h.run_frames(2)
            time.sleep(0.02)
        assert h.top.state == "done", h.top.message
        pdf = next(p for p in h.top.files if p.suffix == ".pdf")
        text = _text(pdf)
        h.close()
    finally:
        safe.close()
    assert "1 Sep 2025 to 1 Sep 2025" in text and "of 1 expected day" in text
    assert "routine" not in text


def test_new_record_fields_stay_out_of_files_until_set():
    """A program or goal stored without the new fields reads exactly as before, so an
    older version of the program can still open the file."""
    program = json.loads(HomeProgram().model_dump_json())
    assert not {"set_by", "set_on"} & set(program)
    assert json.loads(HomeProgram(set_by="A. Lee").model_dump_json())["set_by"] == "A. Lee"
    goal = GoalIn(game_id="tracing", metric="niv", threshold=2, n_required=4, m_window=5)
    stored = json.loads(goal.model_dump_json())
    assert not {"set_by", "start_date", "target_date", "evidence"} & set(stored)
    assert GoalIn.model_validate(stored) == goal
    home = goal.model_copy(update={"evidence": "home"})
    assert GoalIn.model_validate_json(home.model_dump_json()).evidence == "home"


def test_the_glossary_ends_each_definition_with_one_full_stop(report, tmp_path):
    """Definitions arrive written as sentences (the games' metric specs) or not (fallback
    words): the glossary must read "...of the path." and never "...of the path.."."""
    from exporter.pdf import render_pdf
    from exporter.summary import GlossaryEntry

    store, _, _, summary = report
    entries = [
        GlossaryEntry(term="Written as a sentence", definition="Share of the path covered."),
        GlossaryEntry(term="Written as words", definition="time per piece"),
    ]
    data = render_pdf(
        summary.model_copy(update={"glossary": entries}),
        lambda tid: store.get_trial(tid, with_samples=True),
    )
    pdf = tmp_path / "g.pdf"
    pdf.write_bytes(data)
    text = _text(pdf)
    glossary = text[text.index("What the measures mean") :]
    assert "Share of the path covered. " in glossary + " "
    assert "time per piece." in glossary
    assert not re.search(r"\.\.(\s|$)", glossary)
