"""Start-up, memory, idle CPU and frame times of the app and the child's home screens.

Start-up is measured as a person meets it: a real ``tinyhands`` process on a virtual
screen (Xvfb, when it is installed; otherwise SDL's dummy driver, said in the note), from
spawning the process to its first drawn frame. Memory and idle CPU are read from /proc
while it sits on the home screen. Frame times are measured in-process with the harness,
forcing a full redraw every frame (the worst case; at rest the app does not redraw).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks import Figure

IDLE_SECONDS = 5.0


@contextmanager
def virtual_screen():
    """Yield (env, how): a DISPLAY from Xvfb if it can be started, else the dummy driver."""
    env = dict(os.environ)
    env.pop("SDL_VIDEODRIVER", None)
    if os.environ.get("DISPLAY"):
        yield env, "the current X display"
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        env["SDL_VIDEODRIVER"] = "dummy"
        yield env, "SDL dummy driver (Xvfb not installed)"
        return
    display = f":{90 + os.getpid() % 9}"
    proc = subprocess.Popen(
        [xvfb, display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        env["DISPLAY"] = display
        yield env, "Xvfb 1280x800"
    finally:
        proc.terminate()
        proc.wait(timeout=5)


def _proc_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def _proc_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return float("nan")


def _seed_children(data_dir: Path) -> None:
    from progress.store import Store

    with Store.open(data_dir) as store:
        for name, avatar in [("Mia", "cat"), ("Leo", "lion"), ("Ava", "owl"), ("Sam", "frog")]:
            store.add_child(name, avatar=avatar)


def start_figures() -> list[Figure]:
    out: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp, virtual_screen() as (env, how):
        data = Path(tmp) / "data"
        _seed_children(data)
        env["TINYHANDS_REPORT_FIRST_FRAME"] = "1"
        env["SDL_AUDIODRIVER"] = "dummy"
        starts = []
        rss = cpu = float("nan")
        for i in range(3):
            t0 = time.perf_counter()
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tinyhands",
                    "--data-dir",
                    str(data),
                    "--window",
                    "1280x800",
                ],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            try:
                line = proc.stdout.readline()
                starts.append(time.perf_counter() - t0)
                if "first frame" not in line:
                    raise RuntimeError(f"tinyhands did not draw a frame: {line!r}")
                if i == 2:  # the last run also sits idle on the home screen
                    time.sleep(1.0)
                    c0 = _proc_cpu_s(proc.pid)
                    time.sleep(IDLE_SECONDS)
                    cpu = (_proc_cpu_s(proc.pid) - c0) / IDLE_SECONDS * 100.0
                    rss = _proc_rss_mb(proc.pid)
            finally:
                proc.terminate()
                proc.wait(timeout=10)
        out.append(
            Figure(
                "start to first frame (median of 3)", statistics.median(starts), "s", 0.5, note=how
            )
        )
        out.append(Figure("resident memory on the home screen", rss, "MB", 100.0, note=how))
        out.append(Figure("CPU at rest on the home screen", cpu, "% of a core", 5.0, note=how))
    return out


def _frame_times(h, frames: int = 300) -> list[float]:
    times = []
    for _ in range(frames):
        h.app.dirty = True  # force a full redraw: the worst case
        t0 = time.perf_counter()
        h.run_frames(1)
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)


def frame_figures() -> list[Figure]:
    import games
    from engine.harness import Harness
    from progress.safe import SafeStore
    from tinyhands.screens.home import ProfileScene
    from tinyhands.screens.plan import GamePickerScene, PlanScene
    from tinyhands.services import Services

    games.load_all()
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        store = SafeStore.open_dir(tmp)
        for name, avatar in [("Mia", "cat"), ("Leo", "lion"), ("Ava", "owl"), ("Sam", "frog")]:
            store.add_child(name, avatar=avatar)
        child = store.list_children()[0]
        h = Harness(ProfileScene(), services=Services(store=store))
        plan = PlanScene(child)
        for label, push in [
            ("profile picker", None),
            ("today's plan", plan),
            ("game picker", lambda: GamePickerScene(plan.practice)),
        ]:
            if push is not None:
                h.app.scenes.push(push() if callable(push) else push)
            times = _frame_times(h)
            out.append(Figure(f"frame p50, {label}", times[len(times) // 2], "ms", 4.0))
            out.append(Figure(f"frame p99, {label}", times[int(len(times) * 0.99)], "ms", 4.0))
        h.close()
        store.close()
    return out


def figures() -> list[Figure]:
    return start_figures() + frame_figures()
