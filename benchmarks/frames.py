"""The frame-cost measurement every game benchmark shares.

A scripted stream feeds a Round at its own rate while the View draws 1280x800 frames at
60 Hz with two 1/120 s logic steps each, as the app does. Wall-clock and thread CPU time
are both kept: on a shared machine the wall-clock p99 includes other processes' turns.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmarks import Figure

FRAME_BUDGET_MS = 4.0  # DESIGN.md: one frame, update + draw, p99
FRAME_HZ = 60.0


def percentile(xs: Sequence[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


@dataclass
class FrameTimes:
    draw_ms: list[float] = field(default_factory=list)
    frame_ms: list[float] = field(default_factory=list)  # update + draw
    cpu_ms: list[float] = field(default_factory=list)  # update + draw, this thread's CPU

    def __iadd__(self, other: FrameTimes) -> FrameTimes:
        self.draw_ms += other.draw_ms
        self.frame_ms += other.frame_ms
        self.cpu_ms += other.cpu_ms
        return self


def play_frames(round_, view, events, background=None, tail_frames: int = 300) -> FrameTimes:
    """Play ``events`` into ``round_`` frame by frame, drawing ``view`` each frame, until
    the round is finished (at most ``tail_frames`` after the last event: celebrations)."""
    import pygame

    from engine.registry import LOGIC_DT

    surface = pygame.Surface((1280, 800))
    out = FrameTimes()
    i = 0
    t_ms = events[0].t_ms
    tail = 0
    while not round_.finished and tail < tail_frames:
        if i >= len(events):
            tail += 1
        c0 = time.thread_time()
        t0 = time.perf_counter()
        for _ in range(2):  # 120 Hz logic under 60 Hz frames, events fed per step
            while i < len(events) and events[i].t_ms <= t_ms:
                round_.handle(events[i])
                i += 1
            round_.step(LOGIC_DT)
            t_ms += LOGIC_DT * 1000.0
        t1 = time.perf_counter()
        if background is not None:
            surface.fill(background)  # what the scene does before a view draws
        view.draw(surface, 0.5)
        t2 = time.perf_counter()
        out.cpu_ms.append((time.thread_time() - c0) * 1000.0)
        out.draw_ms.append((t2 - t1) * 1000.0)
        out.frame_ms.append((t2 - t0) * 1000.0)
    return out


def frame_figures(game: str, times: FrameTimes, note: str) -> list[Figure]:
    """The same five figures for every game, against the 4 ms frame budget."""
    note = f"{len(times.frame_ms)} frames, {note}"
    return [
        Figure(f"{game} draw p50", percentile(times.draw_ms, 0.5), "ms", None, note=note),
        Figure(f"{game} draw p99", percentile(times.draw_ms, 0.99), "ms", FRAME_BUDGET_MS),
        Figure(f"{game} update+draw p99", percentile(times.frame_ms, 0.99), "ms", FRAME_BUDGET_MS),
        Figure(f"{game} update+draw max", max(times.frame_ms), "ms", None),
        Figure(
            f"{game} update+draw p99, CPU",
            percentile(times.cpu_ms, 0.99),
            "ms",
            FRAME_BUDGET_MS,
            note="thread CPU time: the same frames without other processes' share",
        ),
    ]
