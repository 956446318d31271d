"""Tracing frame cost: a bot traces at 240 Hz while the view draws 1280x800 frames at 60 Hz."""

from __future__ import annotations

import os
import random

from benchmarks import Figure
from benchmarks.frames import FrameTimes, RoundEnd, frame_figures, play_frames


def _run(shape: str, band: float, on_end: RoundEnd) -> FrameTimes:
    from engine.registry import RoundContext, ViewContext
    from engine.units import Units
    from games.tracing import TracingParams
    from games.tracing.bots import play_stream
    from games.tracing.params import Mode
    from games.tracing.round import TracingRound
    from games.tracing.view import BACKGROUND, TracingView

    units = Units.from_dpi(96)
    ctx = RoundContext(1280 / units.px_per_mm, 800 / units.px_per_mm)
    params = TracingParams(shape=shape, band_mm=band, size_mm=110, mode=Mode.IMITATE)
    r = TracingRound(params, random.Random(0), ctx)
    view = TracingView(r, ViewContext(units=units))
    evs = play_stream(r.geometry, "shaky", random.Random(1), rate_hz=240.0, skill=0.6)
    return play_frames(r, view, evs, background=BACKGROUND, on_end=on_end)


def figures() -> list[Figure]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    pygame.init()
    times = FrameTimes()
    on_end = RoundEnd()
    for shape, band in (("circle", 12.0), ("upper_E", 6.0), ("lower_m", 4.0)):
        times += _run(shape, band, on_end)
    on_end.close()
    return frame_figures("tracing", times, "bot at 240 Hz, 1280x800, software surface")
