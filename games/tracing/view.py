"""Draws a TracingRound: a soft road, a pulsing start dot, an arrow, the child's trail, sparkles.

Everything a pre-reader needs is a picture: the green dot says "start here", the orange arrow
(and, in imitate mode, a crayon that draws the stroke first) says "go this way", the road
fills with green behind the finger and a star waits at the end. Going off the road only turns
the trail a lighter blue and shows a small dot where to carry on — never a red mark.

Cost per frame is kept flat: the road is rendered once per stroke onto a cached surface,
progress and trail are drawn incrementally (only new segments) onto persistent surfaces, and
a frame blits those and draws a handful of small shapes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence

import pygame

from engine import art
from engine.registry import LOGIC_DT, ViewContext
from engine.viewport import LOGICAL_SIZE
from games.tracing.round import Stroke, TracingRound

BACKGROUND = (246, 241, 232)  # the game scene's background
ROAD = (214, 226, 238)
ROAD_EDGE = (186, 202, 222)
ROAD_LATER = (232, 234, 236)
DONE = (178, 222, 186)
DONE_EDGE = (150, 204, 162)
GUIDE_DOTS = (150, 168, 196)
START = (76, 178, 112)
START_RING = (255, 255, 255)
ARROW = (240, 150, 70)
GOAL = (250, 200, 70)
INK = (66, 104, 196)
INK_OFF = (150, 174, 222)  # off the road: the same ink, softer
DEMO_INK = (240, 150, 70)
CARD = (255, 253, 249)
CARD_EDGE = (222, 214, 200)
MODEL_INK = (110, 120, 140)
KEY = (255, 0, 255)  # colour key of the trail layer

SPARKLE_S = 0.9
FINISH_S = 2.0


def _blend(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    t = min(1.0, max(0.0, t))
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))  # type: ignore[return-value]


def _thick_polyline(
    surf: pygame.Surface, colour, pts: Sequence[tuple[float, float]], width: float
) -> None:
    """A thick line with round joins and caps."""
    w = max(1, round(width))
    r = w / 2
    if len(pts) == 1:
        pygame.draw.circle(surf, colour, pts[0], r)
        return
    for i in range(len(pts) - 1):
        pygame.draw.line(surf, colour, pts[i], pts[i + 1], w)
        pygame.draw.circle(surf, colour, pts[i], r)
    pygame.draw.circle(surf, colour, pts[-1], r)


class TracingView:
    """Draws ``round`` onto the 1280x800 logical canvas (px = mm * ctx.units.px_per_mm)."""

    def __init__(
        self,
        round: TracingRound,
        ctx: ViewContext,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.round = round
        self.ctx = ctx
        self.ppm = ctx.units.px_per_mm
        self.clock = clock
        g = round.params.guide
        self.guide = g
        # guides fade with the param: road contrast and the centre dots
        self.road_col = _blend(BACKGROUND, ROAD, 0.2 + 0.8 * g)
        self.road_edge = _blend(BACKGROUND, ROAD_EDGE, 0.2 + 0.8 * g)
        self.later_col = _blend(BACKGROUND, ROAD_LATER, 0.3 + 0.7 * g)
        self.dot_col = _blend(BACKGROUND, GUIDE_DOTS, g)
        self.band_px = round.band_mm * self.ppm
        self.ink_px = min(5.5, max(2.5, 0.35 * round.band_mm)) * self.ppm
        x0, y0, x1, y1 = round.layout.bbox
        pad = round.tol_mm + round.start_dot_mm + 4.0
        self.road_rect = pygame.Rect(
            math.floor((x0 - pad) * self.ppm),
            math.floor((y0 - pad) * self.ppm),
            math.ceil((x1 - x0 + 2 * pad) * self.ppm),
            math.ceil((y1 - y0 + 2 * pad) * self.ppm),
        )
        self._road: pygame.Surface | None = None
        self._road_state: tuple[int, bool] | None = None
        self._progress_drawn = 0.0
        self._trail: pygame.Surface | None = None
        self._trail_dirty: pygame.Rect | None = None
        self._trail_n = 0
        self._last_pts: dict[int, list[tuple[float, float]]] = {}
        self._update_trail(LOGICAL_SIZE)  # made now, not on the first frame
        self._model = self._render_model()
        self._sparkles = art.Sparkles(SPARKLE_S, FINISH_S, (18.0, 22.0), (3.5, 5.0))
        self._burst_done = False
        self._strokes_seen = 0
        self._finished_seen_at: float | None = None
        self._t_finish_clock = 0.0

    # -- helpers -------------------------------------------------------------------------
    def px(self, p: tuple[float, float]) -> tuple[float, float]:
        return p[0] * self.ppm, p[1] * self.ppm

    def _local(self, p: tuple[float, float]) -> tuple[float, float]:
        return p[0] * self.ppm - self.road_rect.x, p[1] * self.ppm - self.road_rect.y

    def _now(self, alpha: float) -> float:
        """Animation time: the round's clock while playing, wall time after the end."""
        r = self.round
        if not r.finished:
            return r.clock_s + alpha * LOGIC_DT
        if self._finished_seen_at is None:
            self._finished_seen_at = self.clock()
            self._t_finish_clock = r.clock_s
        return self._t_finish_clock + (self.clock() - self._finished_seen_at)

    # -- cached layers -------------------------------------------------------------------
    def _render_road(self) -> pygame.Surface:
        r = self.round
        surf = pygame.Surface(self.road_rect.size)
        surf.fill(BACKGROUND)
        edge = max(2.0, 0.6 * self.ppm)
        for i, st in enumerate(r.strokes):
            pts = [self._local(p) for p in st.points]
            done = r.finished or i < r.stroke_index
            if done:
                _thick_polyline(surf, DONE_EDGE, pts, self.band_px + 2 * edge)
                _thick_polyline(surf, DONE, pts, self.band_px)
            elif i > r.stroke_index:
                _thick_polyline(surf, self.road_edge, pts, self.band_px + 2 * edge)
                _thick_polyline(surf, self.later_col, pts, self.band_px)
        if not r.finished:  # the current stroke on top, so it reads as "this one"
            st = r.strokes[r.stroke_index]
            pts = [self._local(p) for p in st.points]
            _thick_polyline(surf, self.road_edge, pts, self.band_px + 2 * edge)
            _thick_polyline(surf, self.road_col, pts, self.band_px)
            if self.guide > 0.05:
                self._guide_dots(surf, st)
        self._progress_drawn = 0.0
        return surf

    def _guide_dots(self, surf: pygame.Surface, st: Stroke) -> None:
        gap = 7.0
        rad = max(1.5, 0.7 * self.ppm)
        s = gap
        while s < st.length - gap / 2:
            pygame.draw.circle(surf, self.dot_col, self._local(st.point_at(s)), rad)
            s += gap

    def _update_road(self) -> None:
        r = self.round
        state = (r.stroke_index, r.finished)
        if self._road is None or state != self._road_state:
            self._road = self._render_road()
            self._road_state = state
        if r.finished:
            return
        st = r.strokes[r.stroke_index]
        target = r.progress_mm
        if target > self._progress_drawn + 0.5:
            s0 = max(0.0, self._progress_drawn - 1.0)
            n = max(1, math.ceil((target - s0) / 2.0))
            pts = [self._local(st.point_at(s0 + (target - s0) * k / n)) for k in range(n + 1)]
            _thick_polyline(self._road, DONE, pts, self.band_px)
            self._progress_drawn = target

    def _update_trail(self, size: tuple[int, int]) -> None:
        if self._trail is None or self._trail.get_size() != size:
            self._trail = pygame.Surface(size)
            self._trail.fill(KEY)
            self._trail.set_colorkey(KEY)
            self._trail_n = 0
            self._trail_dirty = None
            self._last_pts = {}
        trail = self.round.trail
        w = max(2, round(self.ink_px))
        rad = w / 2
        for tp in trail[self._trail_n :]:
            p = self.px((tp.x, tp.y))
            colour = INK if tp.on_road else INK_OFF
            hist = self._last_pts.setdefault(tp.trace, [])
            hist.append(p)
            if len(hist) == 1:
                pts = [p]
            elif len(hist) == 2:
                pts = [hist[0], ((hist[0][0] + p[0]) / 2, (hist[0][1] + p[1]) / 2)]
            else:  # quadratic through midpoints: smooth even at 60 Hz
                a, b, c = hist[-3], hist[-2], hist[-1]
                m0 = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
                m1 = ((b[0] + c[0]) / 2, (b[1] + c[1]) / 2)
                n = max(1, min(8, math.ceil(math.dist(m0, m1) / 3.0)))
                pts = []
                for k in range(n + 1):
                    u = k / n
                    pts.append(
                        (
                            (1 - u) ** 2 * m0[0] + 2 * (1 - u) * u * b[0] + u * u * m1[0],
                            (1 - u) ** 2 * m0[1] + 2 * (1 - u) * u * b[1] + u * u * m1[1],
                        )
                    )
                del hist[:-3]
            _thick_polyline(self._trail, colour, pts, w)
            xs = [q[0] for q in pts]
            ys = [q[1] for q in pts]
            rect = pygame.Rect(
                math.floor(min(xs) - rad - 1),
                math.floor(min(ys) - rad - 1),
                math.ceil(max(xs) - min(xs) + 2 * rad + 3),
                math.ceil(max(ys) - min(ys) + 2 * rad + 3),
            )
            self._trail_dirty = rect if self._trail_dirty is None else self._trail_dirty.union(rect)
        self._trail_n = len(trail)

    def _render_model(self) -> pygame.Surface:
        """The small picture of the whole item, with a start dot per stroke (the copy model)."""
        r = self.round
        x, y, w, h = r.layout.model_rect
        size = (round(w * self.ppm), round(h * self.ppm))
        surf = pygame.Surface(size, pygame.SRCALPHA)
        rad = round(4 * self.ppm)
        pygame.draw.rect(surf, CARD_EDGE, surf.get_rect(), border_radius=rad)
        pygame.draw.rect(surf, CARD, surf.get_rect().inflate(-4, -4), border_radius=rad)
        bx0, by0, bx1, by1 = r.layout.bbox
        inner = 0.7 * min(size)
        span = max(bx1 - bx0, by1 - by0, 1e-6)
        k = inner / span
        ox = size[0] / 2 - (bx0 + bx1) / 2 * k
        oy = size[1] / 2 - (by0 + by1) / 2 * k
        line = max(2.0, 1.2 * self.ppm)
        for st in r.strokes:
            pts = [(ox + px * k, oy + py * k) for px, py in st.points]
            _thick_polyline(surf, MODEL_INK, pts, line)
        for st in r.strokes:
            p = st.points[0]
            pygame.draw.circle(surf, START, (ox + p[0] * k, oy + p[1] * k), line * 1.6)
        return surf

    # -- the frame -----------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        r = self.round
        now = self._now(alpha)
        self._catch_up_feedback(now)
        self._update_road()
        assert self._road is not None
        surface.blit(self._road, self.road_rect)
        self._update_trail(surface.get_size())
        assert self._trail is not None
        if self._trail_dirty is not None:
            surface.blit(self._trail, self._trail_dirty, self._trail_dirty)
        if not r.finished:
            self._draw_demo(surface, alpha)
            self._draw_cues(surface, now)
        self._sparkles.draw(surface, now, self.ppm)
        mx, my, _, _ = r.layout.model_rect
        surface.blit(self._model, self.px((mx, my)))

    def _catch_up_feedback(self, now: float) -> None:
        r = self.round
        done = r.feedback.strokes_done
        for stroke_i, _t in done[self._strokes_seen :]:
            st = r.strokes[stroke_i]
            end = self.px(st.points[-1])
            self._sparkles.ring(end[0], end[1], now, 6 if self.ctx.calm else 12)
            if self.ctx.sounds is not None:
                self.ctx.sounds.play("cheer" if r.finished else "chime")
        self._strokes_seen = len(done)
        if r.finished and not self._burst_done:
            self._burst_done = True
            x0, y0, x1, y1 = r.layout.bbox
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            total = sum(st.length for st in r.strokes)
            n = 10 if self.ctx.calm else 28
            for k in range(n):  # born along the finished item, flying outwards
                s = total * (k + 0.5) / n
                for st in r.strokes:
                    if s <= st.length:
                        break
                    s -= st.length
                x, y = st.point_at(s)
                away = math.atan2(y - cy, x - cx) if math.dist((x, y), (cx, cy)) > 1 else k
                self._sparkles.add(*self.px((x, y)), now, away, big=True)

    def _draw_demo(self, surface: pygame.Surface, alpha: float) -> None:
        r = self.round
        frac = r.demo_fraction
        if frac is None:
            return
        st = r.strokes[r.stroke_index]
        dur = r.demo_duration_s
        frac = min(1.0, frac + alpha * LOGIC_DT / dur)
        s_end = st.length * (frac * frac * (3 - 2 * frac))  # ease in and out
        n = max(1, math.ceil(s_end / 2.0))
        pts = [self.px(st.point_at(s_end * k / n)) for k in range(n + 1)]
        _thick_polyline(surface, DEMO_INK, pts, max(2.0, 0.35 * self.ink_px))
        tip = pts[-1]
        pygame.draw.circle(surface, (255, 255, 255), tip, 4.5 * self.ppm)
        pygame.draw.circle(surface, DEMO_INK, tip, 3.5 * self.ppm)

    def _draw_cues(self, surface: pygame.Surface, now: float) -> None:
        r = self.round
        st = r.strokes[r.stroke_index]
        dot_r = r.start_dot_mm / 2 * self.ppm
        pulse = 0.0 if self.ctx.calm else math.sin(now * 2 * math.pi * 0.8)
        closed = math.dist(st.points[0], st.points[-1]) < 1.0
        if not closed:  # a star waits at the end of the stroke
            art.star_shape(surface, GOAL, self.px(st.points[-1]), 0.55 * dot_r, 0.26 * dot_r)
        if r.chain_index == 0:
            if r.demo_fraction is None:
                self._arrow(surface, st, now)
            start = self.px(st.points[0])
            if not self.ctx.calm:  # a ripple rolls out of the start dot
                u = (now * 0.8) % 1.0
                ring = dot_r * (1.0 + 0.8 * u)
                col = _blend(START, BACKGROUND, u)
                pygame.draw.circle(surface, col, start, ring, max(2, round(0.6 * self.ppm)))
            rr = dot_r * (1.0 + 0.07 * pulse)
            pygame.draw.circle(surface, START_RING, start, rr + 0.6 * self.ppm)
            pygame.draw.circle(surface, START, start, rr)
            pygame.draw.circle(surface, START_RING, start, rr * 0.3)
        elif r.pen is None or r.off_road:  # lifted or wandered: show where to carry on
            here = self.px(st.point_at(r.progress_mm))
            rr = 0.35 * dot_r * (1.0 + 0.15 * pulse)
            pygame.draw.circle(surface, START_RING, here, rr + 0.5 * self.ppm)
            pygame.draw.circle(surface, START, here, rr)
            self._arrow(surface, st, now, r.progress_mm + 0.4 * dot_r / self.ppm)

    def _arrow(self, surface: pygame.Surface, st: Stroke, now: float, s0: float | None = None):
        """An orange arrow along the path just after ``s0`` (default: past the start dot)."""
        r = self.round
        dot_mm = r.start_dot_mm
        if s0 is None:
            s0 = dot_mm / 2 + 2.5
        length = min(max(14.0, 0.22 * st.length), st.length - s0 - 2.0, 28.0)
        if length < 6.0:
            return
        n = max(2, math.ceil(length / 2.0))
        # offset to the side of the road so the arrow never hides the path
        # (to the left of a downstroke for a right hand, to the right for a left hand)
        side = (r.tol_mm + 4.0) if r.band_mm < 14 else 0.0
        if self.ctx.left_handed:
            side = -side
        pts = []
        for k in range(n + 1):
            s = s0 + length * k / n
            x, y = st.point_at(s)
            dx, dy = st.direction_at(s, 1.0)
            pts.append(self.px((x - dy * side, y + dx * side)))
        w = max(3.0, 1.6 * self.ppm)
        _thick_polyline(surface, ARROW, pts[:-1], w)
        tip = pts[-1]
        bx, by = pts[-2]
        dx, dy = tip[0] - bx, tip[1] - by
        d = math.hypot(dx, dy) or 1.0
        dx, dy = dx / d, dy / d
        head = 4.5 * self.ppm
        tip = (tip[0] + dx * head * 0.4, tip[1] + dy * head * 0.4)
        pygame.draw.polygon(
            surface,
            ARROW,
            [
                tip,
                (tip[0] - dx * head - dy * head * 0.8, tip[1] - dy * head + dx * head * 0.8),
                (tip[0] - dx * head + dy * head * 0.8, tip[1] - dy * head - dx * head * 0.8),
            ],
        )


def draw_icon(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """The game's picture card: a dotted road with a green start dot and an orange arrow."""
    pygame.draw.rect(surface, CARD, rect, border_radius=max(4, rect.w // 8))
    w, h = rect.w, rect.h
    pts = []
    for k in range(41):
        u = k / 40
        pts.append((rect.x + w * (0.18 + 0.64 * u), rect.y + h * (0.55 - 0.22 * math.sin(u * 6.0))))
    _thick_polyline(surface, ROAD_EDGE, pts, max(4, w * 0.16))
    _thick_polyline(surface, ROAD, pts, max(3, w * 0.12))
    _thick_polyline(surface, INK, pts[:24], max(2, w * 0.05))
    pygame.draw.circle(surface, START_RING, pts[0], max(3, w * 0.09))
    pygame.draw.circle(surface, START, pts[0], max(2, w * 0.07))
    art.star_shape(surface, GOAL, pts[-1], max(3, w * 0.08), max(2, w * 0.035))
