"""Scripted players: pointer streams that pick beads, bring each over the needle and slide it on.

A bot plays *closed-loop* like a child watching the screen: it plays a twin of the round
(``BeadsRound.twin``, the same seed, so the same physics) tick by tick at ``LOGIC_DT``, exactly
as ``engine.simulate.play_round`` replays the stream, and decides from what it sees: when a bead
bumps the needle instead of going on, it lifts it, waits and tries again.

Skill (0..1) sets how a child moves: how far the hole misses the tip when coming down (an aim
error across the needle whose SD shrinks with skill), whether the child waits for the bead to
hang straight and the swaying tip to come upright before coming down (patience), pattern slips
(taking a bead of another colour than the card's), lapses (letting go on the way), and speed.
A skilled child on a touch screen steadies a swaying string with a second finger. After
several missed tries a child is helped (steady, aimed), so every round ends. ``device``:
``Device.TOUCH`` (FINGER pointers) or ``Device.MOUSE`` (pointer 0, one pointer only).
Positions are quantised to whole logical pixels at ``px_per_mm`` like a real screen.
"""

from __future__ import annotations

import math
import random

from engine.input import MOUSE_POINTER_ID, Device, Phase, PointerEvent
from engine.registry import LOGIC_DT
from games.beads.round import ENTRY_MM, BeadsRound, BeadState

MAX_TRIES = 8  # per bead; after half of them the child is helped
HOVER_MM = 14.0  # the bead's mouth waits this far above the tip
PPM_DEFAULT = 96 / 25.4

Point = tuple[float, float]


def _min_jerk(tau: float) -> float:
    tau = min(1.0, max(0.0, tau))
    return tau**3 * (10 - 15 * tau + 6 * tau * tau)


