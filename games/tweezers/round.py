"""One tweezers trial as pure logic: pick things up off the tray and put each where it belongs.

The grip, by input:

* **Pinch (touch, two fingers)**: the two oldest fingers are the tweezer arms; the tips are
  midway between them and the gap between the fingers is the grip. Closing the gap into the
  *grip band* over a thing picks it up. The thing stays held while the gap stays in the band:
  opening wider lets go (over its cup: placed; elsewhere: it drops and rolls back to the tray),
  squeezing below the band makes it pop away. Leaving the band for less than ``GRIP_GRACE_S``
  is forgiven (finger gaps jitter by a few mm on any touch screen). After a drop the tweezers
  must open before they can take hold again, as real ones do.
* **Press (mouse, pen, or touch with ``grip_mode="one_finger"``)**: pressing closes the
  tweezers over ``CLOSE_S``; the press must stay within ``jitter_mm`` of where it began while
  they close (the press's version of grip control), then the thing is held until release.

Carrying is physical (``engine.physics``): the held thing hangs on the pointer's kinematic
handle by a pivot joint with a capped force, lifted above the tray (it passes over other
things but not through the obstacle blocks). A thing that is yanked or snagged so far behind
the tweezers that the joint stretches past ``slip_mm`` slips out. Everything is deterministic
for a seed and an input stream: the round keeps its own RNG, seeded once from the one it is
given, so whatever else uses that RNG later cannot change the round.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from engine.gestures import PointerTracker
from engine.input import Device, Phase, PointerEvent
from engine.physics import WALL_CATEGORY, Bounds, Grab, World
from engine.registry import LOGIC_DT, Feedback, RoundContext, params_dict
from engine.replay import Replayable
from engine.trial import ObjectTrack, TrialResult, as_stored, on_grid, round_result
from games.tweezers import metrics as m
from games.tweezers.layout import Layout, make_layout
from games.tweezers.params import GripMode, TweezersParams

GAME_ID = "tweezers"

GRIP_CENTRE_MM = 30.0  # finger gap in the middle of the band: a comfortable child's pinch
GRIP_GRACE_S = 0.1  # out of the band for less than this is forgiven
CLOSE_S = 0.3  # press modes: the tweezers close over this long
HOLD_FORCE = 6.0e4  # pivot cap (mass 1): follows a child's moves, lags when yanked or snagged
TRAY_DAMPING = 0.08  # fraction of speed kept per second: a felt tray, things roll and stop
POP_SPEED_MM_S = 260.0
RETURN_S = 1.2  # a dropped thing rolls back towards its place on the tray

THING = 1 << 0
LIFTED = 1 << 1
POST = 1 << 2
KINDS = ("pompom", "bead", "seed")


class TipState(StrEnum):
    OPEN = "open"  # nothing held
    CLOSING = "closing"  # press modes: closing, waiting for the press to stay still
    CLOSED = "closed"  # closed on nothing (press slipped, or squeezed empty)
    HOLDING = "holding"


class ThingState(StrEnum):
    TRAY = "tray"
    HELD = "held"
    PLACED = "placed"


@dataclass(slots=True)
class Thing:
    index: int
    colour: int
    kind: str
    radius: float
    home: tuple[float, float]
    body: Any  # pymunk.Body while in play, None once placed
    x: float
    y: float
    angle: float = 0.0
    state: ThingState = ThingState.TRAY
    cup: int | None = None
    slot: tuple[float, float] | None = None  # where it sits in its cup
    placed_at_s: float | None = None
    drops: int = 0


@dataclass(slots=True)
class Cup:
    index: int
    x: float
    y: float
    r: float
    colour: int | None
    capacity: int
    contents: list[int] = field(default_factory=list)

    def accepts(self, thing: Thing) -> bool:
        return len(self.contents) < self.capacity and (
            self.colour is None or self.colour == thing.colour
        )

    def slot(self, n: int, thing_r: float) -> tuple[float, float]:
        """Where the n-th thing sits: the centre, then around a ring for a jar."""
        if self.capacity == 1 or n == 0:
            return self.x, self.y
        ring = max(0.0, self.r - thing_r - 1.0)
        a = n * 2.39996  # golden angle: spread evenly however many come
        k = min(1.0, math.sqrt(n / max(1, self.capacity)) + 0.35)
        return self.x + ring * k * math.cos(a), self.y + ring * k * math.sin(a)


@dataclass(slots=True)
class Tips:
    """The tweezers as the view draws them."""

    x: float | None = None  # tip point in mm; None when no pointer drives the tweezers
    y: float | None = None
    gap_mm: float | None = None  # finger gap (pinch), None for press modes
    angle: float = 0.0  # of the line between the fingers (pinch)
    fingers: tuple[tuple[float, float], ...] = ()
    state: TipState = TipState.OPEN
    closing: float = 0.0  # 0..1 progress of a press closing
    held: int | None = None  # index of the thing held


@dataclass(slots=True)
class Carry:
    """One pick-up and what became of it; stored in the trial's geometry for re-scoring."""

    thing: int
    device: str
    pinch: bool
    t_pick_ms: float
    pick_mm: tuple[float, float]
    t_end_ms: float | None = None
    end_mm: tuple[float, float] | None = None
    outcome: str | None = None  # placed | dropped | popped | slipped | wrong_cup
    cup: int | None = None
    error_mm: float | None = None
    track: ObjectTrack = field(default_factory=ObjectTrack)  # the thing while held

    def as_dict(self) -> dict[str, Any]:
        return {
            "thing": self.thing,
            "device": self.device,
            "pinch": self.pinch,
            "t_pick_ms": on_grid(self.t_pick_ms),
            "pick_mm": [round(self.pick_mm[0], 4), round(self.pick_mm[1], 4)],
            "t_end_ms": None if self.t_end_ms is None else on_grid(self.t_end_ms),
            "end_mm": None if self.end_mm is None else [round(v, 4) for v in self.end_mm],
            "outcome": self.outcome,
            "cup": self.cup,
            "error_mm": None if self.error_mm is None else round(self.error_mm, 4),
            "track": self.track.as_dict(),
        }


