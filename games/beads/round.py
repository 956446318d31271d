"""One bead-stringing trial as pure logic: pick a bead, bring its hole to the needle's tip and
slide it on; with a pattern, copy the card's colours in order.

Seen from the side, with gravity. The string (``lace.Lace``) stands up from its held end; at
harder levels it is softer and its end sways (the other hand is never quite still). A bead is
dragged by one pointer through ``engine.physics``' capped pivot, held upright by a soft rotary
spring (the fingers' grip), colliding with the string but lifted over the other beads. It
**threads** when, moving onto the tip, the tip comes within ``ENTRY_MM`` of the hole's mouth
with the hole's axis within ``offset_tol_mm`` of the tip (lateral distance) and
``angle_tol_deg`` of the needle's direction. A misaligned bead does not thread: it bumps the
needle, which springs aside. A threaded bead leaves the physics and becomes a follower of the
chain: it slides down the string to rest on the beads below and stays on.

Tries are logged as the trial's outcome (which bead the physics let thread is not a function
of the samples alone): each *carry* (pick-up to release), and within it each *approach* (the
bead came within reach of the tip; it ends threaded, withdrawn, or released there). A bead
let go away from the tip is a *drop*; it hops back into the box. A second finger on the string
holds it steady (touch), which is logged with each threading. When the last bead is on, the
finished necklace is shown for ``CELEBRATE_S`` before the round ends.

Everything is deterministic for a seed and an input stream: the round keeps its own RNG,
seeded once from the one it is given.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import pymunk

from engine.input import Phase, PointerEvent
from engine.physics import WALL_CATEGORY, Bounds, Grab, World
from engine.registry import LOGIC_DT, Feedback, RoundContext, params_dict
from engine.replay import Replayable
from engine.trial import ObjectTrack, TrialResult, as_stored, on_grid, round_result
from games.beads import metrics as m
from games.beads.lace import Lace, point_along
from games.beads.layout import KNOT_MM, Layout, make_layout
from games.beads.necklace import necklace_picture
from games.beads.params import BeadsParams

GAME_ID = "beads"

GRAVITY_MM_S2 = (
    2500.0  # a gentle, picture-book gravity: beads fall and slide at a pace a child follows
)
DAMPING = 0.6  # fraction of speed kept per second in the air
HOLD_FORCE = (
    1.5e4  # pivot cap (bead mass 1, weight 2500): follows a child's moves, lags when yanked
)
STEADY_TWIST = 2.0e6  # torque per radian with which that finger keeps the string upright
STEADY_FORCE = 2.0e4  # a finger steadying the string holds it, but it still gives
TWIST_RATE = 16.0  # rad/s: how briskly the fingers turn a held bead upright
TWIST_MAX_TORQUE_PER_I = 900.0  # cap of that turning, per unit of the bead's moment
ENTRY_MM = 3.0  # the tip threads within this far of the hole's mouth (plus the needle's radius)
REACH_EXTRA_MM = 12.0  # "within reach of the tip": centre within bead length / 2 + this
REACH_HYSTERESIS_MM = 8.0  # an approach ends only this much further out
STRING_REACH_MM = 8.0  # a finger this near the string steadies it
SLIDE_ACCEL = 1800.0  # mm/s^2 down the string for a threaded bead
SLIDE_MAX = 260.0
HOP_S = 0.55  # a dropped bead hops back into the box in about this long
SWAY_PERIODS_S = (2.7, 1.1)  # the holding end's sway: a slow drift and a faster tremor
CELEBRATE_S = 2.5
SETTLE_STEPS = 30  # physics steps before the child's first touch: the box at rest
SUBSTEPS = 2  # the string's springs need a 1/240 s pymunk step to spring back briskly
ITERATIONS = 8  # solver passes per pymunk step: enough for a box of beads at rest
HEALTH_EVERY = 8  # steps between health checks: speeds are capped, 40 beads cost more to read
SLEEP_S = 0.4  # beads at rest this long sleep (cost nothing) until touched

BEAD = 1 << 0
HELD = 1 << 1
STRING = 1 << 2
TRAY = 1 << 3


def hop_velocity(a: tuple[float, float], b: tuple[float, float], t: float) -> tuple[float, float]:
    """The launch velocity that carries a bead from ``a`` to ``b`` in ``t`` seconds under the
    world's gravity and air damping (dv/dt = g - k v, k = -ln DAMPING)."""
    k = -math.log(DAMPING)
    e = 1.0 - math.exp(-k * t)
    g = GRAVITY_MM_S2
    return (b[0] - a[0]) * k / e, (b[1] - a[1] - g * t / k) * k / e + g / k


