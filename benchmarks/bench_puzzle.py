"""Puzzle frame cost: a bot solves a 24-piece turned jigsaw at 240 Hz (twists included) while
the view draws 1280x800 frames at 60 Hz."""

from __future__ import annotations

import os
import random
import time

from benchmarks import QUICK, Figure
from benchmarks.frames import FrameTimes, RoundEnd, frame_figures, play_frames


def _run(seed: int, skill: float, on_end: RoundEnd) -> tuple[FrameTimes, float]:
    """The frame times of one solve, and the view's set-up time in ms."""
    from engine.input import Device
    from engine.registry import RoundContext, ViewContext
    from engine.units import Units
    from games.puzzle import ladder
    from games.puzzle.bots import play
    from games.puzzle.round import PuzzleRound
    from games.puzzle.view import BACKGROUND, PuzzleView

    units = Units.from_dpi(96)
    ctx = RoundContext(1280 / units.px_per_mm, 800 / units.px_per_mm)
    params = ladder(1.0)
    assert params.pieces == 24 and params.rotation
    r = PuzzleRound(params, random.Random(seed), ctx)
    t0 = time.perf_counter()
    view = PuzzleView(r, ViewContext(units=units))
    setup_ms = (time.perf_counter() - t0) * 1000.0
    evs = play(r, random.Random(seed + 1), skill, Device.TOUCH, rate_hz=240.0)
    return play_frames(r, view, evs, background=BACKGROUND, on_end=on_end), setup_ms


def figures() -> list[Figure]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    pygame.init()
    times = FrameTimes()
    setups: list[float] = []
    on_end = RoundEnd()
    for seed, skill in ((0, 0.4),) if QUICK else ((0, 0.4), (1, 0.9)):
        t, s = _run(seed, skill, on_end)
        times += t
        setups.append(s)
    on_end.close()
    return frame_figures("puzzle", times, "24-piece turned jigsaw, touch bot at 240 Hz") + [
        Figure("puzzle view set-up (pieces, picture)", max(setups), "ms", None),
    ]
