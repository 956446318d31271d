"""Shared 2-D physics for games where things roll, fall, settle and are picked up.

A thin layer over pymunk that every physics game (tweezers, beads, puzzle) uses the same way:

* **Units are the task plane's**: 1 pymunk unit = 1 mm, y grows downwards, time in s. So a
  game's geometry (mm) goes into the world unchanged, and a 30 mm pom-pom is 30 units wide.
* **A fixed step** (``LOGIC_DT``, one per ``World.step``): with the same bodies added in the
  same order and the same pointer stream, a run is bit for bit the same (Chipmunk is
  deterministic for a fixed sequence of operations; nothing here reads a clock or a global RNG).
* **Walls** around a rectangle in mm: thick static segments whose inner faces lie on the rect,
  so nothing small slips between them.
* **Pointers drag through a kinematic body and a PivotJoint with a capped force** (pymunk's
  ``examples/constraints.py``): one kinematic *handle* per pointer, moved to the pointer each
  step with its velocity set from the displacement, so contacts see a real velocity and a held
  body follows smoothly, lags a little when yanked, and cannot be forced through a wall.
  Two fingers are two handles: each can hold its own body (or the same one, for twisting).
* **A health check** after every step: a body with a non-finite position or velocity, or whose
  centre got outside the walls, is put back at its last good place and counted in
  ``World.rescued``; speeds are capped so nothing tunnels. Physics must never explode in front
  of a child, whatever a touch screen sends.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pymunk

from engine.registry import LOGIC_DT

Point = tuple[float, float]

#: every shape collides with everything unless a game says otherwise
ALL = pymunk.ShapeFilter.ALL_MASKS()
WALL_CATEGORY = 1 << 31  # the walls' category bit; games use the low bits for their own


@dataclass(frozen=True, slots=True)
class Bounds:
    """An axis-aligned rectangle in mm (x0 < x1, y0 < y1), y down."""

    x0: float
    y0: float
    x1: float
    y1: float

    def __post_init__(self) -> None:
        vals = (self.x0, self.y0, self.x1, self.y1)
        if not all(math.isfinite(v) for v in vals) or self.x1 <= self.x0 or self.y1 <= self.y0:
            raise ValueError(f"Bounds need finite x0 < x1, y0 < y1, not {vals}")

    def contains(self, p: Point, margin: float = 0.0) -> bool:
        """Is ``p`` inside, with ``margin`` mm of slack outside the edges?"""
        return (
            self.x0 - margin <= p[0] <= self.x1 + margin
            and self.y0 - margin <= p[1] <= self.y1 + margin
        )

    def clamp(self, p: Point, inset: float = 0.0) -> Point:
        """The nearest point at least ``inset`` mm inside (the centre if the rect is smaller)."""
        ix = min(inset, (self.x1 - self.x0) / 2)
        iy = min(inset, (self.y1 - self.y0) / 2)
        return (
            min(max(p[0], self.x0 + ix), self.x1 - ix),
            min(max(p[1], self.y0 + iy), self.y1 - iy),
        )


@dataclass(slots=True)
class Grab:
    """One pointer holding one body: the pointer's kinematic handle and the pivot joint."""

    pointer_id: int
    handle: pymunk.Body
    body: pymunk.Body
    joint: pymunk.PivotJoint
    target: Point  # where the pointer is, mm; the handle gets there by the end of the next step
    #: the rotary spring that steadies the body's angle while held (``grab(hold_angle=...)``)
    twist: pymunk.DampedRotarySpring | None = None

    @property
    def stretch_mm(self) -> float:
        """How far the held point lags behind the pointer: grows when the child yanks, when
        the body hits a wall or an obstacle; games use it to shake a body loose."""
        anchor = self.body.local_to_world(self.joint.anchor_b)
        return math.dist((anchor.x, anchor.y), self.target)


@dataclass(slots=True)
class _Health:
    last_good: dict[pymunk.Body, tuple[Point, float]] = field(default_factory=dict)


def _finite_body(b: pymunk.Body) -> bool:
    p, v = b.position, b.velocity
    return all(math.isfinite(x) for x in (p.x, p.y, v.x, v.y, b.angle, b.angular_velocity))


