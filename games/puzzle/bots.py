"""Scripted players: pointer streams that solve a puzzle round, for tests, benchmarks, demos.

The bot plays like a child: it picks a piece up in the tray, carries it over with a
minimum-jerk reach (Flash & Hogan 1985) that bows sideways and, more often at low skill,
overshoots the place and comes back (the re-entries children show; Hourcade 2004), and lets
go with a release error that shrinks with skill and with each retry (a child is more careful
after a miss). At low skill it sometimes tries a piece in the wrong place first, or tries a
distractor. Turning: with touch, a second finger lands beside the first and twists around
it; with the mouse, a tap selects the piece and taps on the turn button turn it.

To know what the game made of each release, the bot plays its own events into a private
copy of the round as it writes them, so the stream stays right whatever happened.
"""

from __future__ import annotations

import copy
import math
import random

from engine.input import Device, Phase, PointerEvent
from engine.registry import LOGIC_DT
from games.puzzle.board import TOP_BAR_MM, Piece, angle_error
from games.puzzle.round import SLIDE_BACK_S, PuzzleRound

MAX_TRIES = 40  # per piece; the release error is near zero long before this
TWIST_SPREADS_MM = (28.0, 22.0, 16.0, 12.0)  # between the fingers of a twist, widest first


def _min_jerk(tau: float) -> float:
    return tau**3 * (10 - 15 * tau + 6 * tau * tau)


class _Player:
    """Writes events and plays them into a copy of the round at the fixed logic rate."""

    def __init__(
        self,
        round_: PuzzleRound,
        device: Device,
        rate_hz: float,
        px_per_mm: float,
        t0_ms: float,
    ) -> None:
        self.sim = copy.deepcopy(round_)
        self.device = device
        self.rate_hz = rate_hz
        self.ppm = px_per_mm
        self.t_ms = t0_ms
        self.sim_t = t0_ms
        self.events: list[PointerEvent] = []
        self.next_pid = 1

    def pid(self) -> int:
        if self.device is Device.MOUSE:
            return 0
        self.next_pid += 1
        return self.next_pid - 1

    def emit(self, phase: Phase, pid: int, x_mm: float, y_mm: float, t_ms: float) -> None:
        t_ms = max(t_ms, self.t_ms + 1e-3) if self.events else t_ms
        self.t_ms = t_ms
        w, h = self.sim.board.plane
        x_mm, y_mm = min(max(x_mm, 0.5), w - 0.5), min(max(y_mm, 0.5), h - 0.5)
        x_px, y_px = float(round(x_mm * self.ppm)), float(round(y_mm * self.ppm))
        ev = PointerEvent(
            phase, pid, self.device, x_px / self.ppm, y_px / self.ppm, x_px, y_px, t_ms
        )
        self.events.append(ev)
        while self.sim_t < t_ms:
            self.sim.step(LOGIC_DT)
            self.sim_t += LOGIC_DT * 1000.0
        self.sim.handle(ev)

    def wait(self, ms: float) -> None:
        self.t_ms += ms

    def sync(self) -> None:
        """Bring the private round up to the stream's clock (what the child sees now)."""
        while self.sim_t < self.t_ms:
            self.sim.step(LOGIC_DT)
            self.sim_t += LOGIC_DT * 1000.0

    def move(
        self,
        pid: int,
        a: tuple[float, float],
        b: tuple[float, float],
        speed: float,
        bow: float = 0.0,
    ) -> None:
        """Move a pressed pointer from ``a`` to ``b`` along a minimum-jerk, gently bowed path."""
        dist = math.dist(a, b)
        dur = max(0.12, dist / speed)
        n = max(2, math.ceil(dur * self.rate_hz))
        nx, ny = (-(b[1] - a[1]) / dist, (b[0] - a[0]) / dist) if dist > 1e-9 else (0.0, 0.0)
        t0 = self.t_ms
        for k in range(1, n + 1):
            u = _min_jerk(k / n)
            side = bow * math.sin(math.pi * u)
            x = a[0] + (b[0] - a[0]) * u + nx * side
            y = a[1] + (b[1] - a[1]) * u + ny * side
            self.emit(Phase.MOVE, pid, x, y, t0 + k / self.rate_hz * 1000.0)

    def tap(self, pos: tuple[float, float]) -> None:
        self.sync()
        pid = self.pid()
        self.emit(Phase.DOWN, pid, *pos, self.t_ms + 1.0)
        self.emit(Phase.MOVE, pid, *pos, self.t_ms + 40.0)
        self.emit(Phase.UP, pid, *pos, self.t_ms + 90.0)


