"""Polyline geometry in mm: arc length, resampling, and a grid index for nearest distances.

Inputs are a few hundred template segments and a few thousand trace points: a uniform
grid keeps one nearest-distance query to a handful of segments, and ``distances_to``
measures many points at once in numpy (for scoring a whole round).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Point = tuple[float, float]


def length(poly: Sequence[Point]) -> float:
    return sum(math.dist(poly[i], poly[i + 1]) for i in range(len(poly) - 1))


def cumulative(poly: Sequence[Point]) -> list[float]:
    """Arc length at each vertex (0 at the first)."""
    out = [0.0]
    for i in range(len(poly) - 1):
        out.append(out[-1] + math.dist(poly[i], poly[i + 1]))
    return out


def resample(poly: Sequence[Point], step: float) -> list[Point]:
    """Points every ``step`` mm of arc length, always keeping both ends.

    Every original vertex is also kept, so corners are not cut: the result traces exactly the
    same path, only more densely (at most ``step`` apart).
    """
    if not poly:
        return []
    out: list[Point] = [poly[0]]
    for i in range(len(poly) - 1):
        a, b = poly[i], poly[i + 1]
        seg = math.dist(a, b)
        n = max(1, math.ceil(seg / step - 1e-9))
        for k in range(1, n + 1):
            t = k / n
            out.append((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t))
    return out


def spline_through(points: Sequence[Point], step: float) -> list[Point]:
    """A centripetal Catmull-Rom curve through ``points``, sampled at most ``step`` apart.

    Straight chords between sparse samples cut across a curving finger path (at 60 Hz a
    wobble of 15 mm wavelength loses a few % of its amplitude); the spline through the same
    samples recovers the path, so the metrics agree between 60 and 240 Hz. The centripetal
    parameterisation (alpha = 0.5; Yuksel et al. 2011) never overshoots into loops or cusps.
    """
    pts: list[Point] = []
    for p in points:  # repeated points (a resting finger) carry no shape
        if not pts or math.dist(pts[-1], p) > 1e-9:
            pts.append(p)
    if len(pts) < 3:
        return resample(pts, step)
    ext = [
        (2 * pts[0][0] - pts[1][0], 2 * pts[0][1] - pts[1][1]),
        *pts,
        (2 * pts[-1][0] - pts[-2][0], 2 * pts[-1][1] - pts[-2][1]),
    ]
    out: list[Point] = [pts[0]]
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        t1 = math.dist(p0, p1) ** 0.5 or 1e-9
        t2 = t1 + (math.dist(p1, p2) ** 0.5 or 1e-9)
        t3 = t2 + (math.dist(p2, p3) ** 0.5 or 1e-9)
        n = max(1, math.ceil(math.dist(p1, p2) / step))
        for k in range(1, n + 1):
            t = t1 + (t2 - t1) * k / n
            a1 = _lerp(p0, p1, (t - 0.0) / t1)
            a2 = _lerp(p1, p2, (t - t1) / (t2 - t1))
            a3 = _lerp(p2, p3, (t - t2) / (t3 - t2))
            b1 = _lerp(a1, a2, t / t2)
            b2 = _lerp(a2, a3, (t - t1) / (t3 - t1))
            out.append(_lerp(b1, b2, (t - t1) / (t2 - t1)))
    return out


def _lerp(a: Point, b: Point, u: float) -> Point:
    return a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u


def point_segment(p: Point, a: Point, b: Point) -> tuple[float, float]:
    """Distance from ``p`` to segment ab, and the parameter 0..1 of the nearest point."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    den = dx * dx + dy * dy
    if den <= 0.0:
        return math.hypot(p[0] - ax, p[1] - ay), 0.0
    t = ((p[0] - ax) * dx + (p[1] - ay) * dy) / den
    t = 0.0 if t < 0.0 else 1.0 if t > 1.0 else t
    return math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy), t


def distances_to(points, polylines: Sequence[Sequence[Point]], chunk: int = 48):
    """Distance from each of ``points`` (an (N, 2) array) to the nearest segment of
    ``polylines``, as an array of N (inf when there is no segment): the same numbers as
    ``point_segment`` over every segment, in numpy, so that scoring a round costs little.

    Points are taken in blocks of ``chunk`` neighbours (a trace or a template walked in
    order): the first point's nearest distance plus the block's size bounds every point's,
    so only segments within that reach of the block's box are measured (exact, not a guess).
    """
    import numpy as np

    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    a_list: list[Point] = []
    b_list: list[Point] = []
    for poly in polylines:
        if len(poly) == 1:
            poly = [poly[0], poly[0]]
        a_list += poly[:-1]
        b_list += poly[1:]
    out = np.full(len(pts), np.inf)
    if not a_list or not len(pts):
        return out
    a = np.asarray(a_list, dtype=float)
    b = np.asarray(b_list, dtype=float)
    dxy = b - a
    den = (dxy * dxy).sum(axis=1)
    seg_lo = np.minimum(a, b)
    seg_hi = np.maximum(a, b)

    def nearest(p, idx):
        q = p[:, None, :] - a[None, idx, :]
        d = dxy[idx]
        dn = den[idx]
        t = np.clip((q * d[None]).sum(axis=2) / np.where(dn > 0.0, dn, 1.0), 0.0, 1.0)
        t = np.where(dn > 0.0, t, 0.0)
        r = q - t[:, :, None] * d[None]
        return np.hypot(r[:, :, 0], r[:, :, 1]).min(axis=1)

    every = np.arange(len(a))
    for start in range(0, len(pts), chunk):
        p = pts[start : start + chunk]
        lo, hi = p.min(axis=0), p.max(axis=0)
        reach = nearest(p[:1], every)[0] + float(np.hypot(*(hi - lo)))
        gap = np.maximum(0.0, np.maximum(seg_lo - hi, lo - seg_hi))
        near = np.flatnonzero(np.hypot(gap[:, 0], gap[:, 1]) <= reach * (1 + 1e-12) + 1e-12)
        out[start : start + chunk] = nearest(p, near)
    return out


