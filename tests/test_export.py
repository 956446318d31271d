"""The exporter against a small store with known numbers: Summary, PDF text, CSV, JSON."""

from __future__ import annotations

import csv
import io
import json
import math
import statistics
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from exporter.build import build_summary
from exporter.catalog import GameCatalog, GameInfo, MetricInfo, ParamInfo
from exporter.csv_export import TRIAL_COLUMNS, dictionary_path, read_typed, safe_cell
from exporter.export import export_child
from exporter.goals import gas_level, gas_t_score, nth_best
from exporter.json_export import ExportBundle
from progress.models import GasLevels, GoalIn, HomeProgram, MetricValue, TrialIn
from progress.samples import Sample
from progress.store import Store

TZ = timezone(timedelta(hours=2))
START = date(2025, 3, 3)  # a Monday
DAYS = 10
PRACTICE_DAYS = [0, 1, 2, 4, 5, 6, 8, 9]  # day 3 and day 7 missed
MINUTES = {0: 5.5, 1: 6.0, 2: 3.0, 4: 5.0, 5: 7.25, 6: 5.0, 8: 2.5, 9: 6.0}
TRIALS_PER_DAY = 4
CATALOG = GameCatalog(
    games=[
        GameInfo(
            id="tracing",
            name="Tracing",
            skill="Visual-motor control",
            metrics=[
                MetricInfo(name="inside_band", unit="%", better="higher", label="Inside the band"),
                MetricInfo(
                    name="mean_deviation", unit="mm", better="lower", label="Mean deviation"
                ),
                MetricInfo(name="sparc", unit="", better="higher", label="Smoothness (SPARC)"),
            ],
            key_metrics=["inside_band", "mean_deviation", "sparc"],
            key_param=ParamInfo(
                name="band_mm", label="band", unit="mm", harder="lower", fall_verb="narrowed"
            ),
            item_param="shape",
        )
    ]
)


class Clock:
    def __init__(self) -> None:
        self.t = datetime.combine(START, datetime.min.time(), TZ).replace(hour=8)

    def __call__(self) -> datetime:
        return self.t


def _samples(seed: int, dev: float) -> list[Sample]:
    """A horizontal stroke traced ``dev`` mm below the template, 20 samples."""
    out = []
    for i in range(20):
        phase = "down" if i == 0 else "up" if i == 19 else "move"
        out.append(Sample(i * 10.0 + seed, 1, 50.0 + i * 5.0, 80.0 + dev, phase, "touch"))
    return out


def inside_for(day: int, k: int) -> float:
    return min(100.0, 60.0 + day * 4.0 + k)


def band_for(day: int) -> float:
    return round(16.0 - day, 2)


def make_store(path: Path, name: str = "Ada") -> tuple[Store, int]:
    clock = Clock()
    store = Store.open(path, clock=clock, exclusive=False, auto_backup=False)
    child = store.add_child(name, birth_year=2019)
    store.set_home_program(child.id, HomeProgram(minutes_per_day=5.0, days_per_week=7))
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
            description="Traces inside the road",
            gas=GasLevels(
                minus_2="baseline", minus_1="less", expected="as set", plus_1="more", plus_2="much"
            ),
        ),
    )
    store.add_goal(
        child.id,
        GoalIn(
            game_id="tracing",
            metric="mean_deviation",
            comparison="at_most",
            threshold=0.5,
            unit="mm",
            n_required=4,
            m_window=5,
            description="Stays close to the line",
        ),
    )
    for d in PRACTICE_DAYS:
        day = START + timedelta(days=d)
        clock.t = datetime.combine(day, datetime.min.time(), TZ).replace(hour=17)
        session = store.start_session(child.id, "Linux", "touch")
        for k in range(TRIALS_PER_DAY):
            inside = inside_for(d, k)
            store.save_trial(
                TrialIn(
                    child_id=child.id,
                    session_id=session.id,
                    game_id="tracing",
                    difficulty=0.1 + d * 0.05,
                    params={"band_mm": band_for(d), "shape": "horizontal" if d < 5 else "circle"},
                    started_at=clock.t + timedelta(minutes=k),
                    duration_s=4.0,
                    success=inside >= 80.0,
                    score=inside / 100.0,
                    metrics=[
                        MetricValue(name="inside_band", value=inside, unit="%"),
                        MetricValue(name="mean_deviation", value=3.0 - d * 0.2, unit="mm"),
                        MetricValue(name="sparc", value=-2.5 + d * 0.05, unit=""),
                    ],
                    samples=_samples(k, 1.0 + 0.1 * k),
                    geometry={"strokes": [[[50.0, 80.0], [145.0, 80.0]]], "band_mm": band_for(d)},
                )
            )
        store.end_session(session.id, MINUTES[d])
    # A graded task on day 9: 5 trials at a fixed grade, with verbal cues.
    day = START + timedelta(days=9)
    for k in range(5):
        store.save_trial(
            TrialIn(
                child_id=child.id,
                game_id="tracing",
                difficulty=0.5,
                params={"band_mm": 8.0, "shape": "circle"},
                started_at=datetime.combine(day, datetime.min.time(), TZ).replace(
                    hour=10, minute=k
                ),
                duration_s=5.0,
                success=k != 2,
                score=0.9,
                metrics=[
                    MetricValue(name="inside_band", value=70.0 if k == 2 else 90.0, unit="%"),
                    MetricValue(name="mean_deviation", value=1.0, unit="mm"),
                    MetricValue(name="sparc", value=-1.9, unit=""),
                ],
                samples=_samples(k, 0.5),
                geometry={"strokes": [[[50.0, 80.0], [145.0, 80.0]]], "band_mm": 8.0},
                graded=True,
                cue_level="verbal_cue",
            )
        )
    clock.t = datetime.combine(START + timedelta(days=DAYS), datetime.min.time(), TZ)
    return store, child.id


