"""The exporter against its budget: the PDF summary of a year of daily practice in <= 1.5 s.

A year is built through the real demo (scripted players, the real game logic, the real
store) - several minutes on two cores - and kept in the user cache folder, so later runs
reuse it (``TINYHANDS_BENCH_REBUILD=1`` builds it afresh). It is then timed from a cold
exporter: the Summary from the store, then the PDF with its charts (fpdf2 is imported
inside the timing, as the CLI pays it too; the charts are drawn by the report itself, no
picture library is loaded). Only the few traces drawn load their samples.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace

from benchmarks import Figure

YEAR_DAYS = 365
PDF_BUDGET_S = 1.5  # DESIGN.md and issue 19
#: the parts of render_pdf's time (exporter.pdf.Costs), each printed as a figure
PARTS = (
    ("import", "fpdf2 (and what it imports: fontTools, PIL)"),
    ("fonts", "font coverage, the two DejaVu faces added, shaping check"),
    ("charts", "every chart and trace picture laid out and drawn as vector graphics"),
    ("tables", "tables measured and laid out"),
    ("layout", "everything else: headings, paragraphs, bullets, calendar, one garbage collection"),
    ("write", "pdf.output(): fonts subset, pages compressed"),
)


def _year(cache: Path) -> tuple[object, float | None]:
    """The demo year in ``cache``: built now (returns its build time) or reused (None)."""
    from tinyhands.demo import run_demo

    marker = cache / "year.json"
    if marker.exists() and not os.environ.get("TINYHANDS_BENCH_REBUILD"):
        import json
        from datetime import date

        d = json.loads(marker.read_text())
        demo = SimpleNamespace(
            data_dir=Path(d["data_dir"]),
            child_id=d["child_id"],
            days_practised=d["days"],
            start=date.fromisoformat(d["start"]),
            end=date.fromisoformat(d["end"]),
        )
        if demo.data_dir.exists():
            return demo, None
    import json
    import shutil

    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    t0 = time.perf_counter()
    demo = run_demo(YEAR_DAYS, cache / "out", formats=())
    build_s = time.perf_counter() - t0
    marker.write_text(
        json.dumps(
            {
                "data_dir": str(demo.data_dir),
                "child_id": demo.child_id,
                "days": demo.days_practised,
                "start": demo.start.isoformat(),
                "end": demo.end.isoformat(),
            }
        )
    )
    return demo, build_s


def figures() -> list[Figure]:
    import sys

    import platformdirs

    from exporter.build import build_summary
    from exporter.pdf import Costs, render_pdf
    from progress.store import Store
    from tinyhands import __version__
    from tinyhands.catalog import build_catalog

    cache = Path(platformdirs.user_cache_dir("tinyhands", appauthor=False))
    demo, build_s = _year(cache / f"bench-year-{__version__}")
    catalog = build_catalog()
    with Store.open(demo.data_dir, exclusive=False, auto_backup=False) as store:
        n_trials = len(store.trials(demo.child_id))
        c0, t0 = time.process_time(), time.perf_counter()
        summary = build_summary(store, demo.child_id, demo.start, demo.end, catalog)
        t1 = time.perf_counter()
        costs = Costs()
        pdf = render_pdf(summary, lambda tid: store.get_trial(tid, with_samples=True), costs)
        c2, t2 = time.process_time(), time.perf_counter()
        size_kb = len(pdf) / 1024
    built = "reused from the cache" if build_s is None else f"built in {build_s:.0f} s"
    note = f"{n_trials} trials on {demo.days_practised} days; year {built}"
    out = [
        Figure("summary of a year (from the store)", t1 - t0, "s", note=note),
        Figure("PDF summary of a year (summary + render)", t2 - t0, "s", budget=PDF_BUDGET_S),
        Figure(
            "PDF summary of a year, CPU time",
            c2 - c0,
            "s",
            budget=PDF_BUDGET_S,
            note="this process's CPU seconds: the same work without other processes' share",
        ),
    ]
    loaded = "matplotlib" in sys.modules
    out.append(
        Figure(
            "PDF of a year, render (the parts below added up)",
            sum(costs.values()),
            "s",
            note=f"render_pdf alone; matplotlib {'WAS' if loaded else 'not'} imported",
        )
    )
    for part, words in PARTS:
        out.append(Figure(f"PDF of a year, part: {part}", costs.get(part, 0.0), "s", note=words))
    out.append(Figure("PDF size for a year", size_kb, "KB"))
    return out + memory_figures(demo.data_dir)


def memory_figures(data_dir: Path) -> list[Figure]:
    """The app's memory around one export of the year (benchmarks/export_memory.py, in a
    fresh process on a copy of the year: the app opens its data file for writing). Not in
    ``--quick``: this module is skipped there."""
    import json
    import shutil
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(data_dir, data, ignore=shutil.ignore_patterns("backups", "*.log"))
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.export_memory", str(data), str(Path(tmp) / "out")],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
            check=True,
        )
        m = json.loads(done.stdout.strip().splitlines()[-1])
    grew = m["rss_after_mb"] - m["rss_before_mb"]
    note = (
        f"{m['rss_before_mb']:.1f} MB before, {m['rss_after_mb']:.1f} MB after; export screen, "
        f"a year as PDF, CSV and JSON in {m['export_s']:.1f} s by a separate process"
    )
    return [
        Figure("app memory after an export, growth", grew, "MB", budget=10.0, note=note),
        Figure(
            "app's longest frame while the export runs",
            m["longest_frame_ms"],
            "ms",
            note="export screen, progress bar drawn every frame",
        ),
    ]


if __name__ == "__main__":
    for f in figures():
        print(f"{f.name}: {f.value:.2f} {f.unit} (budget {f.budget}) {f.note}")
