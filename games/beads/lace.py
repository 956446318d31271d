"""The string: a chain of short pymunk segments standing up from a held end, its tip a stiff
needle; and the arithmetic of points along it.

Each segment is a small dynamic body joined to the next by a PivotJoint at their shared end
and a DampedRotarySpring that wants them straight, so the string bends, wobbles and springs
back; the first segment hangs on a kinematic *holder* (the other hand, or the stand) by the
same pair, and the holder may sway. Each joint's spring is set from the moment of the chain
above it, so the softest string the ladder asks for still stands up against gravity (which
only softens it a little: 3g / 2L is small beside the springs' omega squared) and swings
rather than collapses. The last segment, the needle, is
joined four times more stiffly. Chipmunk integrates damped springs implicitly in the damping,
so with the masses below the chain is stable at the fixed 1/120 s step (see the tests and
``benchmarks/bench_beads.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pymunk

from engine.physics import Point, World

SEGMENT_MASS = 3.0  # heavy for its size: a bead (mass 1) bumping it moves it, not flattens it
#: the firmest string springs back at this angular frequency (rad/s; ~5 Hz), the softest at
#: 0.4 + 0.6 ``stiffness`` times it
OMEGA_FIRM = 30.0
NEEDLE_K = 3.0  # the needle's joint is this much stiffer: it stays straight
#: damping ratio of each joint for the chain above it turning as one: a firm string settles
#: at once, a soft one swings a few times
ZETA_FIRM, ZETA_SOFT = 0.7, 0.18


@dataclass(slots=True)
class Lace:
    """The chain in ``world``: ``holder`` (kinematic) and ``segments`` from the base up."""

    world: World
    holder: pymunk.Body
    segments: list[pymunk.Body]
    seg_mm: float
    radius_mm: float
    base: Point

    @classmethod
    def build(
        cls,
        world: World,
        base: Point,
        length_mm: float,
        n_segments: int,
        stiffness: float,
        radius_mm: float,
        categories: int,
        mask: int,
    ) -> Lace:
        seg = length_mm / n_segments
        holder = pymunk.Body(body_type=pymunk.Body.KINEMATIC)
        holder.position = base
        world.space.add(holder)
        moment = pymunk.moment_for_segment(SEGMENT_MASS, (0, seg / 2), (0, -seg / 2), radius_mm)
        omega = OMEGA_FIRM * (0.4 + 0.6 * stiffness)
        zeta = ZETA_SOFT + (ZETA_FIRM - ZETA_SOFT) * stiffness
        bodies: list[pymunk.Body] = []
        prev: pymunk.Body = holder
        prev_anchor = (0.0, 0.0)
        for i in range(n_segments):
            b = pymunk.Body(SEGMENT_MASS, moment)
            b.position = (base[0], base[1] - seg * (i + 0.5))
            shape = pymunk.Segment(b, (0, seg / 2), (0, -seg / 2), radius_mm)
            shape.friction = 0.4
            shape.elasticity = 0.0
            shape.filter = pymunk.ShapeFilter(categories=categories, mask=mask)
            world.add_body(b, shape)
            # the chain above this joint turning about it as one body: its moment sets the
            # joint's spring and damping, so every joint bends at the same pace
            above = sum(
                moment + SEGMENT_MASS * ((j - i + 0.5) * seg) ** 2 for j in range(i, n_segments)
            )
            kj = omega * omega * above * (NEEDLE_K if i == n_segments - 1 else 1.0)
            c = 2.0 * zeta * math.sqrt(kj * above)
            pivot = pymunk.PivotJoint(prev, b, prev_anchor, (0.0, seg / 2))
            spring = pymunk.DampedRotarySpring(prev, b, 0.0, kj, c)
            for con in (pivot, spring):
                con.collide_bodies = False
            world.space.add(pivot, spring)
            bodies.append(b)
            prev, prev_anchor = b, (0.0, -seg / 2)
        return cls(world, holder, bodies, seg, radius_mm, base)

    @property
    def length_mm(self) -> float:
        return self.seg_mm * len(self.segments)

    def points(self) -> list[Point]:
        """The chain's joints from the held end to the tip (len(segments) + 1 points)."""
        h = self.seg_mm / 2
        pts = [(self.holder.position.x, self.holder.position.y)]
        for b in self.segments:
            p = b.local_to_world((0.0, -h))
            pts.append((p.x, p.y))
        return pts

    def tip(self) -> tuple[Point, Point]:
        """The needle's point and its unit direction (outwards, along the last segment)."""
        b = self.segments[-1]
        h = self.seg_mm / 2
        top = b.local_to_world((0.0, -h))
        low = b.local_to_world((0.0, h))
        dx, dy = top.x - low.x, top.y - low.y
        n = math.hypot(dx, dy) or 1.0
        return (top.x, top.y), (dx / n, dy / n)

    def set_holder(self, x: float, y: float, dt: float) -> None:
        """Move the held end to (x, y) over the next step (a velocity, so the chain feels it)."""
        p = self.holder.position
        self.holder.velocity = ((x - p.x) / dt, (y - p.y) / dt)

    def nearest(self, p: Point) -> tuple[float, int, Point]:
        """(distance, segment index, nearest point) from ``p`` to the string."""
        pts = self.points()
        best = (math.inf, 0, pts[0])
        for i in range(len(pts) - 1):
            q = closest_on_segment(p, pts[i], pts[i + 1])
            d = math.dist(p, q)
            if d < best[0]:
                best = (d, i, q)
        return best


def closest_on_segment(p: Point, a: Point, b: Point) -> Point:
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    den = dx * dx + dy * dy
    u = 0.0 if den <= 0 else min(1.0, max(0.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / den))
    return ax + u * dx, ay + u * dy


def point_along(pts: list[Point], s: float) -> tuple[Point, float]:
    """The point at arc length ``s`` from ``pts[0]`` along the polyline, and the direction
    angle there (radians, 0 = straight up, clockwise positive as pymunk's angles in y-down)."""
    s = max(0.0, s)
    for i in range(len(pts) - 1):
        a, b = pts[i], pts[i + 1]
        seg = math.dist(a, b)
        if s <= seg or i == len(pts) - 2:
            u = 0.0 if seg <= 0 else min(1.0, s / seg)
            ang = math.atan2(b[0] - a[0], a[1] - b[1])
            return (a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u), ang
        s -= seg
    return pts[-1], 0.0