@pytest.fixture
def small(tmp_path):
    store, child_id = make_store(tmp_path / "data")
    yield store, child_id
    store.close()


def _summary(store, child_id, start=START, end=START + timedelta(days=DAYS - 1), **kw):
    return build_summary(store, child_id, start, end, CATALOG, **kw)


# --------------------------------------------------------------------------- the numbers


def test_summary_counts_match_the_store(small):
    store, child_id = small
    s = _summary(store, child_id)
    a = s.adherence
    assert a.days_in_period == DAYS
    assert a.days_with_practice == len(PRACTICE_DAYS)
    assert a.days_meeting_prescription == sum(m >= 5.0 for m in MINUTES.values())
    assert a.total_minutes == pytest.approx(sum(MINUTES.values()))
    assert [d.minutes for d in a.days] == [MINUTES.get(i, 0.0) for i in range(DAYS)]
    (g,) = s.games
    n_practice = len(PRACTICE_DAYS) * TRIALS_PER_DAY
    assert (g.trials, g.practice_trials, g.graded_trials) == (n_practice + 5, n_practice, 5)
    successes = sum(inside_for(d, k) >= 80 for d in PRACTICE_DAYS for k in range(TRIALS_PER_DAY))
    assert g.practice_successes == successes
    assert g.success_rate == pytest.approx(successes / n_practice)
    # No presented list (a V1 trial): the band comes from the stored parameters.
    assert [p.value for p in g.task if p.role == "staircase"] == [
        band_for(d) for d in PRACTICE_DAYS for _ in range(TRIALS_PER_DAY)
    ]
    (band,) = [c for c in g.presented if c.key]
    bands = [band_for(d) for d in PRACTICE_DAYS for _ in range(TRIALS_PER_DAY)]
    k = min(10, len(bands) // 3)
    assert (band.first, band.last) == (
        statistics.median(bands[:k]),
        statistics.median(bands[-k:]),
    )
    assert any(x.startswith("Task presented: band") for x in g.sentences)
    (task,) = g.graded_tasks
    assert (task.trials, task.successes, task.cue_level, task.key_value) == (
        5,
        4,
        "verbal_cue",
        8.0,
    )
    trials = store.trials(child_id)
    practice = [t for t in trials if not t.graded]
    assert [p.role for p in g.traces] == ["first", "typical", "last"]
    assert g.traces[0].trial_id == practice[0].id and g.traces[-1].trial_id == practice[-1].id
    assert s.child.name == "Ada" and s.child.id == child_id
    assert [u.input_kind for u in s.inputs] == ["touch"]


def test_goals_n_of_m_and_gas(small):
    store, child_id = small
    s = _summary(store, child_id)
    g1, g2 = s.goals
    # The only 5 graded trials at the goal's cue level are its baseline, and 4 of them
    # already reached 80 %: met at baseline, said plainly, and no GAS level from it.
    assert (g1.evidence, g1.state) == ("graded", "met_at_baseline")
    assert g1.baseline.startswith("4 of the first 5 reached")
    assert "with verbal cues" in g1.target
    assert g1.gas is not None and g1.gas.level is None and g1.gas.why_not == "met at baseline"
    assert s.gas_t_score is None
    # An independent goal cannot use verbal-cue graded trials, nor unobserved home trials.
    assert g2.evidence == "none" and g2.state == "not_rated" and g2.n_met == 0
    assert "do not count for a goal set independently" in g2.result
    assert g2.gas is None


def test_gas_formulas():
    assert gas_t_score([1]) == pytest.approx(60.0)
    assert gas_t_score([0, 0, 0]) == pytest.approx(50.0)
    assert gas_t_score([1, 1]) == pytest.approx(50 + 20 / math.sqrt(0.7 * 2 + 0.3 * 4))
    assert gas_t_score([2, -1], [2.0, 1.0]) == pytest.approx(
        50 + 10 * 3 / math.sqrt(0.7 * 5 + 0.3 * 9)
    )
    assert gas_t_score([]) is None
    assert nth_best([1, 5, 3, 4, 2], 4, at_least=True) == 2
    assert nth_best([1, 5, 3, 4, 2], 4, at_least=False) == 4
    # baseline 40, threshold 80: step 20 -> 45 is -2, 60 is -1, 80 is 0, 100 +1, 120 +2
    assert [gas_level(v, 40, 80, True)[0] for v in (45, 60, 79, 80, 100, 125)] == [
        -2,
        -1,
        -1,
        0,
        1,
        2,
    ]
    # at_most mirrors: baseline 4 mm, threshold 2 mm: step 1 mm
    assert [gas_level(v, 4.0, 2.0, False)[0] for v in (3.5, 2.9, 2.0, 1.0, 0.0)] == [
        -2,
        -1,
        0,
        1,
        2,
    ]


# --------------------------------------------------------------------------- the PDF


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_pdf_text_matches_the_store(small, tmp_path):
    store, child_id = small
    end = START + timedelta(days=DAYS - 1)
    (pdf,) = export_child(store, child_id, START, end, CATALOG, ["pdf"], tmp_path / "out")
    text = " ".join(_pdf_text(pdf).split())
    trials = store.trials(child_id, since=START, until=end)
    practice = [t for t in trials if not t.graded]
    met = sum(m >= 5.0 for m in MINUTES.values())
    assert "Ada" in text
    assert f"{len(PRACTICE_DAYS)} of {DAYS}" in text  # days practised
    assert f"{met} of {DAYS} expected days" in text
    assert f"{sum(MINUTES.values()):.1f} min" in text
    assert f"{len(trials)} {len(practice)} 0 5" in text  # trials, practice, warm-ups, graded
    successes = sum(t.success for t in practice)
    assert f"{successes} of {len(practice)} ({100 * successes / len(practice):.0f} %)" in text
    assert "Met at baseline" in text and "Not rated" in text
    assert "No combined GAS T score" in text
    assert "Beery" not in text
    assert "not standardised test scores" in text
    for section in ("1. Home practice", "2. Each game", "3. Goals in detail"):
        assert section in text
    assert "4. What the data suggests next" in text


def test_the_report_says_what_each_part_cost(small):
    """render_pdf's Costs split its time into parts that add up to the whole, each counted
    once (a part inside another is not counted in both): the benchmark prints them."""
    import time

    from exporter.build import build_summary
    from exporter.pdf import Costs, render_pdf

    store, child_id = small
    end = START + timedelta(days=DAYS - 1)
    summary = build_summary(store, child_id, START, end, CATALOG)
    costs = Costs()
    t0 = time.perf_counter()
    render_pdf(summary, lambda tid: store.get_trial(tid, with_samples=True), costs)
    whole = time.perf_counter() - t0
    assert set(costs) == {"import", "fonts", "charts", "tables", "layout", "write"}
    assert all(v >= 0 for v in costs.values()), costs
    assert abs(sum(costs.values()) - whole) <= 0.02 * whole + 0.005, (costs, whole)


def test_pdf_survives_any_name(tmp_path):
    names = ["Zoë Ñúñez-Łukasz 😀🦄👩‍👩‍👧", "محمد علي", "שירה כהן", "<b>x</b> **y** {nb}"]
    for i, name in enumerate(names):
        store, child_id = make_store(tmp_path / f"d{i}", name=name)
        with store:
            (pdf,) = export_child(
                store, child_id, START, START + timedelta(days=2), CATALOG, ["pdf"], tmp_path
            )
        text = _pdf_text(pdf)
        assert "Progress note" in text
        if i == 0:
            assert "Zoë Ñúñez-Łukasz" in text
        if i == 3:
            assert "<b>x</b> **y** {nb}" in text  # shown as typed, never interpreted


def test_empty_range_gives_a_short_clear_report(small, tmp_path):
    store, child_id = small
    start = START + timedelta(days=100)
    files = export_child(
        store, child_id, start, start + timedelta(days=6), CATALOG, ["pdf", "csv", "json"], tmp_path
    )
    pdf, csv_path, dict_path, json_path, schema = files
    from pypdf import PdfReader

    assert len(PdfReader(pdf).pages) == 1
    assert "No practice was recorded" in " ".join(_pdf_text(pdf).split())
    head = csv_path.read_text(encoding="utf-8-sig").strip().split(",")
    assert head[: len(TRIAL_COLUMNS)] == [c.header for c in TRIAL_COLUMNS]
    assert read_typed(csv_path, dict_path) == [] and schema.name.endswith(".schema.json")
    bundle = ExportBundle.model_validate_json(json_path.read_text())
    assert bundle.trials == [] and bundle.summary.empty


# --------------------------------------------------------------------------- CSV and JSON


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_csv_round_trip(small, tmp_path):
    store, child_id = small
    end = START + timedelta(days=DAYS - 1)
    path, dpath = export_child(store, child_id, START, end, CATALOG, ["csv"], tmp_path)
    assert dpath == dictionary_path(path)
    rows = read_typed(path)  # every value parses by its declared type
    trials = store.trials(child_id, since=START, until=end)
    child = store.get_child(child_id)
    assert len(rows) == len(trials)
    for row, t in zip(rows, trials, strict=True):
        assert row["child"] == "Ada" and row["child_uuid"] == child.uuid
        assert row["trial_id"] == t.id and row["trial_uuid"] == t.uuid
        assert row["local_date"] == t.local_date
        assert row["started_at"] == t.started_at.replace(microsecond=0)
        assert row["started_at"].utcoffset() == timedelta(minutes=t.utc_offset_min)
        assert row["kind"] == t.kind and row["success"] is t.success
        assert row["success_rule"] == (t.success_rule or None)
        for p in t.presented:
            unit = p.unit or "1"
            assert row[f"tracing.presented.{p.name} [{unit}]"] == p.value
        for m in t.metrics:
            header = f"tracing.{m.name} [{m.unit or '1'}]"
            assert row[header] == m.value  # negative SPARC stays a number
        assert row["requested_difficulty [1]"] == pytest.approx(t.difficulty)


def test_csv_is_safe_from_formula_injection(tmp_path):
    evil = '=HYPERLINK("x")'
    store, child_id = make_store(tmp_path / "d", name=evil)
    with store:
        path, _ = export_child(
            store, child_id, START, START + timedelta(days=1), CATALOG, ["csv"], tmp_path
        )
    rows = _csv_rows(path)
    assert rows and all(r["child"] == "'" + evil for r in rows)
    raw = path.read_text(encoding="utf-8-sig")
    assert "\n=" not in raw and ",=" not in raw
    for bad in ("=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(bad) == "'" + bad
    # a spreadsheet skips leading spaces and reads full-width signs as formulas too
    for bad in ("  =1+1", " +1", "\u3000=1", "\uff1d1+1", "\uff0b1", "\uff0d2", "\uff20SUM(A1)"):
        assert safe_cell(bad) == "'" + bad, bad
    assert (
        safe_cell(-1.5) == -1.5 and safe_cell("Ada") == "Ada" and safe_cell("Mia = 3") == "Mia = 3"
    )


def test_json_round_trip_with_samples_and_geometry(small, tmp_path):
    store, child_id = small
    end = START + timedelta(days=DAYS - 1)
    path, _schema = export_child(store, child_id, START, end, CATALOG, ["json"], tmp_path)
    bundle = ExportBundle.model_validate_json(path.read_text())
    assert bundle.summary == _summary(store, child_id).model_copy(
        update={"generated_at": bundle.summary.generated_at}
    )
    stored = store.trials(child_id, since=START, until=end, with_samples=True)
    assert [t.id for t in bundle.trials] == [t.id for t in stored]
    for rec, t in zip(bundle.trials, stored, strict=True):
        assert rec.samples.rows() == t.samples
        assert rec.geometry == t.geometry and rec.params == t.params
        assert rec.metrics == t.metrics
    # Plain JSON for other tools: columns of numbers.
    data = json.loads(path.read_text())
    assert data["format"] == "tinyhands.export"
    assert data["trials"][0]["samples"]["x_mm"][:2] == [50.0, 55.0]


def test_pseudonym_leaves_no_name_or_id(small, tmp_path):
    store, child_id = small
    end = START + timedelta(days=DAYS - 1)
    files = export_child(
        store,
        child_id,
        START,
        end,
        CATALOG,
        ["pdf", "csv", "json"],
        tmp_path,
        pseudonym="Child K7Q2",
    )
    assert all("ada" not in f.name.lower() for f in files)
    assert "Ada" not in _pdf_text(files[0]) and "Child K7Q2" in _pdf_text(files[0])
    pdf, csv_path, dict_path, json_path, _schema = files
    assert "Ada" not in csv_path.read_text(encoding="utf-8-sig")
    assert "Child K7Q2" in csv_path.read_text(encoding="utf-8-sig")
    bundle = ExportBundle.model_validate_json(json_path.read_text())
    assert bundle.summary.child.id is None and bundle.summary.child.birth_year is None
    assert bundle.child.name == "Child K7Q2" and bundle.child.pseudonymised
    assert "Ada" not in json_path.read_text()


# --------------------------------------------------------------------------- boundaries


def test_exporter_never_imports_pygame_engine_games_or_tinyhands(tmp_path):
    code = f"""
import sys, pkgutil, importlib, exporter
for m in pkgutil.iter_modules(exporter.__path__):
    importlib.import_module("exporter." + m.name)
lazy = sorted(m for m in ("matplotlib", "fpdf") if m in sys.modules)
sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_export import make_store, CATALOG, START
from exporter.export import export_child
from datetime import timedelta
store, cid = make_store(__import__("pathlib").Path({str(tmp_path)!r}) / "d")
export_child(store, cid, START, START + timedelta(days=9), CATALOG, ["pdf", "csv", "json"],
             __import__("pathlib").Path({str(tmp_path)!r}))
top = ("pygame", "engine", "games", "tinyhands")
bad = sorted(m for m in sys.modules if m.split(".")[0] in top)
print(lazy, bad)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "[] []", out.stdout + out.stderr


def test_the_game_start_does_not_load_the_exporter():
    code = """
import sys
from tinyhands.cli import REPORT_COMMANDS, build_parser
build_parser(reports=not REPORT_COMMANDS.isdisjoint([]))
print(sorted(m for m in sys.modules if m.split(".")[0] in ("exporter", "fpdf", "matplotlib")))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_right_to_left_names_are_shaped_in_the_pdf(tmp_path):
    """Arabic letters are joined and ordered by HarfBuzz, so the name reads as written."""
    import pypdf

    from exporter.build import build_summary
    from exporter.catalog import GameCatalog
    from exporter.pdf import render_pdf
    from progress.store import Store

    with Store.open(tmp_path) as store:
        child = store.add_child("ليلى", avatar="owl")
        today = store.now().date()
        summary = build_summary(store, child.id, today, today, GameCatalog(games=[]))
        pdf = render_pdf(summary, lambda tid: store.get_trial(tid, with_samples=True))
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "ليلى" in text  # the name comes back exactly
    from exporter.pdf import _new_pdf

    assert _new_pdf(summary).text_shaping  # HarfBuzz shaping is on (uharfbuzz installed)


def test_latin_only_reports_skip_the_costly_shaping(tmp_path):
    from exporter.build import build_summary
    from exporter.catalog import GameCatalog
    from exporter.pdf import _new_pdf
    from progress.store import Store

    with Store.open(tmp_path) as store:
        child = store.add_child("Zoë", avatar="owl")
        today = store.now().date()
        summary = build_summary(store, child.id, today, today, GameCatalog(games=[]))
    assert not _new_pdf(summary).text_shaping