class _Player:
    def __init__(
        self,
        round_: BeadsRound,
        rng: random.Random,
        skill: float,
        device: Device,
        px_per_mm: float,
        t0_ms: float,
        max_s: float,
    ) -> None:
        self.twin = round_.twin()
        self.rng = rng
        self.skill = min(1.0, max(0.0, skill))
        self.device = device
        self.ppm = px_per_mm
        self.t = t0_ms
        self.t_end = t0_ms + max_s * 1000.0
        self.events: list[PointerEvent] = []
        self.help = False
        self.pid = MOUSE_POINTER_ID if device is Device.MOUSE else 1
        self.pos: Point = (0.0, 0.0)

    # -- emitting --------------------------------------------------------------------------
    @property
    def s(self) -> float:
        return 1.0 if self.help else self.skill

    @property
    def done(self) -> bool:
        return self.twin.celebrating or self.twin.finished or self.t >= self.t_end

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
            if self.twin.finished or self.t >= self.t_end:
                return
            self.tick([])

    def hold(self, seconds: float) -> None:
        """Keep the finger still (a real finger still sends samples)."""
        for _ in range(max(1, round(seconds / LOGIC_DT))):
            self.tick([(Phase.MOVE, self.pid, *self.pos)])

    def _clamp(self, p: Point) -> Point:
        """A finger stays on the play area (a real one cannot leave the screen)."""
        x, y, w, h = self.twin.layout.play
        return min(max(p[0], x + 1.0), x + w - 1.0), min(max(p[1], y + 1.0), y + h - 1.0)

    def _hover(self) -> float:
        """How far above the tip the bead's mouth waits: HOVER_MM, less when the plane is
        short (the bead must stay below the top of the play area)."""
        tw = self.twin
        room = tw.tip[1] - tw.bead_len - tw.layout.play[1] - 2.0
        return max(ENTRY_MM + tw.needle_r + 2.0, min(HOVER_MM, room))

    def move(self, to: Point, speed: float, tremor: float = 0.0) -> None:
        to = self._clamp(to)
        a = self.pos
        dist = math.dist(a, to)
        n = max(2, round((0.12 + dist / speed) / LOGIC_DT))
        for k in range(1, n + 1):
            u = _min_jerk(k / n)
            w = tremor * math.sin(2 * math.pi * 4.0 * k * LOGIC_DT)
            p = (a[0] + (to[0] - a[0]) * u + w, a[1] + (to[1] - a[1]) * u)
            self.tick([(Phase.MOVE, self.pid, *p)])
        self.pos = to

    # -- choosing ----------------------------------------------------------------------------
    def _free(self) -> list[int]:
        out = []
        for b in self.twin.beads:
            if b.state is not BeadState.TRAY or b.body is None:
                continue
            if b.body.velocity.length < 40.0:
                out.append(b.index)
        return out

    def _choose(self, here: Point) -> int | None:
        free = self._free()
        if not free:
            return None
        beads = self.twin.beads
        want = self.twin.wanted_colour()
        pool = free
        if want is not None:
            right = [i for i in free if beads[i].colour == want]
            wrong = [i for i in free if beads[i].colour != want]
            slip = self.rng.random() < 0.35 * (1.0 - self.s) ** 1.5
            pool = wrong if (slip and wrong) or not right else right
        # the nearest, with the top of a pile first (a child takes what is easy to reach)
        return min(
            pool, key=lambda i: (math.dist(here, (beads[i].x, beads[i].y)) + beads[i].y * 0.3, i)
        )

    # -- playing -----------------------------------------------------------------------------
    def play(self) -> list[PointerEvent]:
        tries: dict[int, int] = {}
        first = True
        here = (self.twin.layout.tray[0], self.twin.layout.tray[1])
        while not self.done:
            idx = self._choose(here)
            if idx is None:
                self.idle(0.25)
                continue
            tries[idx] = tries.get(idx, 0) + 1
            total = sum(tries.values())
            self.help = tries[idx] > MAX_TRIES // 2 or total > 4 * self.twin.to_thread
            if not first:
                b = self.twin.beads[idx]
                travel = math.dist(here, (b.x, b.y)) / (150.0 + 200.0 * self.s)
                self.idle(0.15 + travel + self.rng.uniform(0.0, 0.4) * (1.3 - self.s))
                if self.done:
                    break
            first = False
            here = self._carry(idx, tries)
        return self.events

    def _carry(self, idx: int, tries: dict[int, int]) -> Point:
        tw = self.twin
        bead = tw.beads[idx]
        if bead.state is not BeadState.TRAY:
            return self.pos
        grab = (
            bead.x + self.rng.gauss(0, 0.6),
            bead.y - 0.15 * tw.bead_len + self.rng.gauss(0, 0.6),
        )
        self.pos = grab
        self.tick([(Phase.DOWN, self.pid, *grab)])
        if tw.held is None or tw.held.index != idx:
            self._up()
            return grab
        speed = 120.0 + 220.0 * self.s
        tremor = 0.8 * (1.0 - self.s)
        tip = tw.tip
        hover_y = min(tip[1] - tw.bead_len / 2 - HOVER_MM - 10.0, grab[1] - 10.0)
        top = max(tw.layout.play[1] + 4.0, hover_y - 6.0)
        self.move((grab[0], top), speed)
        if self.rng.random() < 0.12 * (1.0 - self.s) and not self.help:  # a lapse: let go
            self.move((self.pos[0] + (tip[0] - self.pos[0]) * 0.5, top), speed)
            self._up()
            return self.pos
        self.move((tip[0], top), speed, tremor)
        while not self.done and tw.held is not None:
            if self._try_thread():
                break
            tries[idx] += 1
            self.help = self.help or tries[idx] > MAX_TRIES // 2
            if tries[idx] > MAX_TRIES or (
                not self.help and self.rng.random() < 0.15 * (1.0 - self.s)
            ):
                self._up()  # gives up on this bead for now: let go at the tip
                return self.pos
        self._up()
        return self.pos

    def _up(self) -> None:
        self.tick([(Phase.UP, self.pid, *self.pos)])
        self.hold_second(False)

    def _offset(self) -> Point:
        """Pointer minus bead centre: where to put the finger to put the bead somewhere."""
        b = self.twin.held
        if b is None:
            return (0.0, 0.0)
        return self.pos[0] - b.x, self.pos[1] - b.y

    _second: Point | None = None

    def hold_second(self, on: bool) -> None:
        """A second finger pinching the string just below the needle (touch only)."""
        tw = self.twin
        if self.device is not Device.TOUCH:
            return
        if on and self._second is None:
            pts = tw.string_points
            k = max(1, len(pts) - 2)
            p = ((pts[k][0] + pts[k - 1][0]) / 2, (pts[k][1] + pts[k - 1][1]) / 2)
            self._second = p
            self.tick([(Phase.DOWN, 2, *p), (Phase.MOVE, self.pid, *self.pos)])
        elif not on and self._second is not None:
            self.tick([(Phase.UP, 2, *self._second)])
            self._second = None

    def _try_thread(self) -> bool:
        """Hover over the tip, wait (as patiently as the child is), come down along the needle.
        True if the bead went on."""
        tw = self.twin
        s = self.s
        blen = tw.bead_len
        p = tw.params
        steady = tw.params.sway_mm > 0 and s >= 0.6
        if steady:
            self.hold_second(True)
        # hover: the bead's mouth HOVER_MM straight above the tip
        hover = self._hover()
        for _ in range(2):
            tip = tw.tip
            off = self._offset()
            self.move((tip[0] + off[0], tip[1] - blen / 2 - hover + off[1]), 140.0 + 160.0 * s)
        # patience: wait for the bead to hang straight and the tip to come upright
        patience = 0.2 + 1.8 * s
        waited = 0.0
        while waited < patience and not self.done:
            al = tw.alignment
            lean = math.degrees(math.asin(min(1.0, abs(tw.tip_dir[0]))))
            if (
                al is not None
                and al.angle_deg < 0.4 * p.angle_tol_deg
                and lean < 0.3 * p.angle_tol_deg
            ):
                break
            self.hold(0.05)
            waited += 0.05
        # come down onto the needle, aiming the hole at the tip (following it as it sways)
        sd = p.offset_tol_mm * (0.12 + 1.3 * (1.0 - s) ** 1.5)
        err = self.rng.gauss(0.0, sd)
        track = 0.4 + 0.6 * s  # how much the hand follows a moving tip
        aim0 = tw.tip
        n = max(6, round((0.35 + 0.4 * (1.2 - s)) / LOGIC_DT))
        off = self._offset()
        for k in range(1, n + 1):
            if tw.held is None:
                break
            tip = tw.tip
            ax = aim0[0] + (tip[0] - aim0[0]) * track
            depth = blen / 2 + hover - (hover + 6.0) * _min_jerk(k / n)
            q = self._clamp((ax + err + off[0], tip[1] - depth + off[1]))
            self.pos = q
            self.tick([(Phase.MOVE, self.pid, *q)])
        if tw.held is None:  # it went on
            self.hold(0.1)
            return True
        # it bumped: lift it straight up, clear of the tip, and try again
        up = blen / 2 + tw.layout.bead_mm + 22.0
        self.move((self.pos[0], tw.tip[1] - up + off[1]), 160.0)
        self.hold(0.15 + 0.3 * (1.0 - s))
        return False


def play_stream(
    round_: BeadsRound,
    rng: random.Random,
    skill: float,
    *,
    device: Device = Device.TOUCH,
    px_per_mm: float = PPM_DEFAULT,
    t0_ms: float = 1000.0,
    max_s: float = 600.0,
) -> list[PointerEvent]:
    """The pointer events of a child of ``skill`` playing ``round_`` to the end."""
    return _Player(round_, rng, skill, device, px_per_mm, t0_ms, max_s).play()
