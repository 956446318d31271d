"""One tracing trial as pure logic: place the item, follow the child's finger along the road.

Progress along a stroke is a chain of points every 1 mm of the path: the chain advances to
the next point only while the finger (interpolated between samples) is within the tolerance
(half the band) of it. So the child must cover the path in order and in the taught
direction: a straight drag from start to end, or starting at the wrong end, advances nothing.
Going off the road only pauses the chain; nothing is undone and nothing fails. Lifts are
allowed anywhere; the game waits for the child (no timer ends a round).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

from engine.input import PointerEvent
from engine.registry import LOGIC_DT, RoundContext, params_dict
from engine.trial import TrialResult, as_stored, round_result
from games.tracing import geometry as geo
from games.tracing import metrics as m
from games.tracing.content import item as get_item
from games.tracing.geometry import Point, PolylineIndex
from games.tracing.params import START_DOT_MM, Mode, TracingParams

GAME_ID = "tracing"
TOP_BAR_MM = 30.0  # the app's top bar (home button) sits above the task area
MODEL_PANEL_MM = 44.0  # the small "what to draw" picture, on the side away from the hand
EDGE_MM = 6.0
CHAIN_STEP_MM = 1.0
DEMO_SPEED_MM_S = 70.0  # the imitate demonstration draws at a calm child-like pace
DEMO_MIN_S, DEMO_MAX_S = 1.2, 3.5
DEMO_REPLAY_IDLE_S = 6.0  # imitate: show the stroke again after this long without a touch


@dataclass(slots=True)
class Stroke:
    """One template stroke in mm, with its dense chain for progress."""

    points: list[Point]
    chain: list[Point]
    chain_s: list[float]
    length: float

    @classmethod
    def from_points(cls, points: list[Point]) -> Stroke:
        chain = geo.resample(points, CHAIN_STEP_MM)
        return cls(points, chain, geo.cumulative(chain), geo.length(points))

    def point_at(self, s: float) -> Point:
        """The point ``s`` mm along the stroke (clamped)."""
        s = min(max(s, 0.0), self.length)
        cs = self.chain_s
        lo, hi = 0, len(cs) - 1
        while lo < hi - 1:
            mid = (lo + hi) // 2
            if cs[mid] <= s:
                lo = mid
            else:
                hi = mid
        span = cs[hi] - cs[lo]
        u = 0.0 if span <= 0 else (s - cs[lo]) / span
        a, b = self.chain[lo], self.chain[hi]
        return a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u

    def direction_at(self, s: float, ahead: float = 4.0) -> Point:
        a, b = self.point_at(s), self.point_at(s + ahead)
        if math.dist(a, b) < 1e-6:
            a = self.point_at(s - ahead)
        d = math.dist(a, b) or 1.0
        return (b[0] - a[0]) / d, (b[1] - a[1]) / d


@dataclass(frozen=True, slots=True)
class TrailPoint:
    trace: int  # which pen-down trace (0, 1, ...)
    x: float  # mm
    y: float
    on_road: bool


@dataclass(slots=True)
class Layout:
    origin: Point  # mm of the unit grid's (0, 0)
    scale: float  # mm per unit
    bbox: tuple[float, float, float, float]  # x0, y0, x1, y1 of the item in mm
    model_rect: tuple[float, float, float, float]  # x, y, w, h of the model picture in mm


def layout(
    unit_polys: list[list[Point]], size_mm: float, margin_mm: float, ctx: RoundContext
) -> Layout:
    """Centre the item in the task plane below the top bar, shrinking it to fit small planes."""
    us = [p[0] for poly in unit_polys for p in poly]
    vs = [p[1] for poly in unit_polys for p in poly]
    u0, u1, v0, v1 = min(us), max(us), min(vs), max(vs)
    side = MODEL_PANEL_MM + 2 * EDGE_MM  # keep clear of the model picture on both sides
    avail_w = ctx.plane_w_mm - 2 * side - 2 * margin_mm
    avail_h = ctx.plane_h_mm - TOP_BAR_MM - 2 * margin_mm
    scale = size_mm
    if u1 - u0 > 1e-9:
        scale = min(scale, avail_w / (u1 - u0))
    if v1 - v0 > 1e-9:
        scale = min(scale, avail_h / (v1 - v0))
    scale = max(scale, 5.0)
    cx = ctx.plane_w_mm / 2
    cy = TOP_BAR_MM + (ctx.plane_h_mm - TOP_BAR_MM) / 2
    ox = cx - (u0 + u1) / 2 * scale
    oy = cy - (v0 + v1) / 2 * scale
    px = ctx.plane_w_mm - EDGE_MM - MODEL_PANEL_MM if ctx.left_handed else EDGE_MM
    return Layout(
        origin=(ox, oy),
        scale=scale,
        bbox=(ox + u0 * scale, oy + v0 * scale, ox + u1 * scale, oy + v1 * scale),
        model_rect=(px, TOP_BAR_MM + EDGE_MM, MODEL_PANEL_MM, MODEL_PANEL_MM),
    )


@dataclass(slots=True)
class _Feedback:
    """Things the view reacts to once (sounds, sparkles), counted so it can catch up."""

    strokes_done: list[tuple[int, float]] = field(default_factory=list)  # stroke, clock_s


class TracingRound:
    """Trace ``params.shape`` stroke by stroke; see the module docstring for the rules."""

    def __init__(self, params: TracingParams, rng: random.Random, ctx: RoundContext) -> None:
        self.params = params
        self.rng = rng  # nothing random yet; kept so a future variant stays seedable
        self.ctx = ctx
        self.item = get_item(params.shape)
        self.band_mm = params.band_mm
        self.tol_mm = params.band_mm / 2.0
        self.start_dot_mm = START_DOT_MM
        unit_polys = self.item.polylines()
        margin = max(self.tol_mm, START_DOT_MM / 2) + EDGE_MM
        self.layout = layout(unit_polys, params.size_mm, margin, ctx)
        ox, oy = self.layout.origin
        sc = self.layout.scale
        self.strokes = [
            Stroke.from_points([(ox + u * sc, oy + v * sc) for u, v in poly]) for poly in unit_polys
        ]
        self.index = PolylineIndex([s.points for s in self.strokes])
        self.samples: list[PointerEvent] = []
        self.splitter = m.TraceSplitter()
        self.trail: list[TrailPoint] = []
        self.stroke_index = 0
        self.chain_index = 0
        self.pen: Point | None = None  # where the drawing finger is, while down
        self.off_road = False
        self.clock_s = 0.0
        self.finished_at_s: float | None = None
        self.idle_s = 0.0
        self.demo_s: float | None = 0.0 if params.mode == Mode.IMITATE else None
        self.feedback = _Feedback()
        self._last: Point | None = None
        self._result: TrialResult | None = None

    # -- state the view reads ------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.finished_at_s is not None

    @property
    def current(self) -> Stroke | None:
        return None if self.finished else self.strokes[self.stroke_index]

    @property
    def progress_mm(self) -> float:
        """How far along the current stroke the child has come."""
        st = self.current
        return 0.0 if st is None else st.chain_s[self.chain_index]

    @property
    def demo_fraction(self) -> float | None:
        """0..1 while the imitate demonstration is drawing the current stroke, else None."""
        if self.demo_s is None or self.finished:
            return None
        return min(1.0, self.demo_s / self.demo_duration_s)

    @property
    def demo_duration_s(self) -> float:
        """How long the imitate demonstration takes to draw the current stroke."""
        st = self.strokes[self.stroke_index]
        return min(DEMO_MAX_S, max(DEMO_MIN_S, st.length / DEMO_SPEED_MM_S))

    @property
    def geometry(self) -> dict[str, Any]:
        lay = self.layout
        return {
            "item": self.item.id,
            "kind": self.item.kind,
            "strokes": [[[round(x, 4), round(y, 4)] for x, y in s.points] for s in self.strokes],
            "band_mm": self.band_mm,
            "size_mm": self.params.size_mm,
            "scale_mm_per_unit": lay.scale,
            "origin_mm": list(lay.origin),
            "bbox_mm": list(lay.bbox),
            "plane_mm": [self.ctx.plane_w_mm, self.ctx.plane_h_mm],
            "model_rect_mm": list(lay.model_rect),
            "start_dot_mm": self.start_dot_mm,
            "left_handed": self.ctx.left_handed,
            "mode": self.params.mode.value,
        }

    # -- input and time ------------------------------------------------------------------
    def handle(self, event: PointerEvent) -> None:
        if self.finished:
            return
        self.samples.append(event)
        if not self.splitter.feed(event):
            return
        phase = event.phase.value
        p = (event.x_mm, event.y_mm)
        if not (math.isfinite(p[0]) and math.isfinite(p[1])):
            return
        if phase == "cancel":
            self.pen = self._last = None
            return
        if phase == "down":
            self.demo_s = None  # the child is keen: stop showing, let them draw
            self._last = None
        trace_no = len(self.splitter.traces) - 1
        self._advance(p)
        on_road = self.index.within(p, self.tol_mm)
        self.off_road = not on_road
        self.trail.append(TrailPoint(trace_no, p[0], p[1], on_road))
        self.idle_s = 0.0
        if phase == "up":
            self.pen = self._last = None
            self.off_road = False
        else:
            self.pen = p

    def _advance(self, p: Point) -> None:
        """Move the chain along with the finger, through every point between two samples."""
        a = self._last if self._last is not None else p
        self._last = p
        step = min(CHAIN_STEP_MM, self.tol_mm / 2)
        n = max(1, math.ceil(math.dist(a, p) / step))
        for k in range(1, n + 1):
            if self.finished:
                return
            t = k / n
            q = (a[0] + (p[0] - a[0]) * t, a[1] + (p[1] - a[1]) * t)
            st = self.strokes[self.stroke_index]
            chain = st.chain
            i = self.chain_index
            tol = self.tol_mm
            while i + 1 < len(chain) and math.dist(q, chain[i + 1]) <= tol:
                i += 1
            self.chain_index = i
            if i == len(chain) - 1:
                self._stroke_done()

    def _stroke_done(self) -> None:
        self.feedback.strokes_done.append((self.stroke_index, self.clock_s))
        if self.stroke_index + 1 >= len(self.strokes):
            self.finished_at_s = self.clock_s
            return
        self.stroke_index += 1
        self.chain_index = 0
        if self.params.mode == Mode.IMITATE and self.pen is None:
            self.demo_s = 0.0

    def step(self, dt: float) -> None:
        """Advance the clock (demonstration, idle time); the rules themselves wait for input."""
        if abs(dt - LOGIC_DT) > 1e-9:
            raise ValueError(f"a Round steps by exactly LOGIC_DT, not {dt}")
        if self.finished:
            return
        self.clock_s += dt
        if self.demo_s is not None:
            self.demo_s += dt
            if self.demo_s >= self.demo_duration_s + 0.6:  # linger a moment, then hand over
                self.demo_s = None
                self.idle_s = 0.0
        if self.pen is None:
            self.idle_s += dt
            if (
                self.params.mode == Mode.IMITATE
                and self.demo_s is None
                and self.idle_s >= DEMO_REPLAY_IDLE_S
                and self.chain_index == 0
            ):
                self.demo_s = 0.0
                self.idle_s = 0.0

    # -- the result ----------------------------------------------------------------------
    def result(self) -> TrialResult:
        if self._result is not None and self.finished:
            return self._result
        geometry = self.geometry
        values = m.compute(as_stored(self.samples), geometry)
        score, success = m.score_and_success(values)
        res = round_result(
            game_id=GAME_ID,
            params=params_dict(self.params),
            samples=self.samples,
            geometry=geometry,
            metrics=m.as_metrics(values),
            metrics_version=m.METRICS_VERSION,
            score=score,
            success=success,
            stars=m.stars_for(values, self.finished),
            finished=self.finished,
            clock_s=self.clock_s,
        )
        if self.finished:
            self._result = res
        return res
