"""Scripted players: pointer streams that pick up every thing and carry it to its cup.

A bot plays *closed-loop* like a child watching the screen: it plays a twin of the round
(``TweezersRound.twin``, the same seed, so the same physics) tick by tick at ``LOGIC_DT``,
exactly as ``engine.simulate.play_round`` will replay the stream, and decides from what it
sees: when a pom-pom slips out it lifts its fingers, pauses and tries again.

Skill (0..1) sets how a child moves: aim scatter at the pick-up and at the cup, a tremor of
the tweezer tips, how steadily the finger gap is held (a slow random wander of the gap whose
SD grows as skill falls, so an unskilled pinch drifts out of a narrow band and drops), carrying
speed and the odd lapse (opening too soon). ``style``: ``pinch`` (two FINGER pointers, touch),
``press`` (one pointer: ``Device.MOUSE`` for a mouse, ``Device.TOUCH`` for one-finger mode).
Positions are quantised to whole logical pixels at ``px_per_mm`` like a real screen.
"""

from __future__ import annotations

import heapq
import math
import random

from engine.input import MOUSE_POINTER_ID, Device, Phase, PointerEvent
from engine.registry import LOGIC_DT
from games.tweezers.layout import POST_MM
from games.tweezers.round import GRIP_CENTRE_MM, ThingState, TweezersRound

Point = tuple[float, float]
STYLES = ("pinch", "press")
NOISE_BAND_MM = 15.0  # the finger gap's unsteadiness is scaled to a 15 mm band (mid-ladder)
MAX_TRIES = 10  # per thing; after half of them the child is helped (steady, aimed)


def _min_jerk(tau: float) -> float:
    tau = min(1.0, max(0.0, tau))
    return tau**3 * (10 - 15 * tau + 6 * tau * tau)


