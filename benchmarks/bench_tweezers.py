"""Tweezers frame cost and physics step time.

A two-finger bot plays a 20-object sorting round at 120 Hz while the view draws 1280x800
frames at 60 Hz (two logic steps per frame, as the app does); separately, the engine's physics
world is stepped with 20 and 60 balls settling and one being dragged.
"""

from __future__ import annotations

import os
import random
import time

from benchmarks import QUICK, Figure
from benchmarks.frames import FrameTimes, RoundEnd, frame_figures, percentile, play_frames


def _frames(seed: int, on_end: RoundEnd) -> FrameTimes:
    from engine.registry import RoundContext, ViewContext
    from engine.units import Units
    from games.tweezers import ladder
    from games.tweezers.bots import play_stream
    from games.tweezers.round import TweezersRound
    from games.tweezers.view import TweezersView

    units = Units.from_dpi(96)
    ctx = RoundContext(1280 / units.px_per_mm, 800 / units.px_per_mm)
    params = ladder(0.6).model_copy(update={"objects": 20})
    r = TweezersRound(params, random.Random(seed), ctx)
    evs = play_stream(r, random.Random(seed), 0.6, px_per_mm=units.px_per_mm)
    return play_frames(r, TweezersView(r, ViewContext(units=units)), evs, on_end=on_end)


def _physics(n: int, steps: int = 2400) -> list[float]:
    import math

    from engine.physics import Bounds, World

    w = World(Bounds(5.0, 35.0, 333.0, 206.0), damping=0.08)
    balls = [
        w.add_ball((20.0 + 15.0 * (i % 20), 50.0 + 15.0 * (i // 20)), 6.0, mass=1.0)
        for i in range(n)
    ]
    w.grab(1, balls[0], (balls[0].position.x, balls[0].position.y), max_force=6e4)
    out = []
    for k in range(steps):
        w.move_pointer(1, (170.0 + 120.0 * math.sin(k / 90.0), 120.0 + 60.0 * math.cos(k / 70.0)))
        t0 = time.perf_counter()
        w.step()
        out.append((time.perf_counter() - t0) * 1e6)
    return out


def figures() -> list[Figure]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    pygame.init()
    times = FrameTimes()
    on_end = RoundEnd()
    for seed in (1,) if QUICK else (1, 2):
        times += _frames(seed, on_end)
    on_end.close()
    steps = 600 if QUICK else 2400
    p20, p60 = _physics(20, steps), _physics(60, steps)
    pnote = "World.step incl. health check every 4th step, one ball dragged"
    return frame_figures("tweezers", times, "20 things, 2-finger bot at 120 Hz, 1280x800") + [
        Figure("physics step, 20 balls, mean", sum(p20) / len(p20), "us", None, note=pnote),
        Figure("physics step, 20 balls, p99", percentile(p20, 0.99), "us", None),
        Figure("physics step, 60 balls, mean", sum(p60) / len(p60), "us", None, note=pnote),
        Figure("physics step, 60 balls, p99", percentile(p60, 0.99), "us", None),
    ]


if __name__ == "__main__":
    for fig in figures():
        print(f"{fig.name:36s} {fig.value:8.3f} {fig.unit:3s} budget={fig.budget} {fig.note}")
