"""The app's resident memory before and after it exports a report (run as its own process).

``python -m benchmarks.export_memory DATA_DIR OUT_DIR`` opens DATA_DIR as the app does
(SafeStore), shows the grown-ups' export screen for the first child in a headless window,
taps "Everything" (the whole year) and "Write" and keeps drawing frames until the export
(a separate ``tinyhands export`` process, tinyhands/export_job.py) has finished. It
prints one JSON line: the resident memory (VmRSS) settled on the screen before and after,
the longest frame while the export ran, and the seconds it took. A fresh process, so
nothing the benchmark itself loaded (matplotlib, a year's Summary) counts as the app's.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from pathlib import Path


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return float("nan")


def settled_rss(h, frames: int = 120) -> float:
    h.run_frames(frames)
    gc.collect()
    return rss_mb()


def main(data_dir: str, out_dir: str) -> dict:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import games
    from engine.harness import Harness
    from progress.safe import SafeStore
    from tinyhands.screens.grownup_export import ExportScene
    from tinyhands.services import Services

    games.load_all()
    store = SafeStore.open_dir(data_dir)
    child = store.list_children()[0]
    scene = ExportScene(child, out_dir=Path(out_dir))
    h = Harness(scene, services=Services(store=store))
    h.tap_rect(scene.buttons.find("period:all").rect)  # the whole year
    before = settled_rss(h)
    h.tap_rect(scene.buttons.find("write").rect)
    if scene.state not in ("writing", "done"):
        raise RuntimeError(f"the export did not start: {scene.state} {scene.message}")
    t0 = time.perf_counter()
    longest = 0.0
    while scene.state == "writing":
        f0 = time.perf_counter()
        h.run_frames(1)
        longest = max(longest, time.perf_counter() - f0)
        time.sleep(1 / 120)
        if time.perf_counter() - t0 > 300:
            raise RuntimeError("the export did not finish in 5 minutes")
    took = time.perf_counter() - t0
    if scene.state != "done":
        raise RuntimeError(f"the export failed: {scene.message}")
    after = settled_rss(h)
    h.close()
    store.close()
    return {
        "rss_before_mb": before,
        "rss_after_mb": after,
        "longest_frame_ms": longest * 1000,
        "export_s": took,
        "files": [str(p) for p in scene.files],
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