class BeadState(StrEnum):
    TRAY = "tray"  # in the box, or anywhere free
    HELD = "held"
    THREADED = "threaded"


@dataclass(slots=True)
class Bead:
    """A bead: a physics body while free or held, a follower of the string once threaded.
    ``x``, ``y``, ``angle`` are read from the body when asked (the view asks once a frame;
    reading every bead after every step would cost more than the physics)."""

    index: int
    colour: int
    body: pymunk.Body | None  # None once threaded
    pose: tuple[float, float, float]  # threaded: (x, y, angle) on the string
    state: BeadState = BeadState.TRAY
    position: int | None = None  # place on the string (0 = first, at the knot)
    s_mm: float = 0.0  # threaded: arc length from the held end to its centre
    v_mm_s: float = 0.0
    rest_s_mm: float = 0.0
    threaded_at_s: float | None = None

    @property
    def x(self) -> float:
        return self.body.position.x if self.body is not None else self.pose[0]

    @property
    def y(self) -> float:
        return self.body.position.y if self.body is not None else self.pose[1]

    @property
    def angle(self) -> float:
        return self.body.angle if self.body is not None else self.pose[2]


@dataclass(slots=True)
class Approach:
    t_in_ms: float
    t_out_ms: float | None = None
    outcome: str | None = None  # threaded / withdrawn / released
    best_offset_mm: float = math.inf  # the closest the hole's axis came to the tip

    def as_dict(self) -> dict[str, Any]:
        return {
            "t_in_ms": on_grid(self.t_in_ms),
            "t_out_ms": None if self.t_out_ms is None else on_grid(self.t_out_ms),
            "outcome": self.outcome,
            "best_offset_mm": None
            if math.isinf(self.best_offset_mm)
            else round(self.best_offset_mm, 4),
        }


