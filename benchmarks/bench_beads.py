"""Bead stringing frame cost and physics step time, with 40 beads.

A touch bot plays a hard round (10 beads to thread, 30 spares: 40 beads in the box) at 120 Hz
while the view draws 1280x800 frames at 60 Hz (two logic steps per frame, as the app does);
separately, the round's physics world (the string chain, 40 beads, 2 substeps) is stepped
with one bead dragged around. Wall-clock and thread-CPU p99 are both reported: the machine
may be shared, and CPU time leaves out time lost to other processes.
"""

from __future__ import annotations

import math
import os
import random
import time

from benchmarks import QUICK, Figure
from benchmarks.frames import FrameTimes, RoundEnd, frame_figures, percentile, play_frames


def _params():
    from games.beads import ladder

    return ladder(1.0).model_copy(update={"beads": 10, "spare_beads": 30})


def _frames(seed: int, on_end: RoundEnd) -> FrameTimes:
    from engine.registry import RoundContext, ViewContext
    from engine.units import Units
    from games.beads.bots import play_stream
    from games.beads.round import BeadsRound
    from games.beads.view import BeadsView

    units = Units.from_dpi(96)
    ctx = RoundContext(1280 / units.px_per_mm, 800 / units.px_per_mm)
    r = BeadsRound(_params(), random.Random(seed), ctx)
    evs = play_stream(r, random.Random(seed), 0.6, px_per_mm=units.px_per_mm)
    return play_frames(
        r, BeadsView(r, ViewContext(units=units)), evs, tail_frames=3000, on_end=on_end
    )


def _physics(steps: int = 2400) -> tuple[list[float], list[float]]:
    from engine.input import Device, Phase, PointerEvent
    from engine.registry import LOGIC_DT, RoundContext
    from games.beads.round import BeadsRound

    r = BeadsRound(_params(), random.Random(1), RoundContext(338.7, 211.7))
    b = r.beads[0]
    r.handle(PointerEvent(Phase.DOWN, 1, Device.TOUCH, b.x, b.y, 0.0, 0.0, 0.0))
    wall, cpu = [], []
    for k in range(steps):
        x, y = 170.0 + 120.0 * math.sin(k / 90.0), 120.0 + 50.0 * math.cos(k / 70.0)
        r.handle(PointerEvent(Phase.MOVE, 1, Device.TOUCH, x, y, 0.0, 0.0, k * 8.3))
        c0 = time.thread_time()
        t0 = time.perf_counter()
        r.step(LOGIC_DT)
        wall.append((time.perf_counter() - t0) * 1e6)
        cpu.append((time.thread_time() - c0) * 1e6)
    return wall, cpu


def figures() -> list[Figure]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    pygame.init()
    times = FrameTimes()
    on_end = RoundEnd()
    for seed in (1,) if QUICK else (1, 2):
        times += _frames(seed, on_end)
    on_end.close()
    wall, cpu = _physics(600 if QUICK else 2400)
    pnote = "BeadsRound.step: chain + 40 beads, 2 substeps, one bead dragged"
    return frame_figures("beads", times, "40 beads, touch bot at 120 Hz, 1280x800") + [
        Figure("beads physics step, 40 beads, mean", sum(wall) / len(wall), "us", None, note=pnote),
        Figure("beads physics step, 40 beads, p99", percentile(wall, 0.99), "us", 4000.0),
        Figure("beads physics step, 40 beads, p99, CPU", percentile(cpu, 0.99), "us", 4000.0),
    ]


if __name__ == "__main__":
    for fig in figures():
        print(f"{fig.name:40s} {fig.value:8.3f} {fig.unit:3s} budget={fig.budget} {fig.note}")
