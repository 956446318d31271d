"""Tracing frame cost: a bot traces at 240 Hz while the view draws 1280x800 frames at 60 Hz."""

from __future__ import annotations

import os
import random
import time

from benchmarks import Figure

FRAME_BUDGET_MS = 4.0  # DESIGN.md: one frame, update + draw, p99


def _percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def _run(shape: str, band: float) -> tuple[list[float], list[float]]:
    import pygame

    from engine.registry import LOGIC_DT, RoundContext, ViewContext
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
    surf = pygame.Surface((1280, 800))
    evs = play_stream(r.geometry, "shaky", random.Random(1), rate_hz=240.0, skill=0.6)
    draw_ms: list[float] = []
    frame_ms: list[float] = []
    i = 0
    t_ms = evs[0].t_ms
    while i < len(evs) and not r.finished:
        t_ms += 1000.0 / 60.0
        t0 = time.perf_counter()
        while i < len(evs) and evs[i].t_ms <= t_ms:
            r.handle(evs[i])
            i += 1
        for _ in range(2):  # 120 Hz logic under 60 Hz frames
            r.step(LOGIC_DT)
        t1 = time.perf_counter()
        surf.fill(BACKGROUND)  # what the scene does before a view draws
        view.draw(surf, 0.5)
        t2 = time.perf_counter()
        draw_ms.append((t2 - t1) * 1000.0)
        frame_ms.append((t2 - t0) * 1000.0)
    return draw_ms, frame_ms


def figures() -> list[Figure]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    pygame.init()
    draw_ms: list[float] = []
    frame_ms: list[float] = []
    for shape, band in (("circle", 12.0), ("upper_E", 6.0), ("lower_m", 4.0)):
        d, f = _run(shape, band)
        draw_ms += d
        frame_ms += f
    note = f"{len(draw_ms)} frames, bot at 240 Hz, 1280x800, software surface"
    return [
        Figure("tracing draw p50", _percentile(draw_ms, 0.5), "ms", None, note=note),
        Figure("tracing draw p99", _percentile(draw_ms, 0.99), "ms", FRAME_BUDGET_MS, note=note),
        Figure("tracing update+draw p99", _percentile(frame_ms, 0.99), "ms", FRAME_BUDGET_MS),
        Figure("tracing update+draw max", max(frame_ms), "ms", None),
    ]
