"""The store against its budgets: saving a trial (<= 5 ms p99) and loading a year for the
exporter (<= 1 s), plus the size a year of daily practice takes on disk."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks import Figure
from progress.models import MetricValue, TrialIn
from progress.paths import DB_NAME
from progress.samples import Sample
from progress.store import Store

SAVE_RUNS = 300
YEAR_DAYS = 365
TRIALS_PER_DAY = 20  # ~7,300 trials: a busy year of daily practice
YEAR_SAMPLES = 600  # a 5 s trace at 120 Hz
GAMES = ("tracing", "beads", "puzzle", "tweezers")


def _stroke(n: int, seed: int) -> list[Sample]:
    """A plausible finger trace: smooth wobble around a circle, 120 Hz, mm and ms."""
    rng = random.Random(seed)
    out = []
    x, y = 100.0, 80.0
    for i in range(n):
        x += rng.gauss(0, 0.4)
        y += rng.gauss(0, 0.4)
        phase = "down" if i == 0 else "up" if i == n - 1 else "move"
        out.append(Sample(round(i * 8.333, 3), 1, round(x, 3), round(y, 3), phase, "touch"))
    return out


def _trial(child_id: int, session_id: int | None, samples: list[Sample], **kw: object) -> TrialIn:
    return TrialIn(
        child_id=child_id,
        session_id=session_id,
        game_id=kw.pop("game_id", "tracing"),  # type: ignore[arg-type]
        difficulty=0.42,
        params={"band_mm": 6.0, "shape": "circle", "size_mm": 80.0},
        duration_s=5.0,
        success=True,
        score=0.83,
        metrics=[
            MetricValue(name="mean_deviation", value=1.7, unit="mm"),
            MetricValue(name="inside_band", value=92.5, unit="%"),
            MetricValue(name="coverage", value=0.97, unit="ratio"),
            MetricValue(name="niv", value=1.4, unit="count"),
        ],
        metrics_version=1,
        samples=samples,
        geometry={"shape": "circle", "centre_mm": [100.0, 80.0], "r_mm": 40.0},
        app_version="0.1.0",
        stars=2,
        **kw,  # type: ignore[arg-type]
    )


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def figures() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="tinyhands-bench-") as tmp:
        data = Path(tmp)

        # Saving: the call the game makes the moment a round ends (TrialIn already built).
        with Store.open(data / "save") as store:
            child = store.add_child("Bench")
            session = store.start_session(child.id, "tablet", "touch")
            trials = [_trial(child.id, session.id, _stroke(2000, s)) for s in range(10)]
            for t in trials[:5]:  # warm caches and the WAL
                store.save_trial(t)
            times, cpu = [], []
            for i in range(SAVE_RUNS):
                c0, t0 = time.process_time(), time.perf_counter()
                store.save_trial(trials[i % len(trials)])
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
                if i % 50 == 49:
                    store.checkpoint()  # what the app does at idle moments

        # A year of daily practice, then the exporter's load of it.
        clock_now = [datetime(2024, 1, 1, 16, tzinfo=UTC)]
        with Store.open(data / "year", clock=lambda: clock_now[0], auto_backup=False) as store:
            child = store.add_child("Year")
            # Setup only: filling 7,300 trials with an fsync each would take most of the
            # time budget; durability of each save is what the first figure measures.
            store.connection.execute("PRAGMA synchronous = NORMAL")
            strokes = [_stroke(YEAR_SAMPLES, s) for s in range(16)]
            fill_t0 = time.perf_counter()
            k = 0
            for day in range(YEAR_DAYS):
                clock_now[0] = datetime(2024, 1, 1, 16, tzinfo=UTC) + timedelta(days=day)
                session = store.start_session(child.id, "tablet", "touch")
                for j in range(TRIALS_PER_DAY):
                    started = clock_now[0] + timedelta(seconds=15 * j)
                    store.save_trial(
                        _trial(
                            child.id,
                            session.id,
                            strokes[k % len(strokes)],
                            game_id=GAMES[j % len(GAMES)],
                            started_at=started,
                        )
                    )
                    k += 1
                store.end_session(session.id, 6.0)
            fill_s = time.perf_counter() - fill_t0
            store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size_mb = (data / "year" / DB_NAME).stat().st_size / 1e6

            loads = []
            for _ in range(3):
                t0 = time.perf_counter()
                year = store.trials(child.id)
                loads.append(time.perf_counter() - t0)
            assert len(year) == YEAR_DAYS * TRIALS_PER_DAY
            t0 = time.perf_counter()
            with_samples = store.trials(child.id, game="tracing", with_samples=True)
            load_samples_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            store.minutes_by_day(child.id)
            store.streak(child.id)
            streak_ms = (time.perf_counter() - t0) * 1000
            t0 = time.perf_counter()
            store.backup_if_due()  # integrity check + VACUUM INTO, once a day
            backup_s = time.perf_counter() - t0

    return [
        Figure(
            "save a trial, 2,000 samples (p99)",
            _pct(times, 0.99),
            "ms",
            budget=5.0,
            note=f"wall clock; p50 {statistics.median(times):.2f} ms, max {max(times):.2f} ms; "
            f"CPU time p99 {_pct(cpu, 0.99):.2f} ms (the rest is fsync and other processes); "
            f"{SAVE_RUNS} saves, WAL + synchronous=FULL",
        ),
        Figure(
            "load a year for the exporter",
            min(loads),
            "s",
            budget=1.0,
            note=f"{len(year)} trials without samples; best of 3 (worst {max(loads):.2f} s)",
        ),
        Figure(
            "store size, a year of daily practice",
            size_mb,
            "MB",
            note=f"{len(year)} trials x {YEAR_SAMPLES} samples, 365 sessions; "
            f"filled in {fill_s:.1f} s",
        ),
        Figure(
            "load a year's tracing trials with samples",
            load_samples_s,
            "s",
            note=f"{len(with_samples)} trials, every sample decoded (for trace pictures)",
        ),
        Figure("streak + minutes per day over a year", streak_ms, "ms"),
        Figure(
            "daily backup of a year (check + copy)",
            backup_s,
            "s",
            note="once a day, at an idle moment (SafeStore.idle/close), never at start-up",
        ),
    ]


if __name__ == "__main__":
    for f in figures():
        print(f"{f.name:45} {f.value:10.3f} {f.unit:3} budget={f.budget} {f.note}")