def _seg_dist(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    den = dx * dx + dy * dy
    u = 0.0 if den <= 0 else min(1.0, max(0.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / den))
    return math.dist(p, (a[0] + u * dx, a[1] + u * dy))


def route(round_: TweezersRound, a: Point, b: Point) -> list[Point]:
    """A way from ``a`` to ``b`` that carries the held thing clear of the obstacle blocks and
    inside the play area, as a child who sees them steers: straight when nothing is in the way,
    else the shortest way round on a 2 mm grid, pulled taut. Returns the corners, ``a`` to ``b``."""
    posts = round_.layout.posts
    clear = POST_MM + round_.params.object_mm / 2 + 3.0
    if all(_seg_dist(q, a, b) >= clear for q in posts):
        return [a, b]
    x, y, w, h = round_.layout.play
    inset = round_.params.object_mm / 2 + 1.0
    step = 2.0
    nx, ny = max(1, int(w // step)), max(1, int(h // step))

    def centre(i: int, j: int) -> Point:
        return x + (i + 0.5) * step, y + (j + 0.5) * step

    def free(i: int, j: int) -> bool:
        if not (0 <= i < nx and 0 <= j < ny):
            return False
        c = centre(i, j)
        if not (x + inset <= c[0] <= x + w - inset and y + inset <= c[1] <= y + h - inset):
            return False
        return all(math.dist(c, q) >= clear for q in posts)

    def cell(p: Point) -> tuple[int, int]:
        i = min(nx - 1, max(0, int((p[0] - x) // step)))
        j = min(ny - 1, max(0, int((p[1] - y) // step)))
        return i, j

    start, goal = cell(a), cell(b)
    dist = {start: 0.0}
    came: dict[tuple[int, int], tuple[int, int]] = {}
    heap = [(math.dist(start, goal), 0.0, start)]
    moves = [(di, dj) for di in (-1, 0, 1) for dj in (-1, 0, 1) if di or dj]
    while heap:
        _, g, c = heapq.heappop(heap)
        if c == goal:
            break
        if g > dist.get(c, math.inf):
            continue
        for di, dj in moves:
            n = (c[0] + di, c[1] + dj)
            if n != goal and not free(*n):
                continue
            ng = g + math.hypot(di, dj)
            if ng < dist.get(n, math.inf):
                dist[n] = ng
                came[n] = c
                heapq.heappush(heap, (ng + math.dist(n, goal), ng, n))
    if goal not in dist:
        return [a, b]  # no way round (never, on a laid-out round): straight at it
    cells = [goal]
    while cells[-1] != start:
        cells.append(came[cells[-1]])
    pts = [a] + [centre(*c) for c in reversed(cells[1:-1])] + [b]
    # pull the way taut: skip corners while the straight line stays clear
    out = [a]
    k = 0
    while k < len(pts) - 1:
        far = k + 1
        for m_ in range(len(pts) - 1, k + 1, -1):
            if all(_seg_dist(q, pts[k], pts[m_]) >= clear - 0.5 for q in posts):
                far = m_
                break
        out.append(pts[far])
        k = far
    return out


class _AR1:
    """A slowly wandering noise (first-order autoregressive) with a set SD and time constant."""

    def __init__(self, rng: random.Random, sd: float, tau_s: float) -> None:
        self.rng = rng
        self.sd = sd
        self.rho = math.exp(-LOGIC_DT / tau_s)
        self.v = rng.gauss(0.0, sd) if sd > 0 else 0.0

    def __call__(self) -> float:
        if self.sd <= 0:
            return 0.0
        self.v = self.rho * self.v + math.sqrt(1 - self.rho**2) * self.rng.gauss(0.0, self.sd)
        return self.v


class _Player:
    def __init__(
        self,
        round_: TweezersRound,
        rng: random.Random,
        skill: float,
        style: str,
        device: Device,
        px_per_mm: float,
        t0_ms: float,
        max_s: float,
    ) -> None:
        if style not in STYLES:
            raise ValueError(f"unknown bot style {style!r}; one of {STYLES}")
        self.twin = round_.twin()
        self.rng = rng
        self.skill = min(1.0, max(0.0, skill))
        self.style = style
        self.device = device
        self.ppm = px_per_mm
        self.t = t0_ms
        self.t_end = t0_ms + max_s * 1000.0
        self.events: list[PointerEvent] = []
        self.next_id = 1
        self.help = False  # after many tries: a careful, steady attempt

    # -- emitting --------------------------------------------------------------------------
    @property
    def s(self) -> float:
        return 1.0 if self.help else self.skill

    @property
    def done(self) -> bool:
        return self.twin.finished or self.t >= self.t_end

    def _ev(self, phase: Phase, pid: int, x: float, y: float) -> PointerEvent:
        x_px, y_px = float(round(x * self.ppm)), float(round(y * self.ppm))
        return PointerEvent(
            phase, pid, self.device, x_px / self.ppm, y_px / self.ppm, x_px, y_px, self.t
        )

    def tick(self, out: list[tuple[Phase, int, float, float]]) -> None:
        for phase, pid, x, y in out:
            ev = self._ev(phase, pid, x, y)
            self.events.append(ev)
            self.twin.handle(ev)
        self.twin.step(LOGIC_DT)
        self.t += LOGIC_DT * 1000.0

    def idle(self, seconds: float) -> None:
        for _ in range(max(1, round(seconds / LOGIC_DT))):
            if self.done:
                return
            self.tick([])

    # -- choosing ----------------------------------------------------------------------------
    def _next_thing(self, here: tuple[float, float]) -> int | None:
        left = [t for t in self.twin.things if t.state is ThingState.TRAY]
        if not left:
            return None
        return min(left, key=lambda t: (math.dist(here, (t.x, t.y)), t.index)).index

    def _cup_for(self, idx: int) -> tuple[float, float]:
        thing = self.twin.things[idx]
        ok = [c for c in self.twin.cups if c.accepts(thing)]
        cup = min(ok, key=lambda c: (math.dist((thing.x, thing.y), (c.x, c.y)), c.index))
        return cup.x, cup.y

    # -- playing -----------------------------------------------------------------------------
    def play(self) -> list[PointerEvent]:
        here = (self.twin.layout.tray[0], self.twin.layout.tray[1])
        tries: dict[int, int] = {}
        first = True
        while not self.done:
            idx = self._next_thing(here)
            if idx is None:
                self.idle(0.5)  # a thing still rolling back, or the end
                continue
            tries[idx] = tries.get(idx, 0) + 1
            self.help = tries[idx] > MAX_TRIES // 2
            thing = self.twin.things[idx]
            if not first:  # the hand travels in the air to the next thing
                travel = math.dist(here, (thing.x, thing.y)) / (150.0 + 250.0 * self.s)
                self.idle(0.15 + travel + self.rng.uniform(0.0, 0.4) * (1.5 - self.s))
                if self.done:
                    break
                thing = self.twin.things[idx]
                if thing.state is not ThingState.TRAY:
                    continue
            first = False
            if self.style == "pinch":
                here = self._pinch_carry(idx)
            else:
                here = self._press_carry(idx)
        return self.events

    def _aim(self, p: tuple[float, float], sd: float) -> tuple[float, float]:
        return p[0] + self.rng.gauss(0.0, sd), p[1] + self.rng.gauss(0.0, sd)

    def _path(
        self, a: tuple[float, float], b: tuple[float, float], speed: float
    ) -> tuple[int, list[tuple[float, float]]]:
        """A minimum-jerk carry from ``a`` to ``b``, around the obstacle blocks when the child
        notices them (always when skilled, not always when not)."""
        way = [a]
        if self.rng.random() < 0.3 + 0.7 * self.s:
            way = route(self.twin, a, b)[:-1]
        way.append(b)
        cum = [0.0]
        for i in range(len(way) - 1):
            cum.append(cum[-1] + math.dist(way[i], way[i + 1]))
        total = cum[-1]
        dur = 0.35 + total / speed
        n = max(2, round(dur / LOGIC_DT))
        pts = []
        j = 0
        for k in range(1, n + 1):
            s_ = total * _min_jerk(k / n)
            while j < len(way) - 2 and cum[j + 1] < s_:
                j += 1
            span = cum[j + 1] - cum[j]
            t = 0.0 if span <= 0 else min(1.0, (s_ - cum[j]) / span)
            p, q = way[j], way[j + 1]
            pts.append((p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t))
        return n, pts

    def _pinch_carry(self, idx: int) -> tuple[float, float]:
        r, s, rng = self.twin, self.s, self.rng
        thing = r.things[idx]
        hi = r.grip_hi
        ids = (self.next_id, self.next_id + 1)
        self.next_id += 2
        angle = rng.uniform(-0.7, -0.2)  # thumb below-left of the index finger, roughly
        tremor_x = _AR1(rng, 0.1 + 1.2 * (1 - s), 0.08)
        tremor_y = _AR1(rng, 0.1 + 1.2 * (1 - s), 0.08)
        # A child's unsteadiness is in millimetres, not in shares of the band: the same
        # wander that a 28 mm band forgives drops a pom-pom from an 8 mm one.
        wander = _AR1(rng, NOISE_BAND_MM * (0.03 + 0.5 * (1 - s) ** 1.5), 0.25)
        hold = GRIP_CENTRE_MM + rng.gauss(0.0, NOISE_BAND_MM * 0.12 * (1 - s))
        c = self._aim((thing.x, thing.y), 0.3 + 0.22 * thing.radius * (1 - s))
        gap = hi + 10.0 + rng.uniform(0.0, 8.0)
        state = {"c": c, "gap": gap, "down": False}

        def fingers(phase: Phase) -> list[tuple[Phase, int, float, float]]:
            cx, cy = state["c"]
            cx, cy = cx + tremor_x(), cy + tremor_y()
            g = max(6.0, state["gap"])
            dx, dy = math.cos(angle) * g / 2, math.sin(angle) * g / 2
            return [(phase, ids[0], cx - dx, cy - dy), (phase, ids[1], cx + dx, cy + dy)]

        def lift() -> tuple[float, float]:
            if state["down"]:
                self.tick(fingers(Phase.UP))
                state["down"] = False
            return state["c"]

        self.tick(fingers(Phase.DOWN))
        state["down"] = True
        self.idle_with(fingers, 0.08 + 0.2 * (1 - s))
        # close onto the thing
        n = round((0.25 + 0.25 * (1 - s)) / LOGIC_DT)
        g0 = state["gap"]
        for k in range(1, n + 1):
            state["gap"] = g0 + (hold - g0) * _min_jerk(k / n) + wander() * (k / n)
            self.tick(fingers(Phase.MOVE))
            if self.done:
                return lift()
        if r.tips.held != idx:
            self.idle_with(fingers, 0.1)
            if r.tips.held != idx:  # missed it: open, lift, look again
                state["gap"] = hi + 10.0
                self.tick(fingers(Phase.MOVE))
                self.idle(0.3)
                return lift()
        # carry to the cup
        target = self._aim(self._cup_for(idx), 0.5 + 0.3 * r.cups[0].r * (1 - s))
        n, pts = self._path(state["c"], target, 90.0 + 200.0 * s)
        lapse_at = n // 2 if rng.random() < 0.25 * (1 - s) ** 2 else -1
        for k, p in enumerate(pts):
            state["c"] = p
            state["gap"] = hold + wander()
            if k == lapse_at:
                state["gap"] = hi + 12.0  # opened too soon
            self.tick(fingers(Phase.MOVE))
            if self.done:
                return lift()
            if r.tips.held != idx:
                self.idle_with(fingers, 0.2)
                state["gap"] = hi + 10.0
                self.tick(fingers(Phase.MOVE))
                return lift()

        def keep_holding() -> None:
            state["gap"] = hold + wander()

        self.idle_with(fingers, 0.1 + 0.3 * (1 - s), keep_holding)
        # open to let go, then lift
        n = round(0.2 / LOGIC_DT)
        g0 = state["gap"]
        for k in range(1, n + 1):
            state["gap"] = g0 + (hi + 14.0 - g0) * _min_jerk(k / n)
            self.tick(fingers(Phase.MOVE))
        self.idle_with(fingers, 0.05)
        return lift()

    def idle_with(self, fingers, seconds: float, each=None) -> None:
        """Keep the fingers down where they are (with tremor) for ``seconds``; ``each`` is
        called before every tick (to let the finger gap wander while waiting)."""
        for _ in range(max(1, round(seconds / LOGIC_DT))):
            if self.done:
                return
            if each is not None:
                each()
            self.tick(fingers(Phase.MOVE))

    def _press_carry(self, idx: int) -> tuple[float, float]:
        r, s, rng = self.twin, self.s, self.rng
        thing = r.things[idx]
        pid = MOUSE_POINTER_ID if self.device is Device.MOUSE else self.next_id
        self.next_id += 1
        shake = _AR1(rng, 0.1 + 0.6 * r.params.jitter_mm * (1 - s) ** 2, 0.1)
        c = self._aim((thing.x, thing.y), 0.3 + 0.22 * thing.radius * (1 - s))

        def at(p: tuple[float, float], phase: Phase) -> list[tuple[Phase, int, float, float]]:
            return [(phase, pid, p[0] + shake(), p[1] + shake())]

        self.tick(at(c, Phase.DOWN))
        for _ in range(round((0.35 + 0.2 * (1 - s)) / LOGIC_DT)):
            self.tick(at(c, Phase.MOVE))
            if r.tips.held == idx or self.done:
                break
        if r.tips.held != idx:
            self.tick(at(c, Phase.UP))
            self.idle(0.3)
            return c
        target = self._aim(self._cup_for(idx), 0.5 + 0.3 * r.cups[0].r * (1 - s))
        _, pts = self._path(c, target, 90.0 + 200.0 * s)
        for p in pts:
            self.tick(at(p, Phase.MOVE))
            if self.done or r.tips.held != idx:
                break
        self.idle_with(lambda ph: at(target, ph), 0.1 + 0.2 * (1 - s))
        self.tick(at(target, Phase.UP))
        return target


def play_stream(
    round_: TweezersRound,
    rng: random.Random,
    skill: float = 1.0,
    style: str = "pinch",
    device: Device | None = None,
    px_per_mm: float = 96.0 / 25.4,
    t0_ms: float = 1000.0,
    max_s: float = 600.0,
) -> list[PointerEvent]:
    """A whole round's pointer events (see the module docstring). ``device`` defaults to
    touch for ``pinch`` and the mouse for ``press``."""
    if device is None:
        device = Device.TOUCH if style == "pinch" else Device.MOUSE
    return _Player(round_, rng, skill, style, device, px_per_mm, t0_ms, max_s).play()
