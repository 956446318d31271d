"""Scripted players: pointer streams that trace a round's geometry, for tests, benchmarks, demos.

Each style is a kind of child:

* ``perfect`` follows every stroke in order and direction with a minimum-jerk speed profile
  (Flash & Hogan 1985), the smoothest way to get from start to end;
* ``shaky`` adds a sideways wobble of known RMS amplitude ``noise_mm`` (a sine of random
  wavelength and phase, so its RMS over whole periods is exactly ``noise_mm``; fix the
  wavelength with ``noise_wavelength_mm`` to get whole periods and phase 0);
* ``slow`` crawls, stops mid-stroke and lifts once in the middle of its longest stroke;
* ``random`` scribbles over the plane with random downs, ups, cancels and a second finger;
* ``shortcut`` drags straight from each stroke's start to its end (must not complete curves).

``offset_mm`` shifts any style sideways by a constant: positive is to the right of the
direction of travel as seen on the screen, i.e. *outside* a counter-clockwise circle.
``skill`` (0..1) makes the child faster and steadier. Positions are quantised to whole
logical pixels at ``px_per_mm`` like a real screen, and ``t_ms`` strictly increases.
"""

from __future__ import annotations

import math
import random
from typing import Any

from engine.input import Device, PointerEvent
from engine.input import Phase as P
from games.tracing.metrics import geometry_strokes
from games.tracing.round import Stroke

STYLES = ("perfect", "shaky", "slow", "random", "shortcut")


class _Emitter:
    def __init__(self, px_per_mm: float, quantise: bool, device: Device, t0_ms: float) -> None:
        self.ppm = px_per_mm
        self.quantise = quantise
        self.device = device
        self.t_ms = t0_ms
        self.events: list[PointerEvent] = []

    def emit(self, phase: P, x_mm: float, y_mm: float, t_ms: float, pid: int = 1) -> None:
        t_ms = max(t_ms, self.t_ms + 1e-3) if self.events else t_ms  # strictly increasing
        self.t_ms = t_ms
        x_px, y_px = x_mm * self.ppm, y_mm * self.ppm
        if self.quantise:
            x_px, y_px = float(round(x_px)), float(round(y_px))
            x_mm, y_mm = x_px / self.ppm, y_px / self.ppm
        self.events.append(PointerEvent(phase, pid, self.device, x_mm, y_mm, x_px, y_px, t_ms))


def _min_jerk(tau: float) -> float:
    return tau**3 * (10 - 15 * tau + 6 * tau * tau)


def _stroke_path(
    em: _Emitter,
    st: Stroke,
    rate_hz: float,
    speed: float,
    lateral,
    s0: float = 0.0,
    s1: float | None = None,
) -> None:
    """Down at s0, follow the stroke to s1 with a minimum-jerk profile, up at s1."""
    s1 = st.length if s1 is None else s1
    dist = s1 - s0
    dur = max(0.2, dist / speed)
    n = max(2, math.ceil(dur * rate_hz))
    t_start = em.t_ms
    for k in range(n + 1):
        t = k / rate_hz
        s = s0 + dist * _min_jerk(min(1.0, t / dur))
        x, y = st.point_at(s)
        dx, dy = st.direction_at(s, 0.5)
        off = lateral(s)
        x, y = x - dy * off, y + dx * off
        phase = P.DOWN if k == 0 else P.UP if k == n else P.MOVE
        em.emit(phase, x, y, t_start + t * 1000.0)


def play_stream(
    geometry: dict[str, Any],
    style: str = "perfect",
    rng: random.Random | None = None,
    rate_hz: float = 120.0,
    px_per_mm: float = 96.0 / 25.4,
    skill: float = 1.0,
    noise_mm: float | None = None,
    noise_wavelength_mm: float | None = None,
    offset_mm: float = 0.0,
    quantise: bool = True,
    t0_ms: float = 1000.0,
    device: Device = Device.TOUCH,
) -> list[PointerEvent]:
    """A whole round's pointer events for ``geometry`` (a TracingRound's ``geometry`` dict)."""
    if style not in STYLES:
        raise ValueError(f"unknown bot style {style!r}; one of {STYLES}")
    rng = rng or random.Random(0)
    skill = min(1.0, max(0.0, skill))
    strokes = [Stroke.from_points(s) for s in geometry_strokes(geometry)]
    em = _Emitter(px_per_mm, quantise, device, t0_ms)
    pause_ms = 250.0 + 500.0 * (1.0 - skill)
    speed = 40.0 + 60.0 * skill

    if style == "random":
        _scribble(em, geometry, rng, rate_hz)
        return em.events

    if style == "shaky":
        amp = (0.5 + 2.5 * (1.0 - skill)) if noise_mm is None else noise_mm
    else:
        amp = 0.0 if noise_mm is None else noise_mm

    for i, st in enumerate(strokes):
        if i:
            em.t_ms += pause_ms
        wavelength = noise_wavelength_mm or rng.uniform(15.0, 30.0)
        phase0 = 0.0 if noise_wavelength_mm else rng.uniform(0.0, 2 * math.pi)

        def lateral(s: float, wl: float = wavelength, ph: float = phase0) -> float:
            return offset_mm + amp * math.sqrt(2.0) * math.sin(2 * math.pi * s / wl + ph)

        if style == "shortcut":
            a, b = st.points[0], st.points[-1]
            if math.dist(a, b) < 1.0:  # closed: cut straight across to the far side
                far = max(st.points, key=lambda q: math.dist(q, a))
                b = far
            straight = Stroke.from_points([a, b])
            _stroke_path(em, straight, rate_hz, speed, lambda s: 0.0)
        elif style == "slow":
            slow = 10.0 + 15.0 * skill
            if st.length >= 20.0:
                mid = st.length * 0.5
                _stroke_path(em, st, rate_hz, slow, lateral, 0.0, mid)  # lift in the middle
                em.t_ms += 800.0
                _stroke_path(em, st, rate_hz, slow, lateral, mid, st.length)
            else:
                _stroke_path(em, st, rate_hz, slow, lateral)
        else:
            _stroke_path(em, st, rate_hz, speed, lateral)
    return em.events


def _scribble(em: _Emitter, geometry: dict[str, Any], rng: random.Random, rate_hz: float) -> None:
    """Random downs, wiggles, ups and cancels over (and a little beyond) the plane."""
    w, h = geometry.get("plane_mm", (300.0, 200.0))
    dt_ms = 1000.0 / rate_hz
    t = em.t_ms
    for _ in range(rng.randint(3, 12)):
        t += rng.uniform(50.0, 800.0)
        x, y = rng.uniform(-5, w + 5), rng.uniform(-5, h + 5)
        pid = rng.choice((1, 1, 1, 2))
        em.emit(P.DOWN, x, y, t, pid)
        heading = rng.uniform(0, 2 * math.pi)
        for _ in range(rng.randint(0, 400)):
            t += dt_ms
            heading += rng.gauss(0.0, 0.5)
            step = rng.uniform(0.0, 4.0)
            x += step * math.cos(heading)
            y += step * math.sin(heading)
            if rng.random() < 0.01:  # a second finger lands and lifts meanwhile
                em.emit(P.DOWN, x + 20, y + 5, t, pid + 10)
                em.emit(P.UP, x + 21, y + 6, t + 1, pid + 10)
                t += 1
            em.emit(P.MOVE, x, y, t, pid)
        t += dt_ms
        em.emit(P.CANCEL if rng.random() < 0.2 else P.UP, x, y, t, pid)