class World:
    """A pymunk space in mm with walls, pointer handles and a health check; see the module doc.

    ``damping`` is the fraction of velocity a free body keeps after one second (pymunk's
    meaning): 1 is a frictionless air-hockey table, 0.05 a felt tray where a flicked bead stops
    within a few centimetres. ``gravity`` is mm/s^2: (0, 0) for a top-down tray, (0, 9810) for
    a side view. ``substeps`` splits each fixed step into that many pymunk steps: stiff
    springs (a chain that must spring back briskly) are only stable with a short step, and the
    handles still land exactly on their pointers once per fixed step.
    """

    def __init__(
        self,
        bounds: Bounds,
        *,
        gravity: Point = (0.0, 0.0),
        damping: float = 0.1,
        iterations: int = 20,
        wall_mm: float = 40.0,
        wall_friction: float = 0.6,
        wall_elasticity: float = 0.3,
        max_speed_mm_s: float = 3000.0,
        escape_margin_mm: float = 5.0,
        health_every: int = 4,
        dt: float = LOGIC_DT,
        substeps: int = 1,
    ) -> None:
        if not 0.0 <= damping <= 1.0:
            raise ValueError(f"damping is a fraction kept per second (0..1), not {damping}")
        self.bounds = bounds
        self.dt = dt
        if int(substeps) < 1:
            raise ValueError(f"substeps must be at least 1, not {substeps}")
        self.substeps = int(substeps)
        self.max_speed = max_speed_mm_s
        self.escape_margin = escape_margin_mm
        self.health_every = max(1, int(health_every))
        self.space = pymunk.Space()
        self.space.iterations = iterations
        self.space.gravity = gravity
        self.space.damping = damping
        self.time_s = 0.0
        self.steps = 0
        #: bodies put back by the health check (escaped, NaN or infinite), over the world's life
        self.rescued = 0
        self._grabs: dict[int, Grab] = {}
        self._health = _Health()
        self._serial: dict[pymunk.Body, int] = {}
        self.walls = self._add_walls(wall_mm, wall_friction, wall_elasticity)

    # -- building ------------------------------------------------------------------------
    def _add_walls(self, thick: float, friction: float, elasticity: float) -> list[pymunk.Segment]:
        b, r = self.bounds, thick / 2
        x0, y0, x1, y1 = b.x0 - r, b.y0 - r, b.x1 + r, b.y1 + r
        static = self.space.static_body
        walls = [
            pymunk.Segment(static, (x0, y0), (x1, y0), r),
            pymunk.Segment(static, (x1, y0), (x1, y1), r),
            pymunk.Segment(static, (x1, y1), (x0, y1), r),
            pymunk.Segment(static, (x0, y1), (x0, y0), r),
        ]
        for w in walls:
            w.friction = friction
            w.elasticity = elasticity
            w.filter = pymunk.ShapeFilter(categories=WALL_CATEGORY)
        self.space.add(*walls)
        return walls

    def add_ball(
        self,
        pos: Point,
        radius_mm: float,
        *,
        mass: float = 1.0,
        friction: float = 0.7,
        elasticity: float = 0.2,
        categories: int = 1,
        mask: int = ALL,
        collision_type: int = 0,
    ) -> pymunk.Body:
        """A dynamic ball (a pom-pom, a bead, a seed) at ``pos``; returns its body."""
        if not (radius_mm > 0 and mass > 0):
            raise ValueError("a ball needs a positive radius and mass")
        body = pymunk.Body(mass, pymunk.moment_for_circle(mass, 0.0, radius_mm))
        body.position = self.bounds.clamp(pos, radius_mm)
        shape = pymunk.Circle(body, radius_mm)
        shape.friction = friction
        shape.elasticity = elasticity
        shape.filter = pymunk.ShapeFilter(categories=categories, mask=mask)
        shape.collision_type = collision_type
        self.space.add(body, shape)
        self._track(body)
        return body

    def add_body(self, body: pymunk.Body, *shapes: pymunk.Shape) -> pymunk.Body:
        """Any dynamic body with its shapes (a puzzle piece's polygon), placed inside the walls."""
        body.position = self.bounds.clamp((body.position.x, body.position.y))
        self.space.add(body, *shapes)
        self._track(body)
        return body

    def _track(self, body: pymunk.Body) -> None:
        self._serial[body] = len(self._serial)
        self._health.last_good[body] = ((body.position.x, body.position.y), body.angle)

    def add_post(
        self, pos: Point, radius_mm: float, *, categories: int = 1, mask: int = ALL
    ) -> pymunk.Shape:
        """A static round obstacle (a peg, a block seen from above)."""
        shape = pymunk.Circle(self.space.static_body, radius_mm, pos)
        shape.friction = 0.6
        shape.elasticity = 0.3
        shape.filter = pymunk.ShapeFilter(categories=categories, mask=mask)
        self.space.add(shape)
        return shape

    def remove(self, body: pymunk.Body) -> None:
        """Take a body (and its shapes, and any grab on it) out of the world."""
        for pid in [p for p, g in self._grabs.items() if g.body is body]:
            self.release(pid)
        if body.space is self.space:
            self.space.remove(body, *body.shapes)
        self._health.last_good.pop(body, None)
        self._serial.pop(body, None)

    def set_filter(self, body: pymunk.Body, categories: int, mask: int = ALL) -> None:
        """Change what a body collides with (a game lifts a held bead off the tray, say)."""
        for s in body.shapes:
            s.filter = pymunk.ShapeFilter(categories=categories, mask=mask)

    # -- reading -------------------------------------------------------------------------
    @property
    def dynamic_bodies(self) -> Iterator[pymunk.Body]:
        """The dynamic bodies added through this world, in the order they were added."""
        return iter(list(self._serial))

    def body_at(self, p: Point, reach_mm: float = 0.0, mask: int = ALL) -> pymunk.Body | None:
        """The dynamic body under ``p`` (or within ``reach_mm`` of it), nearest first.

        A finger is wider than a bead: games pass a reach so a near miss still catches.
        """
        flt = pymunk.ShapeFilter(mask=mask)
        best: tuple[float, int] | None = None
        hit: pymunk.Body | None = None
        for info in self.space.point_query(p, reach_mm, flt):
            body = info.shape.body if info.shape is not None else None
            if body is None or body.body_type != pymunk.Body.DYNAMIC:
                continue
            key = (info.distance, self._serial.get(body, 1 << 30))
            if best is None or key < best:
                best, hit = key, body
        return hit

    @staticmethod
    def settled(body: pymunk.Body, speed_mm_s: float = 2.0) -> bool:
        """Has the body come to rest (slower than ``speed_mm_s`` and hardly spinning)?"""
        return body.velocity.length < speed_mm_s and abs(body.angular_velocity) < 0.2

    def all_settled(self, bodies: Iterable[pymunk.Body] | None = None, speed_mm_s: float = 2.0):
        return all(
            self.settled(b, speed_mm_s)
            for b in (bodies if bodies is not None else self.dynamic_bodies)
        )

    # -- pointers ------------------------------------------------------------------------
    def grab(
        self,
        pointer_id: int,
        body: pymunk.Body,
        at: Point,
        *,
        max_force: float,
        anchor: Point | None = None,
        hold_angle: float | None = None,
        twist_stiffness: float = 0.0,
        twist_damping: float = 0.0,
        twist_max_torque: float = math.inf,
    ) -> Grab:
        """Pointer ``pointer_id`` at ``at`` takes hold of ``body`` (by ``anchor``, a world point
        on it; default: where the pointer is). A pointer holds one body; grabbing again first
        lets go. ``max_force`` caps the pull so a yank lags instead of exploding.

        ``hold_angle`` (radians) adds a damped rotary spring from the handle that turns the held
        body towards that angle, as fingers keep a bead upright or a puzzle piece square; the
        spring is soft (``twist_stiffness``, torque per radian) so bumps still turn it, and
        capped by ``twist_max_torque``. Without it a body held by a pivot spins freely."""
        if body.body_type != pymunk.Body.DYNAMIC:
            raise ValueError("only a dynamic body can be held (every joint needs one)")
        self.release(pointer_id)
        handle = pymunk.Body(body_type=pymunk.Body.KINEMATIC)
        handle.position = at
        a = anchor if anchor is not None else at
        joint = pymunk.PivotJoint(handle, body, (0.0, 0.0), body.world_to_local(a))
        joint.max_force = max_force
        joint.collide_bodies = False
        self.space.add(handle, joint)
        twist = None
        if hold_angle is not None:
            if not (math.isfinite(hold_angle) and twist_stiffness > 0 and twist_damping >= 0):
                raise ValueError("hold_angle needs a finite angle and a positive stiffness")
            # pymunk's rest angle is handle.angle - body.angle at rest (the handle never turns)
            twist = pymunk.DampedRotarySpring(
                handle, body, -hold_angle, twist_stiffness, twist_damping
            )
            twist.max_force = twist_max_torque
            twist.collide_bodies = False
            self.space.add(twist)
        g = Grab(pointer_id, handle, body, joint, (float(at[0]), float(at[1])), twist)
        self._grabs[pointer_id] = g
        return g

    def move_pointer(self, pointer_id: int, p: Point) -> None:
        """Where pointer ``pointer_id`` is now (mm); its handle gets there over the next step."""
        g = self._grabs.get(pointer_id)
        if g is not None and math.isfinite(p[0]) and math.isfinite(p[1]):
            g.target = self.bounds.clamp((float(p[0]), float(p[1])))

    def release(self, pointer_id: int) -> pymunk.Body | None:
        """Let go; returns the body that was held, or None."""
        g = self._grabs.pop(pointer_id, None)
        if g is None:
            return None
        if g.twist is not None:
            self.space.remove(g.twist)
        self.space.remove(g.joint, g.handle)
        return g.body

    def grabs(self) -> dict[int, Grab]:
        return dict(self._grabs)

    def grab_of(self, pointer_id: int) -> Grab | None:
        return self._grabs.get(pointer_id)

    # -- time ----------------------------------------------------------------------------
    def step(self) -> int:
        """One fixed step. Returns how many bodies the health check had to put back."""
        dt = self.dt
        for g in self._grabs.values():
            p = g.handle.position
            g.handle.velocity = ((g.target[0] - p.x) / dt, (g.target[1] - p.y) / dt)
        if self.substeps == 1:
            self.space.step(dt)
        else:
            sub = dt / self.substeps
            for _ in range(self.substeps):
                self.space.step(sub)
        for g in self._grabs.values():  # land exactly on the pointer, no float drift
            g.handle.position = g.target
            g.handle.velocity = (0.0, 0.0)
        self.steps += 1
        self.time_s = self.steps * dt
        if self.steps % self.health_every == 0:
            return self.check_health()
        return 0

    def check_health(self) -> int:
        """Put back escaped or non-finite bodies, cap speeds; returns how many were put back.

        ``step`` runs it every ``health_every`` steps (reading every body from Python costs
        about 1.5 us each, far more than the step itself); call it directly to force one.
        """
        fixed = 0
        good = self._health.last_good
        b = self.bounds
        m = self.escape_margin
        x0, y0, x1, y1 = b.x0 - m, b.y0 - m, b.x1 + m, b.y1 + m
        cap = self.max_speed
        for body in self._serial:
            if body.is_sleeping:  # at rest since it was last checked: nothing to fix
                continue
            px, py = body.position
            vx, vy = body.velocity
            total = px + py + vx + vy + body.angle
            if total - total != 0.0 or not (x0 <= px <= x1 and y0 <= py <= y1):
                pos, angle = good.get(body, (b.clamp(_safe_pos(body)), 0.0))
                body.position = pos
                body.angle = angle
                body.velocity = (0.0, 0.0)
                body.angular_velocity = 0.0
                body.force = (0.0, 0.0)
                body.torque = 0.0
                self.space.reindex_shapes_for_body(body)
                fixed += 1
                continue
            if vx * vx + vy * vy > cap * cap:
                k = cap / math.hypot(vx, vy)
                body.velocity = (vx * k, vy * k)
            good[body] = ((px, py), body.angle)
        self.rescued += fixed
        return fixed


def _safe_pos(body: pymunk.Body) -> Point:
    p = body.position
    x = p.x if math.isfinite(p.x) else 0.0
    y = p.y if math.isfinite(p.y) else 0.0
    return x, y


__all__ = ["ALL", "WALL_CATEGORY", "Bounds", "Grab", "Point", "World"]