@dataclass(slots=True)
class Carry:
    """One bead from pick-up to release, as the round saw it (kept in the trial's geometry)."""

    bead: int
    colour: int
    device: str
    t_pick_ms: float
    pick_mm: tuple[float, float]
    approaches: list[Approach] = field(default_factory=list)
    t_end_ms: float | None = None
    end_mm: tuple[float, float] | None = None
    outcome: str | None = None  # threaded / dropped (away from the tip) / returned (at the tip)
    position: int | None = None  # threaded: its place on the string
    wanted: int | None = None  # the pattern's colour for that place (None: no pattern)
    offset_mm: float | None = None  # threaded: hole axis to tip, lateral
    angle_deg: float | None = None  # threaded: hole axis to needle direction
    steadied: bool = False  # threaded while a second finger held the string
    #: threaded: the bead's pose (x, y, angle deg) and the needle's point and direction
    #: (x, y, ux, uy) at that moment, from which the alignment is measured
    bead_pose: tuple[float, float, float] | None = None
    needle: tuple[float, float, float, float] | None = None
    track: ObjectTrack = field(default_factory=ObjectTrack)  # the bead while held
    needle_track: ObjectTrack = field(default_factory=ObjectTrack)  # the needle's point then

    def as_dict(self) -> dict[str, Any]:
        return {
            "bead": self.bead,
            "colour": self.colour,
            "device": self.device,
            "t_pick_ms": on_grid(self.t_pick_ms),
            "pick_mm": [round(v, 4) for v in self.pick_mm],
            "approaches": [a.as_dict() for a in self.approaches],
            "t_end_ms": None if self.t_end_ms is None else on_grid(self.t_end_ms),
            "end_mm": None if self.end_mm is None else [round(v, 4) for v in self.end_mm],
            "outcome": self.outcome,
            "position": self.position,
            "wanted": self.wanted,
            "offset_mm": None if self.offset_mm is None else round(self.offset_mm, 4),
            "angle_deg": None if self.angle_deg is None else round(self.angle_deg, 4),
            "steadied": self.steadied,
            "bead_pose": None
            if self.bead_pose is None
            else dict(
                zip(
                    ("x_mm", "y_mm", "angle_deg"),
                    (round(v, 6) for v in self.bead_pose),
                    strict=True,
                )
            ),
            "needle": None
            if self.needle is None
            else dict(
                zip(("x_mm", "y_mm", "ux", "uy"), (round(v, 6) for v in self.needle), strict=True)
            ),
            "track": self.track.as_dict(),
            "needle_track": self.needle_track.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class Alignment:
    """Where the held bead's hole is relative to the needle, right now."""

    offset_mm: float  # lateral distance from the tip to the hole's axis
    angle_deg: float  # between the hole's axis and the needle (0..90, a hole has two ends)
    gap_mm: float  # along the axis from the tip to the hole's mouth (> 0: not on yet)
    dist_mm: float  # tip to the bead's centre

    def within(self, offset_tol: float, angle_tol: float) -> bool:
        return self.offset_mm <= offset_tol and self.angle_deg <= angle_tol


class BeadsRound(Replayable):
    """Thread the beads; see the module docstring for the rules."""

    def __init__(self, params: BeadsParams, rng: random.Random, ctx: RoundContext) -> None:
        self._setup(params, rng.getrandbits(64), ctx)

    def _setup(self, params: BeadsParams, seed: int, ctx: RoundContext) -> None:
        self.params = params
        self.seed = seed
        self.ctx = ctx
        self.rng = random.Random(seed)
        lay: Layout = make_layout(params, self.rng, ctx.plane_w_mm, ctx.plane_h_mm, ctx.left_handed)
        self.layout = lay
        x, y, w, h = lay.play
        self.world = World(
            Bounds(x, y, x + w, y + h),
            gravity=(0.0, GRAVITY_MM_S2),
            damping=DAMPING,
            iterations=ITERATIONS,
            substeps=SUBSTEPS,
            health_every=HEALTH_EVERY,
        )
        self.world.space.sleep_time_threshold = SLEEP_S
        for wall in self.world.walls:
            wall.filter = pymunk.ShapeFilter(categories=WALL_CATEGORY)
        self._add_tray_walls()
        self.needle_r = max(0.6, min(1.3, 0.3 * params.hole_mm))
        self.lace = Lace.build(
            self.world,
            lay.base,
            lay.string_mm,
            lay.segments,
            params.stiffness,
            self.needle_r,
            STRING,
            HELD | WALL_CATEGORY,  # bumped by a held bead; kept inside the walls when dragged
        )
        d, blen = lay.bead_mm, lay.bead_len_mm
        self.bead_len = blen
        rr = min(2.0, 0.2 * blen)
        moment = pymunk.moment_for_box(1.0, (d, blen))
        self._twist_k = moment * TWIST_RATE**2
        self._twist_c = 2.0 * 0.8 * moment * TWIST_RATE
        self._twist_cap = moment * TWIST_MAX_TORQUE_PER_I
        self.beads: list[Bead] = []
        for i, (p, c) in enumerate(zip(lay.beads, lay.colours, strict=True)):
            body = pymunk.Body(1.0, moment)
            body.position = p
            shape = pymunk.Poly.create_box(body, (d - 2 * rr, blen - 2 * rr), rr)
            shape.friction = 0.8
            shape.elasticity = 0.05
            self.world.add_body(body, shape)
            self.world.set_filter(body, BEAD, WALL_CATEGORY | BEAD | TRAY)
            self.beads.append(Bead(i, c, body, (p[0], p[1], 0.0)))
        self.target: tuple[int, ...] = lay.target
        self.to_thread = lay.to_thread
        self.samples: list[PointerEvent] = []
        self.carries: list[Carry] = []
        self.feedback = Feedback()
        self.clock_s = 0.0
        self._replay_reset()  # every input and step, so ``twin`` can copy this round
        self.done_at_s: float | None = None
        self.threaded: list[int] = []  # bead indices, from the knot up
        self._t_ms = 0.0
        self._sample_clock_s = 0.0  # the round's clock when the latest sample came
        self._bead_grab: Grab | None = None
        self._bead_pointer: int | None = None
        self._held: int | None = None
        self._steady: dict[int, Grab] = {}
        self._prev_gap = math.inf
        self._approach: Approach | None = None
        self._result: TrialResult | None = None
        self.alignment: Alignment | None = None
        self.tip, self.tip_dir = self.lace.tip()
        self.string_points = self.lace.points()
        for _ in range(SETTLE_STEPS):
            self.world.step()

    def _add_tray_walls(self) -> None:
        x, y, w, h = self.layout.tray
        bottom = self.layout.table_y
        static = self.world.space.static_body
        walls = [
            pymunk.Segment(static, (x - 2.0, y + 6.0), (x - 2.0, bottom), 2.0),
            pymunk.Segment(static, (x + w + 2.0, y + 6.0), (x + w + 2.0, bottom), 2.0),
        ]
        for s in walls:
            s.friction = 0.6
            s.elasticity = 0.1
            s.filter = pymunk.ShapeFilter(categories=TRAY, mask=BEAD)
        self.world.space.add(*walls)

    # -- state the view reads ------------------------------------------------------------
    @property
    def celebrating(self) -> bool:
        return self.done_at_s is not None

    @property
    def finished(self) -> bool:
        return self.done_at_s is not None and self.clock_s >= self.done_at_s + CELEBRATE_S - 1e-9

    @property
    def held(self) -> Bead | None:
        return None if self._held is None else self.beads[self._held]

    @property
    def steadying(self) -> bool:
        return bool(self._steady)

    def wanted_colour(self) -> int | None:
        """The pattern's colour for the next place on the string (None: any, or done)."""
        k = len(self.threaded)
        return self.target[k] if self.target and k < len(self.target) else None

    def pattern_errors(self) -> list[int]:
        """Places on the string whose bead differs from the pattern's colour."""
        if not self.target:
            return []
        return [k for k, i in enumerate(self.threaded) if self.beads[i].colour != self.target[k]]

    @property
    def geometry(self) -> dict[str, Any]:
        lay = self.layout
        colours = [self.beads[i].colour for i in self.threaded]
        return {
            "plane_mm": [self.ctx.plane_w_mm, self.ctx.plane_h_mm],
            "play_mm": list(lay.play),
            "table_y_mm": lay.table_y,
            "stand_mm": list(lay.stand),
            "base_mm": list(lay.base),
            "string_mm": lay.string_mm,
            "segments": lay.segments,
            "tray_mm": list(lay.tray),
            "card_mm": list(lay.card),
            "beads": [list(p) for p in lay.beads],
            "colours": list(lay.colours),
            "target": list(lay.target),
            "pattern": self.params.pattern,
            "to_thread": self.to_thread,
            # what was presented: a small plane may hold fewer (or, if not even one fits,
            # smaller) beads than the ladder asked for
            "spare_beads": lay.spares,
            "fewer_than_asked": self.to_thread < self.params.beads
            or lay.spares < self.params.spare_beads,
            "smaller_than_asked": lay.bead_mm < self.params.bead_mm,
            "bead_mm": lay.bead_mm,
            "bead_len_mm": lay.bead_len_mm,
            "hole_mm": self.params.hole_mm,
            "offset_tol_mm": self.params.offset_tol_mm,
            "angle_tol_deg": self.params.angle_tol_deg,
            "sway_mm": self.params.sway_mm,
            "left_handed": lay.left_handed,
            "seed": self.seed,
            "carries": [c.as_dict() for c in self.carries],
            "necklace": necklace_picture(colours, lay.bead_mm),
        }

    # -- input ---------------------------------------------------------------------------
    def handle(self, event: PointerEvent) -> None:
        if self.finished:
            return
        self._replay_input(event)
        if not all(math.isfinite(v) for v in (event.x_mm, event.y_mm, event.t_ms)):
            return
        self.samples.append(event)
        self._t_ms = max(self._t_ms, event.t_ms)
        self._sample_clock_s = self.clock_s
        pid = event.pointer_id
        p = (event.x_mm, event.y_mm)
        if event.phase is Phase.DOWN:
            if self.celebrating:
                return
            if self._held is None and self._take(pid, p, event):
                return
            dist, _, q = self.lace.nearest(p)
            if dist <= STRING_REACH_MM + self.needle_r and pid not in self._steady:
                seg = self._segment_near(q)
                # fingers pinching a string hold where it points, not only where it is
                self._steady[pid] = self.world.grab(
                    pid,
                    seg,
                    q,
                    max_force=STEADY_FORCE,
                    anchor=q,
                    hold_angle=0.0,
                    twist_stiffness=STEADY_TWIST,
                    twist_damping=STEADY_TWIST / 20.0,
                    twist_max_torque=STEADY_TWIST,
                )
            return
        if event.phase is Phase.MOVE:
            if pid == self._bead_pointer or pid in self._steady:
                self.world.move_pointer(pid, p)
            return
        # up or cancel
        if pid in self._steady:
            self.world.release(pid)
            del self._steady[pid]
        if pid == self._bead_pointer:
            self._let_go(p)

    def _segment_near(self, q: tuple[float, float]) -> pymunk.Body:
        _, i, _ = self.lace.nearest(q)
        return self.lace.segments[min(i, len(self.lace.segments) - 1)]

    def _reach(self) -> float:
        return max(5.0, 0.3 * self.layout.bead_mm)

    def _take(self, pid: int, p: tuple[float, float], ev: PointerEvent) -> bool:
        body = self.world.body_at(p, self._reach(), mask=BEAD)
        if body is None:
            return False
        bead = next(b for b in self.beads if b.body is body)
        # held a little above its middle, as fingers pinch a bead: it hangs nearly straight
        c = body.position
        r = 0.25 * self.layout.bead_len_mm
        dx, dy = p[0] - c.x, p[1] - c.y
        k = min(1.0, r / max(1e-9, math.hypot(dx, dy)))
        anchor = (c.x + dx * k, c.y + dy * k)
        self._bead_grab = self.world.grab(
            pid,
            body,
            p,
            max_force=HOLD_FORCE,
            anchor=anchor,
            hold_angle=0.0,
            twist_stiffness=self._twist_k,
            twist_damping=self._twist_c,
            twist_max_torque=self._twist_cap,
        )
        self.world.set_filter(body, HELD, WALL_CATEGORY | STRING)
        self._bead_pointer = pid
        self._held = bead.index
        bead.state = BeadState.HELD
        self._prev_gap = math.inf
        self._approach = None
        self.carries.append(Carry(bead.index, bead.colour, ev.device.value, self._t_ms, (c.x, c.y)))
        self.feedback.events.append(("pickup", bead.index, self.clock_s))
        return True

    def _let_go(self, p: tuple[float, float]) -> None:
        """The finger lifted: at the tip it was a try (returned), elsewhere a drop; the bead
        hops back into the box either way."""
        bead = self.held
        if bead is None or bead.body is None:
            return
        self.world.release(self._bead_pointer if self._bead_pointer is not None else -1)
        self._bead_grab = None
        self._bead_pointer = None
        self._held = None
        carry = self.carries[-1]
        body = bead.body
        pos = (body.position.x, body.position.y)
        carry.t_end_ms = self._t_ms
        carry.end_mm = pos
        tx, ty, tw, th = self.layout.tray
        over_tray = tx - 5.0 <= pos[0] <= tx + tw + 5.0 and pos[1] >= ty - 25.0
        if self._approach is not None:
            self._close_approach("released")
            carry.outcome = "returned"
        else:
            carry.outcome = "put_back" if over_tray else "dropped"
        bead.state = BeadState.TRAY
        self.world.set_filter(body, BEAD, WALL_CATEGORY | BEAD | TRAY)
        aim = (tx + tw * (0.4 + 0.2 * self.rng.random()), ty - self.layout.bead_mm)
        ceiling = self.layout.play[1] + self.layout.bead_mm * 0.7 + 2.0
        t = HOP_S
        v = hop_velocity(pos, aim, t)
        while t > 0.15 and v[1] < 0 and pos[1] - v[1] * v[1] / (2 * GRAVITY_MM_S2) < ceiling:
            t -= 0.05  # a flatter hop that clears the top of the play area
            v = hop_velocity(pos, aim, t)
        body.velocity = v
        body.angular_velocity = 0.0
        self.feedback.events.append(
            ("oops" if carry.outcome == "returned" else "drop", bead.index, self.clock_s)
        )
        if over_tray:  # laid back in the box: it drops straight in, no hop
            body.velocity = (0.0, 0.0)

    def _close_approach(self, outcome: str) -> None:
        a = self._approach
        if a is not None:
            a.t_out_ms = self._t_ms
            a.outcome = outcome
        self._approach = None

    # -- the needle ----------------------------------------------------------------------
    def _alignment(self, body: pymunk.Body) -> Alignment:
        (tx, ty), (ux, uy) = self.tip, self.tip_dir
        lat, angle, along, dist = m.hole_alignment(
            (body.position.x, body.position.y), math.degrees(body.angle), (tx, ty), (ux, uy)
        )
        return Alignment(lat, angle, along - self.bead_len / 2, dist)

    def _watch_held(self) -> None:
        bead = self.held
        if bead is None or bead.body is None:
            self.alignment = None
            return
        al = self._alignment(bead.body)
        self.alignment = al
        reach = self.bead_len / 2 + REACH_EXTRA_MM
        if self._approach is None and al.dist_mm <= reach:
            self._approach = Approach(self._t_ms)
            self.carries[-1].approaches.append(self._approach)
        elif self._approach is not None and al.dist_mm > reach + REACH_HYSTERESIS_MM:
            self._close_approach("withdrawn")
        if self._approach is not None:
            self._approach.best_offset_mm = min(self._approach.best_offset_mm, al.offset_mm)
        p = self.params
        onto = al.gap_mm < self._prev_gap - 1e-3
        self._prev_gap = al.gap_mm
        if (
            onto
            and -self.bead_len / 2 <= al.gap_mm <= ENTRY_MM + self.needle_r
            and al.within(p.offset_tol_mm, p.angle_tol_deg)
        ):
            self._thread(bead, al)

    def _thread(self, bead: Bead, al: Alignment) -> None:
        body = bead.body
        assert body is not None
        carry = self.carries[-1]
        if self._approach is None:  # a fast move: into reach and onto the tip in one step
            self._approach = Approach(self._t_ms)
            carry.approaches.append(self._approach)
        self._close_approach("threaded")
        k = len(self.threaded)
        carry.t_end_ms = self._t_ms
        carry.end_mm = (body.position.x, body.position.y)
        carry.outcome = "threaded"
        carry.position = k
        carry.wanted = self.target[k] if self.target and k < len(self.target) else None
        carry.offset_mm = al.offset_mm
        carry.angle_deg = al.angle_deg
        carry.bead_pose = (body.position.x, body.position.y, math.degrees(body.angle))
        carry.needle = (self.tip[0], self.tip[1], self.tip_dir[0], self.tip_dir[1])
        carry.steadied = bool(self._steady)
        tip_seg = self.lace.segments[-1]
        v = body.velocity
        tip_seg.apply_impulse_at_world_point(
            (0.15 * v.x, 0.0), self.tip
        )  # the needle jiggles as it goes on
        self.world.remove(body)
        self._bead_grab = None
        self._bead_pointer = None
        self._held = None
        self.alignment = None
        bead.pose = (body.position.x, body.position.y, body.angle)
        bead.body = None
        bead.state = BeadState.THREADED
        bead.position = k
        bead.s_mm = self.lace.length_mm
        bead.v_mm_s = 0.0
        bead.rest_s_mm = KNOT_MM + self.bead_len * (k + 0.5)
        bead.threaded_at_s = self.clock_s
        self.threaded.append(bead.index)
        wrong = carry.wanted is not None and carry.wanted != bead.colour
        self.feedback.events.append(
            ("threaded_other" if wrong else "threaded", bead.index, self.clock_s)
        )
        if len(self.threaded) >= self.to_thread:
            self.done_at_s = self.clock_s
            for pid in list(self._steady):
                self.world.release(pid)
            self._steady.clear()
            self.feedback.events.append(("finished", bead.index, self.clock_s))

    # -- time ----------------------------------------------------------------------------
    def sway_at(self, t: float) -> float:
        """The held end's sideways offset at time ``t`` (mm): two sines, so it never looks
        mechanical, and no randomness, so a replay sways the same."""
        a = self.params.sway_mm
        if a <= 0:
            return 0.0
        s1, s2 = SWAY_PERIODS_S
        return a * (
            0.75 * math.sin(2 * math.pi * t / s1) + 0.25 * math.sin(2 * math.pi * t / s2 + 1.0)
        )

    def step(self, dt: float) -> None:
        if abs(dt - LOGIC_DT) > 1e-9:
            raise ValueError(f"a Round steps by exactly LOGIC_DT, not {dt}")
        if self.finished:
            return
        self._replay_step()
        self.clock_s += dt
        bx, by = self.layout.base
        self.lace.set_holder(bx + self.sway_at(self.clock_s), by, dt)
        self.world.step()
        self.tip, self.tip_dir = self.lace.tip()
        self.string_points = self.lace.points()
        if not self.celebrating:
            self._watch_held()
        self._track_held()
        self._slide(dt)

    def _track_held(self) -> None:
        bead = self.held
        if bead is None or bead.body is None or not self.carries:
            return
        carry = self.carries[-1]
        t_ms = self._t_ms + 1000.0 * (self.clock_s - self._sample_clock_s)
        b = bead.body
        carry.track.add(t_ms, b.position.x, b.position.y, math.degrees(b.angle))
        carry.needle_track.add(t_ms, self.tip[0], self.tip[1])

    def _slide(self, dt: float) -> None:
        """Threaded beads slide down the string to rest on the ones below, and go where the
        string goes."""
        pts = self.string_points
        for i in self.threaded:
            b = self.beads[i]
            if b.s_mm > b.rest_s_mm:
                b.v_mm_s = min(SLIDE_MAX, b.v_mm_s + SLIDE_ACCEL * dt)
                b.s_mm = max(b.rest_s_mm, b.s_mm - b.v_mm_s * dt)
            else:
                b.v_mm_s = 0.0
            (x, y), a = point_along(pts, b.s_mm)
            b.pose = (x, y, a)

    # -- the result ----------------------------------------------------------------------
    def result(self) -> TrialResult:
        if self._result is not None:
            return self._result
        geometry = self.geometry
        values = m.compute(as_stored(self.samples), geometry)
        score, success = m.score_and_success(values, geometry)
        res = round_result(
            game_id=GAME_ID,
            params=params_dict(self.params),
            samples=self.samples,
            geometry=geometry,
            metrics=m.as_metrics(values),
            metrics_version=m.METRICS_VERSION,
            score=score,
            success=success,
            stars=m.stars_for(values, geometry, self.finished),
            finished=self.finished,
            clock_s=self.clock_s,
        )
        if self.finished:
            self._result = res
        return res