class TweezersRound(Replayable):
    """Put every thing in its cup; see the module docstring for the rules."""

    def __init__(self, params: TweezersParams, rng: random.Random, ctx: RoundContext) -> None:
        self._setup(params, rng.getrandbits(64), ctx)

    def _setup(self, params: TweezersParams, seed: int, ctx: RoundContext) -> None:
        self.params = params
        self.seed = seed
        self.ctx = ctx
        self.rng = random.Random(seed)
        self.layout: Layout = make_layout(
            params, self.rng, ctx.plane_w_mm, ctx.plane_h_mm, ctx.left_handed
        )
        half = params.grip_band_mm / 2
        self.grip_lo = GRIP_CENTRE_MM - half
        self.grip_hi = GRIP_CENTRE_MM + half
        self.slip_mm = max(12.0, params.object_mm)
        x, y, w, h = self.layout.play
        self.world = World(Bounds(x, y, x + w, y + h), damping=TRAY_DAMPING)
        for p in self.layout.posts:
            self.world.add_post(p, 6.0, categories=POST)
        self.things: list[Thing] = []
        kind = KINDS[0] if params.object_mm >= 18 else KINDS[1 + self.rng.randrange(2)]
        for i, (p, c) in enumerate(zip(self.layout.things, self.layout.colours, strict=True)):
            r = params.object_mm / 2
            body = self.world.add_ball(p, r, mass=1.0, friction=0.8, elasticity=0.25)
            self.world.set_filter(body, THING)
            self.things.append(Thing(i, c, kind, r, p, body, p[0], p[1]))
        self.cups = [
            Cup(i, c.x, c.y, c.r, c.colour, c.capacity) for i, c in enumerate(self.layout.cups)
        ]
        self.tracker = PointerTracker()
        self.tips = Tips()
        self.samples: list[PointerEvent] = []
        self.carries: list[Carry] = []
        self.feedback = Feedback()
        self.clock_s = 0.0
        self._replay_reset()  # every input and step, so ``twin`` can copy this round
        self.finished_at_s: float | None = None
        self._t_ms = 0.0  # time of the latest sample
        self._sample_clock_s = 0.0  # the round's clock when it came
        self._press_id: int | None = None  # the pointer that drives a press grip
        self._press_from: tuple[float, float] = (0.0, 0.0)
        self._armed = True  # pinch: may take hold (reset by opening after a loss)
        self._pair_ids: tuple[int, int] | None = None
        self._out_s = 0.0  # time the grip has been out of its band
        self._slip_s = 0.0
        self._grab: Grab | None = None
        self._result: TrialResult | None = None

    # -- state the view reads ------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.finished_at_s is not None

    @property
    def placed(self) -> int:
        return sum(1 for t in self.things if t.state is ThingState.PLACED)

    @property
    def hold_progress(self) -> float | None:
        """Press modes: how far the still hold has got (0..1) while the tweezers close, so the
        view can show the wait; None when no hold is in progress."""
        if self.tips.state is TipState.CLOSING and self._press_id is not None:
            return self.tips.closing
        return None

    @property
    def held(self) -> Thing | None:
        return None if self.tips.held is None else self.things[self.tips.held]

    @property
    def geometry(self) -> dict[str, Any]:
        lay = self.layout
        return {
            "plane_mm": [self.ctx.plane_w_mm, self.ctx.plane_h_mm],
            "play_mm": list(lay.play),
            "tray_mm": list(lay.tray),
            "carton_mm": list(lay.carton),
            "cups": [
                {"x_mm": c.x, "y_mm": c.y, "r_mm": c.r, "colour": c.colour, "capacity": c.capacity}
                for c in lay.cups
            ],
            "posts": [{"x_mm": p[0], "y_mm": p[1]} for p in lay.posts],
            "things": [{"x_mm": p[0], "y_mm": p[1]} for p in lay.things],
            "colours": list(lay.colours),
            "object_mm": self.params.object_mm,
            # what was presented: a small plane may hold fewer than the ladder asked for
            "objects": len(lay.things),
            "obstacles": len(lay.posts),
            "cup_mm": 2 * lay.cups[0].r,
            "fewer_than_asked": len(lay.things) < self.params.objects
            or len(lay.posts) < self.params.obstacles,
            "grip_band_mm": [self.grip_lo, self.grip_hi],
            "grip_mode": self.params.grip_mode.value,
            "jitter_mm": self.params.jitter_mm,
            "distance_mm": lay.distance_mm,
            "sorting": self.params.sorting,
            "left_handed": lay.left_handed,
            "seed": self.seed,
            "carries": [c.as_dict() for c in self.carries],
        }

    # -- input ---------------------------------------------------------------------------
    def _press_mode(self, ev: PointerEvent) -> bool:
        return ev.device is not Device.TOUCH or self.params.grip_mode is GripMode.ONE_FINGER

    def handle(self, event: PointerEvent) -> None:
        if self.finished:
            return
        self._replay_input(event)
        if not all(math.isfinite(v) for v in (event.x_mm, event.y_mm, event.t_ms)):
            return
        self.samples.append(event)
        self._t_ms = max(self._t_ms, event.t_ms)
        self._sample_clock_s = self.clock_s
        self.tracker.update(event)
        if self._press_mode(event):
            self._handle_press(event)
        else:
            self._handle_pinch(event)

    def _handle_press(self, ev: PointerEvent) -> None:
        tips = self.tips
        p = (ev.x_mm, ev.y_mm)
        if ev.phase is Phase.DOWN:
            if self._press_id is not None:
                return  # a second finger or a palm: the first press drives
            self._press_id = ev.pointer_id
            self._press_from = p
            tips.state = TipState.CLOSING
            tips.closing = 0.0
            tips.x, tips.y, tips.gap_mm, tips.fingers = p[0], p[1], None, (p,)
            return
        if ev.pointer_id != self._press_id:
            return
        tips.x, tips.y, tips.fingers = p[0], p[1], (p,)
        if ev.phase is Phase.MOVE:
            if tips.state is TipState.CLOSING and math.dist(p, self._press_from) > (
                self.params.jitter_mm
            ):
                tips.state = TipState.CLOSED  # moved while closing: the tips shut on nothing
            elif self._grab is not None:
                self.world.move_pointer(ev.pointer_id, p)
            return
        # up or cancel: the tweezers open
        if self._grab is not None:
            self._let_go(placing=ev.phase is Phase.UP)
        self._press_id = None
        tips.state = TipState.OPEN
        tips.x = tips.y = None
        tips.fingers = ()

    def _handle_pinch(self, ev: PointerEvent) -> None:
        tips = self.tips
        pair = self.tracker.pair()
        ids = tuple(c.pointer_id for c in self.tracker.oldest(2))
        if pair is None or len(ids) < 2:
            if self._grab is not None:  # a finger lifted: the tweezers open
                self._let_go(placing=ev.phase is Phase.UP)
            self._pair_ids = None
            one = self.tracker.oldest(1)
            tips.state = TipState.OPEN
            tips.gap_mm = None
            tips.fingers = tuple((c.x_mm, c.y_mm) for c in one)
            tips.x = tips.y = None
            return
        if ids != self._pair_ids:  # a new pair of fingers: start open
            if self._grab is not None:
                self._let_go(placing=False)
            self._pair_ids = ids  # type: ignore[assignment]
            self._armed = True
        a, b = self.tracker.oldest(2)
        tips.fingers = ((a.x_mm, a.y_mm), (b.x_mm, b.y_mm))
        tips.x, tips.y, tips.gap_mm, tips.angle = (
            pair.cx_mm,
            pair.cy_mm,
            pair.gap_mm,
            pair.angle_rad,
        )
        if self._grab is not None:
            self.world.move_pointer(-1, (pair.cx_mm, pair.cy_mm))
            return
        g = pair.gap_mm
        if g > self.grip_hi:
            self._armed = True
            tips.state = TipState.OPEN
        elif g < self.grip_lo:
            tips.state = TipState.CLOSED
        elif self._armed:
            if not self._take((pair.cx_mm, pair.cy_mm), -1, ev, pinch=True):
                tips.state = TipState.CLOSED

    # -- holding -------------------------------------------------------------------------
    def _reach(self) -> float:
        return max(4.0, 0.35 * self.params.object_mm)

    def _take(self, p: tuple[float, float], handle_id: int, ev: PointerEvent, pinch: bool) -> bool:
        body = self.world.body_at(p, self._reach(), mask=THING)
        if body is None:
            return False
        thing = next(t for t in self.things if t.body is body)
        self._grab = self.world.grab(handle_id, body, p, max_force=HOLD_FORCE, anchor=p)
        self.world.set_filter(body, LIFTED, WALL_CATEGORY | POST)
        body.angular_velocity = 0.0
        thing.state = ThingState.HELD
        self.tips.state = TipState.HOLDING
        self.tips.held = thing.index
        self._out_s = self._slip_s = 0.0
        self.carries.append(
            Carry(thing.index, ev.device.value, pinch, self._t_ms, (thing.x, thing.y))
        )
        self.feedback.events.append(("pickup", thing.index, self.clock_s))
        return True

    def _let_go(self, placing: bool, outcome: str = "dropped") -> None:
        """Open the tweezers: into a cup that takes the thing, or a drop back to the tray."""
        grab = self._grab
        if grab is None:
            return
        thing = self.things[self.tips.held] if self.tips.held is not None else None
        self.world.release(grab.pointer_id)
        self._grab = None
        self.tips.held = None
        self.tips.state = TipState.OPEN if outcome == "dropped" else TipState.CLOSED
        if thing is None:
            return
        pos = (thing.body.position.x, thing.body.position.y)
        thing.x, thing.y = pos
        carry = self.carries[-1]
        carry.t_end_ms = self._t_ms
        carry.end_mm = pos
        cup = self._cup_under(pos) if placing else None
        if cup is not None and cup.accepts(thing):
            carry.outcome = "placed"
            carry.cup = cup.index
            carry.error_mm = math.dist(pos, (cup.x, cup.y))
            self._place(thing, cup)
            return
        if cup is not None:
            outcome = "wrong_cup"
            carry.cup = cup.index
        carry.outcome = outcome
        thing.drops += 1
        thing.state = ThingState.TRAY
        self.world.set_filter(thing.body, THING)
        body = thing.body
        if outcome == "popped":
            a = self.rng.uniform(0.0, 2 * math.pi)
            body.velocity = (POP_SPEED_MM_S * math.cos(a), POP_SPEED_MM_S * math.sin(a))
        else:  # roll gently back towards its place on the tray (v0 = distance * -ln damping)
            k = -math.log(TRAY_DAMPING)
            hx, hy = thing.home
            body.velocity = ((hx - pos[0]) * k, (hy - pos[1]) * k)
        self._armed = False
        self.feedback.events.append(
            ("oops" if outcome in ("popped", "wrong_cup") else "drop", thing.index, self.clock_s)
        )

    def _cup_under(self, p: tuple[float, float]) -> Cup | None:
        best = None
        for c in self.cups:
            d = math.dist(p, (c.x, c.y))
            if d <= c.r and (best is None or d < best[0]):
                best = (d, c)
        return None if best is None else best[1]

    def _place(self, thing: Thing, cup: Cup) -> None:
        thing.slot = cup.slot(len(cup.contents), thing.radius)
        cup.contents.append(thing.index)
        thing.state = ThingState.PLACED
        thing.cup = cup.index
        thing.placed_at_s = self.clock_s
        self.world.remove(thing.body)
        thing.body = None
        self.feedback.events.append(("placed", thing.index, self.clock_s))
        if all(t.state is ThingState.PLACED for t in self.things):
            self.finished_at_s = self.clock_s
            self.feedback.events.append(("finished", thing.index, self.clock_s))

    # -- time ----------------------------------------------------------------------------
    def step(self, dt: float) -> None:
        """Close a press, watch the grip band and the joint's stretch, run the physics."""
        if abs(dt - LOGIC_DT) > 1e-9:
            raise ValueError(f"a Round steps by exactly LOGIC_DT, not {dt}")
        if self.finished:
            return
        self._replay_step()
        self.clock_s += dt
        tips = self.tips
        if tips.state is TipState.CLOSING and self._press_id is not None:
            tips.closing = min(1.0, tips.closing + dt / CLOSE_S)
            if tips.closing >= 1.0:
                p = (tips.x or 0.0, tips.y or 0.0)
                ev = self.samples[-1]
                if not self._take(p, self._press_id, ev, pinch=False):
                    tips.state = TipState.CLOSED
        if self._grab is not None:
            g = tips.gap_mm
            if tips.held is not None and g is not None and self._pair_ids is not None:
                out = g > self.grip_hi or g < self.grip_lo
                self._out_s = self._out_s + dt if out else 0.0
                if self._out_s >= GRIP_GRACE_S:
                    self._let_go(
                        placing=g > self.grip_hi,
                        outcome="dropped" if g > self.grip_hi else "popped",
                    )
            if self._grab is not None:
                stretched = self._grab.stretch_mm > self.slip_mm
                self._slip_s = self._slip_s + dt if stretched else 0.0
                if self._slip_s >= GRIP_GRACE_S:
                    self._let_go(placing=False, outcome="slipped")
        self.world.step()
        for t in self.things:
            b = t.body
            if b is not None:
                t.x, t.y = b.position
                t.angle = b.angle
        held = self.held
        if held is not None and self.carries:
            # the samples' clock carried on by logic time when no sample came meanwhile
            t_ms = self._t_ms + 1000.0 * (self.clock_s - self._sample_clock_s)
            self.carries[-1].track.add(t_ms, held.x, held.y)

    # -- the result ----------------------------------------------------------------------
    def result(self) -> TrialResult:
        if self._result is not None:
            return self._result
        geometry = self.geometry
        values = m.compute(as_stored(self.samples), geometry)
        score, success = m.score_and_success(values, len(self.things), self.cups[0].r)
        res = round_result(
            game_id=GAME_ID,
            params=params_dict(self.params),
            samples=self.samples,
            geometry=geometry,
            metrics=m.as_metrics(values),
            metrics_version=m.METRICS_VERSION,
            score=score,
            success=success,
            stars=m.stars_for(values, len(self.things), self.finished),
            finished=self.finished,
            clock_s=self.clock_s,
        )
        if self.finished:
            self._result = res
        return res