class PolylineIndex:
    """Nearest-segment queries against a set of polylines, bucketed on a square grid.

    A query searches rings of cells outward from the point's cell and stops once no unseen
    cell can hold anything nearer than the best found, so it costs a few segment tests near
    the path and stays exact far from it.
    """

    def __init__(self, polylines: Sequence[Sequence[Point]], cell_mm: float = 4.0) -> None:
        self.cell = float(cell_mm)
        self.segments: list[tuple[Point, Point, int, int]] = []  # a, b, polyline, segment
        self.grid: dict[tuple[int, int], list[int]] = {}
        xs: list[float] = []
        ys: list[float] = []
        for pi, poly in enumerate(polylines):
            if len(poly) == 1:
                poly = [poly[0], poly[0]]
            for si in range(len(poly) - 1):
                a, b = poly[si], poly[si + 1]
                idx = len(self.segments)
                self.segments.append((a, b, pi, si))
                xs += [a[0], b[0]]
                ys += [a[1], b[1]]
                for cell in self._cells_of(a, b):
                    self.grid.setdefault(cell, []).append(idx)
        if xs:
            self.x0, self.x1 = min(xs), max(xs)
            self.y0, self.y1 = min(ys), max(ys)
            self.gx0, self.gy0 = self._cell_of((self.x0, self.y0))
            self.gx1, self.gy1 = self._cell_of((self.x1, self.y1))

    def __bool__(self) -> bool:
        return bool(self.segments)

    def _cell_of(self, p: Point) -> tuple[int, int]:
        return math.floor(p[0] / self.cell), math.floor(p[1] / self.cell)

    def _cells_of(self, a: Point, b: Point) -> set[tuple[int, int]]:
        """The cells a segment touches (sampled densely enough not to miss one)."""
        n = max(1, math.ceil(math.dist(a, b) / (self.cell * 0.5)))
        cells = set()
        for k in range(n + 1):
            t = k / n
            cx, cy = self._cell_of((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t))
            for dx in (-1, 0, 1):  # a one-cell margin covers a segment clipping a corner
                for dy in (-1, 0, 1):
                    cells.add((cx + dx, cy + dy))
        return cells

    def nearest(self, p: Point) -> tuple[float, int, int, float]:
        """(distance, polyline index, segment index, t along that segment) of the nearest point."""
        if not self.segments:
            return math.inf, -1, -1, 0.0
        cx, cy = self._cell_of(p)
        # distance from p to the indexed area, in whole cells: rings nearer than that are empty
        ddx = max(self.gx0 - cx, 0, cx - self.gx1)
        ddy = max(self.gy0 - cy, 0, cy - self.gy1)
        r = max(ddx, ddy)
        r_max = r + max(self.gx1 - self.gx0, self.gy1 - self.gy0) + 2
        best = (math.inf, -1, -1, 0.0)
        seen: set[int] = set()
        budget = len(self.segments)  # cells to scan before a plain scan of all is cheaper
        while r <= r_max:
            budget -= 8 * r or 1
            if budget < 0:
                return self._scan_all(p)
            for cell in self._ring(cx, cy, r):
                for idx in self.grid.get(cell, ()):
                    if idx in seen:
                        continue
                    seen.add(idx)
                    a, b, pi, si = self.segments[idx]
                    d, t = point_segment(p, a, b)
                    if d < best[0] or (d == best[0] and (pi, si) < (best[1], best[2])):
                        best = (d, pi, si, t)
            # any segment not yet seen lies outside the (2r+1)^2 block, at least r cells away
            if best[0] <= r * self.cell:
                break
            r += 1
        return best

    def _scan_all(self, p: Point) -> tuple[float, int, int, float]:
        best = (math.inf, -1, -1, 0.0)
        for a, b, pi, si in self.segments:
            d, t = point_segment(p, a, b)
            if d < best[0]:
                best = (d, pi, si, t)
        return best

    def distance(self, p: Point) -> float:
        return self.nearest(p)[0]

    def within(self, p: Point, radius: float) -> bool:
        """Is any segment within ``radius`` of ``p``? (cheaper than ``nearest`` when far)."""
        if not self.segments:
            return False
        cx, cy = self._cell_of(p)
        reach = math.ceil(radius / self.cell) + 1
        for gx in range(cx - reach, cx + reach + 1):
            for gy in range(cy - reach, cy + reach + 1):
                for idx in self.grid.get((gx, gy), ()):
                    a, b, _, _ = self.segments[idx]
                    if point_segment(p, a, b)[0] <= radius:
                        return True
        return False

    def _ring(self, cx: int, cy: int, r: int):
        if r == 0:
            yield (cx, cy)
            return
        for x in range(cx - r, cx + r + 1):
            yield (x, cy - r)
            yield (x, cy + r)
        for y in range(cy - r + 1, cy + r):
            yield (cx - r, y)
            yield (cx + r, y)
