"""The exporter against its budget: the PDF summary of a year of daily practice in <= 3 s.

A year is built once through the real demo (scripted players, the real game logic, the
real store), then timed from a cold exporter: the Summary from the store, then the PDF
with its charts (matplotlib is imported inside the timing, as the CLI pays it too). Only
the few traces drawn load their samples.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks import Figure

YEAR_DAYS = 365
PDF_BUDGET_S = 3.0


def figures() -> list[Figure]:
    from exporter.build import build_summary
    from exporter.pdf import render_pdf
    from progress.store import Store
    from tinyhands.catalog import build_catalog
    from tinyhands.demo import run_demo

    with tempfile.TemporaryDirectory(prefix="tinyhands-bench-export-") as tmp:
        t0 = time.perf_counter()
        demo = run_demo(YEAR_DAYS, Path(tmp) / "out", formats=())
        build_s = time.perf_counter() - t0
        catalog = build_catalog()
        with Store.open(demo.data_dir, exclusive=False, auto_backup=False) as store:
            t0 = time.perf_counter()
            summary = build_summary(store, demo.child_id, demo.start, demo.end, catalog)
            t1 = time.perf_counter()
            pdf = render_pdf(summary, lambda tid: store.get_trial(tid, with_samples=True))
            t2 = time.perf_counter()
            size_kb = len(pdf) / 1024
    note = f"{demo.trials} trials on {demo.days_practised} days; year built in {build_s:.0f} s"
    return [
        Figure("summary of a year (from the store)", t1 - t0, "s", note=note),
        Figure("PDF summary of a year (summary + render)", t2 - t0, "s", budget=PDF_BUDGET_S),
        Figure("PDF size for a year", size_kb, "KB"),
    ]


if __name__ == "__main__":
    for f in figures():
        print(f"{f.name}: {f.value:.2f} {f.unit} (budget {f.budget}) {f.note}")