def _grab_point(p: _Player, piece: Piece, rng: random.Random) -> tuple[float, float]:
    """A point on the piece (where it rests) that is not under the turn button."""
    rnd = p.sim
    st = rnd.state[piece.id]
    for k in range(24):
        r = piece.half_mm * (0.3 if k < 12 else 0.5)
        a = rng.uniform(0, 2 * math.pi)
        pos = (st.x + r * math.cos(a) * rng.random(), st.y + r * math.sin(a) * rng.random())
        hit = rnd.piece_at(pos)
        if hit is not None and hit.id == piece.id and not rnd._on_turn_button(pos):
            return pos
    return st.x, st.y


def _wait_rest(p: _Player, piece: Piece) -> None:
    """Wait until the piece has slid back and stopped (a child waits for it too)."""
    for _ in range(int(5.0 / LOGIC_DT)):
        p.sync()
        if p.sim.at_rest(piece.id):
            return
        p.wait(LOGIC_DT * 1000.0)


def _twist_arc(p: _Player, finger: tuple[float, float], turn: float) -> tuple[float, float] | None:
    """A direction (degrees) and a spread (mm) for the second finger whose whole arc stays on
    the play area, clear of the top bar with its home button; None if no arc fits."""
    w, h = p.sim.board.plane
    for radius in TWIST_SPREADS_MM:
        for base in (0.0, 180.0, 90.0, -90.0, 45.0, 135.0, -45.0, -135.0):
            ok = True
            for k in range(9):
                a = math.radians(base + turn * k / 8)
                x, y = finger[0] + radius * math.cos(a), finger[1] + radius * math.sin(a)
                if not (4.0 <= x <= w - 4.0 and TOP_BAR_MM + 8.0 <= y <= h - 4.0):
                    ok = False
                    break
            if ok:
                return base, radius
    return None


def _twist(p: _Player, finger: tuple[float, float], turn: float) -> None:
    """Turn the held piece by ``turn`` degrees with a second finger going round the first;
    where the plane is too small for one sweep, in several (lift, land again, go on)."""
    remaining = turn
    while abs(remaining) > 0.5:
        part = remaining
        arc = _twist_arc(p, finger, part)
        while arc is None and abs(part) > 10.0:
            part /= 2.0
            arc = _twist_arc(p, finger, part)
        base, radius = arc if arc is not None else (0.0, TWIST_SPREADS_MM[-1])
        pid2 = p.pid()
        n = max(4, math.ceil(abs(part) / 6.0))
        dur = 0.25 + abs(part) / 240.0
        for k in range(n + 1):
            a = math.radians(base + part * _min_jerk(k / n))
            pos = (finger[0] + radius * math.cos(a), finger[1] + radius * math.sin(a))
            phase = Phase.DOWN if k == 0 else Phase.MOVE
            p.emit(phase, pid2, *pos, p.t_ms + (1.0 if k == 0 else dur * 1000.0 / n))
        p.emit(Phase.UP, pid2, *pos, p.t_ms + 60.0)
        remaining -= part
        if abs(remaining) > 0.5:
            p.wait(120.0)


def _drag(
    p: _Player,
    piece: Piece,
    goal: tuple[float, float],
    goal_deg: float | None,
    rng: random.Random,
    skill: float,
    speed: float,
) -> str:
    """Pick ``piece`` up, (twist it to ``goal_deg``), carry its centre to ``goal``, let go.
    Returns the round's verdict on the release."""
    rnd = p.sim
    pid = p.pid()
    p.sync()
    grab = _grab_point(p, piece, rng)
    p.emit(Phase.DOWN, pid, *grab, p.t_ms + 1.0)
    hold = rnd.hold
    if hold is None or hold.piece != piece.id:  # missed the piece: let go, nothing happened
        p.emit(Phase.UP, pid, *grab, p.t_ms + 60.0)
        return "none"
    finger = grab
    if goal_deg is not None:
        st = rnd.state[piece.id]
        turn = (goal_deg - st.angle + 180.0) % 360.0 - 180.0
        if abs(turn) > 0.5:
            p.wait(80.0)
            _twist(p, finger, turn)
    st = rnd.state[piece.id]
    assert rnd.hold is not None
    local = rnd.hold.local
    off = rnd.centre_for(piece, (0.0, 0.0), st.angle, local)
    target_finger = (goal[0] - off[0], goal[1] - off[1])
    bow = rng.gauss(0.0, 1.0 + 7.0 * (1.0 - skill))
    if rng.random() < 0.25 + 0.6 * (1.0 - skill):  # overshoot, then come back
        dx, dy = target_finger[0] - finger[0], target_finger[1] - finger[1]
        d = math.hypot(dx, dy) or 1.0
        over = 2.0 + 10.0 * (1.0 - skill) * rng.random()
        past = (target_finger[0] + dx / d * over, target_finger[1] + dy / d * over)
        p.move(pid, finger, past, speed, bow)
        p.wait(60.0 + 120.0 * (1.0 - skill))
        p.move(pid, past, target_finger, speed * 0.4)
    else:
        p.move(pid, finger, target_finger, speed, bow)
    p.wait(40.0 + 80.0 * rng.random())
    p.emit(Phase.UP, pid, *target_finger, p.t_ms + 1.0)
    return rnd.drops[-1].outcome if rnd.drops else "none"


