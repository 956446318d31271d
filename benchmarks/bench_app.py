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

from benchmarks import QUICK, Figure

IDLE_SECONDS = 2.0 if QUICK else 5.0


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


RUNS = 3 if QUICK else 5  # each of Tiny Hands and the bare window, interleaved


def _first_frame_s(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.Popen]:
    """Seconds from spawning ``cmd`` to its "first frame drawn" line; the process is left
    running for the caller to read or stop."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - t0
    if "first frame" not in line:
        proc.kill()
        proc.wait(timeout=10)
        raise RuntimeError(f"{cmd[2]} did not draw a frame: {line!r}")
    return elapsed, proc


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=10)


def start_figures(runs: int = RUNS) -> list[Figure]:
    """Tiny Hands' first frame against a bare pygame-ce window, run after run in turn, so
    both see the same load on a shared machine; median of ``runs`` each."""
    out: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp, virtual_screen() as (env, how):
        data = Path(tmp) / "data"
        _seed_children(data)
        env["TINYHANDS_REPORT_FIRST_FRAME"] = "1"
        env["SDL_AUDIODRIVER"] = "dummy"
        env["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"  # the app sets it too; the bare one must
        # As an installed program runs: its bytecode cached after the first start (this
        # machine's environment may forbid writing it, which would recompile every start).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        app = [sys.executable, "-m", "tinyhands", "--data-dir", str(data), "--window", "1280x800"]
        bare = [sys.executable, "-m", "benchmarks.bare_window", "1280x800"]
        for cmd in (app, bare):  # warm-up: bytecode written, files in the page cache
            _stop(_first_frame_s(cmd, env)[1])
        starts: list[float] = []
        bares: list[float] = []
        rss = cpu = float("nan")
        for i in range(runs):
            for cmd, into in (
                ((bare, bares), (app, starts)) if i % 2 else ((app, starts), (bare, bares))
            ):
                elapsed, proc = _first_frame_s(cmd, env)
                into.append(elapsed)
                try:
                    if cmd is app and i == runs - 1:  # the last run also sits idle
                        time.sleep(1.0)
                        c0 = _proc_cpu_s(proc.pid)
                        time.sleep(IDLE_SECONDS)
                        cpu = (_proc_cpu_s(proc.pid) - c0) / IDLE_SECONDS * 100.0
                        rss = _proc_rss_mb(proc.pid)
                finally:
                    _stop(proc)
        app_s, bare_s = statistics.median(starts), statistics.median(bares)
        out.append(Figure(f"start to first frame (median of {runs})", app_s, "s", 0.5, note=how))
        out.append(
            Figure(
                f"bare pygame-ce window, first frame (median of {runs})",
                bare_s,
                "s",
                note="pygame, pydantic (BaseModel), platformdirs, sqlite3 imported; interleaved",
            )
        )
        out.append(
            Figure(
                "first frame: Tiny Hands / bare window",
                app_s / bare_s,
                "x",
                1.5,
                note=f"same run, interleaved; {how}",
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