def _turns_needed(piece: Piece, angle: float, snap_deg: float) -> int:
    k_max = round(360.0 / piece.turn_step_deg)
    for k in range(k_max):
        a = angle + k * piece.turn_step_deg
        if angle_error(a, piece.target_deg, piece.symmetry) <= snap_deg:
            return k
    return 0


def play(
    round_: PuzzleRound,
    rng: random.Random,
    skill: float = 1.0,
    device: Device = Device.TOUCH,
    rate_hz: float = 120.0,
    px_per_mm: float = 96.0 / 25.4,
    t0_ms: float = 1000.0,
) -> list[PointerEvent]:
    """A whole round's pointer events: every real piece ends up in its place."""
    skill = min(1.0, max(0.0, skill))
    p = _Player(round_, device, rate_hz, px_per_mm, t0_ms)
    board = p.sim.board
    params = p.sim.params
    speed = 80.0 + 160.0 * skill
    real = list(board.real)
    rng.shuffle(real)

    def think() -> None:
        p.wait((250.0 + 650.0 * (1.0 - skill)) * rng.uniform(0.7, 1.3))

    for piece in board.pieces:  # the distractors tempt a less skilled child
        if piece.distractor and rng.random() < 0.5 * (1.0 - skill):
            think()
            bx, by, bw, bh = board.board_rect
            goal = (bx + rng.uniform(0.2, 0.8) * bw, by + rng.uniform(0.2, 0.8) * bh)
            _drag(p, piece, goal, None, rng, skill, speed)
            p.wait(SLIDE_BACK_S * 1000.0 + 150.0)

    for piece in real:
        for attempt in range(MAX_TRIES):
            think()
            _wait_rest(p, piece)
            assert piece.target is not None
            others = [q for q in real if q.id != piece.id]
            if attempt == 0 and others and rng.random() < 0.3 * (1.0 - skill):
                wrong = others[rng.randrange(len(others))]
                assert wrong.target is not None
                _drag(p, piece, wrong.target, None, rng, skill, speed)
                p.wait(SLIDE_BACK_S * 1000.0 + 150.0)
                continue
            care = 0.55**attempt
            sigma = (0.6 + 8.0 * (1.0 - skill)) * care
            a = rng.uniform(0, 2 * math.pi)
            r = abs(rng.gauss(0.0, sigma))
            goal = (piece.target[0] + r * math.cos(a), piece.target[1] + r * math.sin(a))
            goal_deg = None
            st = p.sim.state[piece.id]
            need_turn = (
                board.rotation
                and piece.turnable
                and angle_error(st.angle, piece.target_deg, piece.symmetry) > 0.5
            )
            if need_turn and device is Device.MOUSE:
                if p.sim.selected != piece.id:
                    p.sync()
                    p.tap(_grab_point(p, piece, rng))
                for _ in range(_turns_needed(piece, st.angle, params.snap_deg)):
                    centre = p.sim.turn_button()
                    assert centre is not None
                    p.wait(220.0)
                    p.tap(centre)
                p.wait(250.0)
            elif need_turn:
                goal_deg = piece.target_deg + rng.gauss(0.0, (1.0 + 12.0 * (1.0 - skill)) * care)
            outcome = _drag(p, piece, goal, goal_deg, rng, skill, speed)
            if outcome == "placed":
                break
            p.wait(SLIDE_BACK_S * 1000.0 + 150.0)
    return p.events
